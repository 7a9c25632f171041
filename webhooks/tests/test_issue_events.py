"""The Issue Tracker's documented events reach the webhooks of subscribed users."""

import json

import pytest
from django.utils import timezone

from accounts.models import Company
from issues.models import Category, Subscription
from webhooks import services
from webhooks.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(tenant):
    return Category.objects.create(company=Company.objects.create(account=tenant.account, name="ConnectNow"), name="IT")


def test_issue_events_go_to_webhooks_of_confirmed_subscribers(
    it_client, tenant, category, private_ok, receiver, celery_eager, django_capture_on_commit_callbacks
):
    services.webhook_create(account=tenant.account, user=tenant.user, url=receiver.url)
    Event.objects.all().delete()
    Subscription.objects.create(
        account=tenant.account, email=tenant.user.email, category=category, confirmed_at=timezone.now()
    )
    body = {"category_ids": [category.pk], "name": "Outage", "description": "Down", "severity": "critical"}
    with django_capture_on_commit_callbacks(execute=True):
        issue_id = it_client.post("/api/issues", body, format="json").json()["id"]
    (request,) = receiver.wait_for(1)
    payload = json.loads(request["body"])
    assert payload["type"] == "issue_created" and payload["data"]["issue"]["id"] == issue_id
    assert payload["data"]["issue"]["category_ids"] == [category.pk]

    # Updates and closing go to the issue's subscribers: the category subscriber is not one.
    with django_capture_on_commit_callbacks(execute=True):
        it_client.post(f"/api/issues/{issue_id}/close", {"description": "Fixed"}, format="json")
    assert len(receiver.wait_for(2, timeout=0.3)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = it_client.post(f"/api/issues/{issue_id}/subscriptions", {"email": tenant.user.email}, format="json")
    assert response.status_code == 201
    confirmation = json.loads(receiver.wait_for(2)[1]["body"])
    assert confirmation["type"] == "issue_subscription_confirmation"
    assert "/api/subscriptions/confirm/" in confirmation["data"]["confirmation_url"]


def test_subscribers_without_webhooks_make_no_outbox_rows(
    it_client, tenant, category, django_capture_on_commit_callbacks
):
    Subscription.objects.create(
        account=tenant.account, email="fan@example.com", category=category, confirmed_at=timezone.now()
    )
    body = {"category_ids": [category.pk], "name": "Outage", "description": "Down", "severity": "critical"}
    assert it_client.post("/api/issues", body, format="json").status_code == 201
    assert not Event.objects.exists()
