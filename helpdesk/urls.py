"""Routes of the helpdesk app (BOSSDesk dialect), mounted under /api/v1/."""

from django.urls import path

from .api import bossdesk_lookups as lookups
from .api import bossdesk_my as my
from .api import bossdesk_searches as searches
from .api import bossdesk_tickets as tickets
from .api import bossdesk_users as users
from .api import bossdesk_work as work

LIST = {"get": "list"}
FID = "<int:friendly_id>"

urlpatterns = [
    path("account", lookups.AccountViewSet.as_view({"get": "retrieve"}), name="bd-account"),
    path("ticket_types", lookups.TicketTypeViewSet.as_view(LIST), name="bd-ticket-types"),
    path("helpdesk_priorities", lookups.PriorityViewSet.as_view(LIST), name="bd-priorities"),
    path("helpdesk_categories", lookups.CategoryViewSet.as_view(LIST), name="bd-categories"),
    path("helpdesk_extended_statuses", lookups.ExtendedStatusViewSet.as_view(LIST), name="bd-extended-statuses"),
    path("teams", lookups.TeamViewSet.as_view(LIST), name="bd-teams"),
    path("task_types", lookups.TaskTypeViewSet.as_view(LIST), name="bd-task-types"),
    path("groups", lookups.GroupViewSet.as_view(LIST), name="bd-groups"),
    path("locations", lookups.LocationViewSet.as_view(LIST), name="bd-locations"),
    path("tags", lookups.TagViewSet.as_view(LIST), name="bd-tags"),
    path("custom_fields", lookups.CustomFieldViewSet.as_view(LIST), name="bd-custom-fields"),
    path("tickets", tickets.TicketViewSet.as_view({"get": "list", "post": "create"}), name="bd-tickets"),
    path(
        f"tickets/{FID}",
        tickets.TicketViewSet.as_view({"get": "retrieve", "patch": "update", "put": "update"}),
        name="bd-ticket",
    ),
    path(f"tickets/{FID}/close", tickets.TicketViewSet.as_view({"patch": "close"}), name="bd-ticket-close"),
    path(f"tickets/{FID}/reopen", tickets.TicketViewSet.as_view({"patch": "reopen"}), name="bd-ticket-reopen"),
    path(
        "tickets/<int:ticket_friendly_id>/comments",
        tickets.TicketCommentViewSet.as_view({"post": "create"}),
        name="bd-ticket-comments",
    ),
    path("tickets/<int:ticket_friendly_id>/tasks", work.TaskViewSet.as_view({"post": "create"}), name="bd-tasks"),
    path(
        "tickets/<int:ticket_friendly_id>/tasks/<int:pk>",
        work.TaskViewSet.as_view({"patch": "update", "put": "update", "delete": "destroy"}),
        name="bd-task",
    ),
    path(
        "tickets/<int:ticket_friendly_id>/tasks/<int:pk>/close",
        work.TaskViewSet.as_view({"patch": "close"}),
        name="bd-task-close",
    ),
    path(
        "tickets/<int:ticket_friendly_id>/tasks/<int:pk>/reopen",
        work.TaskViewSet.as_view({"patch": "reopen"}),
        name="bd-task-reopen",
    ),
    path(
        "tickets/<int:ticket_friendly_id>/time_entries",
        work.TimeEntryViewSet.as_view({"post": "create"}),
        name="bd-time-entries",
    ),
    path(
        "tickets/<int:ticket_friendly_id>/time_entries/<int:pk>",
        work.TimeEntryViewSet.as_view({"patch": "update", "put": "update", "delete": "destroy"}),
        name="bd-time-entry",
    ),
    path("users", users.UserViewSet.as_view({"get": "list", "post": "create"}), name="bd-users"),
    path(
        "users/<int:friendly_id>",
        users.UserViewSet.as_view({"get": "retrieve", "patch": "update", "put": "update"}),
        name="bd-user",
    ),
    path("searches", searches.SearchViewSet.as_view({"get": "list"}), name="bd-searches"),
    path("searches/<int:pk>", searches.SearchViewSet.as_view({"get": "retrieve"}), name="bd-search"),
    path("my/tickets", my.MyTicketViewSet.as_view({"get": "list", "post": "create"}), name="bd-my-tickets"),
    path(f"my/tickets/{FID}", my.MyTicketViewSet.as_view({"get": "retrieve"}), name="bd-my-ticket"),
    path(f"my/tickets/{FID}/comments", my.MyTicketViewSet.as_view({"post": "comments"}), name="bd-my-ticket-comments"),
    path(f"my/tickets/{FID}/reopen", my.MyTicketViewSet.as_view({"patch": "reopen"}), name="bd-my-ticket-reopen"),
]
