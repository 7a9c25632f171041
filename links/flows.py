"""Work flowing along links: what a dev ticket's move to `done` does at its other ends. Runs inside the
move's transaction (backlogs.tickets.hooks), so notes, updates and the e-mails queued after commit
happen exactly when the move does.

- Each desk ticket that waits on the dev ticket gets an internal note naming it, and the desk ticket's
  agent is e-mailed the note (a Celery task after the commit, sent once). It waits when the link reads,
  from its side, `causes` (it was escalated), `caused_by`, `fixed_by`, `blocked_by` or `affected_by`;
  not `relates_to` (a loose mention: a note on every one would be noise), `duplicates`/`duplicated_by`
  (closed as the other, not waiting) nor `blocks`/`fixes`/`affects` (it acts on the dev ticket).
- Each open Issue Tracker issue the dev ticket `fixes` gets an update, "Fix deployed.", once every dev
  ticket that fixes it is done: its subscribers are told as for any update. The update names no dev
  ticket, because the issue is public and the tickets are not.
"""

from functools import partial

from django.db import transaction
from django.utils.html import escape

from accounts.models import Membership
from backlogs.models import Ticket as DevTicket
from backlogs.models import Workflow
from helpdesk.models import Ticket as DeskTicket
from helpdesk.services.tickets import comment_create
from issues.models import Issue
from issues.services import issue_update

from .ends import EndType
from .kinds import Kind, reading_of
from .models import Link
from .selectors import links_touching

FIX_DEPLOYED = "Fix deployed."
# A desk ticket's readings of a link that make it wait on the dev ticket at its other end.
DESK_WAITS = frozenset({"causes", "caused_by", "fixed_by", "blocked_by", "affected_by"})


def _waiting_desk_tickets(links, dev_ticket_id: int) -> set[int]:
    ids = set()
    for link in links:
        if link.source_type == EndType.DEV_TICKET and link.source_dev_ticket_id == dev_ticket_id:
            desk_id, desk_is_source = link.target_desk_ticket_id, False
        else:
            desk_id, desk_is_source = link.source_desk_ticket_id, True
        if desk_id is not None and reading_of(link.kind, from_source=desk_is_source) in DESK_WAITS:
            ids.add(desk_id)
    return ids


def dev_ticket_moved(*, ticket: DevTicket, user, old: str | None, new: str) -> None:
    if new != Workflow.DONE:
        return
    links = list(links_touching(account_id=ticket.account_id, end_type=EndType.DEV_TICKET, ids=[ticket.pk]))
    if not links:
        return
    actor = Membership.objects.filter(account_id=ticket.account_id, user=user).first() if user else None
    _desk_tickets_told(ticket, actor, _waiting_desk_tickets(links, ticket.pk))
    fixed = {link.target_issue_id for link in links if link.kind == Kind.FIXES and link.target_type == EndType.ISSUE}
    _incidents_updated(ticket, fixed)


def _desk_tickets_told(ticket: DevTicket, actor: Membership | None, desk_ids: set[int]) -> None:
    from . import tasks

    desks = DeskTicket.objects.filter(pk__in=desk_ids, account_id=ticket.account_id).order_by("pk")
    body = f"<p>Dev ticket {escape(ticket.slug)} “{escape(ticket.title)}” is done.</p>"
    for desk in desks:
        note = comment_create(ticket=desk, actor=actor, body=body, is_public=False, source="link")
        if desk.agent_id is not None:
            transaction.on_commit(partial(tasks.desk_note_email_send.delay, note.pk))


def _incidents_updated(ticket: DevTicket, issue_ids: set[int]) -> None:
    for issue in Issue.objects.filter(pk__in=issue_ids, account_id=ticket.account_id, closed_at__isnull=True):
        fixers = Link.objects.filter(kind=Kind.FIXES, target_issue=issue, source_type=EndType.DEV_TICKET)
        unfinished = DevTicket.objects.filter(pk__in=fixers.values("source_dev_ticket")).exclude(
            status__workflow=Workflow.DONE
        )
        if not unfinished.exists():
            issue_update(
                issue=issue,
                name=issue.name,
                description=f"{FIX_DEPLOYED}\n\n{issue.description}",
                severity=issue.severity,
            )
