"""The agent ticket list's page read as rows, not model instances (`backlog_site.api.row_pages`).

At 1,000,000 tickets pyinstrument showed the list's page spending most of its time in Python: building
the 9-table select_related queryset's SQL, making 30 × 9 model instances, and a query of its own for
the counter. Here the counter and the page, with each ticket's lookups and people, are one prepared
statement whose rows hold what a list item shows (`selectors.LIST_COLUMNS`, nothing else).
"""

from datetime import datetime
from typing import NamedTuple

from accounts.models import Membership, User
from backlog_site.api.paging import Total
from backlog_site.api.row_pages import CountedPage, timestamp_columns
from helpdesk.models import ExtendedStatus, HelpdeskCategory, HelpdeskPriority, Ticket, TicketType


class TicketListRow(NamedTuple):
    id: int
    friendly_id: int
    title: str
    status: str
    due_at: datetime | None
    type_id: int
    type_name: str
    type_shortcut: str
    priority_id: int
    priority_name: str
    priority_color: str
    category_id: int | None
    category_name: str | None
    category_color: str | None
    category_icon: str | None
    extended_status_id: int | None
    extended_status_name: str | None
    # A person: the user's id (None: nobody), the membership's number, the user's names.
    requester_id: int | None
    requester_friendly_id: int | None
    requester_username: str | None
    requester_first_name: str | None
    requester_last_name: str | None
    agent_id: int | None
    agent_friendly_id: int | None
    agent_username: str | None
    agent_first_name: str | None
    agent_last_name: str | None


def _person(member: str, user: str) -> str:
    return f"{user}.id, {member}.friendly_id, {user}.username, {user}.first_name, {user}.last_name"


_MEMBERSHIP, _USER = Membership._meta.db_table, User._meta.db_table
_PAGE = CountedPage(
    table=Ticket._meta.db_table,
    columns=(
        "t.id, t.friendly_id, t.title, t.status, t.due_at, ty.id, ty.name, ty.shortcut, pr.id, pr.name, pr.color,"
        " ca.id, ca.name, ca.color, ca.icon, es.id, es.name, "
        f"{_person('rq', 'ru')}, {_person('ag', 'au')}"
    ),
    joins=(
        f"JOIN {TicketType._meta.db_table} ty ON ty.id = t.type_id"
        f" JOIN {HelpdeskPriority._meta.db_table} pr ON pr.id = t.priority_id"
        f" LEFT JOIN {HelpdeskCategory._meta.db_table} ca ON ca.id = t.category_id"
        f" LEFT JOIN {ExtendedStatus._meta.db_table} es ON es.id = t.extended_status_id"
        f" LEFT JOIN {_MEMBERSHIP} rq ON rq.id = t.requester_id LEFT JOIN {_USER} ru ON ru.id = rq.user_id"
        f" LEFT JOIN {_MEMBERSHIP} ag ON ag.id = t.agent_id LEFT JOIN {_USER} au ON au.id = ag.user_id"
    ),
    order="friendly_id",
    descending=True,  # Ticket.Meta.ordering, the index helpdesk_ticket_page
    counter=Ticket._meta.label_lower,
)
_DUE_AT = TicketListRow._fields.index("due_at")


def ticket_list_rows(ids: list[int]) -> list[TicketListRow]:
    """The tickets of `ids` (a filtered list's page), in list order."""
    return [TicketListRow(*timestamp_columns(row, (_DUE_AT,))) for row in _PAGE.rows_of(ids)]


def ticket_list_page(*, account_id: int, offset: int, limit: int) -> tuple[Total, list[TicketListRow]]:
    """The account's ticket count and its `limit` tickets from `offset` in list order (newest first)."""
    total, rows = _PAGE.read(account_id=account_id, offset=offset, limit=limit)
    return total, [TicketListRow(*timestamp_columns(row, (_DUE_AT,))) for row in rows]
