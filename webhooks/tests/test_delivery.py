"""The delivery engine: outbox in the caller's transaction, signatures, retries, disabling, the sweep."""

import json
import time

import pytest
from django.core import mail
from django.db import transaction

from webhooks import delivery, services, tasks
from webhooks.models import Delivery, DeliveryAttempt, Event, Webhook
from webhooks.tests.receiver import Receiver
from webhooks.tests.verifier import VerificationFailed, verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def hook(tenant, receiver, private_ok):
    webhook, secret = services.webhook_create(account=tenant.account, user=tenant.user, url=receiver.url)
    Event.objects.all().delete()  # the webhook_created event is not what these tests look at
    return webhook, secret


def emit(tenant, event_type="issue_created", data=None, **kwargs):
    return services.event_emit(
        account=tenant.account, event_type=event_type, data=data or {"issue": {"id": 1}}, **kwargs
    )


def test_signed_delivery_verifies_against_the_spec(
    tenant, hook, receiver, celery_eager, django_capture_on_commit_callbacks
):
    webhook, secret = hook
    with django_capture_on_commit_callbacks(execute=True):
        event = emit(tenant, data={"issue": {"id": 7, "name": "Down"}})
    (request,) = receiver.wait_for(1)
    assert verify(secret, request["headers"], request["body"])
    assert request["headers"]["webhook-id"] == event.message_id
    assert request["headers"]["content-type"] == "application/json"
    body = json.loads(request["body"])
    assert body["type"] == "issue_created" and body["data"] == {"issue": {"id": 7, "name": "Down"}}
    assert body["timestamp"].endswith("Z")
    # The verifier is strict: another secret, a changed body or an old timestamp all fail.
    with pytest.raises(VerificationFailed):
        verify("whsec_" + "A" * 44, request["headers"], request["body"])
    with pytest.raises(VerificationFailed):
        verify(secret, request["headers"], request["body"].replace(b"Down", b"Up"))
    with pytest.raises(VerificationFailed):
        verify(secret, request["headers"], request["body"], now=time.time() + 600)
    assert Delivery.objects.get().status == "succeeded"


def test_after_rotation_both_secrets_verify(tenant, hook, receiver, celery_eager, django_capture_on_commit_callbacks):
    webhook, old_secret = hook
    new_secret = services.webhook_secret_rotate(webhook=webhook)
    with django_capture_on_commit_callbacks(execute=True):
        emit(tenant)
    (request,) = receiver.wait_for(1)
    assert len(request["headers"]["webhook-signature"].split(" ")) == 2
    assert verify(new_secret, request["headers"], request["body"])
    assert verify(old_secret, request["headers"], request["body"])


