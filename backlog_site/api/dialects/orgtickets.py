"""The org-scoped Tickets API: `/api/v1/ext/orgs/{org_slug}/tickets…`, header `X-API-Key: K`,
scopes `tickets:read` / `tickets:write`.

Lists answer `{"<items>": […], "total", "limit", "offset"}` (limit default 20, at most 100);
single records `{"ticket": …}`; errors `{"error": {"code", "message", "fields"}}`, validation 422.
"""

from rest_framework import renderers
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from backlog_site.api import paging, parsers
from backlog_site.api.errors import ApiError
from backlog_site.api.row_pages import RowList

from .base import Dialect, DialectMixin


class OrgTicketsDialect(Dialect):
    name = "orgtickets"
    tag = "Tickets API"
    messages = {
        "not_authenticated": "Invalid or missing API key",
        "permission_denied": "API key lacks the required scope",
        "not_found": "Not found",
    }

    error_component = "TicketsApiError"
    error_schema = {
        "type": "object",
        "properties": {
            "error": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "fields": {
                        **{"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
                        "description": "validation errors only",
                    },
                },
                "required": ["code", "message"],
            }
        },
        "required": ["error"],
    }

    def error_body(self, error: ApiError) -> dict:
        body = {"code": error.kind, "message": self.message(error)}
        if error.is_validation:
            body["code"] = "validation_error"
            body["fields"] = error.field_errors
        return {"error": body}


ORGTICKETS = OrgTicketsDialect()


class LimitOffsetEnvelopePagination(BasePagination):
    """`limit`/`offset` with the document's exact `total`: the account's counter for an unfiltered
    list, a count for a filtered one; pages past half the total are read from the end
    (`backlog_site.api.paging`), so the last page costs what the first does."""

    default_limit = 20
    max_limit = 100

    def get_schema_operation_parameters(self, view):
        page = {"type": "integer", "format": "int64", "maximum": 2**63 - 1}
        return [
            {
                "name": "limit",
                "in": "query",
                "description": f"Per page: {self.default_limit} by default; more than {self.max_limit} reads "
                f"{self.max_limit}.",
                "schema": {**page, "minimum": 1},
            },
            {
                "name": "offset",
                "in": "query",
                "description": "Rows to skip, 0 by default.",
                "schema": {**page, "minimum": 0},
            },
        ]

    def limit_offset(self, request) -> tuple[int, int]:
        """The request's `limit` (default 20, at most 100) and `offset`."""
        limit = self._int(request.query_params.get("limit"), self.default_limit, 1, self.max_limit)
        return limit, self._int(request.query_params.get("offset"), 0, 0, 2**62)

    def paginate_rows(self, rows: RowList, queryset, request, view=None) -> list:
        """The page read by `rows` (`backlog_site.api.row_pages`), for a list the view reads as rows."""
        self.items_key = getattr(view, "items_key", "items")
        self.limit, self.offset = self.limit_offset(request)
        total, page = rows.read(offset=self.offset, limit=self.limit)
        self.total = total.value
        return page

    def paginate_queryset(self, queryset, request, view=None):
        self.items_key = getattr(view, "items_key", "items")
        self.limit, self.offset = self.limit_offset(request)
        total = paging.list_total(queryset, counter=paging.list_counter(view), exact=True)
        self.total = total.value
        return paging.offset_page(queryset, offset=self.offset, limit=self.limit, total=total)

    @staticmethod
    def _int(value, default, low, high):
        try:
            number = int(value)
        except (TypeError, ValueError):
            return default
        number = max(number, low)
        return min(number, high)

    def get_paginated_response(self, data):
        return Response({self.items_key: data, "total": self.total, "limit": self.limit, "offset": self.offset})


class OrgTicketsMixin(DialectMixin):
    dialect = ORGTICKETS
    renderer_classes = [renderers.JSONRenderer]
    parser_classes = [parsers.JSONParser]
    pagination_class = LimitOffsetEnvelopePagination
    update_answers_object = True
    items_key = "tickets"
