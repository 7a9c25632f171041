"""Reads of the CMDB that need care: each owns the joins and prefetches its JSON needs, so a page
of 30 CIs costs the same few queries as a page of 2."""

from collections import defaultdict

from django.db.models import Prefetch, QuerySet

from accounts.models import Membership

from .models import CI, Attachment, CINote


def ci_list(*, account_id: int) -> QuerySet[CI]:
    """The summary list: type and status are one join each."""
    return CI.objects.filter(account_id=account_id).select_related("type", "status")


def ci_members() -> QuerySet[Membership]:
    # users: each with login (names, e-mail), profile (domain name) and group; roles prefetched.
    return Membership.objects.select_related("user", "profile__group").prefetch_related("profile__roles")


def ci_detail(*, account_id: int) -> QuerySet[CI]:
    return (
        CI.objects.filter(account_id=account_id)
        .select_related("type", "status", "location", "manufacturer")
        .prefetch_related(
            "tags",  # tags
            Prefetch("users", queryset=ci_members()),  # users: profile, group and roles of each
        )
    )


def ci_notes(*, ci: CI) -> QuerySet[CINote]:
    return ci.notes.select_related("created_by__user")


def attachments_of(**owner) -> QuerySet[Attachment]:
    return Attachment.objects.filter(**owner).select_related("created_by__user")


def cis_for_tickets(ticket_ids) -> dict[int, list[CI]]:
    """{ticket id: [CI, …]} for the given tickets in one query (type and status joined), for the
    ticket JSON's `cis` (render each with `cmdb.api.bossdesk_render.ticket_ci`)."""
    links = (
        CI.tickets.through.objects.filter(ticket_id__in=list(ticket_ids))
        .select_related("ci__type", "ci__status")
        .order_by("ticket_id", "ci__friendly_id")
    )
    out: dict[int, list[CI]] = defaultdict(list)
    for link in links:
        out[link.ticket_id].append(link.ci)
    return dict(out)


def attachments_for_tickets(ticket_ids) -> dict[tuple[int, int | None], list[Attachment]]:
    """{(ticket id, comment id or None): [Attachment, …]} in one query, for the ticket JSON's
    `attachments` and each comment's `attachments` (render with `bossdesk_render.attachment_summary`)."""
    out: dict[tuple[int, int | None], list[Attachment]] = defaultdict(list)
    for attachment in Attachment.objects.filter(ticket_id__in=list(ticket_ids)).order_by("created_at", "id"):
        out[(attachment.ticket_id, attachment.comment_id)].append(attachment)
    return dict(out)
