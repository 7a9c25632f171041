"""Tickets API routes of the links app, mounted at `api/v1/ext/orgs/<slug:org_slug>/`."""

from django.urls import path

from .api import orgtickets

urlpatterns = [
    path(
        "tickets/<str:slug>/links",
        orgtickets.DevTicketLinkViewSet.as_view({"get": "list", "post": "create"}),
        name="orgtickets-links",
    ),
    path(
        "tickets/<str:slug>/links/<int:pk>",
        orgtickets.DevTicketLinkViewSet.as_view({"delete": "destroy"}),
        name="orgtickets-link",
    ),
]
