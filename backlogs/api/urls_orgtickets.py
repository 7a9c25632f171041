"""The org-scoped Tickets API, mounted at `api/v1/ext/orgs/<slug:org_slug>/` (`name`: each view's name as
OPTIONS has always answered it)."""

from django.urls import path

from .orgtickets import TicketViewSet

urlpatterns = [
    path(
        "tickets",
        TicketViewSet.as_view({"get": "list", "post": "create"}, name="Ticket List"),
        name="orgtickets-list",
    ),
    path("tickets/board", TicketViewSet.as_view({"get": "board"}, name="Ticket Board"), name="orgtickets-board"),
    path(
        "tickets/<str:slug>/status",
        TicketViewSet.as_view({"patch": "status_set"}, name="Ticket Status"),
        name="orgtickets-status",
    ),
    path(
        "tickets/<str:slug>",
        TicketViewSet.as_view({"get": "retrieve", "put": "update", "delete": "destroy"}, name="Ticket Detail"),
        name="orgtickets-detail",
    ),
]
