"""BOSSDesk routes of the links app, mounted under /api/v1/."""

from django.urls import path

from .api import bossdesk, escalate
from .urls_routes import link_routes

urlpatterns = [
    *link_routes("tickets/<int:ticket_friendly_id>", bossdesk.DeskTicketLinkViewSet, "bd-ticket-link"),
    *link_routes("cis/<int:ci_friendly_id>", bossdesk.CILinkViewSet, "bd-ci-link"),
    path(
        "tickets/<int:friendly_id>/escalate",
        escalate.DeskTicketEscalateViewSet.as_view({"post": "create"}),
        name="bd-ticket-escalate",
    ),
]
