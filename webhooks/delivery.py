"""Claiming deliveries and recording what their attempts did: success, a retry on the back-off schedule,
or a failure for good — when the schedule runs out (the endpoint is then disabled and its owner
e-mailed), when the endpoint answers 410 Gone (disabled at once), or when the SSRF guard refuses its
address. The dispatcher (`dispatcher.py`) posts what is claimed here, in batches.

A claim takes a lease (`lease_until`): nobody else posts a leased delivery, and a worker that dies
mid-post leaves a lease that expires, after which any dispatcher (or the beat sweep's wake-up) claims it
again — with the same `webhook-id`, so receivers can de-duplicate.

Lock order, so that nothing here deadlocks with `services.webhook_delete`: a recording transaction locks
delivery rows (in id order) and never the webhook row; disabling a webhook is its own transaction after.
"""

import json
from collections import defaultdict
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from .conf import setting
from .models import Delivery, DeliveryAttempt, Event, Webhook
from .transport import PostResult


def retry_schedule() -> list[int]:
    return [int(s) for s in setting("WEBHOOKS_RETRY_SCHEDULE")]


def max_attempts() -> int:
    return 1 + len(retry_schedule())


def claimable(now):
    return Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now).filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    )


def _lease(now):
    return now + timedelta(seconds=int(setting("WEBHOOKS_LEASE_SECONDS")))


def claim(delivery_id: int) -> Delivery | None:
    """Lease one delivery if it is due and nobody holds it."""
    now = timezone.now()
    if not claimable(now).filter(pk=delivery_id).update(lease_until=_lease(now)):
        return None
    return Delivery.objects.select_related("event", "webhook").get(pk=delivery_id)


# One statement claims a fair batch on PostgreSQL. `ready` walks the endpoints that have pending
# deliveries with a skip scan of the partial index (one probe per endpoint, not per delivery), starting
# after the previous batch's last endpoint (round robin); for each endpoint not already busy in this
# dispatcher, the lateral subquery locks at most `per` of its due deliveries, oldest first, skipping rows
# another dispatcher is claiming right now. So one endpoint's backlog of 50,000 takes `per` places in a
# batch, and another endpoint's single event takes one in the very next batch. The claimed rows come back
# with their events' columns, so that the batch needs no second query for them.
_CLAIM_SQL = """
WITH RECURSIVE ready(webhook_id) AS (
    (SELECT webhook_id FROM {delivery}
      WHERE status = 'pending' AND webhook_id > %(after)s AND webhook_id <= %(until)s
      ORDER BY webhook_id LIMIT 1)
  UNION ALL
    SELECT (SELECT d.webhook_id FROM {delivery} d
             WHERE d.status = 'pending' AND d.webhook_id > ready.webhook_id AND d.webhook_id <= %(until)s
             ORDER BY d.webhook_id LIMIT 1)
      FROM ready WHERE ready.webhook_id IS NOT NULL
),
picked AS (
    SELECT due.id FROM ready CROSS JOIN LATERAL (
        SELECT d.id FROM {delivery} d
         WHERE d.webhook_id = ready.webhook_id AND d.status = 'pending' AND d.next_attempt_at <= %(now)s
           AND (d.lease_until IS NULL OR d.lease_until < %(now)s)
         ORDER BY d.next_attempt_at LIMIT %(per)s
         FOR UPDATE SKIP LOCKED
    ) due
     WHERE ready.webhook_id IS NOT NULL AND ready.webhook_id <> ALL(%(busy)s)
     LIMIT %(limit)s
),
claimed AS (
    UPDATE {delivery} SET lease_until = %(lease)s
     WHERE id IN (SELECT id FROM picked)
    RETURNING id, webhook_id, event_id, attempts, manual, next_attempt_at
)
SELECT c.id, c.webhook_id, c.event_id, c.attempts, c.manual, c.next_attempt_at,
       e.message_id, e.event_type, e.data, e.created_at
  FROM claimed c JOIN {event} e ON e.id = c.event_id
"""

MAX_ID = 2**63 - 1


