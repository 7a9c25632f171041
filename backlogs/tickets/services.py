"""Operations on dev tickets, shared by every surface (both APIs, the admin, the demo filler).

Fields arrive as a dict of model-level names — `title`, `description`, `ticket_type`, `status`
(a TicketStatus), `workflow` (a board column, resolved against the ticket's type), `priority`,
`assignee`, `repository`, `parent`, `backlog`, `labels` (names) — already resolved to objects of
the ticket's account by the dialect; the rules that hold whatever the surface live here.
Each change is recorded as a `TicketEvent` in the same transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Account, Membership
from accounts.services import sequence_next
from backlogs.models import Backlog, Label, Ticket, TicketComment, TicketEvent, TicketStatus, TicketType
from webhooks.services import event_emit

from . import hooks
from .sanitize import description_clean

DEFAULT_BACKLOG_NAME = "Default backlog"
# Deep enough for any real hierarchy; a longer chain means corrupt data, not a reason to loop for ever.
MAX_PARENT_DEPTH = 1000
EVENT_TEXT_LIMIT = 200
SIMPLE_FIELDS = ("title", "priority", "assignee", "repository", "backlog")


@transaction.atomic
def backlog_default(*, account: Account) -> Backlog:
    """The backlog tickets land in when none is named: the account's oldest non-archived backlog,
    created as "Default backlog" when there is none."""
    backlog = _oldest_active_backlog(account)
    if backlog is None:
        # Two first tickets at once must not create two default backlogs: serialise on the account row
        # (NO KEY UPDATE, which leaves inserts that reference the account free to proceed).
        Account.objects.select_for_update(no_key=True).filter(pk=account.pk).values_list("pk").first()
        backlog = _oldest_active_backlog(account) or Backlog.objects.create(account=account, name=DEFAULT_BACKLOG_NAME)
    return backlog


def _oldest_active_backlog(account: Account) -> Backlog | None:
    return Backlog.objects.live().filter(account=account, archived=False).order_by("created_at", "id").first()


def status_for_workflow(*, ticket_type: TicketType, workflow: str) -> TicketStatus:
    """The first status of `ticket_type` in the board column `workflow`."""
    status = TicketStatus.objects.filter(ticket_type=ticket_type, workflow=workflow).order_by("position", "id").first()
    if status is None:
        raise ValidationError({"status": f"Tickets of type {ticket_type.name} have no status in {workflow}."})
    return status


@transaction.atomic
def ticket_create(*, account: Account, user, fields: dict, comment: str | None = None) -> Ticket:
    fields = dict(fields)
    # The number first: its row lock serialises the account's ticket creations until commit, and a
    # refused ticket rolls the sequence back with everything else, so no number is used up.
    ticket = Ticket(account=account, reporter=user, number=sequence_next(account=account, name="ticket"))
    ticket.position = ticket.number
    if fields.get("backlog") is None:
        fields["backlog"] = backlog_default(account=account)
    if fields.get("ticket_type") is None and fields.get("status") is None:
        fields["ticket_type"] = _default_ticket_type(account)
    if fields.get("status") is None and "workflow" not in fields:
        fields["workflow"] = None  # the type's first status
    _apply(ticket, fields)
    ticket.full_clean(validate_constraints=False)
    ticket.save()
    if fields.get("labels"):
        _labels_set(ticket, fields["labels"])
    if comment:
        ticket_comment_add(ticket=ticket, user=user, body=comment, record=False)
    _record(ticket, user, TicketEvent.Kind.CREATED, _snapshot(ticket))
    return ticket


@transaction.atomic
def ticket_update(*, ticket: Ticket, user, fields: dict, comment: str | None = None) -> Ticket:
    ticket = _locked(ticket)
    before = _snapshot(ticket)
    _apply(ticket, fields)
    ticket.full_clean(validate_constraints=False)
    ticket.save()
    if "labels" in fields:
        _labels_set(ticket, fields["labels"] or [])
    extra = {}
    if comment:
        extra["comments"] = [None, ticket_comment_add(ticket=ticket, user=user, body=comment, record=False).pk]
    ticket_change_record(ticket=ticket, user=user, before=before, extra=extra)
    return ticket


def ticket_status_set(*, ticket: Ticket, user, workflow: str) -> Ticket:
    """Move a ticket to a board column (the org API's `PATCH …/status`)."""
    return ticket_update(ticket=ticket, user=user, fields={"workflow": workflow})


@transaction.atomic
def ticket_delete(*, ticket: Ticket, user) -> None:
    """Delete for good; the ticket's number is never handed out again (the sequence only grows)."""
    ticket = _locked(ticket)
    snapshot = {**_snapshot(ticket), "slug": ticket.slug}
    # Sub-tasks lose their parent (SET_NULL): that is a change of theirs too.
    TicketEvent.objects.bulk_create(
        [
            TicketEvent(
                account_id=child.account_id,
                ticket=child,
                ticket_number=child.number,
                kind=TicketEvent.Kind.UPDATED,
                actor=user,
                changes={"parent_id": [ticket.pk, None]},
            )
            for child in ticket.children.all()
        ]
    )
    deleted = TicketEvent.objects.create(
        account_id=ticket.account_id,
        ticket=None,
        ticket_number=ticket.number,
        kind=TicketEvent.Kind.DELETED,
        actor=user,
        changes=_shortened(snapshot),
    )
    _announce(ticket, user, TicketEvent.Kind.DELETED, deleted.changes)
    ticket.delete()


@transaction.atomic
def ticket_comment_add(*, ticket: Ticket, user, body: str, record: bool = True) -> TicketComment:
    comment = TicketComment(ticket=ticket, author=user, body=description_clean(body))
    comment.full_clean()
    comment.save()
    if record:
        _record(ticket, user, TicketEvent.Kind.UPDATED, {"comments": [None, comment.pk]})
    return comment


def _default_ticket_type(account: Account) -> TicketType:
    """Request (number 1) as the Public Backlog documents, or the account's lowest-numbered type."""
    ticket_type = TicketType.objects.filter(account=account).order_by("number").first()
    if ticket_type is None:
        raise ValidationError({"ticket_type": "This organisation has no ticket types."})
    return ticket_type


def _locked(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update().select_related("account", "ticket_type", "status").get(pk=ticket.pk)


def _apply(ticket: Ticket, fields: dict) -> None:
    """Set `fields` on `ticket`, keeping type and status consistent and the hierarchy acyclic."""
    for name in SIMPLE_FIELDS:
        if name in fields:
            setattr(ticket, name, fields[name])
    if "description" in fields:
        ticket.description = description_clean(fields["description"] or "")
    if fields.get("assignee") is not None:
        _check_member(ticket.account_id, fields["assignee"])
    if "parent" in fields:
        _check_parent(ticket, fields["parent"])
        ticket.parent = fields["parent"]
    _apply_type_and_status(ticket, fields)


def _apply_type_and_status(ticket: Ticket, fields: dict) -> None:
    new_type = fields.get("ticket_type")
    status = fields.get("status")
    if status is not None:
        if new_type is not None and status.ticket_type_id != new_type.pk:
            raise ValidationError({"status": f"{status.name} is not a status of tickets of type {new_type.name}."})
        ticket.ticket_type, ticket.status = status.ticket_type, status
        return
    type_changed = new_type is not None and new_type.pk != ticket.ticket_type_id
    if new_type is not None:
        ticket.ticket_type = new_type
    workflow = fields.get("workflow")
    current = ticket.status if ticket.status_id else None
    if "workflow" in fields and workflow is None:
        ticket.status = _first_status(ticket.ticket_type)
    elif workflow is not None:
        if current is None or type_changed or current.workflow != workflow:
            ticket.status = status_for_workflow(ticket_type=ticket.ticket_type, workflow=workflow)
    elif type_changed:
        # A new type keeps the ticket in its board column when the type has a status there.
        fallback = TicketStatus.objects.filter(ticket_type=new_type, workflow=current.workflow).first()
        ticket.status = fallback or _first_status(new_type)


def _first_status(ticket_type: TicketType) -> TicketStatus:
    status = TicketStatus.objects.filter(ticket_type=ticket_type).order_by("position", "id").first()
    if status is None:
        raise ValidationError({"ticket_type": f"Tickets of type {ticket_type.name} have no statuses."})
    return status


def _check_member(account_id: int, user) -> None:
    if not Membership.objects.filter(account_id=account_id, user=user).exists():
        raise ValidationError({"assignee": "is not a member of this organisation."})


def _check_parent(ticket: Ticket, parent: Ticket | None) -> None:
    if parent is None:
        return
    if parent.account_id != ticket.account_id:
        raise ValidationError({"parent": "is not a ticket of this organisation."})
    if ticket.pk is None:
        return
    node_id = parent.pk
    for _ in range(MAX_PARENT_DEPTH):
        if node_id is None:
            return
        if node_id == ticket.pk:
            raise ValidationError({"parent": "would make the ticket its own ancestor."})
        node_id = Ticket.objects.filter(pk=node_id).values_list("parent_id", flat=True).first()
    raise ValidationError({"parent": "is nested too deeply."})


def _labels_set(ticket: Ticket, names: list[str]) -> None:
    names = list(dict.fromkeys(name.strip() for name in names if name and name.strip()))
    Label.objects.bulk_create([Label(account_id=ticket.account_id, name=n) for n in names], ignore_conflicts=True)
    ticket.labels.set(Label.objects.filter(account_id=ticket.account_id, name__in=names))


def _snapshot(ticket: Ticket) -> dict:
    return {
        "title": ticket.title,
        "description": ticket.description,
        "type": ticket.ticket_type.key,
        "status": ticket.status.name,
        "workflow": ticket.status.workflow,
        "priority": ticket.priority_key,
        "assignee_id": ticket.assignee_id,
        "repository_id": ticket.repository_id,
        "parent_id": ticket.parent_id,
        "backlog_id": ticket.backlog_id,
        "labels": sorted(ticket.labels.values_list("name", flat=True)) if ticket.pk else [],
    }


def _diff(before: dict, after: dict) -> dict:
    return {key: [before[key], after[key]] for key in after if before.get(key) != after[key]}


def ticket_change_record(*, ticket: Ticket, user, before: dict, extra: dict | None = None) -> None:
    """Record what changed since `before` (a `ticket_state`): a status change and/or an update.
    Also used for edits made outside these services (the admin)."""
    changes = {**_diff(before, _snapshot(ticket)), **(extra or {})}
    status_change = {key: changes.pop(key) for key in ("status", "workflow") if key in changes}
    if status_change:
        _record(ticket, user, TicketEvent.Kind.STATUS_CHANGED, status_change)
        if "workflow" in status_change:
            old, new = status_change["workflow"]
            hooks.workflow_changed(ticket=ticket, user=user, old=old, new=new)
    if changes:
        _record(ticket, user, TicketEvent.Kind.UPDATED, changes)


def ticket_state(ticket: Ticket) -> dict:
    """What `ticket_change_record` compares against."""
    return _snapshot(ticket)


WEBHOOK_EVENTS = {
    TicketEvent.Kind.CREATED: "dev_ticket_created",
    TicketEvent.Kind.UPDATED: "dev_ticket_updated",
    TicketEvent.Kind.STATUS_CHANGED: "dev_ticket_status_changed",
    TicketEvent.Kind.DELETED: "dev_ticket_deleted",
}


def _record(ticket: Ticket, user, kind: str, changes: dict) -> TicketEvent:
    """Record a change and announce it to the account's webhooks, both in the change's transaction."""
    event = TicketEvent.objects.create(
        account_id=ticket.account_id,
        ticket=ticket,
        ticket_number=ticket.number,
        kind=kind,
        actor=user,
        changes=_shortened(changes),
    )
    _announce(ticket, user, kind, event.changes)
    return event


def _announce(ticket: Ticket, user, kind: str, changes: dict) -> None:
    """Tell the account's webhooks, in the change's transaction (nothing is sent if it rolls back)."""
    event_emit(
        account=ticket.account,
        event_type=WEBHOOK_EVENTS[kind],
        data={"slug": ticket.slug, "title": ticket.title, "changes": changes, "actor_id": getattr(user, "pk", None)},
    )


def _shortened(changes: dict) -> dict:
    """Descriptions can be megabytes: an event keeps their beginning, enough to tell what changed."""
    if "description" not in changes:
        return changes
    value = changes["description"]
    cut = [v[:EVENT_TEXT_LIMIT] if isinstance(v, str) else v for v in value] if isinstance(value, list) else None
    return {**changes, "description": cut if cut is not None else value[:EVENT_TEXT_LIMIT]}
