"""Dev tickets read as rows, not model instances: the Tickets API's list page and detail read.

Profiled with pyinstrument at 1,000,000 tickets, those two reads spent most of their time in Python:
building the querysets' SQL (four select_related joins, the labels' prefetch), making model
instances and running a ModelSerializer per ticket. Here each is one hand-written statement, with
the type's key, the status's workflow, the parent's number and the labels (in `Label` order) in the
same row, run as a server-side prepared statement on PostgreSQL (`backlog_site.prepared`).
"""

import json
from datetime import UTC, datetime
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from accounts import counters
from accounts.models import RowCount
from backlog_site.prepared import PreparedSQL
from backlogs.models import Label, Ticket, TicketStatus, TicketType


class TicketRow(NamedTuple):
    id: int
    number: int
    type_key: str
    title: str
    workflow: str
    priority: int
    assignee_id: int | None
    repository_id: int | None
    parent_number: int | None
    created_at: datetime
    updated_at: datetime
    labels: list[str]  # names in Label order (name, id)
    description: str | None = None  # the detail read's only


_TABLES = {
    "ticket": Ticket._meta.db_table,
    "type": TicketType._meta.db_table,
    "status": TicketStatus._meta.db_table,
    "label": Label._meta.db_table,
    "ticket_label": Ticket.labels.through._meta.db_table,
    "rowcount": RowCount._meta.db_table,
}
_LABEL_NAMES = (
    "SELECT l.name FROM {ticket_label} tl JOIN {label} l ON l.id = tl.label_id WHERE tl.ticket_id = t.id"
    " ORDER BY l.name, l.id"
).format(**_TABLES)
# The labels as one value of the row: an array on PostgreSQL, a JSON array on SQLite.
_LABELS = {"postgresql": f"ARRAY({_LABEL_NAMES})", "sqlite": f"(SELECT json_group_array(name) FROM ({_LABEL_NAMES}))"}
_SELECT = (
    "SELECT t.id, t.number, tt.key, t.title, ts.workflow, t.priority, t.assignee_id, t.repository_id, p.number,"
    " t.created_at, t.updated_at, {labels}{description}"
    " FROM {ticket} t JOIN {type} tt ON tt.id = t.ticket_type_id JOIN {status} ts ON ts.id = t.status_id"
    " LEFT JOIN {ticket} p ON p.id = t.parent_id"
)
# The rows whose ids a subquery names: `= ANY(ARRAY(…))` makes PostgreSQL read the ids first, then
# each row by primary key (backlog_site.api.paging._PkInPage says why).
_IN_IDS = {
    "postgresql": " WHERE t.id = ANY(ARRAY({ids})) ORDER BY t.id",
    "sqlite": " WHERE t.id IN ({ids}) ORDER BY t.id",
}


def _statement(vendor: str, where: str, *, description: bool = False) -> str:
    select = _SELECT.format(labels=_LABELS[vendor], description=", t.description" if description else "", **_TABLES)
    return select + where


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    return vendor if vendor in _LABELS else "sqlite"  # the project runs on these two


# The account's page of the list's order (Ticket.Meta.ordering: id, the index ticket_page), read
# forwards or, past half the total, backwards from the end.
_PAGE_IDS = "SELECT id FROM {ticket} WHERE account_id = %s ORDER BY id {direction} LIMIT %s OFFSET %s"
_PAGE = {
    direction: PreparedSQL(
        _statement("sqlite", _IN_IDS["sqlite"].format(ids=_PAGE_IDS.format(direction=direction, **_TABLES))),
        postgresql=_statement(
            "postgresql", _IN_IDS["postgresql"].format(ids=_PAGE_IDS.format(direction=direction, **_TABLES))
        ),
    )
    for direction in ("ASC", "DESC")
}
_BY_NUMBER = PreparedSQL(
    _statement("sqlite", " WHERE t.account_id = %s AND t.number = %s", description=True),
    postgresql=_statement("postgresql", " WHERE t.account_id = %s AND t.number = %s", description=True),
)
_COUNTER = PreparedSQL("SELECT value FROM {rowcount} WHERE account_id = %s AND name = %s".format(**_TABLES))
_COUNTER_NAME = Ticket._meta.label_lower


def _row(values: tuple) -> TicketRow:
    values = list(values)
    for index in (9, 10):  # SQLite gives naive datetimes, in UTC as Django stores them
        if values[index].tzinfo is None:
            values[index] = values[index].replace(tzinfo=UTC)
    if isinstance(values[11], str):
        values[11] = json.loads(values[11])
    return TicketRow(*values)


def account_total(*, account_id: int, using: str = "default") -> int:
    """The account's number of tickets: its trigger-kept counter (accounts.counters), else a count."""
    if not counters.counted(Ticket):
        return Ticket.objects.using(using).filter(account_id=account_id).count()
    found = _COUNTER.rows([account_id, _COUNTER_NAME], using=using)
    return found[0][0] if found else 0  # no counter row: nothing was ever inserted for the account


def account_page(*, account_id: int, offset: int, limit: int, total: int, using: str = "default") -> list[TicketRow]:
    """`limit` tickets of the account from `offset` in list order (by id), of `total` in all."""
    if offset >= total:
        return []
    if offset > total // 2:
        # Nearer the end: count back from it, so that the last page costs what the first does.
        end = total - offset  # rows from the page's first row to the end
        start = max(end - limit, 0)
        return [_row(values) for values in _PAGE["DESC"].rows([account_id, end - start, start], using=using)]
    return [_row(values) for values in _PAGE["ASC"].rows([account_id, limit, offset], using=using)]


def rows_of(ids: QuerySet) -> list[TicketRow]:
    """The tickets `ids` names (a sliced `values("pk")` queryset, e.g. a filtered list's page), by id."""
    using = ids.db
    vendor = _vendor(using)
    try:
        ids_sql, params = ids.query.get_compiler(using=using).as_sql()
    except EmptyResultSet:  # a filter no row can pass
        return []
    with connections[using].cursor() as cursor:
        cursor.execute(_statement(vendor, _IN_IDS[vendor].format(ids=ids_sql)), params)
        return [_row(values) for values in cursor.fetchall()]


def row_by_number(*, account_id: int, number: int, using: str = "default") -> TicketRow | None:
    """The account's ticket `number`, with its description."""
    found = _BY_NUMBER.rows([account_id, number], using=using)
    return _row(found[0]) if found else None