class Claimer:
    """Claims batches of due deliveries, fairly across endpoints; remembers where the last batch ended."""

    def __init__(self):
        self.cursor = 0

    def claim(self, *, limit: int, per_endpoint: int, busy=()) -> list[Delivery]:
        now = timezone.now()
        lease = _lease(now)
        if connection.vendor == "postgresql":
            rows = self._claim_postgresql(now, lease, limit, per_endpoint, list(busy))
        else:
            rows = self._claim_fallback(now, lease, limit, per_endpoint, set(busy))
        return _loaded(rows, lease)

    def _claim_postgresql(self, now, lease, limit, per, busy):
        quote = connection.ops.quote_name
        sql = _CLAIM_SQL.format(delivery=quote(Delivery._meta.db_table), event=quote(Event._meta.db_table))
        params = {"now": now, "lease": lease, "per": per, "busy": busy}
        rows = []
        # From the cursor to the end of the ids, then (if room is left) from the start up to the cursor.
        for after, until in ((self.cursor, MAX_ID), (0, self.cursor)):
            if len(rows) >= limit or until <= after:
                continue
            with connection.cursor() as cursor:
                cursor.execute(sql, {**params, "after": after, "until": until, "limit": limit - len(rows)})
                rows += cursor.fetchall()
        full = len(rows) >= limit
        self.cursor = max((r[1] for r in rows), default=0) if full else 0
        return rows

    @transaction.atomic
    def _claim_fallback(self, now, lease, limit, per, busy):
        """SQLite: one writer at a time (IMMEDIATE transactions), so a select then an update is a claim."""
        endpoints = (
            claimable(now).exclude(webhook_id__in=busy).order_by("webhook_id").values_list("webhook_id", flat=True)
        )
        ids = []
        for webhook_id in dict.fromkeys(endpoints):
            if len(ids) >= limit:
                break
            due = claimable(now).filter(webhook_id=webhook_id).order_by("next_attempt_at", "id")
            ids += list(due.values_list("pk", flat=True)[: min(per, limit - len(ids))])
        Delivery.objects.filter(pk__in=ids).update(lease_until=lease)
        return list(
            Delivery.objects.filter(pk__in=ids).values_list(
                "id", "webhook_id", "event_id", "attempts", "manual", "next_attempt_at"
            )
        )


def _events(rows) -> dict[int, Event]:
    """The batch's events: from the claim's own rows on PostgreSQL, else one query."""
    if len(rows[0]) == 6:
        return Event.objects.in_bulk({r[2] for r in rows})
    events = {}
    for row in rows:
        event_id, message_id, event_type, data, created_at = row[2], *row[6:]
        if event_id not in events:
            data = json.loads(data) if isinstance(data, str | bytes) else data  # jsonb comes as text
            events[event_id] = Event(
                pk=event_id, message_id=message_id, event_type=event_type, data=data, created_at=created_at
            )
    return events


def _loaded(rows, lease) -> list[Delivery]:
    """Delivery objects with their event and webhook: the webhooks in one query for the whole batch."""
    if not rows:
        return []
    events = _events(rows)
    webhooks = Webhook.objects.in_bulk({r[1] for r in rows})
    found = []
    for pk, webhook_id, event_id, attempts, manual, next_attempt_at, *_ in rows:
        if webhook_id not in webhooks or event_id not in events:
            continue  # deleted since the claim; its row went with it
        delivery = Delivery(
            pk=pk,
            webhook_id=webhook_id,
            event_id=event_id,
            attempts=attempts,
            manual=manual,
            next_attempt_at=next_attempt_at,
            lease_until=lease,
        )
        delivery.event, delivery.webhook = events[event_id], webhooks[webhook_id]
        found.append(delivery)
    return found


def attempt(delivery_id: int) -> str:
    """Try one delivery now if it is due and nobody else holds it; answers what happened."""
    from .dispatcher import post_one

    delivery = claim(delivery_id)
    if delivery is None:
        return "skipped"
    if not delivery.webhook.is_active:
        return release_disabled([delivery])[delivery.pk]
    result, at = post_one(delivery)
    return record(delivery=delivery, result=result, at=at)


def record(*, delivery: Delivery, result: PostResult, at) -> str:
    return record_many([(delivery, result, at)])[delivery.pk]


