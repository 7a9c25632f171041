"""Routes of the cmdb app (BOSSDesk dialect), mounted under /api/v1/ after the helpdesk's routes.
Ticket attachment paths live here too; none of them is a helpdesk path."""

from django.urls import path

from .api import bossdesk_attachments as attachments
from .api import bossdesk_cis as cis
from .api import bossdesk_lookups as lookups

LIST = {"get": "list"}
CI = "cis/<int:ci_friendly_id>"
TICKET = "tickets/<int:ticket_friendly_id>"
MY_TICKET = "my/tickets/<int:ticket_friendly_id>"
NEW = {"get": "new"}
COLLECTION = {"get": "list", "post": "create"}
MEMBER = {"get": "retrieve", "patch": "update", "put": "update", "delete": "destroy"}


def attachment_routes(prefix: str, view, name: str, *, member=MEMBER) -> list:
    return [
        path(f"{prefix}/attachments/new", view.as_view(NEW), name=f"{name}-new"),
        path(f"{prefix}/attachments", view.as_view(COLLECTION), name=name),
        path(f"{prefix}/attachments/<int:pk>", view.as_view(member), name=f"{name}-detail"),
    ]


urlpatterns = [
    path("ci_types", lookups.CITypeViewSet.as_view(LIST), name="bd-ci-types"),
    path("ci_statuses", lookups.CIStatusViewSet.as_view(LIST), name="bd-ci-statuses"),
    path("manufacturers", lookups.ManufacturerViewSet.as_view(LIST), name="bd-manufacturers"),
    path("cis", cis.CIViewSet.as_view({"get": "list", "post": "create"}), name="bd-cis"),
    path("cis/by_barcode/<str:barcode>", cis.CIViewSet.as_view({"get": "by_barcode"}), name="bd-ci-by-barcode"),
    path(
        "cis/<int:friendly_id>",
        cis.CIViewSet.as_view({"get": "retrieve", "patch": "update", "put": "update", "delete": "destroy"}),
        name="bd-ci",
    ),
    path("cis/<int:friendly_id>/archive", cis.CIViewSet.as_view({"patch": "archive"}), name="bd-ci-archive"),
    path("cis/<int:friendly_id>/restore", cis.CIViewSet.as_view({"patch": "restore"}), name="bd-ci-restore"),
    path(f"{CI}/notes", cis.CINoteViewSet.as_view({"post": "create"}), name="bd-ci-notes"),
    path(
        f"{CI}/notes/<int:pk>",
        cis.CINoteViewSet.as_view({"patch": "update", "put": "update", "delete": "destroy"}),
        name="bd-ci-note",
    ),
    *attachment_routes(CI, attachments.CIAttachmentViewSet, "bd-ci-attachments"),
    *attachment_routes(TICKET, attachments.TicketAttachmentViewSet, "bd-ticket-attachments"),
    *attachment_routes(
        f"{TICKET}/comments/<int:comment_id>", attachments.TicketAttachmentViewSet, "bd-ticket-comment-attachments"
    ),
    *attachment_routes(
        MY_TICKET, attachments.MyTicketAttachmentViewSet, "bd-my-ticket-attachments", member={"get": "retrieve"}
    ),
    *attachment_routes(
        f"{MY_TICKET}/comments/<int:comment_id>",
        attachments.MyTicketAttachmentViewSet,
        "bd-my-ticket-comment-attachments",
        member={"get": "retrieve"},
    ),
    path("uploads", attachments.upload, name="bd-uploads"),
    path("attachments/download/<str:token>", attachments.download, name="bd-attachment-download"),
]
