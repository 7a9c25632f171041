"""Reads of dev tickets that need care: the querysets every surface renders from, filters, the board."""

from django.db import connections
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from accounts.models import Account
from backlogs.models import Backlog, Ticket, TicketComment, TicketStatus, TicketType, Workflow


def tickets_for_render(*, comments: bool) -> QuerySet[Ticket]:
    """Tickets with everything a serialiser reads, in a fixed number of queries."""
    # Ticket.labels: the org API's `labels`.
    queryset = Ticket.objects.select_related("account", "ticket_type", "status", "parent").prefetch_related("labels")
    if comments:
        # Ticket.comments: the Public Backlog's `comments`.
        queryset = queryset.prefetch_related(Prefetch("comments", queryset=TicketComment.objects.all()))
    return queryset


def tickets_filter(
    queryset: QuerySet[Ticket],
    *,
    repository_id: int | None = None,
    workflow: str | None = None,
    type_key: str | None = None,
    assignee_id: int | None = None,
    labels: list[str] | None = None,
) -> QuerySet[Ticket]:
    if repository_id is not None:
        queryset = queryset.filter(repository_id=repository_id)
    if workflow:
        queryset = queryset.filter(status__workflow=workflow)
    if type_key:
        queryset = queryset.filter(ticket_type__key=type_key)
    if assignee_id is not None:
        queryset = queryset.filter(assignee_id=assignee_id)
    # A ticket must carry every label named: one EXISTS per label keeps rows unduplicated.
    for name in labels or []:
        queryset = queryset.filter(
            Exists(Ticket.labels.through.objects.filter(ticket=OuterRef("pk"), label__name=name))
        )
    return queryset


def slug_number(*, account: Account, slug: str) -> int | None:
    """The number `n` of a slug `PREFIX-n` of `account` (prefix compared case-insensitively), or None."""
    prefix, sep, number = slug.rpartition("-")
    if not sep or prefix.upper() != account.ticket_prefix.upper() or not number.isdigit() or len(number) > 9:
        return None
    return int(number)


def ticket_by_slug(queryset: QuerySet[Ticket], *, account: Account, slug: str) -> Ticket | None:
    """The ticket `PREFIX-n` of `account` (prefix compared case-insensitively), or None."""
    number = slug_number(account=account, slug=slug)
    if number is None:
        return None
    return queryset.filter(account=account, number=number).first()


BOARD_ORDER = ("-priority", "position", "id")  # urgent first, then position: the index ticket_board_order
BOARD_CARDS_DEFAULT = 50
BOARD_CARDS_MAX = 100
# What a card shows (slug = the account's prefix + number); the description can be megabytes.
BOARD_CARD_FIELDS = (
    "id",
    "number",
    "title",
    "priority",
    "position",
    "assignee_id",
    "status_id",
    "account_id",
    "ticket_type__key",
)


