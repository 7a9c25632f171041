"""Celery tasks of the links app: they take ids and are safe to run twice."""

from celery import shared_task

from helpdesk.models import TicketComment
from issues.tasks import MAIL_RETRY

from . import emails


@shared_task(name="links.desk_note_email_send", **MAIL_RETRY)
def desk_note_email_send(note_id: int) -> bool:
    note = TicketComment.objects.select_related("ticket__agent__user").filter(pk=note_id).first()
    if note is None or note.ticket.agent is None or not note.ticket.agent.user.email:
        return False
    return emails.desk_note_send(note=note)
