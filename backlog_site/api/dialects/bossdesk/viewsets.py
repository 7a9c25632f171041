"""The base of every BOSSDesk viewset, the service desk's and the CMDB's: `DialectViewSet` in BOSSDesk's
dialect. Besides DialectViewSet's declarations, a viewset declares

- `renders = Renders(item=…, detail=…)`: the functions writing a list item's and a row's JSON as the
  document shows them (each reads only what the view's selectors joined or prefetched);
- `filterset_class = ransack_filterset(Model, ALLOW_LIST)` where the document says a list is searchable,
  and `list_counted` (the counted model) where an unfiltered list's total is the account's row counter;
- `list_rows = RowList(read=…, render=…, of_ids=…)`: an unfiltered list's page and total read as rows by
  one statement (`backlog_site.api.row_pages`; `read(account_id=, offset=, limit=) -> (Total, rows)`),
  a filtered page's rows by their ids (`of_ids`), and each row's JSON (the same as `renders.item`'s);
- `reread_skipped`: the writes whose service hands back a row that already has all its JSON reads.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from rest_framework import permissions, serializers

from accounts import counters
from backlog_site.api import paging
from backlog_site.api.paging import ListCounter
from backlog_site.api.permissions import API_PERMISSIONS
from backlog_site.api.row_pages import RowList
from backlog_site.api.tenancy import request_membership
from backlog_site.api.viewsets import DialectViewSet

from . import BossDeskMixin, PagePerPagePagination
from .render import stamped


@dataclass(frozen=True)
class Renders:
    """A viewset's JSON: `detail` for a row (reads and writes), `item` for a list's rows (default: `detail`)."""

    detail: Callable | None = None
    item: Callable | None = None


class IsMember(permissions.BasePermission):
    """The key's user belongs to the key's account (end users included)."""

    def has_permission(self, request, view):
        return request_membership(request) is not None


class BossDeskViewSet(BossDeskMixin, DialectViewSet):
    permission_classes = [*API_PERMISSIONS, IsMember]
    # BOSSDesk updates name only the fields they change.
    update_partial = True
    renders = Renders()
    list_counted: type | None = None
    list_rows: RowList | None = None
    reread_skipped: tuple[str, ...] = ()

    def get_serializer_class(self):
        # The OpenAPI's serializer where a view names no other: its input.
        return self.output_serializer_class or self.serializer_class or self.input_serializer_class

    def render(self, instance) -> dict:
        return self.renders.detail(instance)

    def render_item(self, instance) -> dict:
        return (self.renders.item or self.renders.detail)(instance)

    def output(self, instance):
        return self.with_extensions(self.render(instance), instance)

    def output_many(self, rows):
        return [self.render_item(row) for row in rows]

    def reread(self, instance):
        return instance if self.action in self.reread_skipped else super().reread(instance)

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset  # Ransack narrows lists; a row the URL names is found whatever the query string says
        queryset = super().filter_queryset(queryset)
        search = self.filterset_class if hasattr(self, "filterset_class") else None
        if self.list_counted is not None and not (search and search.applies_to(self.request.query_params)):
            self.list_counter = ListCounter(self.list_counted, self.request.account.pk)
        return queryset

    def row_list(self, queryset):
        declared = self.list_rows
        if declared is None:
            return None
        if self.unfiltered_counted():
            return RowList(read=partial(declared.read, account_id=self.request.account.pk), render=declared.render)
        if declared.of_ids is None:
            return None
        # Filtered: the queryset's bounded count and page ids, then the page's rows by `of_ids`.
        read = partial(paging.bounded_page, queryset, counter=paging.list_counter(self), rows_of=declared.of_ids)
        return RowList(read=read, render=declared.render)

    def unfiltered_counted(self) -> bool:
        """The list applies no filter and its total is the account's counter (see filter_queryset)."""
        counter = paging.list_counter(self)
        return counter is not None and counters.counted(counter.model)

    def paginated(self, queryset, render: Callable):
        """A page of another list than the view's own (a saved search's rows), paged as every BOSSDesk list."""
        paginator = PagePerPagePagination()
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        return paginator.get_paginated_response([render(item) for item in page])


class LookupSerializer(serializers.Serializer):
    """A lookup of the account, by its id and name."""  # schema only: the view's `render_item` writes it

    id = serializers.IntegerField()
    name = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class LookupViewSet(BossDeskViewSet):
    """A bare array of the account's rows (id, name, `fields`, timestamps), unpaginated unless the document
    says otherwise. Read-only: staff manage lookups in the admin."""

    serializer_class = LookupSerializer
    pagination_class = None
    fields: tuple[str, ...] = ()

    def render_item(self, obj) -> dict:
        return stamped(obj, *self.fields)
