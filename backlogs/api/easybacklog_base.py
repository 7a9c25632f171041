"""What every easyBacklog planning view shares: input rules, `include_associated_data`, and XML-safe
keys. Parents, tenancy and the CRUD actions are `backlog_site.api.viewsets.DialectViewSet`'s."""

from django.http import QueryDict
from rest_framework import serializers, status

from backlog_site.api.dialects.easybacklog import EasyBacklogMixin
from backlog_site.api.errors import ApplicationError
from backlog_site.api.viewsets import DialectViewSet

TRUE_STRINGS = ("true", "1", "yes", "on")
# Sent by clients that echo a read back or put the key/flags in the body; never assignable, so ignored.
IGNORED_KEYS = {"api_key", "include_associated_data", "format", "id", "created_at", "updated_at"}


class PlanningViewSet(EasyBacklogMixin, DialectViewSet):
    """easyBacklog's rules on the one viewset: updates name only what they change and answer 204, unknown
    fields are refused, form blanks mean null, `include_associated_data` nests a read's children."""

    permission_resource = "backlogs"
    scope_resource = "backlogs"
    update_partial = True

    def get_serializer_context(self):
        nested = getattr(self, "action", None) in ("list", "retrieve") and self.include_associated()
        return {**super().get_serializer_context(), "nested": nested}

    def extension_fields(self):
        # The extensions (a story's `links`) come with the associated data, on one row's read.
        return None if self.action == "retrieve" and self.include_associated() else set()

    def include_associated(self) -> bool:
        """`include_associated_data=true`, in the query string or (as the document's curl sends it
        with `-d … -X GET`) in a form body."""
        value = self.request.query_params.get("include_associated_data")
        if value is None and self.request.content_type.startswith("application/x-www-form-urlencoded"):
            data = self.request.data
            value = data.get("include_associated_data") if isinstance(data, QueryDict) else None
        return str(value).lower() in TRUE_STRINGS

    def wants_xml(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return renderer is not None and renderer.format == "xml"

    def out(self, data):
        """Rails left the `completed?`-style helper keys out of XML (a `?` is not a valid name)."""
        return _strip_question_keys(data) if self.wants_xml() else data

    def output(self, instance):
        return self.out(super().output(instance))

    def output_many(self, rows):
        return self.out(super().output_many(rows))

    def not_found(self, what: str):
        raise ApplicationError(f"{what} does not exist", status_code=status.HTTP_404_NOT_FOUND)

    def in_account(self, queryset, pk, what: str):
        """A row another field of the body names, found inside the request's account or a 404."""
        row = queryset.filter(pk=pk).first()
        if row is None:
            self.not_found(what)
        return row

    def clean_payload(self, serializer_class, data: dict) -> dict:
        unknown = sorted(set(data) - set(serializer_class._declared_fields) - IGNORED_KEYS)
        if unknown:
            # As easyBacklog (Rails' protected attributes) did: an unknown field is an error, not a no-op.
            raise ApplicationError(
                f"You cannot assign a value to the protected field '{unknown[0]}'",
                status_code=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        if isinstance(self.request.data, QueryDict):
            data = _form_blanks_to_null(serializer_class, data)
        return data


def _form_blanks_to_null(serializer_class, data: dict) -> dict:
    """A form sends `velocity=` for "no velocity": blank non-text values mean null."""
    declared = serializer_class._declared_fields
    return {
        key: None if value == "" and key in declared and not isinstance(declared[key], serializers.CharField) else value
        for key, value in data.items()
    }


def _strip_question_keys(data):
    if isinstance(data, dict):
        return {k: _strip_question_keys(v) for k, v in data.items() if not str(k).endswith("?")}
    if isinstance(data, list):
        return [_strip_question_keys(v) for v in data]
    return data
