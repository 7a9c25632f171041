"""/api/webhooks: CRUD for the key's user, secret shown once and rotatable, delivery log, redelivery."""

import pytest

from accounts.models import User
from accounts.services import membership_create
from backlog_site.api.testing import (
    assert_constant_queries,
    assert_other_tenant_not_found,
    assert_rejects_malformed,
    assert_requires_key,
)
from webhooks import services
from webhooks.models import Delivery, Event, Webhook
from webhooks.tests.conftest import bearer, laravel_error
from webhooks.tests.verifier import verify

pytestmark = pytest.mark.django_db


def test_create_shows_the_secret_once(it_client, tenant, private_ok, receiver):
    response = it_client.post("/api/webhooks", {"url": receiver.url, "description": "Slack"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["secret"].startswith("whsec_") and body["user_id"] == tenant.user_id
    assert body["url"] == receiver.url and body["is_active"] is True and body["events"] == []
    shown = it_client.get(f"/api/webhooks/{body['id']}").json()
    assert "secret" not in shown and shown["description"] == "Slack"
    listed = it_client.get("/api/webhooks").json()
    assert [w["id"] for w in listed["data"]] == [body["id"]] and "secret" not in listed["data"][0]


def test_create_announces_webhook_created_to_the_new_webhook(
    it_client, private_ok, receiver, celery_eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        body = it_client.post("/api/webhooks", {"url": receiver.url}, format="json").json()
    (request,) = receiver.wait_for(1)
    assert verify(body["secret"], request["headers"], request["body"])
    assert b'"type":"webhook_created"' in request["body"]


def test_validation(it_client, private_ok, receiver):
    it_client.post("/api/webhooks", {"url": receiver.url}, format="json")
    for body in (
        {"url": receiver.url},  # unique per user
        {"url": "not a url"},
        {"url": "ftp://example.com/x"},
        {},
        {"url": receiver.url + "2", "events": ["no_such_event"]},
        {"url": receiver.url + "3", "events": "issue_created"},
    ):
        response = it_client.post("/api/webhooks", body, format="json")
        assert response.status_code == 422, (body, response.content)
        laravel_error(response)
    assert Webhook.objects.count() == 1


def test_update_delete_and_rotate(it_client, private_ok, receiver):
    created = it_client.post("/api/webhooks", {"url": receiver.url}, format="json").json()
    url = f"/api/webhooks/{created['id']}"
    response = it_client.put(url, {"description": "Ops", "events": ["issue_created", "ticket_created"]}, format="json")
    assert response.status_code == 200 and response.json()["events"] == ["issue_created", "ticket_created"]
    response = it_client.put(url, {"is_active": False}, format="json")
    assert response.json()["is_active"] is False and response.json()["disabled_at"]
    assert it_client.put(url, {"is_active": True}, format="json").json()["disabled_at"] is None

    rotated = it_client.post(f"{url}/rotate-secret").json()["secret"]
    assert rotated.startswith("whsec_") and rotated != created["secret"]
    webhook = Webhook.objects.get()
    assert webhook.secret == rotated and webhook.previous_secret == created["secret"]

    assert it_client.delete(url).status_code == 204
    assert not Webhook.objects.exists()


def test_another_user_of_the_same_account_cannot_see_my_webhook(it_client, tenant, private_ok, receiver):
    created = it_client.post("/api/webhooks", {"url": receiver.url}, format="json").json()
    colleague = User.objects.create_user(username="colleague", email="c@acme.example", password="x")
    colleague_client = bearer(membership_create(account=tenant.account, user=colleague, role="agent"))
    assert colleague_client.get(f"/api/webhooks/{created['id']}").status_code == 404
    assert colleague_client.get("/api/webhooks").json()["total"] == 0
    # The same URL is fine for another user.
    assert colleague_client.post("/api/webhooks", {"url": receiver.url}, format="json").status_code == 201


def test_every_endpoint_needs_a_key(private_ok):
    assert_requires_key("get", "/api/webhooks", laravel_error)
    assert_requires_key("post", "/api/webhooks", laravel_error)
    for method, path in [
        ("get", "/api/webhooks/1"),
        ("put", "/api/webhooks/1"),
        ("delete", "/api/webhooks/1"),
        ("post", "/api/webhooks/1/rotate-secret"),
        ("get", "/api/webhooks/1/deliveries"),
        ("post", "/api/webhooks/1/deliveries/1/redeliver"),
    ]:
        assert_requires_key(method, path, laravel_error)


def test_other_tenant_gets_404_everywhere(it_client, it_other_client, private_ok, receiver):
    created = it_client.post("/api/webhooks", {"url": receiver.url}, format="json").json()
    delivery = Delivery.objects.get()
    url = f"/api/webhooks/{created['id']}"
    for method, path in [
        ("get", url),
        ("put", url),
        ("delete", url),
        ("post", f"{url}/rotate-secret"),
        ("get", f"{url}/deliveries"),
        ("post", f"{url}/deliveries/{delivery.pk}/redeliver"),
    ]:
        assert_other_tenant_not_found(it_other_client, method, path, data={"description": "x"}, format="json")
    assert Webhook.objects.get().secret == created["secret"]


def test_malformed_bodies(it_client, private_ok, receiver):
    created = it_client.post("/api/webhooks", {"url": receiver.url}, format="json").json()
    assert_rejects_malformed(it_client, "post", "/api/webhooks", laravel_error)
    assert_rejects_malformed(it_client, "put", f"/api/webhooks/{created['id']}", laravel_error)


def test_delivery_log_and_redelivery(
    it_client, tenant, private_ok, receiver, celery_eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = it_client.post("/api/webhooks", {"url": receiver.url}, format="json").json()
    url = f"/api/webhooks/{created['id']}"
    log = it_client.get(f"{url}/deliveries").json()
    (delivery,) = log["data"]
    assert delivery["event_type"] == "webhook_created" and delivery["status"] == "succeeded"
    (attempt,) = delivery["attempt_log"]
    assert attempt["response_status"] == 200 and attempt["outcome"] == "success" and attempt["response_body"] == "ok"

    with django_capture_on_commit_callbacks(execute=True):
        response = it_client.post(f"{url}/deliveries/{delivery['id']}/redeliver")
    assert response.status_code == 202
    first, second = receiver.wait_for(2)
    assert first["headers"]["webhook-id"] == second["headers"]["webhook-id"] == delivery["message_id"]
    attempts = it_client.get(f"{url}/deliveries").json()["data"][0]["attempt_log"]
    assert [(a["number"], a["manual"]) for a in attempts] == [(2, True), (1, False)]
    assert it_client.post(f"{url}/deliveries/999999/redeliver").status_code == 404


def test_delivery_log_runs_constant_queries(it_client, tenant, private_ok, receiver):
    webhook, _ = services.webhook_create(account=tenant.account, user=tenant.user, url=receiver.url)

    def make_rows(n):
        while Delivery.objects.filter(webhook=webhook).count() < n:
            services.event_emit(account=tenant.account, event_type="issue_created", data={"n": n})

    assert_constant_queries(make_rows, lambda: it_client.get(f"/api/webhooks/{webhook.pk}/deliveries"))
    assert Event.objects.count() >= 20
