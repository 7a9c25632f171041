"""BOSSDesk: `/api/v1/...`.

Keys as `Authorization: Token token="K"`; JSON bodies wrapped in the record's name
(`{"ticket": {…}}`); lists are bare arrays paged by `page` (1-based) and `per_page` (default 15,
at most 30) with `X-Total-Count` and `Link` headers (the `next` link carries a keyset `cursor`);
create 201, update 204; validation errors
`{"errors": {"field": ["can't be blank"]}}` with 422, other errors `{"errors": {"base": […]}}`.
"""

from rest_framework import renderers
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from backlog_site.api import paging, parsers
from backlog_site.api.errors import NON_FIELD, ApiError
from backlog_site.api.row_pages import RowList

from ..base import Dialect, DialectMixin


class BossDeskDialect(Dialect):
    name = "bossdesk"
    tag = "BOSSDesk service desk"
    messages = {
        "not_authenticated": "Failed API authorization",
        "permission_denied": "You don't have access to this resource",
        "not_found": "Requested resource was not found",
    }

    error_component = "BossDeskError"
    error_schema = {
        "type": "object",
        "properties": {
            "errors": {
                **{"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
                "description": "per field; `base` for the rest",
            }
        },
        "required": ["errors"],
    }

    def error_body(self, error: ApiError) -> dict:
        if error.is_validation:
            return {"errors": error.field_errors}
        return {"errors": {NON_FIELD: [self.message(error)]}}


BOSSDESK = BossDeskDialect()


MAX_PAGE = 10**6  # beyond any real list; keeps OFFSET within what databases accept


def _positive_int(value, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(number, MAX_PAGE)


class PagePerPagePagination(BasePagination):
    """`page`/`per_page` over a bare array; out-of-range pages answer an empty array.

    Costs O(page) (`backlog_site.api.paging`): `X-Total-Count` is the account's counter for an
    unfiltered list, a count bounded at `paging.COUNT_BOUND` for a filtered one (then the total is a
    floor and there is no `last` link); the `next` link carries a keyset `cursor` (the page number is
    kept beside it for the other links), and a bare `page=` is still answered."""

    default_per_page = 15
    max_per_page = 30

    def _parameters(self, request) -> str | None:
        """Reads `page` and `per_page`; the cursor when the page follows one."""
        self.request = request
        self.page = max(_positive_int(request.query_params.get("page"), 1), 1)
        self.per_page = min(
            max(_positive_int(request.query_params.get("per_page"), self.default_per_page), 1), self.max_per_page
        )
        cursor = request.query_params.get("cursor")
        return cursor if cursor and self.page > 1 else None

    def paginate_queryset(self, queryset, request, view=None):
        cursor = self._parameters(request)
        counter = paging.list_counter(view)
        if cursor:
            self.total = paging.list_total(queryset, counter=counter)
            rows = paging.cursor_page(queryset, cursor=cursor, limit=self.per_page)
        else:
            offset = (self.page - 1) * self.per_page
            self.total, rows = paging.bounded_page(queryset, offset=offset, limit=self.per_page, counter=counter)
        return self._paged(rows, queryset)

    def paginate_rows(self, rows: RowList, queryset, request, view=None):
        """The page read by `rows` (`backlog_site.api.row_pages`), or None for a page after a cursor (the
        queryset reads those)."""
        if self._parameters(request):
            return None
        self.total, found = rows.read(offset=(self.page - 1) * self.per_page, limit=self.per_page)
        return self._paged(found, queryset)

    def _paged(self, rows, queryset):
        has_more = self.page * self.per_page < self.total.value or not self.total.exact
        self.next_cursor = None
        if rows and len(rows) == self.per_page and has_more and paging.keyset_supported(queryset):
            self.next_cursor = paging.cursor_after(rows[-1], queryset)
        self.rows = rows
        return rows

    def get_paginated_response(self, data):
        total = self.total
        headers = {"X-Total-Count": str(total.value)}
        links = []
        url = remove_query_param(self.request.build_absolute_uri(), "cursor")
        last_page = max((total.value + self.per_page - 1) // self.per_page, 1)
        if self.page < last_page or (not total.exact and len(self.rows) == self.per_page):
            next_url = replace_query_param(url, "page", self.page + 1)
            if self.next_cursor:
                next_url = replace_query_param(next_url, "cursor", self.next_cursor)
            links.append(f'<{next_url}>; rel="next"')
        if 1 < self.page <= last_page + 1 or (not total.exact and self.page > 1):
            links.append(f'<{replace_query_param(url, "page", self.page - 1)}>; rel="prev"')
        links.append(f'<{replace_query_param(url, "page", 1)}>; rel="first"')
        if total.exact:
            links.append(f'<{replace_query_param(url, "page", last_page)}>; rel="last"')
        headers["Link"] = ", ".join(links)
        return Response(data, headers=headers)

    def get_paginated_response_schema(self, schema):
        return schema

    def get_schema_operation_parameters(self, view):
        return [
            {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1}},
            {
                "name": "per_page",
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 1, "maximum": 30, "default": 15},
            },
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "from a `next` link: the page after the row it names (then `page` only numbers it)",
                "schema": {"type": "string"},
            },
        ]


class BossDeskMixin(DialectMixin):
    dialect = BOSSDESK
    renderer_classes = [renderers.JSONRenderer]
    parser_classes = [parsers.JSONParser]
    pagination_class = PagePerPagePagination
