"""Public Backlog, mounted at `v1/`."""

from django.urls import path

from . import publicbacklog as views

urlpatterns = [
    path("tickets/save-ticket", views.SaveTicketView.as_view(), name="publicbacklog-save-ticket"),
    path("tickets/get-ticket", views.GetTicketView.as_view(), name="publicbacklog-get-ticket"),
    path("tickets/update-ticket", views.UpdateTicketView.as_view(), name="publicbacklog-update-ticket"),
    path("tickets/delete-ticket", views.DeleteTicketView.as_view(), name="publicbacklog-delete-ticket"),
    path("backlogs/get-backlog", views.GetBacklogView.as_view(), name="publicbacklog-get-backlog"),
    path("organizations/get-organization", views.GetOrganizationView.as_view(), name="publicbacklog-organization"),
    path(
        "organizations/add-organization-user",
        views.AddOrganizationUserView.as_view(),
        name="publicbacklog-add-organization-user",
    ),
]
