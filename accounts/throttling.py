"""Password guessing is throttled: django-axes counts failed sign-ins per name and per address in the shared
cache (`CACHE_URL`) and refuses both for a lockout window once either reaches `LOGIN_FAILURE_LIMIT`.

Every password sign-in goes through `django.contrib.auth.authenticate(request, …)` — the sign-in page, the
admin's, BOSSDesk's `POST /api/v1/sessions` — whose failure signal axes counts, and whose first backend
(`LoginThrottleBackend`) refuses a locked-out name or address before any password is checked, so a
locked-out name answers the same whether the account exists or not. API keys never pass through
`authenticate()` and are not throttled (they are not guessable).

Each surface answers a lockout in its own shape (429 with `Retry-After`): the sign-in page with a message
in its form (`pages.SignInView`), the BOSSDesk API in its error body (`LoginLockoutThrottle`).
"""

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from rest_framework import exceptions, throttling

LOCKED_OUT = "Too many failed sign-ins for this name or from this address. Try again in {minutes} minutes."


def lockout_seconds() -> int:
    return int(get_cool_off().total_seconds())


def locked_out_message() -> str:
    return LOCKED_OUT.format(minutes=max(1, round(lockout_seconds() / 60)))


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' lockout check, for sign-ins that come with a request.

    `authenticate()` without a request — the test client's `login()`, a script — is not an attempt from
    the network and has no address to count; axes itself would raise there."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def is_locked_out(request) -> bool:
    """Whether axes refused this request's sign-in (or locked it out with this very failure)."""
    return bool(getattr(request, "axes_locked_out", False))


class LoginLockoutThrottle(throttling.BaseThrottle):
    """DRF throttle for a view that logs in with Basic `username:password`: a locked-out name or address
    answers 429 in the view's dialect before the password is looked at. Failures are counted by axes when
    the view's `authenticate()` fails."""

    def allow_request(self, request, view):
        try:
            username, _password = view._basic_credentials(request)
        except exceptions.APIException:
            return True  # the view answers malformed credentials itself
        if AxesProxyHandler.is_allowed(request._request, {"username": username}):
            return True
        # `wait` is set apart so that DRF does not append its own "Expected available in …" to the message.
        refused = exceptions.Throttled(detail=locked_out_message())
        refused.wait = lockout_seconds()
        raise refused

    def wait(self):
        return lockout_seconds()


def counted_name(request, credentials) -> str | None:
    """The name axes counts failures under (`AXES_USERNAME_CALLABLE`).

    Axes keys a counter by the hash of the bare value, so a name spelled like an address ("10.0.0.7") would
    count against that address; the prefix keeps names and addresses apart."""
    username = (credentials or {}).get("username")
    if username is None:
        username = getattr(request, "POST", {}).get("username")
    return None if username is None else f"name:{username}"
