"""Signed, expiring links in subscription e-mails (Django's signing): confirm and unsubscribe."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Subscription

SALT = "issues.subscription-link"
MAX_AGE = {"confirm": timedelta(days=7), "unsubscribe": timedelta(days=90)}


class LinkError(Exception):
    """A link that was tampered with, has expired, or whose subscription is gone."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "invalid", "expired" or "gone"


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def subscription_token(subscription: Subscription, action: str) -> str:
    return signing.dumps({"s": subscription.pk, "e": subscription.email, "a": action}, salt=SALT, compress=True)


def subscription_link(subscription: Subscription, action: str) -> str:
    route = "issues:subscription-confirm" if action == "confirm" else "issues:subscription-unsubscribe"
    return site_url() + reverse(route, kwargs={"token": subscription_token(subscription, action)})


def subscription_from_token(token: str, action: str) -> Subscription:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE[action])
    except signing.SignatureExpired:
        raise LinkError("expired")
    except signing.BadSignature:
        raise LinkError("invalid")
    if not isinstance(data, dict) or data.get("a") != action:
        raise LinkError("invalid")
    subscription = Subscription.objects.filter(pk=data.get("s"), email=data.get("e")).first()
    if subscription is None:
        raise LinkError("gone")
    return subscription
