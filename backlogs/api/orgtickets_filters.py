"""The org-scoped Tickets API's list filters as a django-filter FilterSet, in the API's own words.

The query string is validated as one DRF serializer (`OrgTicketFilterSerializer`), so a bad value answers the
API's 422 as it always has — every bad parameter named in one answer, `limit`/`offset` too — then each filter
narrows by its validated value through `selectors.tickets_filter`. drf-spectacular documents each filter from
its serializer field (`extend_schema_field`); `limit`/`offset` are documented by the pagination.
"""

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backlogs.models import Ticket, TicketType, Workflow
from backlogs.tickets import selectors
from backlogs.tickets.apierrors import BIGINT_MAX


class OrgTicketFilterSerializer(serializers.Serializer):
    """The list's query string: its filters, then the pagination's `limit`/`offset`."""

    repository_id = serializers.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX)
    status = serializers.ChoiceField(choices=Workflow.values, required=False)
    type = serializers.SlugField(required=False, max_length=50)
    assignee_id = serializers.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX)
    labels = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    # Validated here, not by the pagination (which caps larger limits at 100, as the document's "max 100"
    # says), so that one 422 names every bad parameter of the query string, as it always has.
    limit = serializers.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX)
    offset = serializers.IntegerField(required=False, min_value=0, max_value=BIGINT_MAX)

    def validate_type(self, value):
        value = value.lower()
        if not TicketType.objects.filter(account=self.context["account"], key=value).exists():
            raise serializers.ValidationError(f"Unknown ticket type {value!r}.")
        return value

    def validate_labels(self, value) -> list[str]:
        return [name.strip() for name in value.split(",") if name.strip()]


class TicketFilter(django_filters.Filter):
    """One filter: its value, validated by `OrgTicketFilterSerializer`, narrows as `tickets_filter(<keyword>=…)`."""

    field_class = forms.Field  # no form-level cleaning: the serializer judges the value, in the API's words

    def __init__(self, *, keyword: str, **kwargs):
        super().__init__(**kwargs)
        self.keyword = keyword

    def filter(self, queryset, value):
        return selectors.tickets_filter(queryset, **{self.keyword: value}) if value else queryset


def ticket_filter(name: str, keyword: str, schema: dict) -> TicketFilter:
    """The filter `name`, documented by `schema` (the bounds of its OrgTicketFilterSerializer field)."""
    return extend_schema_field(schema)(TicketFilter(field_name=name, keyword=keyword))


ID = {"type": "integer", "format": "int64", "minimum": 1, "maximum": BIGINT_MAX}


class OrgTicketFilterSet(django_filters.FilterSet):
    # In the order tickets_filter applies them, so a filtered list's SQL is what it was.
    repository_id = ticket_filter("repository_id", "repository_id", {**ID, "description": "A repository's id."})
    status = ticket_filter(
        "status", "workflow", {"type": "string", "enum": Workflow.values, "description": "A workflow status."}
    )
    type = ticket_filter(
        "type",
        "type_key",
        {
            "type": "string",
            "minLength": 1,
            "maxLength": 50,
            "pattern": "^[-a-zA-Z0-9_]+$",
            "description": "A ticket type key of the organisation (any case).",
        },
    )
    assignee_id = ticket_filter("assignee_id", "assignee_id", {**ID, "description": "The assignee's user id."})
    labels = ticket_filter(
        "labels",
        "labels",
        {
            "type": "string",
            "maxLength": 2000,
            "description": "Label names, comma-separated: a ticket must carry every label named.",
        },
    )

    class Meta:
        model = Ticket
        fields = []

    def filter_queryset(self, queryset):
        query = OrgTicketFilterSerializer(data=self.data, context={"account": self.request.account})
        query.is_valid(raise_exception=True)
        for name, filter_ in self.filters.items():
            queryset = filter_.filter(queryset, query.validated_data.get(name))
        return queryset

    @classmethod
    def applies_to(cls, query) -> bool:
        """Whether `query` (valid) sets a filter: else the list's page and total are the prepared counter's.
        A blank value filters nothing (the serializer skips it), nor do labels of blank names."""
        labels = query.get("labels") or ""
        named = [name for name in cls.base_filters if name != "labels"]
        return any(query.get(name) for name in named) or any(part.strip() for part in labels.split(","))
