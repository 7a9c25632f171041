"""Value formats the documents show: ISO 8601 UTC datetimes with a Z, Rails BigDecimal strings."""

import datetime
from decimal import Decimal

from django.db.models import CharField, Func
from django.utils import timezone


def format_datetime(value: datetime.datetime) -> str:
    if timezone.is_aware(value):
        value = value.astimezone(datetime.UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def format_decimal(value: Decimal) -> str:
    """Rails prints BigDecimal with at least one decimal place: 3 -> "3.0", 3.50 -> "3.5"."""
    text = format(value.normalize(), "f")
    return text if "." in text else text + ".0"


class RailsTimestamp(str):
    """A datetime the database already wrote as `format_datetime` does: JSON encodes it as the string
    it is, Rails XML still types it `datetime`. Big trees read their timestamps so (`UtcTimestampText`):
    parsing thousands of timestamps into datetimes only to print them again was a fifth of a
    2,000-story backlog's read."""


class UtcTimestampText(Func):
    """`format_datetime(column)` computed by the database (UTC, whole seconds, trailing Z)."""

    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite keeps aware datetimes as UTC text; `%%%%` survives two rounds of %-formatting.
        template = "strftime('%%%%Y-%%%%m-%%%%dT%%%%H:%%%%M:%%%%SZ', %(expressions)s)"
        return self.as_sql(compiler, connection, template=template, **extra)
