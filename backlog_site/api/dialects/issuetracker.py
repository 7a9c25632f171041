"""ConnectNow Issue Tracker (a Laravel API): `/api/issues`, `/api/categories`, `/api/companies`,
`/api/webhooks`.

Writes need `Authorization: Bearer K`; public reads are anonymous. Lists answer Laravel's length-aware
paginator object (15 per page, absolute URLs); validation errors answer 422 with
`{"message": …, "errors": {"field": […]}}`; other errors `{"message": …}`.
"""

from rest_framework import renderers
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from backlog_site.api import parsers
from backlog_site.api.errors import ApiError

from .base import Dialect, DialectMixin


class IssueTrackerDialect(Dialect):
    name = "issuetracker"
    messages = {
        "not_authenticated": "Unauthenticated.",
        "permission_denied": "This action is unauthorized.",
        "not_found": "Not Found",
    }

    def error_body(self, error: ApiError) -> dict:
        if error.is_validation:
            messages = error.full_messages()
            extra = len(messages) - 1
            summary = error.field_errors and next(iter(error.field_errors.values()))[0] or error.message
            if extra > 0:
                summary += f" (and {extra} more error{'s' if extra > 1 else ''})"
            return {"message": summary, "errors": error.field_errors}
        return {"message": self.message(error)}


ISSUETRACKER = IssueTrackerDialect()


class LaravelPagination(BasePagination):
    per_page = 15

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        try:
            self.page = min(max(int(request.query_params.get("page", 1)), 1), 10**6)
        except (TypeError, ValueError):
            self.page = 1
        self.total = queryset.count()
        start = (self.page - 1) * self.per_page
        rows = list(queryset[start : start + self.per_page])
        self.count_on_page = len(rows)
        return rows

    def get_paginated_response(self, data):
        url = self.request.build_absolute_uri()
        path = remove_query_param(self.request.build_absolute_uri(self.request.path), "page")
        last_page = max((self.total + self.per_page - 1) // self.per_page, 1)
        start = (self.page - 1) * self.per_page
        return Response(
            {
                "current_page": self.page,
                "data": data,
                "first_page_url": replace_query_param(url, "page", 1),
                "from": start + 1 if self.count_on_page else None,
                "last_page": last_page,
                "last_page_url": replace_query_param(url, "page", last_page),
                "next_page_url": replace_query_param(url, "page", self.page + 1) if self.page < last_page else None,
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
        return [{"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1}}]


class IssueTrackerMixin(DialectMixin):
    dialect = ISSUETRACKER
    renderer_classes = [renderers.JSONRenderer]
    parser_classes = [parsers.JSONParser, parsers.FormParser, parsers.MultiPartParser]
    pagination_class = LaravelPagination
    update_answers_object = True
