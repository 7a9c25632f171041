"""Ransack-style filters (`?q[last_name_eq]=Foley&q[agent_username_cont]=al`) over allow-listed fields.

Each list names the attributes a caller may filter on and the ORM path behind each one
(`{"agent_username": "agent__user__username"}`); anything else — an unknown attribute, an unknown
predicate, a value of the wrong type — is refused with a 422, so a filter can never reach a column
the list does not show.
"""

import datetime
import re
from collections.abc import Mapping

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone

QUERY_KEY = re.compile(r"^q\[([a-z0-9_]+)\](\[\])?$")
TRUE_VALUES = {"1", "t", "true", "yes", "on"}
FALSE_VALUES = {"0", "f", "false", "no", "off"}
# Longest first, so that "status_not_eq" is read as status + not_eq rather than status_not + eq.
PREDICATES = sorted(
    ["eq", "not_eq", "cont", "start", "end", "in", "gt", "lt", "gteq", "lteq", "null", "present"],
    key=len,
    reverse=True,
)
TEXT_LOOKUPS = {"cont": "icontains", "start": "istartswith", "end": "iendswith"}
ORDER_LOOKUPS = {"gt": "gt", "lt": "lt", "gteq": "gte", "lteq": "lte"}


class RansackError(ValidationError):
    def __init__(self, message: str):
        super().__init__({"q": [message]})


def query_params(params) -> dict[str, object]:
    """The `q[...]` parameters of a request's QueryDict as {"name_predicate": value or [values]}."""
    out: dict[str, object] = {}
    for key in params.keys():
        match = QUERY_KEY.match(key)
        if match is None:
            if key == "q" or key.startswith("q["):
                raise RansackError(f"{key} is not a valid search parameter")
            continue
        name, is_list = match.groups()
        out[name] = params.getlist(key) if is_list else params.get(key)
    return out


def split_condition(condition: str, allowed: Mapping[str, str]) -> tuple[str, str]:
    for predicate in PREDICATES:
        suffix = "_" + predicate
        if condition.endswith(suffix) and condition[: -len(suffix)] in allowed:
            return allowed[condition[: -len(suffix)]], predicate
    raise RansackError(f"{condition} is not a searchable field and predicate")


class ImproperlyConfiguredSearch(Exception):
    """An allow-list names a path the model does not have: a programming error."""


def model_field(model, path: str) -> models.Field:
    field = None
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:  # an allow-list bug, not the caller's
            raise ImproperlyConfiguredSearch(f"{model.__name__} has no {path}") from None
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return field


def coerce(field: models.Field, value, condition: str):
    if isinstance(value, str) and isinstance(field, models.BooleanField):
        lowered = value.lower()
        if lowered in TRUE_VALUES | FALSE_VALUES:
            return lowered in TRUE_VALUES
    if field.is_relation:
        field = field.target_field
    try:
        result = field.to_python(value)
    except (ValidationError, TypeError, ValueError):
        raise RansackError(f"{condition} has an invalid value") from None
    if isinstance(field, models.DateTimeField) and result is not None:
        result = _storable_instant(result, condition)
    return result


# PostgreSQL keeps a UTC offset only up to 15:59 (Python accepts up to 23:59): past it the database refuses the
# value (a DataError), so it is refused here, with the field's name, like any other value the column cannot hold.
LARGEST_OFFSET = datetime.timedelta(hours=15, minutes=59)


def _storable_instant(value: datetime.datetime, condition: str) -> datetime.datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    elif abs(value.utcoffset()) > LARGEST_OFFSET:
        raise RansackError(f"{condition} has an invalid value")
    try:
        return value.astimezone(datetime.UTC)  # year 1 east of UTC, or 9999 west of it, is no instant of either
    except OverflowError:
        raise RansackError(f"{condition} has an invalid value") from None


def flag(value, condition: str) -> bool:
    lowered = str(value).lower()
    if lowered not in TRUE_VALUES | FALSE_VALUES:
        raise RansackError(f"{condition} expects true or false")
    return lowered in TRUE_VALUES


