"""The batched dispatcher: batches with a fixed number of queries, fairness across endpoints, kept-alive
connections reused per endpoint, a slow endpoint that holds nobody else, 410 Gone, and an address the
SSRF guard refuses at delivery time."""

import socket
import threading
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from webhooks import delivery, dispatcher, services, transport
from webhooks.models import Delivery, DeliveryAttempt, Event, Webhook
from webhooks.tests.receiver import Receiver

pytestmark = pytest.mark.django_db


def hook_for(membership, url, events=("ticket_created",)):
    webhook, _ = services.webhook_create(account=membership.account, user=membership.user, url=url, events=list(events))
    return webhook


def emit(membership, n=1):
    return [
        services.event_emit(account=membership.account, event_type="ticket_created", data={"n": i}) for i in range(n)
    ]


@pytest.fixture(autouse=True)
def fresh_pools():
    transport.pools.clear()
    yield
    transport.pools.clear()


def test_a_batch_is_claimed_posted_and_recorded_with_a_fixed_number_of_queries(tenant, private_ok, receiver):
    hook_for(tenant, receiver.url)
    emit(tenant, 5)
    assert dispatcher.dispatch() == 5
    emit(tenant, 60)
    with CaptureQueriesContext(connection) as many:
        assert dispatcher.dispatch() == 60
    assert len(receiver.wait_for(65)) == 65
    assert Delivery.objects.filter(status="succeeded", attempts=1).count() == 65
    assert DeliveryAttempt.objects.filter(outcome="success").count() == 65
    # 60 deliveries cost fewer statements than deliveries (one at a time took 7 each): claims and
    # records are per batch.
    statements = [q["sql"] for q in many.captured_queries]
    writes = [q for q in statements if q.lstrip().startswith(("INSERT", "UPDATE", "WITH"))]
    assert len(writes) < 60, writes  # one at a time took 3 per delivery (claim polls vary with timing)
    # (On PostgreSQL a batch of successes is locked, updated and logged by one WITH … INSERT statement.)
    inserts = [q for q in statements if 'INSERT INTO "webhooks_deliveryattempt"' in q]
    assert 1 <= len(inserts) <= 30


def test_one_endpoints_backlog_does_not_starve_another_accounts_event(tenant, other_tenant, private_ok, settings):
    settings.WEBHOOKS_ENDPOINT_BATCH = 10
    settings.WEBHOOKS_DISPATCH_BATCH = 40
    with Receiver() as busy, Receiver() as quiet:
        hook_for(tenant, busy.url)
        emit(tenant, 300)  # account A's burst, committed first
        hook_for(other_tenant, quiet.url)
        (single,) = emit(other_tenant)  # then account B's single event
        # The first claim already takes B's event, next to at most 10 of A's.
        claimed = delivery.Claimer().claim(limit=40, per_endpoint=10)
        assert sum(d.event_id == single.pk for d in claimed) == 1 and len(claimed) == 11
        delivery.release(claimed)
        assert dispatcher.dispatch() == 301
        (arrived,) = quiet.wait_for(1)
        burst = busy.wait_for(300)
        assert len(burst) == 300
        # B's event arrived while A's backlog was still being delivered, not after it.
        assert sum(r["at"] < arrived["at"] for r in burst) < 60


def test_connections_are_kept_alive_and_reused_per_endpoint(tenant, private_ok, receiver, settings):
    settings.WEBHOOKS_ENDPOINT_CONCURRENCY = 2
    hook_for(tenant, receiver.url)
    emit(tenant, 40)
    assert dispatcher.dispatch() == 40
    emit(tenant, 40)
    assert dispatcher.dispatch() == 40  # a second run in the same process: the same pool
    assert len(receiver.wait_for(80)) == 80
    assert 1 <= receiver.connections <= 2 and transport.pools.opened == receiver.connections


def test_a_new_connection_is_checked_by_the_ssrf_guard_again(tenant, private_ok, receiver, monkeypatch):
    hook_for(tenant, receiver.url)
    emit(tenant)
    assert dispatcher.dispatch() == 1
    transport.pools.clear()  # the kept-alive connection is gone: the next one is checked afresh
    private_ok.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    (event,) = emit(tenant)
    assert dispatcher.dispatch() == 1
    attempt = DeliveryAttempt.objects.get(delivery__event=event)
    assert attempt.outcome == "error" and attempt.error.startswith("refused:") and "127.0.0.1" in attempt.error
    assert len(receiver.wait_for(2, timeout=0.5)) == 1


