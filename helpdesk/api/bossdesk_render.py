"""The JSON of tickets and what hangs off them, as the BOSSDesk document shows it (agent and end-user
forms). Each function reads only what the matching selector joined or prefetched."""

from backlog_site.api.dialects.bossdesk.formats import timestamp as ts
from backlog_site.api.dialects.bossdesk.render import named, person, profile_of
from cmdb.api.bossdesk_render import attachment_summary, ticket_ci
from helpdesk.models import Ticket, TicketComment, TicketTask, TimeEntry
from helpdesk.rows import TicketListRow


def ticket_type(obj) -> dict | None:
    return None if obj is None else {"id": obj.pk, "name": obj.name, "shortcut": obj.shortcut}


def requester_detail(membership) -> dict | None:
    if membership is None:
        return None
    profile = profile_of(membership)
    return {
        **person(membership),
        "is_agent": membership.role in ("admin", "agent"),
        "email": membership.user.email,
        "phone": profile.phone if profile else "",
        "mobile": profile.mobile if profile else "",
        "group": named(profile.group) if profile else None,
    }


def ticket_list_item(ticket: Ticket) -> dict:
    return {
        "id": ticket.pk,
        "friendly_id": ticket.friendly_id,
        "title": ticket.title,
        "status": ticket.status,
        "due_at": ts(ticket.due_at),
        "type": ticket_type(ticket.type),
        "priority": named(ticket.priority, "color"),
        "category": named(ticket.category, "color", "icon"),
        "extended_status": named(ticket.extended_status),
        "requester": person(ticket.requester),
        "agent": person(ticket.agent),
    }


def _row_person(user_id, friendly_id, username, first_name, last_name) -> dict | None:
    """`person()` of a list row's columns (user_id None: nobody)."""
    if user_id is None:
        return None
    return {
        "id": user_id,
        "friendly_id": friendly_id,
        "first_name": first_name,
        "last_name": last_name,
        "username": username,
    }


def ticket_list_row(row: TicketListRow) -> dict:
    """`ticket_list_item` of a row of `helpdesk.rows` (the unfiltered list's page), without model instances."""
    return {
        "id": row.id,
        "friendly_id": row.friendly_id,
        "title": row.title,
        "status": row.status,
        "due_at": ts(row.due_at),
        "type": {"id": row.type_id, "name": row.type_name, "shortcut": row.type_shortcut},
        "priority": {"id": row.priority_id, "name": row.priority_name, "color": row.priority_color},
        "category": None
        if row.category_id is None
        else {"id": row.category_id, "name": row.category_name, "color": row.category_color, "icon": row.category_icon},
        "extended_status": None
        if row.extended_status_id is None
        else {"id": row.extended_status_id, "name": row.extended_status_name},
        "requester": _row_person(*row[17:22]),
        "agent": _row_person(*row[22:27]),
    }


def comment(obj: TicketComment, *, for_agent: bool = True) -> dict:
    body = {"id": obj.pk, "body": obj.body}
    if for_agent:
        body.update({"is_public": obj.is_public, "from_agent": obj.from_agent, "source": obj.source})
    body["created_at"] = ts(obj.created_at)
    body["created_by"] = person(obj.created_by, username=for_agent)
    # `attachment_list` when the ticket's detail read fetched only the comments that have files.
    files = obj.attachment_list if hasattr(obj, "attachment_list") else obj.attachments.all()
    body["attachments"] = [attachment_summary(a) for a in files]
    return body


def task(obj: TicketTask) -> dict:
    return {
        "id": obj.pk,
        "title": obj.title,
        "note": obj.note,
        "created_at": ts(obj.created_at),
        "due_at": ts(obj.due_at),
        "closed_at": ts(obj.closed_at),
        "type": named(obj.type),
        "team": named(obj.team),
        "agent": person(obj.agent),
        "created_by": person(obj.created_by),
    }


def time_entry(obj: TimeEntry) -> dict:
    return {
        "id": obj.pk,
        "task_id": obj.task_id,
        "date": obj.date.isoformat(),
        "duration": obj.duration,
        "billable": obj.billable,
        "note": obj.note,
        "agent": person(obj.agent),
        "task": None if obj.task is None else {"id": obj.task.pk, "title": obj.task.title},
    }


def ticket_detail(ticket: Ticket) -> dict:
    """The agent's ticket, as read by selectors.ticket_detail_read (its lists as attributes)."""
    return {
        **ticket_list_item(ticket),
        "description": ticket.description,
        "source": ticket.source,
        "custom_fields": ticket.custom_fields,
        "created_at": ts(ticket.created_at),
        "updated_at": ts(ticket.updated_at),
        "closed_at": ts(ticket.closed_at),
        "lock_version": ticket.lock_version,
        "team": named(ticket.team),
        "requester": requester_detail(ticket.requester),
        "comments": [comment(c) for c in ticket.comment_list],
        "tags": [named(tag) for tag in ticket.tag_list],
        "attachments": [attachment_summary(a) for a in ticket.own_attachments],
        "cis": [ticket_ci(ci) for ci in ticket.ci_list],
        "time_entries": [time_entry(entry) for entry in ticket.time_entry_list],
        "tasks": [task(t) for t in ticket.task_list],
    }


def my_ticket_list_item(ticket: Ticket) -> dict:
    return {
        "id": ticket.pk,
        "friendly_id": ticket.friendly_id,
        "title": ticket.title,
        "status": ticket.status,
        "due_at": ts(ticket.due_at),
        "type": ticket_type(ticket.type),
        "agent": person(ticket.agent, username=False),
    }


def my_ticket_detail(ticket: Ticket) -> dict:
    return {
        "id": ticket.pk,
        "friendly_id": ticket.friendly_id,
        "title": ticket.title,
        "description": ticket.description,
        "status": ticket.status,
        "created_at": ts(ticket.created_at),
        "updated_at": ts(ticket.updated_at),
        "due_at": ts(ticket.due_at),
        "closed_at": ts(ticket.closed_at),
        "type": ticket_type(ticket.type),
        "agent": person(ticket.agent, username=False),
        "comments": [comment(c, for_agent=False) for c in ticket.public_comments],
        "attachments": [attachment_summary(a) for a in ticket.own_attachments],
    }
