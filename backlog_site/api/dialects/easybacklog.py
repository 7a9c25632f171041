"""easyBacklog: `/api/...`.

Keys as `Authorization: token K`, Basic `USER_ID:K` or `?api_key=K`; bodies form-encoded, JSON or
XML; answers in JSON (default) or Rails-style XML, chosen by `Accept` (plain or the vendor type
`application/vnd.easybacklog+json; version=1.0`) or by a `.json`/`.xml` suffix; anything else is
406. Lists are bare arrays; create answers 201 with the record, update and delete 204; errors are
`{"status": "error", "message": …, "errors": […]}` (XML root `response`), validation 422.
"""

import datetime
from decimal import Decimal

from django.http import Http404
from rest_framework import renderers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.utils.encoders import JSONEncoder

from backlog_site.api import parsers
from backlog_site.api.errors import ApiError
from backlog_site.api.formats import format_datetime, format_decimal
from backlog_site.api.rails_xml import RailsXMLParser, RailsXMLRenderer

from .base import Dialect, DialectMixin


class RailsJSONEncoder(JSONEncoder):
    def default(self, obj):
        if isinstance(obj, Decimal):
            return format_decimal(obj)
        if isinstance(obj, datetime.datetime):
            return format_datetime(obj)
        return super().default(obj)


class JSONRenderer(renderers.JSONRenderer):
    encoder_class = RailsJSONEncoder


class VendorJSONRenderer(JSONRenderer):
    media_type = "application/vnd.easybacklog+json"


class VendorXMLRenderer(RailsXMLRenderer):
    media_type = "application/vnd.easybacklog+xml"


class TextXMLRenderer(RailsXMLRenderer):
    media_type = "text/xml"


class VendorJSONParser(parsers.JSONParser):
    media_type = "application/vnd.easybacklog+json"


class VendorXMLParser(RailsXMLParser):
    media_type = "application/vnd.easybacklog+xml"


class TextXMLParser(RailsXMLParser):
    media_type = "text/xml"


class SuffixFirstNegotiation(DefaultContentNegotiation):
    """A `.xml`/`.json` suffix (or `?format=`) decides the format whatever `Accept` says, as in Rails."""

    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if wanted:
            for renderer in renderers:
                if renderer.format == wanted:
                    return renderer, renderer.media_type
            raise Http404(f"Unknown format {wanted}")
        return super().select_renderer(request, renderers, format_suffix)


class EasyBacklogDialect(Dialect):
    name = "easybacklog"
    tag = "easyBacklog"
    messages = {
        "not_authenticated": "Invalid authentication details",
        "permission_denied": "You do not have permission to perform this action",
        "not_found": "The requested item does not exist",
        "not_acceptable": "The data type you requested is not supported, we only support JSON and XML",
    }

    not_found_anywhere = True  # an unknown `?format=` is a 404 (Rails)
    error_component = "EasyBacklogError"
    error_schema = {
        "type": "object",
        "properties": {
            "status": {"type": "string", "enum": ["error"]},
            "message": {"type": "string"},
            "errors": {**{"type": "array", "items": {"type": "string"}}, "description": "validation errors only"},
        },
        "required": ["status", "message"],
    }

    def error_body(self, error: ApiError) -> dict:
        body = {"status": "error", "message": self.message(error)}
        if error.is_validation:
            body["message"] = ", ".join(error.full_messages())
            body["errors"] = error.full_messages()
        return body


EASYBACKLOG = EasyBacklogDialect()


class EasyBacklogMixin(DialectMixin):
    dialect = EASYBACKLOG
    renderer_classes = [JSONRenderer, VendorJSONRenderer, RailsXMLRenderer, VendorXMLRenderer, TextXMLRenderer]
    parser_classes = [
        parsers.JSONParser,
        VendorJSONParser,
        parsers.FormParser,
        parsers.MultiPartParser,
        RailsXMLParser,
        VendorXMLParser,
        TextXMLParser,
    ]
    content_negotiation_class = SuffixFirstNegotiation
    pagination_class = None
    # The XML element names of one record and of a list (Rails' to_xml roots).
    xml_root = "record"
    xml_root_plural: str | None = None
