"""The org-scoped Tickets API, mounted at `api/v1/ext/orgs/<slug:org_slug>/`."""

from django.urls import path

from . import orgtickets

urlpatterns = [
    path("tickets", orgtickets.TicketListView.as_view(), name="orgtickets-list"),
    path("tickets/board", orgtickets.TicketBoardView.as_view(), name="orgtickets-board"),
    path("tickets/<str:slug>/status", orgtickets.TicketStatusView.as_view(), name="orgtickets-status"),
    path("tickets/<str:slug>", orgtickets.TicketDetailView.as_view(), name="orgtickets-detail"),
]