def _locked(ids) -> list[int]:
    """Lock delivery rows in id order (the order every writer here uses) and answer those still there."""
    return list(Delivery.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def release_disabled(deliveries: list[Delivery]) -> dict[int, str]:
    """Claimed deliveries of an endpoint that has been disabled since: failed, without an attempt."""
    ids = [d.pk for d in deliveries]
    Delivery.objects.filter(pk__in=_locked(ids)).update(status=Delivery.Status.FAILED, lease_until=None)
    return dict.fromkeys(ids, "endpoint disabled")


@transaction.atomic
def release(deliveries: list[Delivery]) -> None:
    """Give back claimed deliveries that were not posted (their lease would have run out first)."""
    if deliveries:
        locked = _locked([d.pk for d in deliveries])
        Delivery.objects.filter(pk__in=locked, status=Delivery.Status.PENDING).update(lease_until=None)


# Every result of the batch a success, on PostgreSQL (the common case under load): one statement locks
# the rows in id order (as every writer here does), marks them succeeded and logs their attempts. Rows
# deleted with their webhook meanwhile are not there, so nothing is logged for them.
_SUCCESSES_SQL = """
WITH locked AS MATERIALIZED (
    SELECT id, manual FROM {delivery}
     WHERE id = ANY(%(ids)s) AND status = 'pending' ORDER BY id FOR UPDATE
), done AS (
    UPDATE {delivery} d
       SET status = 'succeeded', attempts = d.attempts + 1, last_attempt_at = r.at, delivered_at = %(now)s,
           lease_until = NULL, manual = false
      FROM locked, unnest(%(ids)s::bigint[], %(at)s::timestamptz[]) AS r(id, at)
     WHERE d.id = locked.id AND r.id = locked.id
    RETURNING d.id, d.attempts, locked.manual
)
INSERT INTO {attempt} (delivery_id, number, outcome, response_status, response_body, error, duration_ms,
                       manual, attempted_at)
SELECT done.id, done.attempts, 'success', r.status, r.body, '', r.ms, done.manual, %(now)s
  FROM done
  JOIN unnest(%(ids)s::bigint[], %(status)s::int[], %(body)s::text[], %(ms)s::int[]) AS r(id, status, body, ms)
    ON r.id = done.id
RETURNING delivery_id
"""


def _record_successes_postgresql(results) -> dict[int, str]:
    quote = connection.ops.quote_name
    sql = _SUCCESSES_SQL.format(delivery=quote(Delivery._meta.db_table), attempt=quote(DeliveryAttempt._meta.db_table))
    params = {
        "ids": [d.pk for d, _, _ in results],
        "at": [at for _, _, at in results],
        "status": [r.status for _, r, _ in results],
        "body": [r.body for _, r, _ in results],
        "ms": [r.duration_ms for _, r, _ in results],
        "now": timezone.now(),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        recorded = {row[0] for row in cursor.fetchall()}
    return {d.pk: "succeeded" if d.pk in recorded else "gone" for d, _, _ in results}


def record_many(results: list[tuple[Delivery, PostResult, object]]) -> dict[int, str]:
    """Log every attempt (one INSERT) and move each delivery on (one UPDATE for all the successes, one
    bulk UPDATE for the rest); then disable the endpoints that asked for it. Answers, per delivery id,
    what follows: succeeded, retrying, failed, or gone (its webhook was deleted meanwhile)."""
    if not results:
        return {}
    if connection.vendor == "postgresql" and all(r.ok for _, r, _ in results):
        return _record_successes_postgresql(results)
    schedule = retry_schedule()
    outcomes: dict[int, str] = {}
    disable: dict[int, tuple[Webhook, str]] = {}
    retry_delays: set[int] = set()
    with transaction.atomic():
        # Lock the rows, in id order; those deleted with their webhook meanwhile are not there.
        ids = sorted(d.pk for d, _, _ in results)
        current = {
            pk: (attempts, manual)
            for pk, attempts, manual in Delivery.objects.select_for_update()
            .filter(pk__in=ids, status=Delivery.Status.PENDING)
            .order_by("pk")
            .values_list("pk", "attempts", "manual")
        }
        log, succeeded, others = [], [], []
        now = timezone.now()
        for delivery, result, at in results:
            if delivery.pk not in current:
                outcomes[delivery.pk] = "gone"
                continue
            attempts, manual = current.pop(delivery.pk)
            attempts += 1
            if result.ok:
                outcome = DeliveryAttempt.Outcome.SUCCESS
            else:
                outcome = DeliveryAttempt.Outcome.FAILURE if result.status else DeliveryAttempt.Outcome.ERROR
            log.append(
                DeliveryAttempt(
                    delivery_id=delivery.pk,
                    number=attempts,
                    outcome=outcome,
                    response_status=result.status,
                    response_body=result.body,
                    error=result.error,
                    duration_ms=result.duration_ms,
                    manual=manual,
                )
            )
            if result.ok:
                succeeded.append(delivery.pk)
                outcomes[delivery.pk] = "succeeded"
                continue
            delivery.attempts, delivery.last_attempt_at, delivery.lease_until = attempts, at, None
            delivery.status, delivery.manual = Delivery.Status.FAILED, False
            message_id = delivery.event.message_id
            if result.gone:
                # Standard Webhooks: 410 means the endpoint is gone for good; even a manual try says so.
                disable[delivery.webhook_id] = (delivery.webhook, f"The endpoint answered 410 Gone to {message_id}")
                outcomes[delivery.pk] = "failed"
            elif result.unsafe or manual:
                # An address the guard refuses stays refused; a redelivery asked for by hand is tried once
                # (neither of them retries, and neither disables the endpoint).
                outcomes[delivery.pk] = "failed"
            elif attempts <= len(schedule):
                delay = schedule[attempts - 1]
                delivery.status, delivery.next_attempt_at = Delivery.Status.PENDING, now + timedelta(seconds=delay)
                retry_delays.add(delay)
                outcomes[delivery.pk] = "retrying"
            else:
                disable.setdefault(
                    delivery.webhook_id, (delivery.webhook, f"Delivery {message_id} failed {attempts} times")
                )
                outcomes[delivery.pk] = "failed"
            others.append(delivery)
        DeliveryAttempt.objects.bulk_create(log)
        if succeeded:
            # Every success of the batch in one statement; last_attempt_at is the batch's first post.
            Delivery.objects.filter(pk__in=succeeded).update(
                status=Delivery.Status.SUCCEEDED,
                attempts=F("attempts") + 1,
                last_attempt_at=min(at for _, _, at in results),
                delivered_at=now,
                lease_until=None,
                manual=False,
            )
        if others:
            Delivery.objects.bulk_update(
                others, ["attempts", "last_attempt_at", "lease_until", "status", "next_attempt_at", "manual"]
            )
    for webhook, reason in disable.values():
        webhook_disable(webhook=webhook, reason=reason)
    if retry_delays:
        from .wake import wake_later

        for delay in sorted(retry_delays):
            wake_later(delay)
    return outcomes


@transaction.atomic
def webhook_disable(*, webhook: Webhook, reason: str) -> None:
    """Stop delivering to an endpoint that keeps failing (or said 410), and tell its owner once, after
    commit."""
    from functools import partial

    updated = Webhook.objects.filter(pk=webhook.pk, is_active=True).update(
        is_active=False, disabled_at=timezone.now(), disabled_reason=reason[:255], disabled_notified_at=None
    )
    if updated:
        from .tasks import webhook_disabled_notify

        transaction.on_commit(partial(webhook_disabled_notify.delay, webhook.pk))


def sweep(limit: int = 1000) -> list[int]:
    """Pending deliveries that are overdue and not held by a live worker: their wake-up was lost (a
    worker died, the broker dropped it). Answers their ids; the caller wakes a dispatcher."""
    now = timezone.now()
    overdue = now - timedelta(seconds=int(setting("WEBHOOKS_SWEEP_GRACE_SECONDS")))
    return list(
        claimable(now)
        .filter(next_attempt_at__lte=overdue)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def by_endpoint(deliveries: list[Delivery]) -> dict[int, list[Delivery]]:
    groups = defaultdict(list)
    for delivery in deliveries:
        groups[delivery.webhook_id].append(delivery)
    return groups
