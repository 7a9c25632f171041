"""BOSSDesk saved searches: `/searches` (the caller's and the shared ones) and `/searches/{id}`, which
applies the stored filter and answers a page of tickets or users. Staff create searches in the admin.

Owner classes are applied by `APPLIERS` (tickets, users, and the CMDB's CIs). Any other owner class answers
501 Not Implemented, as the document says."""

from collections.abc import Callable

from django.db.models import Q
from rest_framework import exceptions, serializers, status

from backlog_site.api.dialects.bossdesk.formats import timestamp as ts
from backlog_site.api.dialects.bossdesk.ransack import ransack
from backlog_site.api.dialects.bossdesk.viewsets import BossDeskViewSet
from backlog_site.api.errors import ApplicationError
from cmdb.api.bossdesk_render import ci_search_item
from cmdb.searches import ci_search_results
from helpdesk import selectors
from helpdesk.models import SavedSearch
from helpdesk.search_fields import TICKET_SEARCH_FIELDS, USER_SEARCH_FIELDS

from . import bossdesk_render as render
from .bossdesk_users import user_list_item


class SavedSearchSerializer(serializers.ModelSerializer):
    """A saved search: its name and the kind of rows it finds (`owner_class`)."""  # `search_item` writes it

    my_search = serializers.BooleanField()

    class Meta:
        model = SavedSearch
        fields = ["id", "name", "created_at", "updated_at", "owner_class", "my_search"]


def _require(view, resource: str) -> None:
    if not view.membership.can(resource, "index"):
        raise exceptions.PermissionDenied()


def apply_ticket_search(view, search: SavedSearch):
    _require(view, "tickets")
    tickets = selectors.ticket_list_items(account_id=view.request.account.pk)
    queryset = ransack(tickets, search.query, TICKET_SEARCH_FIELDS)
    return view.paginated(queryset, render.ticket_list_item)


def apply_user_search(view, search: SavedSearch):
    _require(view, "users")
    queryset = ransack(selectors.user_list(account_id=view.request.account.pk), search.query, USER_SEARCH_FIELDS)
    return view.paginated(queryset, user_list_item)


def apply_ci_search(view, search: SavedSearch):
    _require(view, "cis")
    return view.paginated(ci_search_results(account_id=view.request.account.pk, query=search.query), ci_search_item)


APPLIERS: dict[str, Callable] = {
    SavedSearch.OwnerClass.TICKET: apply_ticket_search,
    SavedSearch.OwnerClass.USER: apply_user_search,
    SavedSearch.OwnerClass.CI: apply_ci_search,
}


class SearchViewSet(BossDeskViewSet):
    scope_resource = "helpdesk"
    queryset = SavedSearch.objects.all()
    serializer_class = SavedSearchSerializer
    permission_resource = "searches"
    pagination_class = None  # the searches themselves are one bare array; a search's results are paged

    def get_queryset(self):
        # Shared searches and the caller's own; another member's personal search is not found.
        return super().get_queryset().filter(Q(owner__isnull=True) | Q(owner=self.membership))

    def render_item(self, search: SavedSearch) -> dict:
        return {
            "id": search.pk,
            "name": search.name,
            "created_at": ts(search.created_at),
            "updated_at": ts(search.updated_at),
            "owner_class": search.owner_class,
            "my_search": search.owner_id is not None and search.owner_id == self.membership.pk,
        }

    # The document's `/searches/{id}` answers the search applied (a page of its owner class's rows), not the search.
    def retrieve(self, request, *args, **kwargs):
        search = self.get_object()
        applier = APPLIERS.get(search.owner_class)
        if applier is None:
            raise ApplicationError(
                f"Applying {search.get_owner_class_display()} searches is not implemented",
                status_code=status.HTTP_501_NOT_IMPLEMENTED,
            )
        return applier(self, search)
