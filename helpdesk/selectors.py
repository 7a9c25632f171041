"""Reads of the service desk that need care: each owns the joins and prefetches its JSON needs, so a
page of 30 tickets costs the same few queries as a page of 2."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, prefetch_related_objects

from accounts.models import Membership, Tag
from backlog_site.prepared import Prepared
from cmdb.models import CI, Attachment
from helpdesk.models import Ticket, TicketComment, TicketTask, TimeEntry

PEOPLE = ("agent__user", "requester__user")
LOOKUPS = ("type", "priority", "category", "extended_status", "team")


def ticket_list(*, account_id: int) -> QuerySet[Ticket]:
    """Agent list: every embedded object is one join."""
    return Ticket.objects.filter(account_id=account_id).select_related(*LOOKUPS, *PEOPLE)


def _person_columns(name: str) -> tuple[str, ...]:
    return (name, f"{name}__friendly_id", f"{name}__user", *(f"{name}__user__{f}" for f in PERSON_FIELDS))


PERSON_FIELDS = ("username", "first_name", "last_name")
# What a list item shows (bossdesk_render.ticket_list_item), and nothing else: a page of 30 then
# reads and builds 30 × 9 small rows instead of every column of ten tables (passwords, permission maps).
LIST_COLUMNS = (
    *("account_id", "friendly_id", "title", "status", "due_at"),
    *("type", "type__name", "type__shortcut"),
    *("priority", "priority__name", "priority__color"),
    *("category", "category__name", "category__color", "category__icon"),
    *("extended_status", "extended_status__name"),
    *_person_columns("agent"),
    *_person_columns("requester"),
)


def ticket_list_items(*, account_id: int) -> QuerySet[Ticket]:
    """The API's ticket list items (`/tickets`, saved searches): only the columns they render."""
    return (
        Ticket.objects.filter(account_id=account_id)
        .select_related("type", "priority", "category", "extended_status", *PEOPLE)
        .only(*LIST_COLUMNS)
    )


def ticket_detail(*, account_id: int) -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(account_id=account_id)
        .select_related(*LOOKUPS, *PEOPLE, "requester__profile__group")  # requester: phone, mobile, group
        .prefetch_related(
            "tags",  # tags
            # comments: each with its author and attachments
            Prefetch(
                "comments",
                queryset=TicketComment.objects.select_related("created_by__user").prefetch_related("attachments"),
            ),
            # attachments: the ticket's own (comments' attachments are listed under each comment)
            Prefetch(
                "attachments", queryset=Attachment.objects.filter(comment__isnull=True), to_attr="own_attachments"
            ),
            # cis: the linked CIs with type and status
            Prefetch("cis", queryset=CI.objects.select_related("type", "status")),
            # tasks: type, team, agent and author of each
            Prefetch(
                "tasks",
                queryset=TicketTask.objects.select_related("type", "team", "agent__user", "created_by__user"),
            ),
            # time_entries: agent and task of each
            Prefetch("time_entries", queryset=TimeEntry.objects.select_related("agent__user", "task")),
        )
    )


