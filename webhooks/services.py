"""Operations on webhooks, and `event_emit`, the one function every app calls to announce an event.

    from webhooks.services import event_emit
    event_emit(account=ticket.account, event_type="ticket_created", data={"ticket": {...}})

`event_emit` writes the outbox rows in the caller's transaction (a rolled-back change sends nothing)
and, after the commit, wakes a dispatcher (`dispatcher.py`), which delivers in batches.
"""

import json
from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from rest_framework import status

from accounts.models import Account
from backlog_site.api.errors import ApplicationError, Refused

from . import ssrf, wake
from .conf import setting
from .events import EVENT_TYPES
from .models import Delivery, Event, Webhook, message_id_new
from .signing import secret_generate


class _WakeUp:
    """One dispatcher wake-up (coalesced, see wake.py) for all the events of a commit. Every emit still
    registers its own on-commit callback (so a rolled-back savepoint drops only its own), but they share
    this object until one of them runs: a Redis round trip per event was a tenth of an emitter's time."""

    def __init__(self):
        self.done = False

    def __call__(self) -> None:
        if not self.done:
            self.done = True
            wake.wake()


def _wake_after_commit() -> None:
    connection = transaction.get_connection()
    pending = getattr(connection, "webhooks_wake_up", None)
    if pending is None or pending.done:
        pending = connection.webhooks_wake_up = _WakeUp()
    transaction.on_commit(pending)


def _targets(account: Account, user_ids, user_emails) -> list[Webhook]:
    """The account's active webhooks, read FOR KEY SHARE on PostgreSQL: emitters never wait for one
    another nor for a secret rotation, but a webhook being deleted is waited for (and then skipped), so
    that neither the delete nor the emitting change fails on the new delivery rows at commit."""
    lock = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
    if user_ids is None and user_emails is None:
        # The common case as one fixed statement: compiling the ORM query cost more than running it.
        table = connection.ops.quote_name(Webhook._meta.db_table)
        sql = f"SELECT * FROM {table} WHERE account_id = %s AND is_active ORDER BY id{lock}"
        return list(Webhook.objects.raw(sql, [account.pk]))
    webhooks = Webhook.objects.filter(account=account, is_active=True)
    if user_ids is not None:
        webhooks = webhooks.filter(user_id__in=list(user_ids))
    if user_emails is not None:
        emails = {e.strip().lower() for e in user_emails if e}
        webhooks = webhooks.annotate(owner_email=Lower("user__email")).filter(owner_email__in=emails)
    sql, params = webhooks.order_by("id").query.sql_with_params()
    if lock:
        sql = f"{sql} FOR KEY SHARE OF {connection.ops.quote_name(Webhook._meta.db_table)}"
    return list(Webhook.objects.raw(sql, params))


def _jsonable(data: dict) -> dict:
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


@transaction.atomic(savepoint=False)
def event_emit(
    *,
    account: Account,
    event_type: str,
    data: dict,
    user_ids: Iterable[int] | None = None,
    user_emails: Iterable[str] | None = None,
) -> Event | None:
    """Announce `event_type` to the account's active webhooks that want it — only those of `user_ids` or
    of users whose e-mail is in `user_emails` when given. Answers the outbox event, or None when no
    webhook wants it (nothing is stored)."""
    events = events_emit(
        account=account, event_type=event_type, data_list=[data], user_ids=user_ids, user_emails=user_emails
    )
    return events[0] if events else None


