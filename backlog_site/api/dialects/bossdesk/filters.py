"""Ransack's `q[field_predicate]` filters as a django-filter FilterSet, built from a list's allow-list.

`ransack_filterset(model, allowed)` declares one filter per parameter a caller may send — `q[title_cont]`,
`q[priority_id_in]`, … with the predicates that fit each field's type — so drf-spectacular documents each one.
A list's conditions hold together (one `Q`: two conditions across a to-many relation hold for the same related
row, and a search is one semi-join), so the FilterSet applies them in one `ransack()` call over the request's
raw `q[…]` parameters, which also refuses (422) any the allow-list does not name; the declared condition
filters narrow nothing themselves. Filters of a list's own (CMDB `archived`) are ordinary filters beside them.
"""

from collections.abc import Mapping

import django_filters
from django import forms
from django.db import models
from drf_spectacular.utils import extend_schema_field

from .ransack import model_field, query_params, ransack, unfiltered

TEXT = ("eq", "not_eq", "cont", "start", "end", "in", "null", "present")
ORDERED = ("eq", "not_eq", "in", "gt", "lt", "gteq", "lteq", "null", "present")
FLAG = ("eq", "not_eq", "null", "present")
WORDS = {
    "eq": "equals",
    "not_eq": "differs from",
    "cont": "contains (any case)",
    "start": "starts with (any case)",
    "end": "ends with (any case)",
    "in": "is one of (a comma list, or the parameter repeated with `[]`)",
    "gt": "is greater than",
    "lt": "is less than",
    "gteq": "is at least",
    "lteq": "is at most",
    "null": "is null (`true`) or not (`false`)",
    "present": "is neither null nor blank (`true`), or is (`false`)",
}


def value_schema(field: models.Field) -> dict:
    if field.is_relation:
        field = field.target_field
    if isinstance(field, models.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, (models.IntegerField, models.AutoField)):
        return {"type": "integer"}
    if isinstance(field, models.DateTimeField):
        return {"type": "string", "format": "date-time"}
    if isinstance(field, models.DateField):
        return {"type": "string", "format": "date"}
    return {"type": "string"}


def predicates(field: models.Field) -> tuple[str, ...]:
    target = field.target_field if field.is_relation else field
    if isinstance(target, models.BooleanField):
        return FLAG
    if isinstance(target, (models.CharField, models.TextField)):
        return TEXT
    return ORDERED


class Condition(django_filters.Filter):
    """One documented `q[…]` parameter; `RansackFilterSet.filter_queryset` applies a request's conditions."""

    field_class = forms.Field

    def filter(self, queryset, value):
        return queryset  # applied with the request's other conditions, in one ransack() call


def condition(attribute: str, path: str, predicate: str, field: models.Field) -> Condition:
    if predicate in ("null", "present"):
        schema = {"type": "boolean"}
    elif predicate in ("cont", "start", "end", "in"):
        schema = {"type": "string"}
    else:
        schema = value_schema(field)
    schema["description"] = f"`{attribute}` {WORDS[predicate]}"
    return extend_schema_field(schema)(Condition(field_name=path))


class RansackFilterSet(django_filters.FilterSet):
    """A list's Ransack conditions (`search_fields`: the allow-list), and any filters of its own."""

    search_fields: Mapping[str, str] = {}

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # Per request, only the list's own filters are copied and given form fields: the documented conditions
        # (hundreds for a big allow-list) would cost a deep copy and a form field each, and filter nothing.
        self.base_filters = {
            name: filter_ for name, filter_ in type(self).base_filters.items() if not isinstance(filter_, Condition)
        }
        super().__init__(data, queryset, request=request, prefix=prefix)

    def filter_queryset(self, queryset):
        return ransack(super().filter_queryset(queryset), query_params(self.data), self.search_fields)

    @classmethod
    def applies_to(cls, query) -> bool:
        """Whether `query` sets a condition (Ransack ignores blank ones): else the list's total is its counter's."""
        return not unfiltered(query_params(query))


def ransack_filterset(model: type[models.Model], allowed: Mapping[str, str]) -> type[RansackFilterSet]:
    """The FilterSet of a list searchable over `allowed` ({"agent_username": "agent__user__username"})."""
    filters = {
        f"q[{attribute}_{predicate}]": condition(attribute, path, predicate, field)
        for attribute, path in allowed.items()
        for field in [model_field(model, path)]
        for predicate in predicates(field)
    }
    meta = type("Meta", (), {"model": model, "fields": []})
    return type(f"{model.__name__}Search", (RansackFilterSet,), {**filters, "search_fields": allowed, "Meta": meta})