# What a ticket's detail lists, each as (flag, to_attr, what to read): the flags are EXISTS subqueries of
# the ticket's own query, so that a list the ticket does not have costs no query of its own. Most
# tickets have comments but no CIs, tasks or time entries: 4 queries instead of 9.
_TICKET = OuterRef("pk")
_DETAIL_LISTS = [
    ("has_tags", Exists(Ticket.tags.through.objects.filter(ticket=_TICKET)), "tags", "tag_list", Tag.objects.all()),
    (
        "has_comments",
        Exists(TicketComment.objects.filter(ticket=_TICKET)),
        "comments",
        "comment_list",
        TicketComment.objects.select_related("created_by__user").annotate(
            has_attachments=Exists(Attachment.objects.filter(comment=OuterRef("pk")))
        ),
    ),
    (
        "has_attachments",
        Exists(Attachment.objects.filter(ticket=_TICKET, comment__isnull=True)),
        "attachments",
        "own_attachments",
        Attachment.objects.filter(comment__isnull=True),
    ),
    (
        "has_cis",
        Exists(CI.tickets.through.objects.filter(ticket=_TICKET)),
        "cis",
        "ci_list",
        CI.objects.select_related("type", "status"),
    ),
    (
        "has_tasks",
        Exists(TicketTask.objects.filter(ticket=_TICKET)),
        "tasks",
        "task_list",
        TicketTask.objects.select_related("type", "team", "agent__user", "created_by__user"),
    ),
    (
        "has_time_entries",
        Exists(TimeEntry.objects.filter(ticket=_TICKET)),
        "time_entries",
        "time_entry_list",
        TimeEntry.objects.select_related("agent__user", "task"),
    ),
]
# Built once: resolving six EXISTS and the joins cost a quarter of a detail request. Querysets are
# immutable (each filter() returns a copy), so every request starts from this one.
# The people are read apart from the lookups: one 11-table join took PostgreSQL 10-45 ms to plan
# (the search over join orders grows exponentially), two small queries take well under 1 ms.
# Both are compiled to SQL once per process (backlog_site.prepared): building them was most of a
# detail read's time.
_DETAIL = Ticket.objects.select_related(*LOOKUPS).annotate(**{flag: exists for flag, exists, *_ in _DETAIL_LISTS})
_DETAIL_BY = {
    key: Prepared(
        lambda account_id, value, key=key: _DETAIL.filter(account_id=account_id, **{key: value})[:1],
        account_id=int,
        value=int,
    )  # fmt: skip
    for key in ("pk", "friendly_id")
}
_PEOPLE = Prepared(
    lambda first, second: Membership.objects.select_related("user", "profile__group").filter(pk__in=[first, second]),
    first=int,
    second=int,
)


def ticket_detail_read(*, account_id: int, **lookup) -> Ticket | None:
    """One ticket of the account (by `pk=` or `friendly_id=`) with everything its detail shows, as
    lists (`tag_list`, `comment_list` (each with `attachment_list`), `own_attachments`, `ci_list`,
    `task_list`, `time_entry_list`); only the lists it has cost a query."""
    ((key, value),) = lookup.items()
    value = int(value)  # a URL's digits; the prepared SQL takes the number as it is
    if not 0 < value <= (2**31 - 1 if key == "friendly_id" else 2**63 - 1):
        return None  # no such row (and no integer overflow error from the database)
    ticket = _DETAIL_BY[key].first(account_id=account_id, value=value)
    if ticket is None:
        return None
    people_ids = [pk for pk in (ticket.agent_id, ticket.requester_id) if pk is not None]
    people = {m.pk: m for m in _PEOPLE.all(first=people_ids[0], second=people_ids[-1])} if people_ids else {}
    ticket.agent, ticket.requester = people.get(ticket.agent_id), people.get(ticket.requester_id)
    present = []
    for flag, _, relation, to_attr, queryset in _DETAIL_LISTS:
        if getattr(ticket, flag):
            present.append(Prefetch(relation, queryset=queryset, to_attr=to_attr))
        else:
            setattr(ticket, to_attr, [])
    prefetch_related_objects([ticket], *present)
    comments = ticket.comment_list
    prefetch_related_objects(
        [c for c in comments if c.has_attachments], Prefetch("attachments", to_attr="attachment_list")
    )
    for comment in comments:
        if not comment.has_attachments:
            comment.attachment_list = []
    return ticket


def my_ticket_list(*, membership: Membership) -> QuerySet[Ticket]:
    """End-user list: only the tickets the caller requested."""
    return Ticket.objects.filter(account_id=membership.account_id, requester=membership).select_related(
        "type", "agent__user"
    )


def my_ticket_detail(*, membership: Membership) -> QuerySet[Ticket]:
    return my_ticket_list(membership=membership).prefetch_related(
        # comments: public ones only — internal notes never reach the requester
        Prefetch(
            "comments",
            queryset=TicketComment.objects.filter(is_public=True)
            .select_related("created_by__user")
            .prefetch_related("attachments"),
            to_attr="public_comments",
        ),
        # attachments: the ticket's own (comments' attachments are listed under each comment)
        Prefetch("attachments", queryset=Attachment.objects.filter(comment__isnull=True), to_attr="own_attachments"),
    )


def user_list(*, account_id: int) -> QuerySet[Membership]:
    return Membership.objects.filter(account_id=account_id).select_related("user")


def user_detail(*, account_id: int) -> QuerySet[Membership]:
    return (
        user_list(account_id=account_id)
        .select_related("profile__location", "profile__group")
        .prefetch_related(
            "profile__roles",  # roles
            "profile__tags",  # tags
        )
    )