@transaction.atomic(savepoint=False)
def events_emit(
    *,
    account: Account,
    event_type: str,
    data_list: Iterable[dict],
    user_ids: Iterable[int] | None = None,
    user_emails: Iterable[str] | None = None,
) -> list[Event]:
    """`event_emit` for a bulk change: one event per item of `data_list`, in order, written with one read of
    the targets, one INSERT of events and one of deliveries, and one wake-up after the commit. No
    savepoint: a failure here fails the caller's change, which must not commit without its events."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"Unknown webhook event type {event_type!r}; add it to webhooks.events")
    targets = [w for w in _targets(account, user_ids, user_emails) if w.wants(event_type)]
    data_list = list(data_list)
    if not targets or not data_list:
        return []
    events = Event.objects.bulk_create(
        [
            Event(account=account, event_type=event_type, message_id=message_id_new(), data=_jsonable(data))
            for data in data_list
        ]
    )
    now = timezone.now()
    Delivery.objects.bulk_create(
        [Delivery(event=event, webhook=webhook, next_attempt_at=now) for event in events for webhook in targets]
    )
    _wake_after_commit()
    return events


def webhook_data(webhook: Webhook) -> dict:
    return {
        "id": webhook.pk,
        "user_id": webhook.user_id,
        "url": webhook.url,
        "description": webhook.description,
        "events": webhook.events,
        "created_at": webhook.created_at,
        "updated_at": webhook.updated_at,
    }


def _check_url(url: str) -> None:
    try:
        ssrf.resolve(url)
    except ssrf.UnsafeTarget as refused:
        raise ValidationError({"url": [str(refused)]})


def _check_events(events: list[str]) -> None:
    unknown = [e for e in events if e not in EVENT_TYPES]
    if unknown:
        raise ValidationError({"events": [f"Unknown event types: {', '.join(unknown)}."]})


def _check_unique(webhook: Webhook) -> None:
    if Webhook.objects.filter(user=webhook.user, url=webhook.url).exclude(pk=webhook.pk).exists():
        raise Refused("taken", field="url")


@transaction.atomic
def webhook_create(*, account: Account, user, url: str, description: str = "", events=None) -> tuple[Webhook, str]:
    """(webhook, secret): the `whsec_` secret is shown to the caller this once."""
    webhook = Webhook(account=account, user=user, url=url, description=description, events=list(events or []))
    _check_events(webhook.events)
    _check_url(url)
    _check_unique(webhook)
    webhook.secret = secret_generate()
    webhook.full_clean()
    webhook.save()
    event_emit(
        account=account, event_type="webhook_created", data={"webhook": webhook_data(webhook)}, user_ids=[user.pk]
    )
    return webhook, webhook.secret


@transaction.atomic
def webhook_update(*, webhook: Webhook, fields: dict) -> Webhook:
    if "events" in fields:
        _check_events(fields["events"])
    if "url" in fields and fields["url"] != webhook.url:
        _check_url(fields["url"])
    for name in ("url", "description", "events"):
        if name in fields:
            setattr(webhook, name, fields[name])
    if fields.get("is_active") is True and not webhook.is_active:
        webhook.is_active, webhook.disabled_at, webhook.disabled_reason = True, None, ""
    elif fields.get("is_active") is False and webhook.is_active:
        webhook.is_active, webhook.disabled_at, webhook.disabled_reason = False, timezone.now(), "Disabled by its owner"
        webhook.disabled_notified_at = timezone.now()  # the owner did it: no e-mail
    _check_unique(webhook)
    webhook.full_clean()
    webhook.save()
    return webhook


@transaction.atomic
def webhook_delete(*, webhook: Webhook) -> None:
    """Delete an endpoint and its delivery log, even while a worker is delivering to it. Locks are
    taken in the engine's order: the webhook row (emitters writing deliveries for it finish first), then
    its deliveries by id (a worker recording an attempt finishes first; one that records later finds the
    rows gone and records nothing)."""
    data = webhook_data(webhook)
    account, user_id = webhook.account, webhook.user_id
    if not Webhook.objects.select_for_update().filter(pk=webhook.pk).exists():
        return  # deleted meanwhile by another request
    list(Delivery.objects.select_for_update().filter(webhook_id=webhook.pk).order_by("pk").values_list("pk"))
    webhook.delete()
    event_emit(account=account, event_type="webhook_deleted", data={"webhook": data}, user_ids=[user_id])


@transaction.atomic
def webhook_secret_rotate(*, webhook: Webhook) -> str:
    """A new secret; the old one keeps signing alongside it for WEBHOOKS_ROTATION_GRACE_SECONDS."""
    webhook.previous_secret = webhook.secret
    webhook.previous_secret_expires_at = timezone.now() + timedelta(
        seconds=int(setting("WEBHOOKS_ROTATION_GRACE_SECONDS"))
    )
    webhook.secret = secret_generate()
    webhook.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"])
    return webhook.secret


@transaction.atomic
def delivery_redeliver(*, delivery: Delivery) -> Delivery:
    """Try a delivery again, now. A finished one (succeeded or failed) gets one manual attempt; a pending
    one just has its next scheduled retry brought forward. One being attempted right now is refused."""
    delivery = Delivery.objects.select_for_update().select_related("webhook").get(pk=delivery.pk)
    if not delivery.webhook.is_active:
        raise ApplicationError("The webhook is disabled: enable it first.", status_code=status.HTTP_409_CONFLICT)
    if delivery.lease_until and delivery.lease_until > timezone.now():
        raise ApplicationError("This delivery is being attempted right now.", status_code=status.HTTP_409_CONFLICT)
    delivery.manual = delivery.status != Delivery.Status.PENDING
    delivery.status, delivery.next_attempt_at = Delivery.Status.PENDING, timezone.now()
    delivery.save(update_fields=["status", "next_attempt_at", "manual"])
    _wake_after_commit()
    return delivery
