"""easyBacklog's extra formats for a backlog or snapshot read: XLS (`application/vnd.ms-excel`,
`application/vnd.easybacklog+xls`, `.xls`) and PDF (`application/pdf`, `application/vnd.easybacklog+pdf`,
`.pdf`).

The renderers only carry the media types; the view that offers them builds the file with
`view.export(data, format)`, so this module knows nothing of backlogs. An error answer is
rendered as the dialect's JSON body (a spreadsheet of an error helps nobody).
"""

from rest_framework.renderers import BaseRenderer

from .easybacklog import JSONRenderer


class ExportRenderer(BaseRenderer):
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        response = renderer_context.get("response")
        if response is not None and response.exception:
            response["Content-Type"] = "application/json"
            return JSONRenderer().render(data, "application/json", renderer_context)
        return renderer_context["view"].export(data, self.format)


class ExcelRenderer(ExportRenderer):
    media_type = "application/vnd.ms-excel"
    format = "xls"


class VendorExcelRenderer(ExcelRenderer):
    media_type = "application/vnd.easybacklog+xls"


class PDFRenderer(ExportRenderer):
    media_type = "application/pdf"
    format = "pdf"


class VendorPDFRenderer(PDFRenderer):
    media_type = "application/vnd.easybacklog+pdf"


EXPORT_RENDERERS = [ExcelRenderer, VendorExcelRenderer, PDFRenderer, VendorPDFRenderer]
