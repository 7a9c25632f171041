"""One delivery attempt, its log row and what follows: success, a retry on the back-off schedule, or —
when the schedule runs out — a failed delivery and a disabled endpoint whose owner is e-mailed.

A worker first claims the delivery with a lease (one conditional UPDATE), so two copies of the same
task (a broker redelivery, a sweep) never post together; a worker that dies mid-post leaves a lease
that expires, and the periodic sweep queues the delivery again.
"""

from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import signing, transport
from .conf import setting
from .models import Delivery, DeliveryAttempt, Webhook


def retry_schedule() -> list[int]:
    return [int(s) for s in setting("WEBHOOKS_RETRY_SCHEDULE")]


def max_attempts() -> int:
    return 1 + len(retry_schedule())


def claimable(now):
    return Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now).filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    )


def claim(delivery_id: int) -> Delivery | None:
    now = timezone.now()
    lease = now + timedelta(seconds=int(setting("WEBHOOKS_LEASE_SECONDS")))
    if not claimable(now).filter(pk=delivery_id).update(lease_until=lease):
        return None
    return Delivery.objects.select_related("event", "webhook").get(pk=delivery_id)


def attempt(delivery_id: int) -> str:
    """Try a delivery once if it is due and nobody else holds it; answers what happened."""
    delivery = claim(delivery_id)
    if delivery is None:
        return "skipped"
    webhook = delivery.webhook
    if not webhook.is_active:
        Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED, lease_until=None)
        return "endpoint disabled"
    now = timezone.now()
    body = signing.event_body(delivery.event)
    headers = signing.signed_headers(webhook=webhook, message_id=delivery.event.message_id, body=body, now=now)
    result = transport.post(webhook.url, body, headers)
    return record(delivery=delivery, result=result, at=now)


@transaction.atomic
def record(*, delivery: Delivery, result: transport.PostResult, at) -> str:
    """Log the attempt and decide what follows. The delivery row is locked first: if its webhook was
    deleted meanwhile, the row is gone and there is nothing to record."""
    if not Delivery.objects.select_for_update().filter(pk=delivery.pk).exists():
        return "gone"
    delivery.attempts += 1
    if result.ok:
        outcome = DeliveryAttempt.Outcome.SUCCESS
    else:
        outcome = DeliveryAttempt.Outcome.FAILURE if result.status else DeliveryAttempt.Outcome.ERROR
    DeliveryAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        outcome=outcome,
        response_status=result.status,
        response_body=result.body,
        error=result.error,
        duration_ms=result.duration_ms,
        manual=delivery.manual,
    )
    delivery.last_attempt_at, delivery.lease_until = at, None
    fields = ["attempts", "last_attempt_at", "lease_until", "status", "next_attempt_at", "delivered_at", "manual"]
    if result.ok:
        delivery.status, delivery.delivered_at, delivery.manual = Delivery.Status.SUCCEEDED, timezone.now(), False
        delivery.save(update_fields=fields)
        return "succeeded"
    if delivery.manual:
        # A redelivery asked for by hand is tried once; it neither retries nor disables the endpoint.
        delivery.status, delivery.manual = Delivery.Status.FAILED, False
        delivery.save(update_fields=fields)
        return "failed"
    schedule = retry_schedule()
    if delivery.attempts <= len(schedule):
        delay = schedule[delivery.attempts - 1]
        delivery.next_attempt_at = timezone.now() + timedelta(seconds=delay)
        delivery.save(update_fields=fields)
        from .tasks import delivery_attempt

        transaction.on_commit(partial(delivery_attempt.apply_async, (delivery.pk,), countdown=delay))
        return "retrying"
    delivery.status = Delivery.Status.FAILED
    delivery.save(update_fields=fields)
    webhook_disable(
        webhook=delivery.webhook, reason=f"Delivery {delivery.event.message_id} failed {delivery.attempts} times"
    )
    return "failed"


@transaction.atomic
def webhook_disable(*, webhook: Webhook, reason: str) -> None:
    """Stop delivering to an endpoint that keeps failing, and tell its owner (once, after commit)."""
    updated = Webhook.objects.filter(pk=webhook.pk, is_active=True).update(
        is_active=False, disabled_at=timezone.now(), disabled_reason=reason[:255], disabled_notified_at=None
    )
    if updated:
        from .tasks import webhook_disabled_notify

        transaction.on_commit(partial(webhook_disabled_notify.delay, webhook.pk))


def sweep(limit: int = 1000) -> list[int]:
    """Pending deliveries that are overdue and not held by a live worker: their task was lost (a worker
    died, the broker dropped it). Answers their ids, for the caller to queue."""
    now = timezone.now()
    overdue = now - timedelta(seconds=int(setting("WEBHOOKS_SWEEP_GRACE_SECONDS")))
    return list(
        claimable(now)
        .filter(next_attempt_at__lte=overdue)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
