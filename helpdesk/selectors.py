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
