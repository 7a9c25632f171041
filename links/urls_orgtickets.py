"""Tickets API routes of the links app, mounted at `api/v1/ext/orgs/<slug:org_slug>/`."""

from .api import orgtickets
from .urls_routes import link_routes

urlpatterns = link_routes("tickets/<str:slug>", orgtickets.DevTicketLinkViewSet, "orgtickets-link")
