"""Public Backlog: `/v1/...`, header `apiKey: K`, JSON with camelCase fields.

Validation errors answer 400 with `{"message": …, "errors": {"field": […]}}`; update answers the
ticket (200).
"""

from rest_framework import renderers

from backlog_site.api import parsers
from backlog_site.api.errors import ApiError

from .base import Dialect, DialectMixin


class PublicBacklogDialect(Dialect):
    name = "publicbacklog"
    tag = "Public Backlog"
    validation_status = 400
    messages = {
        "not_authenticated": "Invalid or missing apiKey",
        "permission_denied": "Forbidden",
        "not_found": "Not found",
    }

    not_found_anywhere = True  # tickets and backlogs are named in the query string or the body
    error_component = "PublicBacklogError"
    error_schema = {
        "type": "object",
        "properties": {
            "statusCode": {"type": "integer"},
            "message": {"type": "string"},
            "errors": {
                **{"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
                "description": "validation errors only",
            },
        },
        "required": ["statusCode", "message"],
    }

    def error_body(self, error: ApiError) -> dict:
        body = {"statusCode": error.status, "message": self.message(error)}
        if error.is_validation:
            body["message"] = "Validation failed"
            body["errors"] = error.field_errors
        return body


PUBLICBACKLOG = PublicBacklogDialect()


class PublicBacklogMixin(DialectMixin):
    dialect = PUBLICBACKLOG
    renderer_classes = [renderers.JSONRenderer]
    parser_classes = [parsers.JSONParser, parsers.FormParser]
    pagination_class = None
    update_answers_object = True
