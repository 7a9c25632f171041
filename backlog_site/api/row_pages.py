"""An unfiltered list's page read as rows by one statement, its total riding along.

Profiled with pyinstrument at 1,000,000 rows, the BOSSDesk ticket list and the Issue Tracker list spent
most of a request in Python: building the page's queryset SQL, a second query for the counter, model
instances for every row and its lookups, serializers. `CountedPage` reads the account's row counter
(`accounts.counters`) and the page of the list's order in one hand-written statement, run as a
server-side prepared statement on PostgreSQL (`backlog_site.prepared.PreparedSQL`), and gives the rows as
tuples; the view renders them (`RowList`) in the shape its serializer or render function writes.

The page is cut as `paging.offset_window` cuts it: the ids from the account-led index of the list's
order, past half of the total read backwards from the end (the total is in the same statement, so the
direction is chosen there: each branch has a one-time condition on it), then the page's rows by id.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC

from django.db import connections
from django.utils.dateparse import parse_datetime

from accounts.models import RowCount
from backlog_site.prepared import PreparedSQL

from .paging import Total


@dataclass(frozen=True)
class RowList:
    """A list the view reads as rows: `read(offset=, limit=)` gives (Total, rows), `render(row)` a row's JSON;
    in a declaration, `of_ids(ids)` the rows of given ids (a filtered list's page) in list order."""

    read: Callable[..., tuple[Total, list]]
    render: Callable[[object], dict]
    of_ids: Callable[[list], list] | None = None


# PostgreSQL and SQLite (the project's two) spell these apart.
_ANY = {"postgresql": "{column} = ANY(ARRAY({ids}))", "sqlite": "{column} IN ({ids})"}
_GREATEST = {"postgresql": "GREATEST", "sqlite": "max"}
_LEAST = {"postgresql": "LEAST", "sqlite": "min"}


def vendor_of(using: str) -> str:
    return "postgresql" if connections[using].vendor == "postgresql" else "sqlite"


def aware(value):
    """A datetime column as Django's ORM gives it: aware, in UTC (SQLite gives naive values or text)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def in_ids(vendor: str, column: str, ids: str) -> str:
    """`column` is one of the ids the subquery `ids` gives (read first, then each row by its key)."""
    return _ANY[vendor].format(column=column, ids=ids)


# The rows of a list of ids given as one parameter: an array on PostgreSQL, a JSON array on SQLite.
_GIVEN_IDS = {"postgresql": "t.id = ANY(%s)", "sqlite": "t.id IN (SELECT value FROM json_each(%s))"}


class CountedPage:
    """One page of an account's unfiltered list and its counted total, in one statement; and the rows of
    given ids (a filtered list's page), in list order.

    `table` is the list's table, aliased `t` in `columns` and `joins` (e.g. `JOIN type ty ON ty.id =
    t.type_id`); `order` its ordering column (unique within the account, with an account-led index),
    `descending` the list's direction; `counter` the counter's name (the model's label)."""

    def __init__(self, *, table: str, columns: str, joins: str = "", order: str, descending: bool, counter: str):
        self.counter = counter
        sql = {vendor: self._statement(vendor, table, columns, joins, order, descending) for vendor in _ANY}
        self._read = PreparedSQL(sql["sqlite"], postgresql=sql["postgresql"])
        given = {
            vendor: f"SELECT {columns} FROM {table} t {joins} WHERE {where}"
            f" ORDER BY t.{order} {'DESC' if descending else 'ASC'}"
            for vendor, where in _GIVEN_IDS.items()
        }
        self._given = PreparedSQL(given["sqlite"], postgresql=given["postgresql"])

    @staticmethod
    def _statement(vendor: str, table: str, columns: str, joins: str, order: str, descending: bool) -> str:
        forwards, backwards = ("DESC", "ASC") if descending else ("ASC", "DESC")
        total = "(SELECT n FROM total)"
        greatest, least = _GREATEST[vendor], _LEAST[vendor]
        ids = (
            f"SELECT id FROM (SELECT id FROM {table} WHERE account_id = %s AND %s <= {total} / 2"
            f" ORDER BY {order} {forwards} LIMIT %s OFFSET %s) forwards"
            " UNION ALL "
            f"SELECT id FROM (SELECT id FROM {table} WHERE account_id = %s AND %s > {total} / 2"
            f" ORDER BY {order} {backwards} LIMIT {greatest}({least}(%s, {total} - %s), 0)"
            f" OFFSET {greatest}({total} - %s - %s, 0)) backwards"
        )
        counter = f"SELECT value FROM {RowCount._meta.db_table} WHERE account_id = %s AND name = %s"
        return (
            f"WITH total (n) AS (SELECT COALESCE(({counter}), 0))"
            f" SELECT total.n, page.* FROM total LEFT JOIN ("
            f"SELECT {columns}, t.{order} AS page_key FROM {table} t {joins} WHERE {in_ids(vendor, 't.id', ids)}"
            f") page ON 1 = 1 ORDER BY page.page_key {forwards}"
        )

    def read(self, *, account_id: int, offset: int, limit: int, using: str = "default") -> tuple[Total, list[tuple]]:
        """(the account's total, the page's rows from `offset`: each the `columns`, in list order)."""
        params = [account_id, self.counter, account_id, offset, limit, offset]
        params += [account_id, offset, limit, offset, offset, limit]
        found = self._read.rows(params, using=using)
        # One row (total, NULL, …) when the page is empty; otherwise the total rides on each row.
        rows = [row[1:-1] for row in found if row[-1] is not None]
        return Total(found[0][0], True), rows

    def rows_of(self, ids: list[int], *, using: str = "default") -> list[tuple]:
        """The rows of `ids` (ids of the list's rows, already narrowed to the account), in list order."""
        if not ids:
            return []
        return self._given.rows([ids if vendor_of(using) == "postgresql" else json.dumps(ids)], using=using)


def timestamp_columns(row: tuple, positions: tuple[int, ...]) -> list:
    """`row` as a list with its datetime columns at `positions` as the ORM gives them (`aware`)."""
    values = list(row)
    for position in positions:
        values[position] = aware(values[position])
    return values
