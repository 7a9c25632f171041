"""The e-mail that tells a desk ticket's agent about a note a flow wrote on it (links.flows).

Sent at most once per note: a `SentNotification` row (the issues app's record of e-mails sent, keyed by
message) is locked while it is sent and marked sent afterwards, so a task that runs twice stays quiet."""

from html import unescape

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from helpdesk.models import TicketComment
from issues.links import site_url
from issues.models import SentNotification


def desk_note_send(*, note: TicketComment) -> bool:
    """E-mail the note to its ticket's agent unless it was already sent; True when it was sent now."""
    ticket = note.ticket
    email = ticket.agent.user.email.lower()
    key = f"desk_note:{note.pk}"
    SentNotification.objects.get_or_create(email=email, key=key)
    with transaction.atomic():
        record = SentNotification.objects.select_for_update().get(email=email, key=key)
        if record.sent_at is not None:
            return False
        context = {
            "ticket": ticket,
            "note": unescape(strip_tags(note.body)),
            "ticket_url": site_url() + reverse("portal:ticket", args=[ticket.friendly_id]),
        }
        message = EmailMultiAlternatives(
            subject=" ".join(f"Ticket #{ticket.friendly_id}: {unescape(strip_tags(note.body))}".split()),
            body=render_to_string("links/email/desk_note.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[ticket.agent.user.email],
        )
        message.attach_alternative(render_to_string("links/email/desk_note.html", context), "text/html")
        message.send()
        record.sent_at = timezone.now()
        record.save(update_fields=["sent_at"])
    return True
