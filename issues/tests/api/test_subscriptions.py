"""Subscriptions: POST /api/{issues,categories}/{id}/subscriptions, signed links, notification e-mails."""

import re
import time

import pytest
from django.core import mail, signing
from django.utils import timezone
from rest_framework.test import APIClient

from issues import tasks
from issues.links import subscription_token
from issues.models import IssueEvent, SentNotification, Subscription
from issues.tests.conftest import make_category, make_issue
from issues.tests.flaky_mail import FlakyBackend

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://127.0.0.1:8000(/api/subscriptions/(?:confirm|unsubscribe)/[^\s\"<>]+)")


def link_paths(message):
    return LINK.findall(message.body)


def subscribe(client, path, email, capture):
    with capture(execute=True):
        return client.post(f"{path}/subscriptions", {"email": email}, format="json")


def confirmed(target, email):
    field = "category" if target.__class__.__name__ == "Category" else "issue"
    return Subscription.objects.create(
        account=target.company.account if field == "category" else target.account,
        email=email,
        confirmed_at=timezone.now(),
        **{field: target},
    )


def test_new_subscription_is_201_and_emails_a_confirmation_link(
    it_client, category, celery_eager, django_capture_on_commit_callbacks
):
    response = subscribe(
        it_client, f"/api/categories/{category.pk}", "Fan@Example.com", django_capture_on_commit_callbacks
    )
    assert response.status_code == 201, response.content
    assert response.json()["email"] == "fan@example.com" and response.json()["confirmed_at"] is None
    (message,) = mail.outbox
    assert message.to == ["fan@example.com"] and "IT department" in message.subject
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    (confirm_path,) = link_paths(message)
    assert confirm_path in message.alternatives[0][0]

    again = subscribe(
        it_client, f"/api/categories/{category.pk}", "fan@example.com", django_capture_on_commit_callbacks
    )
    assert again.status_code == 200 and again.json()["id"] == response.json()["id"]
    assert len(mail.outbox) == 1

    page = APIClient().get(confirm_path)
    assert page.status_code == 200 and b"Subscription confirmed" in page.content
    assert Subscription.objects.get().confirmed_at is not None
    # Existing and confirmed: still 200, still no e-mail.
    third = subscribe(
        it_client, f"/api/categories/{category.pk}", "fan@example.com", django_capture_on_commit_callbacks
    )
    assert third.status_code == 200 and len(mail.outbox) == 1


def test_issue_subscription_and_invalid_email(it_client, category, celery_eager, django_capture_on_commit_callbacks):
    issue = make_issue(category)
    response = subscribe(it_client, f"/api/issues/{issue.pk}", "a@b.example", django_capture_on_commit_callbacks)
    assert response.status_code == 201 and response.json()["issue_id"] == issue.pk
    for body in ({"email": "not-an-email"}, {}, {"email": ["a@b.example"]}):
        bad = it_client.post(f"/api/issues/{issue.pk}/subscriptions", body, format="json")
        assert bad.status_code == 422, body
    assert Subscription.objects.count() == 1


def test_no_email_when_the_transaction_rolls_back(category, celery_eager, django_capture_on_commit_callbacks):
    from django.db import transaction

    from issues import services

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                services.subscription_create(account=category.company.account, email="x@y.example", category=category)
                raise RuntimeError("boom")
    assert callbacks == [] and mail.outbox == [] and not Subscription.objects.exists()


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"),
        lambda token: "garbage",
        lambda token: token.replace(":", ""),
    ],
)
def test_tampered_link_answers_a_clear_page(category, mangle):
    subscription = Subscription.objects.create(account=category.company.account, email="a@b.example", category=category)
    for action in ("confirm", "unsubscribe"):
        response = APIClient().get(f"/api/subscriptions/{action}/{mangle(subscription_token(subscription, action))}")
        assert response.status_code == 400 and b"not valid" in response.content
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_a_confirm_token_cannot_unsubscribe(category):
    subscription = Subscription.objects.create(account=category.company.account, email="a@b.example", category=category)
    token = subscription_token(subscription, "confirm")
    assert APIClient().post(f"/api/subscriptions/unsubscribe/{token}").status_code == 400
    assert Subscription.objects.exists()


