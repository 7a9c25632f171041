"""Public Backlog, mounted at `v1/`: RPC-style URLs, each one action of a viewset (`name`: the view's name
as OPTIONS has always answered it)."""

from django.urls import path

from . import publicbacklog as views

urlpatterns = [
    path(
        "tickets/save-ticket",
        views.TicketViewSet.as_view({"post": "create"}, name="Save Ticket"),
        name="publicbacklog-save-ticket",
    ),
    path(
        "tickets/get-ticket",
        views.TicketViewSet.as_view({"get": "retrieve"}, name="Get Ticket"),
        name="publicbacklog-get-ticket",
    ),
    path(
        "tickets/update-ticket",
        views.TicketViewSet.as_view({"patch": "update"}, name="Update Ticket"),
        name="publicbacklog-update-ticket",
    ),
    path(
        "tickets/delete-ticket",
        views.TicketViewSet.as_view({"delete": "destroy"}, name="Delete Ticket"),
        name="publicbacklog-delete-ticket",
    ),
    path(
        "backlogs/get-backlog",
        views.BacklogViewSet.as_view({"get": "retrieve"}, name="Get Backlog"),
        name="publicbacklog-get-backlog",
    ),
    path(
        "organizations/get-organization",
        views.OrganizationViewSet.as_view({"get": "retrieve"}, name="Get Organization"),
        name="publicbacklog-organization",
    ),
    path(
        "organizations/add-organization-user",
        views.OrganizationUserViewSet.as_view({"post": "create"}, name="Add Organization User"),
        name="publicbacklog-add-organization-user",
    ),
]