def test_no_event_after_a_rolled_back_transaction(
    tenant, hook, receiver, celery_eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                assert emit(tenant) is not None
                raise RuntimeError("the change failed")
    assert callbacks == []
    assert not Event.objects.exists() and not Delivery.objects.exists()
    assert receiver.wait_for(1, timeout=0.3) == []


def test_retries_then_succeeds(tenant, hook, receiver, celery_eager, django_capture_on_commit_callbacks):
    receiver.statuses = [500, 503]
    with django_capture_on_commit_callbacks(execute=True):
        emit(tenant)
    assert len(receiver.wait_for(3)) == 3
    delivery_row = Delivery.objects.get()
    assert delivery_row.status == "succeeded" and delivery_row.attempts == 3
    log = list(delivery_row.attempt_log.order_by("number").values_list("outcome", "response_status"))
    assert log == [("failure", 500), ("failure", 503), ("success", 200)]
    assert len(delivery_row.attempt_log.first().response_body) <= 2048
    assert Webhook.objects.get().is_active


def test_retry_schedule_backs_off(tenant, hook, receiver, settings):
    settings.WEBHOOKS_RETRY_SCHEDULE = [5, 300, 1800]
    receiver.statuses = [500]
    event = emit(tenant)
    delivery_row = Delivery.objects.get(event=event)
    assert delivery.attempt(delivery_row.pk) == "retrying"
    delivery_row.refresh_from_db()
    wait = (delivery_row.next_attempt_at - delivery_row.last_attempt_at).total_seconds()
    assert 4 <= wait <= 7
    assert delivery.attempt(delivery_row.pk) == "skipped"  # not due yet
    assert delivery.max_attempts() == 4


def test_endpoint_that_keeps_failing_is_disabled_and_its_owner_emailed(
    tenant, hook, receiver, celery_eager, django_capture_on_commit_callbacks
):
    receiver.statuses = [500] * 10
    with django_capture_on_commit_callbacks(execute=True):
        emit(tenant)
    assert len(receiver.wait_for(3)) == 3
    delivery_row = Delivery.objects.get()
    assert delivery_row.status == "failed" and delivery_row.attempts == 3
    webhook = Webhook.objects.get()
    assert not webhook.is_active and webhook.disabled_at and "failed 3 times" in webhook.disabled_reason
    (message,) = mail.outbox
    assert message.to == [tenant.user.email] and webhook.url in message.body
    assert message.alternatives[0][1] == "text/html"
    # A disabled endpoint is not offered new events, and the e-mail task is harmless the second time.
    assert emit(tenant) is None
    assert tasks.webhook_disabled_notify(webhook.pk) is False and len(mail.outbox) == 1


def test_transport_errors_and_redirects_are_failures(
    tenant, private_ok, celery_eager, django_capture_on_commit_callbacks
):
    with Receiver(statuses=[302, 302, 302]) as redirecting:
        with django_capture_on_commit_callbacks(execute=True):
            webhook, _ = services.webhook_create(account=tenant.account, user=tenant.user, url=redirecting.url)
        outcomes = list(DeliveryAttempt.objects.values_list("response_status", flat=True))
        assert outcomes == [302, 302, 302]  # the Location (cloud metadata) was never followed
    webhook.refresh_from_db()
    assert not webhook.is_active


def test_connection_refused_is_logged_as_error(tenant, private_ok):
    with Receiver() as gone:
        url = gone.url
    webhook, _ = services.webhook_create(account=tenant.account, user=tenant.user, url=url)
    delivery_row = Delivery.objects.get(webhook=webhook)
    assert delivery.attempt(delivery_row.pk) == "retrying"
    attempt = DeliveryAttempt.objects.get()
    assert attempt.outcome == "error" and attempt.response_status is None and attempt.error


def test_sweep_redelivers_after_a_worker_died_mid_delivery(
    tenant, hook, receiver, settings, celery_eager, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_LEASE_SECONDS = 1
    settings.WEBHOOKS_SWEEP_GRACE_SECONDS = 0
    event = emit(tenant)  # its on-commit task is lost (never run)
    delivery_row = Delivery.objects.get(event=event)
    # A worker claims the delivery, then dies before recording anything.
    assert delivery.claim(delivery_row.pk) is not None
    assert tasks.outbox_sweep() == 0  # the lease is still held
    assert delivery.attempt(delivery_row.pk) == "skipped"  # and a duplicate task backs off
    time.sleep(1.1)
    assert tasks.outbox_sweep() == 1
    (request,) = receiver.wait_for(1)
    assert request["headers"]["webhook-id"] == event.message_id
    delivery_row.refresh_from_db()
    assert delivery_row.status == "succeeded" and delivery_row.attempts == 1
    assert tasks.outbox_sweep() == 0


def test_events_list_and_user_targeting(tenant, private_ok, receiver):
    everything, _ = services.webhook_create(account=tenant.account, user=tenant.user, url=receiver.url)
    tickets, _ = services.webhook_create(
        account=tenant.account, user=tenant.user, url=receiver.url + "?t", events=["ticket_created"]
    )
    Delivery.objects.all().delete()
    assert {d.webhook_id for d in emit(tenant, "ticket_created").deliveries.all()} == {tickets.pk}
    assert {d.webhook_id for d in emit(tenant, "issue_created").deliveries.all()} == {everything.pk}
    assert emit(tenant, "issue_created", user_emails=["somebody@else.example"]) is None
    event = emit(tenant, "issue_created", user_emails=[tenant.user.email.upper()])
    assert {d.webhook_id for d in event.deliveries.all()} == {everything.pk}
    with pytest.raises(ValueError):
        emit(tenant, "no_such_event")


def test_other_accounts_webhooks_never_receive(tenant, other_tenant, private_ok, receiver):
    services.webhook_create(account=other_tenant.account, user=other_tenant.user, url=receiver.url)
    assert emit(tenant) is None


def test_a_webhook_deleted_mid_delivery_records_nothing(tenant, hook, receiver):
    webhook, _ = hook
    event = emit(tenant)
    claimed = delivery.claim(Delivery.objects.get(event=event).pk)
    services.webhook_delete(webhook=webhook)
    from webhooks.transport import PostResult

    assert delivery.record(delivery=claimed, result=PostResult(200, "ok", "", 5), at=claimed.next_attempt_at) == "gone"
    assert not DeliveryAttempt.objects.exists()


def test_manual_redelivery_that_fails_does_not_retry_or_disable(tenant, hook, receiver):
    event = emit(tenant)
    delivery_row = Delivery.objects.get(event=event)
    assert delivery.attempt(delivery_row.pk) == "succeeded"
    receiver.statuses = [500]
    services.delivery_redeliver(delivery=delivery_row)
    assert delivery.attempt(delivery_row.pk) == "failed"
    delivery_row.refresh_from_db()
    assert delivery_row.status == "failed" and delivery_row.attempts == 2
    assert Webhook.objects.get().is_active
