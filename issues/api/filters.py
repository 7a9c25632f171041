"""The Issue Tracker's list filters as django-filter FilterSets, in Laravel's forms and words.

A filter takes the raw value (`company_ids[]=1&company_ids[]=2`, `company_ids[0]=1` and
`company_ids=1,2` alike, through `LaravelListWidget`), parses it with `params` (so the 422 reads as
Laravel's does) and narrows the queryset; drf-spectacular documents each one from its
`extend_schema_field`. The FilterSet is built per request with it, so `exists` rules see only what the
request may see (a key's account, or the public rows).
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from issues.models import Issue, Severity

from . import params
from .access import visible_categories, visible_companies

STATUSES = ("open", "closed")


class LaravelListWidget(forms.Widget):
    """Reads `name[]`, `name[i]` and comma lists into one list of strings (the form field is `name[]`)."""

    def value_from_datadict(self, data, files, name):
        return params.list_values(data, name.removesuffix("[]"))


class RawField(forms.Field):
    """No form-level cleaning: each filter parses its value so that errors carry Laravel's words."""


class LaravelFilter(django_filters.Filter):
    field_class = RawField

    def filter(self, queryset, value):
        value = self.parse(value)
        return queryset if value in (None, [], "") else self.narrow(queryset, value)

    def parse(self, value):
        raise NotImplementedError

    def narrow(self, queryset, value):
        raise NotImplementedError


@extend_schema_field({"type": "array", "items": {"type": "integer"}, "description": "Also accepts a comma list"})
class IdsFilter(LaravelFilter):
    """Laravel's `array|exists`: integer ids, each naming a row the request can see."""

    def __init__(self, *, visible, narrow, **kwargs):
        kwargs.setdefault("widget", LaravelListWidget)
        super().__init__(**kwargs)
        self.visible, self.narrow_by = visible, narrow

    @property
    def key(self) -> str:
        return self.field_name.removesuffix("[]")

    def parse(self, value):
        ids = params.ids_of(self.key, value)
        params.require_existing(self.key, ids, self.visible(self.parent.request))
        return ids

    def narrow(self, queryset, value):
        return self.narrow_by(queryset, value)


@extend_schema_field(OpenApiTypes.DATE)
class DayFilter(LaravelFilter):
    """A `Y-m-d` day bound on the creation time."""

    def parse(self, value):
        return params.date_of(self.field_name, value)

    def narrow(self, queryset, value):
        return queryset.filter(**{f"created_at__date__{self.lookup_expr}": value})


class ChoiceFilter(LaravelFilter):
    def __init__(self, *, choices, narrow, **kwargs):
        super().__init__(**kwargs)
        self.choices, self.narrow_by = list(choices), narrow

    def parse(self, value):
        return params.choice_of(self.field_name, value, self.choices)

    def narrow(self, queryset, value):
        return self.narrow_by(queryset, value)


def _linked(lookup: str):
    """Issues with a category link matching `lookup` (EXISTS: an issue in two categories stays one row)."""

    def narrow(queryset, ids):
        links = Issue.categories.through.objects.filter(issue_id=OuterRef("pk"), **{lookup: ids})
        return queryset.filter(Exists(links))

    return narrow


class LaravelFilterSet(django_filters.FilterSet):
    @classmethod
    def get_filters(cls):
        # Laravel's array parameters are named with their brackets: `company_ids[]`.
        return {f"{name}[]" if isinstance(f, IdsFilter) else name: f for name, f in super().get_filters().items()}

    @classmethod
    def applies_to(cls, query) -> bool:
        """Whether `query` sets any of the filters (an unfiltered list may total from the row counter)."""
        return any(params.list_values(query, name.removesuffix("[]")) for name in cls.base_filters)


class CategoryFilterSet(LaravelFilterSet):
    company_ids = IdsFilter(
        field_name="company_ids[]",
        visible=visible_companies,
        narrow=lambda queryset, ids: queryset.filter(company_id__in=ids),
    )


class IssueFilterSet(LaravelFilterSet):
    company_ids = IdsFilter(
        field_name="company_ids[]", visible=visible_companies, narrow=_linked("category__company_id__in")
    )
    category_ids = IdsFilter(field_name="category_ids[]", visible=visible_categories, narrow=_linked("category_id__in"))
    after = DayFilter(field_name="after", lookup_expr="gte")
    before = DayFilter(field_name="before", lookup_expr="lte")
    severity = extend_schema_field({"type": "string", "enum": list(Severity.values)})(
        ChoiceFilter(field_name="severity", choices=Severity.values, narrow=lambda qs, v: qs.filter(severity=v))
    )
    status = extend_schema_field({"type": "string", "enum": list(STATUSES)})(
        ChoiceFilter(
            field_name="status", choices=STATUSES, narrow=lambda qs, v: qs.filter(closed_at__isnull=v == "open")
        )
    )

    class Meta:
        model = Issue
        fields = []
