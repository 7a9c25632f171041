"""Query parameters in the Laravel forms: `with[]=a&with[]=b`, `with[0]=a`, `with=a,b` and `company_ids[]=1`."""

import datetime

from django.core.exceptions import ValidationError
from django.http import QueryDict


def list_values(query: QueryDict, name: str) -> list[str]:
    """Every value of `name`, `name[]` and `name[i]`, comma lists split, repeats dropped."""
    values: list[str] = []
    for key in query.keys():
        if key == name or key == f"{name}[]" or (key.startswith(f"{name}[") and key.endswith("]")):
            for raw in query.getlist(key):
                values.extend(part.strip() for part in raw.split(",") if part.strip())
    return list(dict.fromkeys(values))


def list_param(request, name: str) -> list[str]:
    return list_values(request.query_params, name)


def ids_param(request, name: str) -> list[int] | None:
    return ids_of(name, list_param(request, name))


def ids_of(name: str, values: list[str]) -> list[int] | None:
    """The ids a filter names, or None when the filter is absent; anything but integers is a 422."""
    if not values:
        return None
    try:
        ids = [int(v) for v in values]
    except ValueError:
        raise ValidationError({name: [f"The {name.replace('_', ' ')} must be an array of integers."]})
    if any(i <= 0 or i > 2**62 for i in ids):
        raise ValidationError({name: [f"The selected {name.replace('_', ' ')} is invalid."]})
    return ids


def with_param(request, allowed: tuple[str, ...]) -> set[str]:
    wanted = set(list_param(request, "with"))
    unknown = sorted(wanted - set(allowed))
    if unknown:
        raise ValidationError(
            {"with": [f"The selected with is invalid: {', '.join(unknown)}. Allowed: {', '.join(allowed)}."]}
        )
    return wanted


def date_param(request, name: str) -> datetime.date | None:
    return date_of(name, request.query_params.get(name))


def date_of(name: str, raw: str | None) -> datetime.date | None:
    if raw in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(raw) if len(raw) == 10 else _bad_date(name)
    except ValueError:
        return _bad_date(name)


def _bad_date(name):
    raise ValidationError({name: [f"The {name} does not match the format Y-m-d."]})


def choice_param(request, name: str, choices) -> str | None:
    return choice_of(name, request.query_params.get(name), choices)


def choice_of(name: str, raw: str | None, choices) -> str | None:
    if raw in (None, ""):
        return None
    if raw not in choices:
        raise ValidationError({name: [f"The selected {name} is invalid. Must be one of: {', '.join(choices)}."]})
    return raw


def require_existing(name: str, wanted: list[int] | None, queryset) -> None:
    """Laravel's `exists` rule: every id must name a row the request can see."""
    if not wanted:
        return
    found = set(queryset.filter(pk__in=wanted).values_list("pk", flat=True))
    missing = [i for i in wanted if i not in found]
    if missing:
        raise ValidationError(
            {name: [f"The selected {name.replace('_', ' ')} is invalid: {', '.join(map(str, missing))}."]}
        )