def board_columns(
    *,
    account: Account,
    repository_id: int | None = None,
    workflow: str | None = None,
    limit: int = BOARD_CARDS_DEFAULT,
    offset: int = 0,
    cards: bool = False,
) -> list[dict]:
    """The board: one column per workflow status in board order (only `workflow`'s when given), each
    with `total` (its number of tickets) and its tickets `offset`…`offset + limit` by priority (urgent
    first) then position. `cards` also loads what the board page shows on a card (assignee, labels).

    It costs O(columns × (offset + limit)) whatever the number of tickets, in a fixed number of
    queries: the statuses with their totals; the ids of each status's head of the index, merged per
    column here; the page's tickets."""
    statuses = TicketStatus.objects.filter(account=account).order_by("pk")
    if workflow:
        statuses = statuses.filter(workflow=workflow)
    # Kept by triggers (board_counts): a row per status, not a count of the account's tickets.
    statuses = [
        (pk, name, total or 0) for pk, name, total in statuses.values_list("pk", "workflow", "ticket_count__tickets")
    ]
    if repository_id is not None:
        # A repository's tickets are counted: O(that repository), through its index.
        counted = dict(
            Ticket.objects.filter(
                account=account, repository_id=repository_id, status_id__in=[pk for pk, _, _ in statuses]
            )
            .values_list("status_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        statuses = [(pk, name, counted.get(pk, 0)) for pk, name, _ in statuses]
    columns = {w.value: {"status": w.value, "total": 0, "tickets": []} for w in Workflow if workflow in (None, w.value)}
    for _, name, total in statuses:
        columns[name]["total"] += total
    heads = _board_heads(account, [pk for pk, _, total in statuses if total], repository_id, offset + limit)
    by_column: dict[str, list] = {name: [] for name in columns}
    workflow_of = {pk: name for pk, name, _ in statuses}
    for head in sorted(heads, key=lambda row: (-row[1], row[2], row[0])):
        by_column[workflow_of[head[3]]].append(head[0])
    page_ids = {pk: name for name, ids in by_column.items() for pk in ids[offset : offset + limit]}
    if page_ids:
        tickets = (
            Ticket.objects.filter(pk__in=page_ids)
            .select_related("ticket_type")
            .only(*BOARD_CARD_FIELDS)
            .order_by(*BOARD_ORDER)
        )
        if cards:
            # Ticket.assignee and Ticket.labels: shown on every card of the board page.
            tickets = tickets.select_related("assignee").prefetch_related("labels")
        for ticket in tickets:
            ticket.account = account  # the slug's prefix, without joining the account to every card
            columns[page_ids[ticket.pk]]["tickets"].append(ticket)
    return list(columns.values())


# One status's head of the board index (ticket_board_order): an index-only range scan. Written by
# hand: compiling one ORM queryset per status took longer than running them.
_HEAD = (
    "SELECT id, priority, position, status_id FROM backlogs_ticket WHERE account_id = %s AND status_id = {status}"
    "{repository} ORDER BY priority DESC, position, id LIMIT %s"
)


def _board_heads(account: Account, status_ids: list[int], repository_id: int | None, size: int) -> list[tuple]:
    """(id, priority, position, status_id) of the first `size` tickets of each status in board order,
    in one query, so that no status is read further than the page needs."""
    if not status_ids:
        return []
    repository, repository_params = ("", []) if repository_id is None else (" AND repository_id = %s", [repository_id])
    connection = connections[Ticket.objects.db]
    if connection.vendor == "postgresql":
        # One plan for every status (a UNION of 22 heads spent 10 ms planning them).
        sql = (
            "SELECT head.* FROM unnest(%s::bigint[]) AS s(id) CROSS JOIN LATERAL ("
            + _HEAD.format(status="s.id", repository=repository)
            + ") AS head"
        )
        params = [status_ids, account.pk, *repository_params, size]
    else:
        # Each head is a derived table: SQLite refuses LIMIT directly inside a UNION.
        head = "SELECT * FROM (" + _HEAD.format(status="%s", repository=repository) + ") AS head"
        sql = " UNION ALL ".join([head] * len(status_ids))
        params = [p for pk in status_ids for p in (account.pk, pk, *repository_params, size)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def backlog_find(*, account: Account, backlog_id=None, name: str | None = None) -> Backlog | None:
    """A backlog of `account` by id or by name (the oldest non-archived one of that name first)."""
    backlogs = Backlog.objects.live().filter(account=account)
    if backlog_id is not None:
        return backlogs.filter(pk=backlog_id).first()
    return backlogs.filter(name=name).order_by("archived", "created_at", "id").first()


def backlog_summary(*, account: Account, backlog_id=None, name: str | None = None) -> Backlog | None:
    """The backlog with `ticket_count` and the organisation's `ticket_types`, each with its statuses."""
    backlog = backlog_find(account=account, backlog_id=backlog_id, name=name)
    if backlog is None:
        return None
    backlog = Backlog.objects.annotate(ticket_count=Count("tickets")).get(pk=backlog.pk)
    # TicketType.statuses: each type lists its statuses.
    backlog.ticket_types = list(
        TicketType.objects.filter(account=account).prefetch_related(
            Prefetch("statuses", queryset=TicketStatus.objects.order_by("position", "id"))
        )
    )
    return backlog
