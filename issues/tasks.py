"""Celery tasks of the issues app: they take ids, call the e-mail code, and are safe to run twice."""

from smtplib import SMTPException

from celery import shared_task

from . import emails
from .models import IssueEvent, Subscription
from .notifications import event_recipients

# A failing SMTP server is retried with exponential back-off (30 s, 1 min, 2 min, … capped at an hour).
MAIL_RETRY = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 10,
}


@shared_task(name="issues.subscription_confirmation_send", **MAIL_RETRY)
def subscription_confirmation_send(subscription_id: int) -> bool:
    subscription = Subscription.objects.select_related("category", "issue").filter(pk=subscription_id).first()
    if subscription is None or subscription.confirmed_at is not None:
        return False
    return emails.confirmation_send(subscription=subscription)


@shared_task(name="issues.issue_event_notify")
def issue_event_notify(event_id: int) -> int:
    """Fan an issue event out to one e-mail task per confirmed subscriber."""
    event = IssueEvent.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    recipients = event_recipients(event)
    for subscription in recipients.values():
        issue_event_email_send.delay(event_id, subscription.pk)
    return len(recipients)


@shared_task(name="issues.issue_event_email_send", **MAIL_RETRY)
def issue_event_email_send(event_id: int, subscription_id: int) -> bool:
    event = IssueEvent.objects.select_related("issue").filter(pk=event_id).first()
    subscription = Subscription.objects.select_related("category", "issue").filter(pk=subscription_id).first()
    if event is None or subscription is None or subscription.confirmed_at is None:
        return False
    return emails.event_send(event=event, subscription=subscription)
