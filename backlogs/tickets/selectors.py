"""Reads of dev tickets that need care: the querysets every surface renders from, filters, the board."""

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


def ticket_by_slug(queryset: QuerySet[Ticket], *, account: Account, slug: str) -> Ticket | None:
    """The ticket `PREFIX-n` of `account` (prefix compared case-insensitively), or None."""
    prefix, sep, number = slug.rpartition("-")
    if not sep or prefix.upper() != account.ticket_prefix.upper() or not number.isdigit() or len(number) > 9:
        return None
    return queryset.filter(account=account, number=int(number)).first()


def board_columns(*, account: Account, repository_id: int | None = None, cards: bool = False) -> list[dict]:
    """One column per workflow status in board order, each with its tickets by priority (urgent
    first) then position. A fixed number of queries whatever the number of tickets; `cards` also
    loads what the board page shows on a card (assignee, labels)."""
    tickets = (
        Ticket.objects.filter(account=account)
        .select_related("account", "ticket_type", "status")
        .order_by("-priority", "position", "id")
    )
    if cards:
        # Ticket.assignee and Ticket.labels: shown on every card of the board page.
        tickets = tickets.select_related("assignee").prefetch_related("labels")
    if repository_id is not None:
        tickets = tickets.filter(repository_id=repository_id)
    columns = {workflow.value: [] for workflow in Workflow}
    for ticket in tickets:
        columns[ticket.status.workflow].append(ticket)
    return [{"status": workflow, "tickets": items} for workflow, items in columns.items()]


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
