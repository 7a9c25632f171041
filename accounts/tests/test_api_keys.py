import base64

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.keys import key_hash
from accounts.models import ApiKey
from accounts.services import api_key_issue, api_key_revoke
from backlog_site.api.testing import api_client

pytestmark = pytest.mark.django_db


def header_forms(raw_key, user_id):
    basic = base64.b64encode(f"{user_id}:{raw_key}".encode()).decode()
    return {
        "easyBacklog token": {"HTTP_AUTHORIZATION": f"token {raw_key}"},
        "easyBacklog basic": {"HTTP_AUTHORIZATION": f"Basic {basic}"},
        "BOSSDesk token": {"HTTP_AUTHORIZATION": f'Token token="{raw_key}"'},
        "Issue Tracker bearer": {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"},
        "Public Backlog apiKey": {"HTTP_APIKEY": raw_key},
        "Tickets X-API-Key": {"HTTP_X_API_KEY": raw_key},
    }


def test_every_documented_form_authenticates_the_same_key(tenant, raw_key):
    for form, headers in header_forms(raw_key, tenant.user_id).items():
        response = APIClient().get("/api/accounts", **headers)
        assert response.status_code == 200, form
        assert [a["id"] for a in response.json()] == [tenant.account_id], form
    response = APIClient().get(f"/api/accounts?api_key={raw_key}")
    assert response.status_code == 200


def test_basic_auth_needs_the_keys_own_user_id(tenant, raw_key):
    basic = base64.b64encode(f"{tenant.user_id + 1000}:{raw_key}".encode()).decode()
    response = APIClient().get("/api/accounts", HTTP_AUTHORIZATION=f"Basic {basic}")
    assert response.status_code == 401


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_AUTHORIZATION": "token nope"},
        {"HTTP_AUTHORIZATION": "Basic !!!not-base64"},
        {"HTTP_AUTHORIZATION": "Bearer "},
        {"HTTP_X_API_KEY": "amk_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
    ],
)
def test_bad_keys_answer_401_in_the_easybacklog_shape(tenant, headers):
    response = APIClient().get("/api/accounts", **headers)
    assert response.status_code == 401
    assert response.json() == {"status": "error", "message": "Invalid authentication details"}


def test_a_key_with_the_right_prefix_but_wrong_secret_is_refused(tenant, raw_key):
    forged = raw_key[:-4] + ("AAAA" if not raw_key.endswith("AAAA") else "BBBB")
    assert api_client(forged).get("/api/accounts").status_code == 401


def test_revoked_key_answers_401(tenant, raw_key):
    api_key_revoke(api_key=ApiKey.objects.get(account=tenant.account))
    assert api_client(raw_key).get("/api/accounts").status_code == 401


def test_inactive_user_key_answers_401(tenant, raw_key):
    tenant.user.is_active = False
    tenant.user.save()
    assert api_client(raw_key).get("/api/accounts").status_code == 401


def test_database_holds_no_raw_key(tenant):
    issued = api_key_issue(account=tenant.account, user=tenant.user, name="ci")
    stored = ApiKey.objects.get(pk=issued.api_key.pk)
    assert stored.key_hash == key_hash(issued.raw_key)
    assert issued.raw_key not in stored.key_hash
    # Nothing in any column of any table holds the raw key.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apikey")
        for row in cursor.fetchall():
            assert all(issued.raw_key not in str(value) for value in row)
    assert len(stored.prefix) < len(issued.raw_key) // 2


def test_last_used_at_is_recorded_without_a_write_on_every_request(tenant, raw_key):
    client = api_client(raw_key)
    client.get("/api/accounts")
    assert ApiKey.objects.get(account=tenant.account).last_used_at is not None
    with CaptureQueriesContext(connection) as ctx:
        client.get("/api/accounts")
    assert not any(q["sql"].startswith("UPDATE") for q in ctx.captured_queries)


def test_key_check_uses_hmac_not_the_password_hasher(tenant, raw_key, monkeypatch):
    import django.contrib.auth.hashers as hashers

    def fail(*args, **kwargs):
        raise AssertionError("the password hasher must not run on API requests")

    monkeypatch.setattr(hashers, "check_password", fail)
    monkeypatch.setattr(hashers, "make_password", fail)
    assert api_client(raw_key).get("/api/accounts").status_code == 200
