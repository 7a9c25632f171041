"""Password guessing is throttled on both password sign-ins — the sign-in page and BOSSDesk's
`POST /api/v1/sessions` — per name and per address, for a lockout window (issue 16, item 2)."""

import base64
import re

import pytest
from django.conf import settings
from django.core.cache.backends import locmem
from django.test import Client
from rest_framework.test import APIClient

from backlog_site.api.testing import api_client, issue_key
from backlog_site.tests.security.families import bossdesk_shape

pytestmark = [pytest.mark.django_db, pytest.mark.security]

OWNER, PASSWORD = "acme-owner", "pw-acme"  # conftest's tenant


def basic(username, password):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def api_login(username, password, ip="198.51.100.1"):
    return APIClient().post("/api/v1/sessions", HTTP_AUTHORIZATION=basic(username, password), REMOTE_ADDR=ip)


def page_login(username, password, ip="198.51.100.1"):
    return Client().post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def page_signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def alert(response) -> str:
    """The form's error box (the rest of the page differs by its CSRF token and the name typed in)."""
    return re.search(r'<div class="form-errors" role="alert">(.*?)</div>', response.content.decode(), re.S).group(1)


LIMIT = settings.AXES_FAILURE_LIMIT


@pytest.fixture
def later(monkeypatch):
    """`later(seconds)` moves the shared (locmem) cache's clock forward, as if that long had passed."""
    real = locmem.time.time
    offset = [0.0]

    class Clock:
        @staticmethod
        def time():
            return real() + offset[0]

    monkeypatch.setattr(locmem, "time", Clock)

    def advance(seconds):
        offset[0] += seconds

    return advance


def test_fifty_wrong_passwords_then_the_right_one_is_refused_by_the_api(tenant):
    answers = [api_login(OWNER, f"guess-{n}") for n in range(50)]
    assert [a.status_code for a in answers[:LIMIT]] == [401] * LIMIT
    assert {a.status_code for a in answers[LIMIT:]} == {429}
    right = api_login(OWNER, PASSWORD)
    assert right.status_code == 429, right.content
    bossdesk_shape(right.json())
    assert right.json()["errors"]["base"] == [
        "Too many failed sign-ins for this name or from this address. Try again in 15 minutes."
    ]
    assert int(right["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert "api_key" not in right.json()


def test_fifty_wrong_passwords_then_the_right_one_is_refused_by_the_page(tenant):
    answers = [page_login(OWNER, f"guess-{n}") for n in range(50)]
    assert {a.status_code for a in answers[: LIMIT - 1]} == {200}  # the form again, with its error
    assert {a.status_code for a in answers[LIMIT:]} == {429}
    right = page_login(OWNER, PASSWORD)
    assert right.status_code == 429 and not page_signed_in(right)
    assert "Too many failed sign-ins" in right.content.decode()
    assert int(right["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()


def test_after_the_window_the_right_password_works(tenant, later):
    for n in range(LIMIT):
        api_login(OWNER, f"guess-{n}")
    assert api_login(OWNER, PASSWORD).status_code == 429
    assert not page_signed_in(page_login(OWNER, PASSWORD))
    later(settings.AXES_COOLOFF_TIME.total_seconds() - 5)
    assert api_login(OWNER, PASSWORD).status_code == 429  # attempts in the window do not extend it
    later(10)
    assert api_login(OWNER, PASSWORD).status_code == 200
    assert page_signed_in(page_login(OWNER, PASSWORD))


def test_an_unknown_name_locks_the_same_way(tenant):
    # Each name from its own address, so only the name counters differ.
    known = [api_login(OWNER, f"guess-{n}", ip="198.51.100.1") for n in range(LIMIT + 3)]
    unknown = [api_login("nobody-here", f"guess-{n}", ip="198.51.100.2") for n in range(LIMIT + 3)]
    assert [a.status_code for a in known] == [a.status_code for a in unknown]
    assert [a.content for a in known] == [a.content for a in unknown]
    assert known[-1]["Retry-After"] == unknown[-1]["Retry-After"]
    pages_known = [page_login(OWNER, "x", ip="198.51.100.3") for _ in range(LIMIT + 1)]
    pages_unknown = [page_login("nobody-here", "x", ip="198.51.100.4") for _ in range(LIMIT + 1)]
    assert [a.status_code for a in pages_known] == [a.status_code for a in pages_unknown]
    assert alert(pages_known[-1]) == alert(pages_unknown[-1])
    assert "Too many failed sign-ins" in alert(pages_known[-1])


def test_a_name_is_locked_from_every_address_and_another_name_is_not(tenant, other_tenant):
    for n in range(LIMIT):
        api_login(OWNER, "wrong", ip=f"203.0.113.{n + 1}")  # one failure per address: only the name counts
    assert api_login(OWNER, PASSWORD, ip="203.0.113.200").status_code == 429
    assert not page_signed_in(page_login(OWNER, PASSWORD, ip="203.0.113.201"))
    # Another name, from the same addresses, signs in.
    assert api_login("globex-owner", "pw-globex", ip="203.0.113.1").status_code == 200
    assert page_signed_in(page_login("globex-owner", "pw-globex", ip="203.0.113.2"))


def test_an_address_is_locked_for_every_name_and_another_address_is_not(tenant, other_tenant):
    for n in range(LIMIT):
        page_login(f"name-{n}", "wrong", ip="192.0.2.9")  # one failure per name: only the address counts
    assert api_login("globex-owner", "pw-globex", ip="192.0.2.9").status_code == 429
    assert not page_signed_in(page_login("globex-owner", "pw-globex", ip="192.0.2.9"))
    assert api_login(OWNER, PASSWORD, ip="192.0.2.10").status_code == 200
    assert page_signed_in(page_login(OWNER, PASSWORD, ip="192.0.2.11"))


def test_api_keys_are_not_throttled(tenant):
    key = issue_key(tenant)
    for _ in range(LIMIT):
        api_login(OWNER, "wrong", ip="127.0.0.1")
    assert api_login(OWNER, PASSWORD, ip="127.0.0.1").status_code == 429
    for _ in range(3):
        assert api_client(key).get("/api/accounts", REMOTE_ADDR="127.0.0.1").status_code == 200
        # A wrong key is a 401, never a lockout.
        assert api_client("amk_wrongwrongwrongwrongwrongwrongwrongwrongwr").get("/api/accounts").status_code == 401


def test_a_name_spelled_like_an_address_does_not_count_against_that_address(tenant):
    # Axes keys counters by the bare value; the name counter is prefixed so "198.51.100.77" stays a name.
    for _ in range(LIMIT):
        api_login("198.51.100.77", "wrong", ip="198.51.100.50")
    assert api_login(OWNER, PASSWORD, ip="198.51.100.77").status_code == 200
