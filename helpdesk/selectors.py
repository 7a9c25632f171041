"""Reads of the service desk that need care: each owns the joins and prefetches its JSON needs, so a
page of 30 tickets costs the same few queries as a page of 2."""

from django.db.models import Prefetch, QuerySet

from accounts.models import Membership
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
