"""E-mails to subscribers: a plain-text and an HTML part, each sent at most once per address and message.

`SentNotification` holds one row per (address, message). The row is locked while the message is sent
and marked sent afterwards, so a task that runs twice (a retry, a redelivery after a worker died)
finds it sent and stays quiet; a send that failed leaves it unsent for the retry.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .links import site_url, subscription_link
from .models import IssueEvent, SentNotification, Subscription

SUBJECTS = {
    IssueEvent.Kind.CREATED: "New issue: {name}",
    IssueEvent.Kind.UPDATED: "Issue updated: {name}",
    IssueEvent.Kind.CLOSED: "Issue closed: {name}",
}


def send_once(
    *, key: str, subscription: Subscription, subject: str, template: str, context: dict, headers=None
) -> bool:
    """Send the message unless it was already sent to this address; True when it was sent now."""
    email = subscription.email.lower()
    SentNotification.objects.get_or_create(email=email, key=key, defaults={"subscription": subscription})
    with transaction.atomic():
        record = SentNotification.objects.select_for_update().get(email=email, key=key)
        if record.sent_at is not None:
            return False
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),  # a name with a line break must not break the header
            body=render_to_string(f"issues/email/{template}.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[subscription.email],
            headers=headers or {},
        )
        message.attach_alternative(render_to_string(f"issues/email/{template}.html", context), "text/html")
        message.send()
        record.sent_at = timezone.now()
        record.save(update_fields=["sent_at"])
    return True


def target_of(subscription: Subscription):
    return subscription.category if subscription.category_id else subscription.issue


def confirmation_send(*, subscription: Subscription) -> bool:
    context = {
        "subscription": subscription,
        "target": target_of(subscription),
        "kind": subscription.target_kind,
        "confirm_url": subscription_link(subscription, "confirm"),
        "site_url": site_url(),
    }
    return send_once(
        key=f"confirmation:{subscription.pk}",
        subscription=subscription,
        subject=f"Confirm your subscription to {context['target']}",
        template="confirmation",
        context=context,
    )


def event_send(*, event: IssueEvent, subscription: Subscription) -> bool:
    unsubscribe_url = subscription_link(subscription, "unsubscribe")
    context = {
        "event": event,
        "issue": event.issue,
        "subscription": subscription,
        "target": target_of(subscription),
        "unsubscribe_url": unsubscribe_url,
        "site_url": site_url(),
    }
    return send_once(
        key=f"event:{event.pk}",
        subscription=subscription,
        subject=SUBJECTS[event.kind].format(name=event.issue.name),
        template="notification",
        context=context,
        # RFC 8058 one-click unsubscribe: mail clients POST to the same signed link.
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
