"""Value formats the documents show: ISO 8601 UTC datetimes with a Z, Rails BigDecimal strings."""

import datetime
from decimal import Decimal

from django.utils import timezone


def format_datetime(value: datetime.datetime) -> str:
    if timezone.is_aware(value):
        value = value.astimezone(datetime.UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def format_decimal(value: Decimal) -> str:
    """Rails prints BigDecimal with at least one decimal place: 3 -> "3.0", 3.50 -> "3.5"."""
    text = format(value.normalize(), "f")
    return text if "." in text else text + ".0"