def condition_q(model, path: str, predicate: str, value, condition: str) -> Q:
    field = model_field(model, path)
    if predicate == "null":
        return Q(**{f"{path}__isnull": flag(value, condition)})
    if predicate == "present":
        present = Q(**{f"{path}__isnull": False})
        if isinstance(field, (models.CharField, models.TextField)):
            present &= ~Q(**{path: ""})
        return present if flag(value, condition) else ~present
    if field.is_relation:
        path = through_relation(field, path)
    if predicate == "in":
        values = value if isinstance(value, list) else [v for v in str(value).split(",") if v != ""]
        return Q(**{f"{path}__in": [v for v in (coerce(field, v, condition) for v in values) if storable(field, v)]})
    if isinstance(value, list):
        raise RansackError(f"{condition} takes one value")
    if predicate in TEXT_LOOKUPS:
        if field.is_relation:  # an id is not text (Ransack's LIKE on it fails in the database)
            raise RansackError(f"{condition} is not a condition on text")
        return Q(**{f"{path}__{TEXT_LOOKUPS[predicate]}": str(value)})
    typed = coerce(field, value, condition)
    if predicate == "eq":
        return Q(**{path: typed})
    if predicate == "not_eq":
        return ~Q(**{path: typed}) | Q(**{f"{path}__isnull": True}) if field.null else ~Q(**{path: typed})
    return Q(**{f"{path}__{ORDER_LOOKUPS[predicate]}": typed})


def storable(field: models.Field, value) -> bool:
    """An integer the column can hold: `in` leaves out one past its range (it names no row), as Django's
    comparisons do; SQLite cannot even bind it."""
    target = field.target_field if field.is_relation else field
    if not isinstance(target, models.IntegerField) or not isinstance(value, int):
        return True
    low, high = connection.ops.integer_field_range(target.get_internal_type())
    return (low is None or value >= low) and (high is None or value <= high)


def through_relation(field: models.Field, path: str) -> str:
    """`status_id` as `status__id`: compared through the related row's own id, a value past the column's range
    matches no row (or every row, for `lt`) as on any integer column, rather than being bound: SQLite cannot
    bind an integer past 64 bits (an OverflowError)."""
    prefix = path.rpartition("__")[0]
    return (
        f"{prefix}__{field.name}__{field.target_field.name}" if prefix else f"{field.name}__{field.target_field.name}"
    )


def _blank(value) -> bool:
    return value is None or value == "" or value == []


def unfiltered(conditions: Mapping[str, object]) -> bool:
    """No condition would narrow the list (Ransack ignores blank ones): its total is the counter's."""
    return all(_blank(value) for value in conditions.values())


def ransack(queryset, conditions: Mapping[str, object], allowed: Mapping[str, str]):
    """`queryset` narrowed by every condition (AND), or RansackError (422) for anything not allowed."""
    if not isinstance(conditions, Mapping):
        raise RansackError("a search query must be an object of conditions")
    model = queryset.model
    combined = Q()
    paths = set()
    for condition, value in conditions.items():
        if _blank(value):
            continue  # Ransack ignores blank conditions
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, (str, int, float, bool)) and "\x00" not in str(v) for v in values):
            raise RansackError(f"{condition} has an invalid value")  # PostgreSQL refuses NUL in text
        path, predicate = split_condition(condition, allowed)
        paths.add(path)
        combined &= condition_q(model, path, predicate, value, condition)
    if not combined:
        return queryset
    if any(_crosses_many(model, path) for path in paths):
        # Filters across to-many relations could repeat a row: a semi-join keeps one per object
        # (rather than DISTINCT, which would sort the whole match before a page could be cut).
        return queryset.filter(pk__in=model._default_manager.filter(combined).values("pk"))
    return queryset.filter(combined)


def _crosses_many(model, path: str) -> bool:
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if field.many_to_many or field.one_to_many:
            return True
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return False


def validate_conditions(model, conditions, allowed: Mapping[str, str]) -> None:
    """Check a stored filter (saved searches) without running it."""
    ransack(model._default_manager.none(), conditions, allowed)
