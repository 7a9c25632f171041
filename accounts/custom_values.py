"""Custom field values, for every owner class (tickets, CIs, users): validated by the field's type,
dropdowns against their options, required fields enforced. Values are stored on the owner as
{"<field id>": value}. Which fields apply to an owner is its app's to say (`applicable_fields` in the
service desk, `ci_custom_fields` in the CMDB)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.dateparse import parse_date

from accounts.models import CustomField
from backlog_site.api.errors import refusal

Kind = CustomField.Kind
TRUE_STRINGS = {"true": True, "1": True, "false": False, "0": False}


class InvalidValue(Exception):
    pass


def _string(field, value):
    if not isinstance(value, str):
        raise InvalidValue("is not a string")
    if "\x00" in value:
        raise InvalidValue("contains a NUL character")
    return value


def _url(field, value):
    _string(field, value)
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise InvalidValue("is not a valid URL") from None
    return value


def _integer(field, value):
    if isinstance(value, bool):
        raise InvalidValue("is not an integer")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise InvalidValue("is not an integer")


def _float(field, value):
    if isinstance(value, bool):
        raise InvalidValue("is not a number")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidValue("is not a number") from None
        if number.is_finite():
            return float(number)
    raise InvalidValue("is not a number")


def _date(field, value):
    if isinstance(value, str):
        try:
            parsed = parse_date(value.strip())
        except ValueError:
            parsed = None
        if isinstance(parsed, datetime.date):
            return parsed.isoformat()
    raise InvalidValue("is not a date (YYYY-MM-DD)")


def _boolean(field, value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in TRUE_STRINGS:
        return TRUE_STRINGS[value.lower()]
    raise InvalidValue("is not true or false")


def _option(field, value):
    """An option's id or name; stored as the option's id."""
    for option in field.options.all():
        if (isinstance(value, int) and not isinstance(value, bool) and option.pk == value) or (
            isinstance(value, str) and value == option.name
        ):
            return option.pk
    raise InvalidValue("is not one of the options")


CONVERTERS = {
    Kind.STRING: _string,
    Kind.TEXT: _string,
    Kind.URL: _url,
    Kind.INTEGER: _integer,
    Kind.FLOAT: _float,
    Kind.DATE: _date,
    Kind.BOOLEAN: _boolean,
    Kind.DROPDOWN: _option,
    Kind.CASCADING_DROPDOWN: _option,
}


def _blank(value) -> bool:
    return value is None or value == "" or value == []


def custom_values_clean(
    *, fields: list[CustomField], values, existing: dict | None = None, enforce_required: bool = True
) -> dict:
    """The owner's new {"<id>": value}: `existing` with `values` applied (null clears a value).

    Ids must name one of `fields`; each value must fit its field's type; with `enforce_required`
    every required field must end up with a value. Errors answer 422 under `custom_fields.<id>`.
    """
    if not isinstance(values, dict):
        raise ValidationError({"custom_fields": ["must be an object keyed by custom field id"]})
    by_id = {str(field.pk): field for field in fields}
    result = dict(existing or {})
    errors: dict[str, list[str]] = {}
    for key, value in values.items():
        field = by_id.get(str(key))
        if field is None:
            errors[f"custom_fields.{key}"] = ["is not a custom field of this record"]
            continue
        if _blank(value):
            result.pop(str(key), None)
            continue
        try:
            result[str(key)] = CONVERTERS[field.type_id](field, value)
        except InvalidValue as exc:
            errors[f"custom_fields.{key}"] = [str(exc)]
    if enforce_required:
        for key, field in by_id.items():
            if field.required and _blank(result.get(key)) and f"custom_fields.{key}" not in errors:
                errors[f"custom_fields.{key}"] = [refusal("blank")]
    if errors:
        raise ValidationError(errors)
    return result
