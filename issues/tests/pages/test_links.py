"""The confirmation and unsubscribe landing pages say clearly what happened — also for a tampered or
expired link (a 4xx page, never a 500)."""

import time

import pytest
from django.core import signing
from django.test import Client

from issues.links import subscription_token
from issues.models import Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscription(category):
    return Subscription.objects.create(account=category.company.account, email="fan@example.com", category=category)


def url(action, token):
    return f"/api/subscriptions/{action}/{token}"


@pytest.mark.parametrize("action", ["confirm", "unsubscribe"])
def test_a_tampered_link_shows_a_clear_error_page(subscription, action):
    token = subscription_token(subscription, action)
    tampered = token[:-4] + ("abcd" if not token.endswith("abcd") else "wxyz")
    for method in ("get", "post") if action == "unsubscribe" else ("get",):
        response = getattr(Client(), method)(url(action, tampered))
        assert response.status_code == 400
        html = response.content.decode()
        assert "This link is not valid" in html and "cut short or altered" in html
        heading = "Your subscription was not confirmed" if action == "confirm" else "Nothing was unsubscribed"
        assert f"<h1>{heading}</h1>" in html
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


@pytest.mark.parametrize("action", ["confirm", "unsubscribe"])
def test_an_expired_link_shows_a_clear_error_page(subscription, action, monkeypatch):
    token = subscription_token(subscription, action)
    real_time = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() + 91 * 24 * 3600)
    for method in ("get", "post") if action == "unsubscribe" else ("get",):
        response = getattr(Client(), method)(url(action, token))
        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_confirm_link_confirms_and_links_back_to_the_status_page(subscription):
    response = Client().get(url("confirm", subscription_token(subscription, "confirm")))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Subscription confirmed</h1>" in html and "IT department" in html
    assert 'href="/status/acme/"' in html
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_unsubscribe_works_once_then_says_it_was_already_done(subscription):
    link = url("unsubscribe", subscription_token(subscription, "unsubscribe"))
    assert b"<h1>Unsubscribe</h1>" in Client().get(link).content and Subscription.objects.exists()
    done = Client().post(link)
    assert done.status_code == 200 and b"<h1>Unsubscribed</h1>" in done.content
    assert not Subscription.objects.exists()
    for method in ("get", "post"):
        again = getattr(Client(), method)(link)
        assert again.status_code == 200 and b"<h1>Already unsubscribed</h1>" in again.content
    # A confirmation link of a removed subscription says so too.
    gone = Client().get(url("confirm", subscription_token(subscription, "confirm")))
    assert gone.status_code == 404 and b"no longer exists" in gone.content
