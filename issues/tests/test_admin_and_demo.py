"""The admin pages of the issues and webhooks apps render, and the demo filler is idempotent."""

import pytest
from django.urls import reverse

from accounts.models import User
from issues.demo import demo_fill
from issues.models import Category, Issue
from issues.tests.conftest import make_issue

pytestmark = pytest.mark.django_db

MODELS = [
    ("issues", "category"),
    ("issues", "issue"),
    ("issues", "subscription"),
    ("issues", "sentnotification"),
    ("webhooks", "webhook"),
    ("webhooks", "event"),
    ("webhooks", "delivery"),
    ("webhooks", "deliveryattempt"),
]


def test_admin_changelists_render(client, category):
    make_issue(category)
    User.objects.create_superuser(username="admin", email="a@example.com", password="pw")
    from django.test import Client

    browser = Client()
    assert browser.login(username="admin", password="pw")
    for app, model in MODELS:
        response = browser.get(reverse(f"admin:{app}_{model}_changelist") + "?q=x")
        assert response.status_code == 200, (app, model)
    issue = Issue.objects.get()
    assert browser.get(reverse("admin:issues_issue_change", args=[issue.pk])).status_code == 200


def test_demo_fill_is_idempotent(tenant):
    demo_fill(tenant.account)
    demo_fill(tenant.account)
    assert Category.objects.filter(company__account=tenant.account).count() == 2
    assert Issue.objects.filter(account=tenant.account).count() == 2


def test_admin_redeliver_action_queues_the_delivery_again(tenant, settings, django_capture_on_commit_callbacks):
    from django.test import Client

    from webhooks import services
    from webhooks.models import Delivery

    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    services.webhook_create(account=tenant.account, user=tenant.user, url="http://127.0.0.1:9/hook")
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(status="failed")
    User.objects.create_superuser(username="admin", email="a@example.com", password="pw")
    browser = Client()
    browser.login(username="admin", password="pw")
    with django_capture_on_commit_callbacks() as callbacks:
        response = browser.post(
            reverse("admin:webhooks_delivery_changelist"), {"action": "redeliver", "_selected_action": [delivery.pk]}
        )
    assert response.status_code == 302 and len(callbacks) == 1
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.manual