def test_a_slow_endpoint_does_not_hold_the_others(tenant, other_tenant, private_ok):
    with Receiver(delay=1.5) as slow, Receiver() as fast:
        hook_for(tenant, slow.url)
        emit(tenant, 1)
        hook_for(other_tenant, fast.url)
        emit(other_tenant, 5)
        assert dispatcher.dispatch() == 6
        (slow_request,) = slow.wait_for(1)
        assert len(fast.wait_for(5)) == 5
        # (`at` is when a request arrived; the slow endpoint answered 1.5 s after its own.)
        assert max(r["at"] for r in fast.requests) < slow_request["at"] + 1.0
        # And the fast endpoint's results were recorded before the slow one answered.
        first_fast = DeliveryAttempt.objects.filter(delivery__webhook__url=fast.url).order_by("id").first()
        first_slow = DeliveryAttempt.objects.get(delivery__webhook__url=slow.url)
        assert first_fast.pk < first_slow.pk


def test_410_gone_disables_the_endpoint_and_emails_its_owner(
    tenant, private_ok, celery_eager, django_capture_on_commit_callbacks
):
    with Receiver(statuses=[410]) as gone:
        webhook = hook_for(tenant, gone.url)
        with django_capture_on_commit_callbacks(execute=True):
            (event,) = emit(tenant)
        assert len(gone.wait_for(2, timeout=0.5)) == 1  # not retried
    row = Delivery.objects.get(event=event)
    assert row.status == "failed" and row.attempts == 1
    assert DeliveryAttempt.objects.get(delivery=row).response_status == 410
    webhook.refresh_from_db()
    assert not webhook.is_active and "410" in webhook.disabled_reason
    (message,) = mail.outbox
    assert message.to == [tenant.user.email] and webhook.url in message.body
    assert emit(tenant) == [None]  # a disabled endpoint is offered nothing


def resolving_to(monkeypatch, address):
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))],
    )


def test_an_address_refused_at_delivery_fails_for_good_but_a_dns_failure_retries(tenant, monkeypatch, settings):
    settings.WEBHOOKS_RETRY_SCHEDULE = [0, 0]
    resolving_to(monkeypatch, "93.184.216.34")
    webhook = hook_for(tenant, "https://hooks.example.com/x")
    Event.objects.all().delete()
    (event,) = emit(tenant)

    def unresolvable(*args, **kwargs):
        raise socket.gaierror("temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", unresolvable)
    assert dispatcher.dispatch() == 3  # the schedule: tried 1 + 2 times
    row = Delivery.objects.get(event=event)
    assert row.status == "failed" and row.attempts == 3
    Webhook.objects.filter(pk=webhook.pk).update(is_active=True)

    resolving_to(monkeypatch, "10.0.0.7")  # rebinding to a private address
    (event,) = emit(tenant)
    assert dispatcher.dispatch() == 1
    row = Delivery.objects.get(event=event)
    assert row.status == "failed" and row.attempts == 1  # no retry schedule
    (attempt,) = row.attempt_log.all()
    assert attempt.outcome == "error" and attempt.error.startswith("refused:") and "10.0.0.7" in attempt.error
    assert Webhook.objects.get(pk=webhook.pk).is_active  # the endpoint stays: its DNS may be fixed



def test_a_burst_with_a_lane_for_every_thread_still_leaves_another_endpoint_its_turn(settings, monkeypatch):
    # The bursting endpoint may run as many lanes as the pool has threads. Served lane by lane until its
    # queue ran dry, its 200 posts would all be under way before the quiet endpoint's lane got a thread.
    threads = dispatcher.executor()._max_workers
    settings.WEBHOOKS_ENDPOINT_CONCURRENCY = threads
    posted, lock = [], threading.Lock()

    def post_one(delivery, body, parallel):
        with lock:
            posted.append(delivery.webhook_id)
        time.sleep(0.02)
        return transport.PostResult(200, "ok", "", 5), timezone.now()

    monkeypatch.setattr(dispatcher, "post_one", post_one)
    lease = timezone.now() + timedelta(minutes=5)
    run = dispatcher.Dispatcher()
    run.enqueue(1, [(SimpleNamespace(pk=n, webhook_id=1, lease_until=lease), "{}") for n in range(600)])
    run.enqueue(2, [(SimpleNamespace(pk=1000, webhook_id=2, lease_until=lease), "{}")])
    with lock:
        before = len(posted)  # the burst's posts begun before the quiet endpoint's lane was queued
    for _ in range(601):
        run.finished.get(timeout=10)
    # Lanes take turns, one post a turn: each of the burst's lanes has at most one turn running or queued
    # ahead of the quiet endpoint's lane, so at most one post per thread comes between.
    assert posted.index(2) <= before + threads, (before, posted.index(2))
    assert before + threads < 600 and len(posted) == 601
