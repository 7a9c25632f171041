"""Malformed credentials in any form answer 401 in the family's shape, never 422 or 500. On PostgreSQL a
NUL byte reaching a query is a DataError ("out of range"): the key and the login's username must be refused
before any lookup."""

import base64

import pytest
from rest_framework.test import APIClient

from .families import BY_NAME

pytestmark = [pytest.mark.django_db, pytest.mark.security]

MALFORMED_KEYS = {
    "nul": "\x00",
    "nul-inside": "amk_" + "a" * 10 + "\x00" + "a" * 29,
    "control": "amk_" + "\x01\x7f" * 20,
    "non-ascii": "amk_" + "é" * 40,
    "huge": "amk_" + "a" * 20_000,
}


def basic(left: str, right: str) -> str:
    return "Basic " + base64.b64encode(f"{left}:{right}".encode()).decode()


# (key form, family whose shape answers, how to send the key)
FORMS = [
    ("token", "easybacklog", lambda tenant, key: {"HTTP_AUTHORIZATION": f"token {key}"}),
    ("basic", "easybacklog", lambda tenant, key: {"HTTP_AUTHORIZATION": basic(str(tenant.user_id), key)}),
    ("basic-nul-user", "easybacklog", lambda tenant, key: {"HTTP_AUTHORIZATION": basic("\x00", key)}),
    ("query", "easybacklog", lambda tenant, key: {"QUERY_STRING": "api_key=" + key.replace("\x00", "%00")}),
    ("bossdesk", "bossdesk", lambda tenant, key: {"HTTP_AUTHORIZATION": f'Token token="{key}"'}),
    ("bearer", "issue_tracker", lambda tenant, key: {"HTTP_AUTHORIZATION": f"Bearer {key}"}),
    ("apiKey", "public_backlog", lambda tenant, key: {"HTTP_APIKEY": key}),
    ("x-api-key", "org_tickets", lambda tenant, key: {"HTTP_X_API_KEY": key}),
]


@pytest.mark.parametrize("form, family_name, send", FORMS, ids=[f[0] for f in FORMS])
@pytest.mark.parametrize("key", MALFORMED_KEYS.values(), ids=MALFORMED_KEYS.keys())
def test_a_malformed_key_answers_401(tenant, form, family_name, send, key):
    family = BY_NAME[family_name]
    headers = send(tenant, key)
    if form == "query" and not key.isascii():
        headers["QUERY_STRING"] = "api_key=%C3%A9"
    path = family.url(tenant)
    response = APIClient().generic("GET", path, **headers)
    assert response.status_code == 401, (response.status_code, response.content[:300])
    family.error_shape(response.json())


SESSIONS = "/api/v1/sessions"


@pytest.mark.parametrize(
    "username, password",
    [("\x00", "pw-acme"), ("acme-owner", "\x00"), ("acme\x00owner", "pw-acme"), ("acme-owner", "pw\x00acme")],
    ids=["nul-user", "nul-password", "nul-inside-user", "nul-inside-password"],
)
def test_a_login_with_nul_credentials_answers_401(tenant, username, password):
    response = APIClient().post(SESSIONS, HTTP_AUTHORIZATION=basic(username, password))
    assert response.status_code == 401, (response.status_code, response.content[:300])
    BY_NAME["bossdesk"].error_shape(response.json())


def test_the_right_login_still_works(tenant):
    response = APIClient().post(SESSIONS, HTTP_AUTHORIZATION=basic("acme-owner", "pw-acme"))
    assert response.status_code == 200, response.content[:300]
