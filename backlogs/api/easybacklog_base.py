"""What every easyBacklog planning view shares: permissions, parent resolution, input parsing,
`include_associated_data`, and XML-safe keys."""

from functools import cached_property

from django.http import QueryDict
from django.shortcuts import get_object_or_404
from rest_framework import serializers, status, viewsets

from backlog_site.api.dialects.easybacklog import EasyBacklogMixin
from backlog_site.api.errors import ApplicationError
from backlog_site.api.permissions import API_PERMISSIONS
from backlog_site.api.tenancy import TenantScopedMixin

TRUE_STRINGS = ("true", "1", "yes", "on")
# Sent by clients that echo a read back or put the key/flags in the body; never assignable, so ignored.
IGNORED_KEYS = {"api_key", "include_associated_data", "format", "id", "created_at", "updated_at"}


class PlanningViewSet(EasyBacklogMixin, TenantScopedMixin, viewsets.GenericViewSet):
    permission_classes = API_PERMISSIONS
    permission_resource = "backlogs"
    scope_resource = "backlogs"
    # The parent named in the URL, resolved once inside the request's account.
    parent_model = None
    parent_kwarg: str | None = None
    parent_tenant_lookup = "account_id"
    parent_select_related: tuple = ()

    @cached_property
    def parent(self):
        queryset = self.parent_model.objects.select_related(*self.parent_select_related)
        return get_object_or_404(
            queryset, pk=self.kwargs[self.parent_kwarg], **{self.parent_tenant_lookup: self.request.account.pk}
        )

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

    def not_found(self, what: str):
        raise ApplicationError(f"{what} does not exist", status_code=status.HTTP_404_NOT_FOUND)

    def validated(self, serializer_class, *, partial=False) -> dict:
        if self.parent_model is not None:
            self.parent  # noqa: B018 - a missing or foreign parent is 404 before the body is judged
        data = self.payload()
        unknown = sorted(set(data) - set(serializer_class._declared_fields) - IGNORED_KEYS)
        if unknown:
            # As easyBacklog (Rails' protected attributes) did: an unknown field is an error, not a no-op.
            raise ApplicationError(
                f"You cannot assign a value to the protected field '{unknown[0]}'",
                status_code=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        if isinstance(self.request.data, QueryDict):
            data = _form_blanks_to_null(serializer_class, data)
        serializer = serializer_class(data=data, partial=partial, context={"request": self.request})
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


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
