"""ConnectNow Issue Tracker (a Laravel API): `/api/issues`, `/api/categories`, `/api/companies`,
`/api/webhooks`.

Writes need `Authorization: Bearer K`; public reads are anonymous. Lists answer Laravel's length-aware
paginator object (15 per page, absolute URLs); validation errors answer 422 with
`{"message": …, "errors": {"field": […]}}`; other errors `{"message": …}`.
"""

from rest_framework import renderers, serializers
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from backlog_site.api import paging, parsers
from backlog_site.api.errors import NON_FIELD, ApiError, field_label, is_fragment
from backlog_site.api.row_pages import RowList

from .base import Dialect, DialectMixin


class IssueTrackerDialect(Dialect):
    name = "issuetracker"
    tag = "Issue Tracker"
    messages = {
        "not_authenticated": "Unauthenticated.",
        "permission_denied": "This action is unauthorized.",
        "not_found": "Not Found",
    }

    error_component = "IssueTrackerError"
    error_schema = {
        "type": "object",
        "properties": {
            "message": {"type": "string"},
            "errors": {
                **{"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
                "description": "validation errors only",
            },
        },
        "required": ["message"],
    }

    def error_body(self, error: ApiError) -> dict:
        if error.is_validation:
            errors = {name: [laravel_sentence(name, m) for m in ms] for name, ms in error.field_errors.items()}
            extra = sum(len(messages) for messages in errors.values()) - 1
            summary = errors and next(iter(errors.values()))[0] or error.message
            if extra > 0:
                summary += f" (and {extra} more error{'s' if extra > 1 else ''})"
            return {"message": summary, "errors": errors}
        return {"message": self.message(error)}

    def refusal_words(self, kind: str, field: str | None, params: dict) -> str:
        # Laravel's `required` and `exists` rules; the other kinds become sentences in error_body.
        if field is not None and kind == "blank":
            return f"The {field_label(field)} field is required."
        if field is not None and kind == "unknown":
            ids = params.get("ids")
            listed = f": {', '.join(map(str, ids))}" if ids else ""
            return f"The selected {field_label(field)} is invalid{listed}."
        return super().refusal_words(kind, field, params)


ISSUETRACKER = IssueTrackerDialect()

# Laravel's JSON datetimes: microseconds, UTC, a Z.
LARAVEL_TIME = "%Y-%m-%dT%H:%M:%S.%fZ"


def laravel_time(**kwargs):
    """A datetime as the family writes it (`allow_null=True` for the ones that may be null)."""
    return serializers.DateTimeField(format=LARAVEL_TIME, read_only=True, **kwargs)


def laravel_sentence(field: str, message: str) -> str:
    """Laravel words every message as a sentence about the field: "The name has already been taken."."""
    if field == NON_FIELD or not is_fragment(message):
        return message
    return f"The {field_label(field)} {message.rstrip('.')}."


class LaravelPagination(BasePagination):
    """Laravel's length-aware paginator at O(page) (`backlog_site.api.paging`): `total` is the
    account's counter for a key's unfiltered list, otherwise a count bounded at `paging.COUNT_BOUND`
    (beyond it `total` and `last_page` are floors); `next_page_url` carries a keyset `cursor` beside
    `page`, and a bare `page=` is still answered."""

    per_page = 15

    def _parameters(self, request) -> str | None:
        """Reads `page`; the cursor when the page follows one."""
        self.request = request
        try:
            self.page = min(max(int(request.query_params.get("page", 1)), 1), 10**6)
        except (TypeError, ValueError):
            self.page = 1
        cursor = request.query_params.get("cursor")
        return cursor if cursor and self.page > 1 else None

    def paginate_queryset(self, queryset, request, view=None):
        cursor = self._parameters(request)
        counter, bound = paging.list_counter(view), paging.count_bound(view)
        if cursor:
            total = paging.list_total(queryset, counter=counter, bound=bound)
            rows = paging.cursor_page(queryset, cursor=cursor, limit=self.per_page)
        else:
            offset = (self.page - 1) * self.per_page
            total, rows = paging.bounded_page(
                queryset, offset=offset, limit=self.per_page, counter=counter, bound=bound
            )
        return self._paged(total, rows, queryset)

    def paginate_rows(self, rows: RowList, queryset, request, view=None):
        """The page read by `rows` (`backlog_site.api.row_pages`), or None for a page after a cursor (the
        queryset reads those)."""
        if self._parameters(request):
            return None
        total, found = rows.read(offset=(self.page - 1) * self.per_page, limit=self.per_page)
        return self._paged(total, found, queryset)

    def _paged(self, total: paging.Total, rows, queryset):
        self.total = total.value
        self.count_on_page = len(rows)
        self.more = len(rows) == self.per_page and (self.page * self.per_page < total.value or not total.exact)
        self.next_cursor = None
        if self.more and paging.keyset_supported(queryset):
            self.next_cursor = paging.cursor_after(rows[-1], queryset)
        return rows

    def get_paginated_response(self, data):
        url = remove_query_param(self.request.build_absolute_uri(), "cursor")
        path = remove_query_param(self.request.build_absolute_uri(self.request.path), "page")
        last_page = max((self.total + self.per_page - 1) // self.per_page, 1)
        start = (self.page - 1) * self.per_page
        next_url = None
        if self.page < last_page or self.more:
            next_url = replace_query_param(url, "page", self.page + 1)
            if self.next_cursor:
                next_url = replace_query_param(next_url, "cursor", self.next_cursor)
        return Response(
            {
                "current_page": self.page,
                "data": data,
                "first_page_url": replace_query_param(url, "page", 1),
                "from": start + 1 if self.count_on_page else None,
                "last_page": last_page,
                "last_page_url": replace_query_param(url, "page", last_page),
                "next_page_url": next_url,
                "path": path,
                "per_page": self.per_page,
                "prev_page_url": replace_query_param(url, "page", self.page - 1) if self.page > 1 else None,
                "to": start + self.count_on_page if self.count_on_page else None,
                "total": self.total,
            }
        )

    def get_paginated_response_schema(self, schema):
        nullable_url = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "properties": {
                "current_page": {"type": "integer"},
                "data": schema,
                "first_page_url": {"type": "string", "format": "uri"},
                "from": {"type": "integer", "nullable": True},
                "last_page": {"type": "integer"},
                "last_page_url": {"type": "string", "format": "uri"},
                "next_page_url": nullable_url,
                "path": {"type": "string", "format": "uri"},
                "per_page": {"type": "integer"},
                "prev_page_url": nullable_url,
                "to": {"type": "integer", "nullable": True},
                "total": {"type": "integer"},
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1}},
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "from `next_page_url`: the page after the row it names (then `page` only numbers it)",
                "schema": {"type": "string"},
            },
        ]


class IssueTrackerMixin(DialectMixin):
    dialect = ISSUETRACKER
    renderer_classes = [renderers.JSONRenderer]
    parser_classes = [parsers.JSONParser, parsers.FormParser, parsers.MultiPartParser]
    pagination_class = LaravelPagination
    update_answers_object = True
