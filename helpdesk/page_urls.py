"""Service-desk portal pages, mounted at /portal/."""

from django.urls import path

from .pages import queue, requests, tickets

app_name = "portal"

urlpatterns = [
    path("", requests.PortalHome.as_view(), name="home"),
    # End users (any member): their own requests.
    path("requests/", requests.MyRequestsPage.as_view(), name="my-requests"),
    path("requests/new/", requests.RaiseRequestPage.as_view(), name="raise-request"),
    path("requests/<int:number>/", requests.RequestPage.as_view(), name="request"),
    path("requests/<int:number>/attachments/", requests.RequestAttach.as_view(), name="request-attach"),
    path("requests/<int:number>/reopen/", requests.ReopenRequest.as_view(), name="request-reopen"),
    # Agents and admins: the account's tickets.
    path("queue/", queue.QueuePage.as_view(), name="queue"),
    path("tickets/<int:number>/", tickets.TicketPage.as_view(), name="ticket"),
    path("tickets/<int:number>/update/", tickets.TicketUpdate.as_view(), name="ticket-update"),
    path("tickets/<int:number>/close/", tickets.TicketCloseReopen.as_view(), name="ticket-close"),
    path("tickets/<int:number>/reopen/", tickets.TicketCloseReopen.as_view(reopen=True), name="ticket-reopen"),
    path("tickets/<int:number>/comments/", tickets.TicketComment.as_view(), name="ticket-comment"),
    path("tickets/<int:number>/tasks/", tickets.TaskAdd.as_view(), name="ticket-task-add"),
    path("tickets/<int:number>/tasks/<int:task_id>/toggle/", tickets.TaskToggle.as_view(), name="ticket-task-toggle"),
    path("tickets/<int:number>/time/", tickets.TimeLog.as_view(), name="ticket-time"),
    path("tickets/<int:number>/attachments/", tickets.TicketAttach.as_view(), name="ticket-attach"),
    path("tickets/<int:number>/cis/", tickets.CILink.as_view(), name="ticket-ci-link"),
    path("tickets/<int:number>/cis/<int:ci_number>/unlink/", tickets.CIUnlink.as_view(), name="ticket-ci-unlink"),
]
