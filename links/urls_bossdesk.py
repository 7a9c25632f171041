"""BOSSDesk routes of the links app, mounted under /api/v1/."""

from django.urls import path

from .api import bossdesk, escalate

urlpatterns = [
    path(
        "tickets/<int:ticket_friendly_id>/links",
        bossdesk.DeskTicketLinkViewSet.as_view({"get": "list", "post": "create"}),
        name="bd-ticket-links",
    ),
    path(
        "tickets/<int:ticket_friendly_id>/links/<int:pk>",
        bossdesk.DeskTicketLinkViewSet.as_view({"delete": "destroy"}),
        name="bd-ticket-link",
    ),
    path(
        "tickets/<int:friendly_id>/escalate",
        escalate.DeskTicketEscalateViewSet.as_view({"post": "create"}),
        name="bd-ticket-escalate",
    ),
]
