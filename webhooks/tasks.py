"""Celery tasks of the webhooks app. They take ids, and a second run of any of them is harmless."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from backlog_site.celery import app

from . import delivery
from .models import Webhook


@app.task(name="webhooks.delivery_attempt", time_limit=120, soft_time_limit=100)
def delivery_attempt(delivery_id: int) -> str:
    return delivery.attempt(delivery_id)


@app.task(name="webhooks.outbox_sweep")
def outbox_sweep() -> int:
    """Queue again the deliveries whose task was lost (run periodically by beat)."""
    ids = delivery.sweep()
    for delivery_id in ids:
        delivery_attempt.delay(delivery_id)
    return len(ids)


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
