"""Celery tasks of the webhooks app. They take ids, and a second run of any of them is harmless."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from backlog_site.celery import app

from . import delivery, dispatcher, wake
from .models import Webhook


# A wake-up carries nothing, so it is acknowledged on receipt: a worker killed mid-run leaves no message
# to come back an hour later; the leases it held run out and the next run (or the sweep) claims them.
@app.task(name="webhooks.dispatch", acks_late=False)
def dispatch() -> int:
    """Deliver what is due, in batches, until nothing is (answers how many were recorded). A run that
    reaches WEBHOOKS_DISPATCH_MAX_SECONDS with work left queues the next run, so that the worker's other
    tasks get their turn."""
    delivered = dispatcher.dispatch()
    if delivered < 0:
        wake.wake(force=True)
    return delivered


@app.task(name="webhooks.delivery_attempt", time_limit=120, soft_time_limit=100)
def delivery_attempt(delivery_id: int) -> str:
    """One delivery (the engine before dispatch; kept for messages queued by an older release)."""
    return delivery.attempt(delivery_id)


@app.task(name="webhooks.outbox_sweep")
def outbox_sweep() -> int:
    """Wake a dispatcher for overdue deliveries whose wake-up was lost (run periodically by beat);
    answers how many are overdue."""
    overdue = len(delivery.sweep())
    if overdue:
        wake.wake(force=True)
    return overdue


@app.task(name="webhooks.webhook_disabled_notify", autoretry_for=(OSError,), retry_backoff=30, max_retries=10)
def webhook_disabled_notify(webhook_id: int) -> bool:
    with transaction.atomic():
        webhook = Webhook.objects.select_for_update().select_related("user").filter(pk=webhook_id).first()
        if webhook is None or webhook.is_active or webhook.disabled_notified_at or not webhook.user.email:
            return False
        context = {"webhook": webhook}
        message = EmailMultiAlternatives(
            subject=f"Webhook disabled: {webhook.url}",
            body=render_to_string("webhooks/email/disabled.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[webhook.user.email],
        )
        message.attach_alternative(render_to_string("webhooks/email/disabled.html", context), "text/html")
        message.send()
        webhook.disabled_notified_at = timezone.now()
        webhook.save(update_fields=["disabled_notified_at"])
    return True