def test_expired_link_answers_410(category, monkeypatch):
    subscription = Subscription.objects.create(account=category.company.account, email="a@b.example", category=category)
    token = subscription_token(subscription, "confirm")
    real_time = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() + 8 * 24 * 3600)
    response = APIClient().get(f"/api/subscriptions/confirm/{token}")
    assert response.status_code == 410 and b"expired" in response.content
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_notifications_go_to_confirmed_subscribers_once_each(
    it_client, company, category, celery_eager, django_capture_on_commit_callbacks
):
    second = make_category(company, "Facilities")
    confirmed(category, "both@example.com")
    confirmed(second, "both@example.com")  # subscribed to both categories of the issue: one e-mail
    confirmed(category, "cat@example.com")
    Subscription.objects.create(account=company.account, email="unconfirmed@example.com", category=category)
    body = {
        "category_ids": [category.pk, second.pk],
        "name": "Outage",
        "description": "All down",
        "severity": "critical",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = it_client.post("/api/issues", body, format="json")
    assert response.status_code == 201
    assert sorted(m.to[0] for m in mail.outbox) == ["both@example.com", "cat@example.com"]
    message = mail.outbox[0]
    assert message.subject == "New issue: Outage" and "All down" in message.body
    assert "All down" in message.alternatives[0][0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # A task that runs again (retry, redelivery) sends nothing new.
    event = IssueEvent.objects.get(kind="created")
    assert tasks.issue_event_notify(event.pk) == 2
    assert len(mail.outbox) == 2
    assert SentNotification.objects.filter(key=f"event:{event.pk}", sent_at__isnull=False).count() == 2


def test_issue_subscribers_hear_of_updates_and_closing_and_can_unsubscribe(
    it_client, category, celery_eager, django_capture_on_commit_callbacks
):
    issue = make_issue(category)
    confirmed(issue, "watcher@example.com")
    confirmed(category, "category-only@example.com")  # not told about updates
    update = {"name": "Login issues", "description": "Half the servers back", "severity": "important"}
    with django_capture_on_commit_callbacks(execute=True):
        assert it_client.put(f"/api/issues/{issue.pk}", update, format="json").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            it_client.post(f"/api/issues/{issue.pk}/close", {"description": "Fixed"}, format="json").status_code == 200
        )
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        ("watcher@example.com", "Issue updated: Login issues"),
        ("watcher@example.com", "Issue closed: Login issues"),
    ]
    unsubscribe_path = link_paths(mail.outbox[-1])[-1]
    page = APIClient().get(unsubscribe_path)
    assert page.status_code == 200 and b"<form" in page.content
    assert Subscription.objects.filter(email="watcher@example.com").exists()  # a GET changes nothing
    assert APIClient().post(unsubscribe_path).status_code == 200
    assert not Subscription.objects.filter(email="watcher@example.com").exists()
    again = APIClient().post(unsubscribe_path)
    assert again.status_code == 200 and b"no longer exists" in again.content


def test_failing_smtp_is_retried_and_sends_once(settings, category, celery_eager):
    settings.EMAIL_BACKEND = "issues.tests.flaky_mail.FlakyBackend"
    celery_eager.conf.task_eager_propagates = False  # let apply() run the retries itself
    FlakyBackend.failures, FlakyBackend.calls = 2, 0
    subscription = confirmed(category, "fan@example.com")
    issue = make_issue(category)
    event = issue.events.get()
    result = tasks.issue_event_email_send.delay(event.pk, subscription.pk)
    assert result.get() is True
    assert FlakyBackend.calls == 3 and len(mail.outbox) == 1
    tasks.issue_event_email_send.delay(event.pk, subscription.pk)
    assert FlakyBackend.calls == 3 and len(mail.outbox) == 1


def test_an_issue_name_with_a_line_break_is_still_emailed(category, celery_eager):
    subscription = confirmed(category, "fan@example.com")
    issue = make_issue(category, name="Printer\nBCC: victim@example.com")
    assert tasks.issue_event_email_send(issue.events.get().pk, subscription.pk) is True
    (message,) = mail.outbox
    assert message.subject == "New issue: Printer BCC: victim@example.com" and message.to == ["fan@example.com"]
