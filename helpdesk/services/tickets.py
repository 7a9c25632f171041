"""The life of a ticket: create, update (optimistic locking), comment, close, reopen.

Status: a new ticket is `incoming`, or `assigned` when it has an agent; giving an open ticket an
agent makes it `assigned`, taking the agent away makes it `open`; `close` sets `closed` and
`closed_at`, `reopen` clears them. Every change writes a `TicketEvent` in the same transaction.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from rest_framework import status as http

from accounts.custom_values import custom_values_clean
from accounts.models import Account, Membership
from accounts.services import sequence_next
from backlog_site.api.errors import ApplicationError, Refused
from helpdesk.models import HelpdeskPriority, HelpdeskSettings, Ticket, TicketComment, TicketEvent
from webhooks.services import event_emit

from .custom_fields import applicable_fields
from .html import sanitise_html

Status = Ticket.Status
TRACKED_FIELDS = [
    "title",
    "description",
    "type",
    "priority",
    "category",
    "extended_status",
    "team",
    "agent",
    "requester",
    "due_at",
]


# The webhook event each recorded change is announced as (a reopening is an update of the status).
WEBHOOK_EVENTS = {
    TicketEvent.Kind.CREATED: "ticket_created",
    TicketEvent.Kind.UPDATED: "ticket_updated",
    TicketEvent.Kind.COMMENTED: "ticket_commented",
    TicketEvent.Kind.CLOSED: "ticket_closed",
    TicketEvent.Kind.REOPENED: "ticket_updated",
}


def event_record(*, ticket: Ticket, kind: str, actor: Membership | None, changes: dict | None = None) -> TicketEvent:
    """Record a change and announce it to the account's webhooks, both in the change's transaction."""
    event = TicketEvent.objects.create(
        account_id=ticket.account_id, ticket=ticket, kind=kind, actor=actor, changes=changes or {}
    )
    event_emit(
        account=ticket.account,
        event_type=WEBHOOK_EVENTS[kind],
        data={
            "ticket_id": ticket.friendly_id,
            "title": ticket.title,
            "status": ticket.status,
            "change": kind,
            "changes": changes or {},
            "actor_id": actor.user_id if actor else None,
        },
    )
    return event


def _status_for_agent(ticket: Ticket) -> str:
    if ticket.status == Status.CLOSED:
        return Status.CLOSED
    if ticket.agent_id is not None:
        return Status.ASSIGNED
    return Status.INCOMING if ticket.status == Status.INCOMING else Status.OPEN


def _json_value(value):
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def default_priority(account: Account) -> HelpdeskPriority | None:
    settings = HelpdeskSettings.objects.filter(account=account).select_related("default_priority").first()
    if settings and settings.default_priority:
        return settings.default_priority
    return HelpdeskPriority.objects.filter(account=account).order_by("level", "id").first()


@transaction.atomic
def ticket_create(
    *,
    account: Account,
    actor: Membership,
    fields: dict,
    tags=None,
    custom_fields=None,
    enforce_required: bool = True,
    source: str = "api",
) -> Ticket:
    """A new ticket numbered per account. `fields` holds model values (lookups already resolved)."""
    ticket = Ticket(account=account, created_by=actor, source=source)
    for name, value in fields.items():
        setattr(ticket, name, value)
    if "description" in fields:
        ticket.description = sanitise_html(ticket.description)
    if ticket.priority_id is None:
        ticket.priority = default_priority(account)
        if ticket.priority is None:
            raise Refused("blank", field="priority")
    if ticket.team_id is None and "team" not in fields:
        settings = HelpdeskSettings.objects.filter(account=account).first()
        ticket.team_id = settings.default_team_id if settings else None
    ticket.custom_fields = custom_values_clean(
        fields=applicable_fields(account=account, owner_class="ticket", category=ticket.category),
        values=custom_fields or {},
        enforce_required=enforce_required,
    )
    ticket.status = Status.ASSIGNED if ticket.agent_id else Status.INCOMING
    ticket.friendly_id = sequence_next(account=account, name="helpdesk_ticket")
    ticket.save()
    if tags:
        ticket.tags.set(tags)
    event_record(ticket=ticket, kind=TicketEvent.Kind.CREATED, actor=actor)
    return ticket


def _locked(ticket: Ticket, lock_version) -> Ticket:
    """The ticket's row, locked until the transaction ends; a stale `lock_version` answers 409.

    The row lock serialises concurrent updates: the second waits, then reads the first one's
    incremented lock_version and is refused, so two agents can never both win."""
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if lock_version is not None and lock_version != locked.lock_version:
        raise ApplicationError(
            "The ticket was changed by someone else in the meantime; reload it and try again",
            status_code=http.HTTP_409_CONFLICT,
        )
    return locked


def _bump(ticket: Ticket) -> None:
    ticket.lock_version = F("lock_version") + 1
    ticket.save()
    ticket.refresh_from_db(fields=["lock_version", "updated_at"])


@transaction.atomic
def ticket_update(
    *,
    ticket: Ticket,
    actor: Membership,
    fields: dict,
    tags=None,
    custom_fields=None,
    lock_version: int | None = None,
) -> Ticket:
    ticket = _locked(ticket, lock_version)
    changes = {}
    for name, value in fields.items():
        if name == "description":
            value = sanitise_html(value)
        old = getattr(ticket, name)
        if old != value:
            changes[name] = [_json_value(old), _json_value(value)]
            setattr(ticket, name, value)
    if custom_fields is not None or "category" in changes:
        cleaned = custom_values_clean(
            fields=applicable_fields(account=ticket.account, owner_class="ticket", category=ticket.category),
            values=custom_fields or {},
            existing=ticket.custom_fields,
        )
        if cleaned != ticket.custom_fields:
            changes["custom_fields"] = [ticket.custom_fields, cleaned]
            ticket.custom_fields = cleaned
    if tags is not None:
        old_tags = sorted(ticket.tags.values_list("pk", flat=True))
        new_tags = sorted(tag.pk for tag in tags)
        if old_tags != new_tags:
            changes["tags"] = [old_tags, new_tags]
            ticket.tags.set(tags)
    new_status = _status_for_agent(ticket)
    if new_status != ticket.status:
        changes["status"] = [ticket.status, new_status]
        ticket.status = new_status
    _bump(ticket)
    event_record(ticket=ticket, kind=TicketEvent.Kind.UPDATED, actor=actor, changes=changes)
    return ticket


@transaction.atomic
def ticket_close(*, ticket: Ticket, actor: Membership) -> Ticket:
    ticket = _locked(ticket, None)
    if ticket.is_closed:
        raise Refused("already_closed")
    ticket.status = Status.CLOSED
    ticket.closed_at = timezone.now()
    _bump(ticket)
    event_record(ticket=ticket, kind=TicketEvent.Kind.CLOSED, actor=actor)
    return ticket


@transaction.atomic
def ticket_reopen(*, ticket: Ticket, actor: Membership) -> Ticket:
    ticket = _locked(ticket, None)
    if not ticket.is_closed:
        raise Refused("not_closed")
    ticket.status = Status.ASSIGNED if ticket.agent_id else Status.OPEN
    ticket.closed_at = None
    _bump(ticket)
    event_record(ticket=ticket, kind=TicketEvent.Kind.REOPENED, actor=actor)
    return ticket


@transaction.atomic
def comment_create(
    *, ticket: Ticket, actor: Membership | None, body: str, is_public: bool, source: str = "api"
) -> TicketComment:
    """A reply or an internal note; `actor` None is the system (a note written by a flow, links.flows)."""
    body = sanitise_html(body)
    if not body:
        raise Refused("blank", field="body")
    comment = TicketComment.objects.create(
        ticket=ticket,
        body=body,
        is_public=is_public,
        from_agent=actor is not None and actor.role in ("admin", "agent"),
        source=source,
        created_by=actor,
    )
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=timezone.now())
    event_record(
        ticket=ticket,
        kind=TicketEvent.Kind.COMMENTED,
        actor=actor,
        changes={"comment_id": comment.pk, "is_public": is_public},
    )
    return comment
