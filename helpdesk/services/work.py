"""Work on a ticket: tasks (create, update, close, reopen, delete) and time entries."""

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from backlog_site.api.errors import ApplicationError, Refused
from helpdesk.models import Ticket, TicketTask, TimeEntry


@transaction.atomic
def task_create(*, ticket: Ticket, actor: Membership, fields: dict) -> TicketTask:
    task = TicketTask(ticket=ticket, created_by=actor, **fields)
    task.save()
    return task


@transaction.atomic
def task_update(*, task: TicketTask, fields: dict) -> TicketTask:
    for name, value in fields.items():
        setattr(task, name, value)
    task.save()
    return task


@transaction.atomic
def task_close(*, task: TicketTask, fields: dict | None = None) -> TicketTask:
    if task.closed_at is not None:
        raise Refused("already_closed")
    for name, value in (fields or {}).items():
        setattr(task, name, value)
    task.closed_at = timezone.now()
    task.save()
    return task


@transaction.atomic
def task_reopen(*, task: TicketTask) -> TicketTask:
    if task.closed_at is None:
        raise Refused("not_closed")
    task.closed_at = None
    task.save()
    return task


@transaction.atomic
def task_delete(*, task: TicketTask) -> None:
    task.delete()


def _check_task(ticket: Ticket, fields: dict) -> None:
    task = fields.get("task")
    if task is not None and task.ticket_id != ticket.pk:
        raise ApplicationError("must be a task of this ticket", status_code=422, field="task_id")


@transaction.atomic
def time_entry_create(*, ticket: Ticket, actor: Membership, fields: dict) -> TimeEntry:
    _check_task(ticket, fields)
    fields = {"agent": actor, **fields}
    if fields["agent"] is None:
        fields["agent"] = actor
    entry = TimeEntry(ticket=ticket, **fields)
    entry.save()
    return entry


@transaction.atomic
def time_entry_update(*, entry: TimeEntry, fields: dict) -> TimeEntry:
    _check_task(entry.ticket, fields)
    for name, value in fields.items():
        if name == "agent" and value is None:
            continue
        setattr(entry, name, value)
    entry.save()
    return entry


@transaction.atomic
def time_entry_delete(*, entry: TimeEntry) -> None:
    entry.delete()
