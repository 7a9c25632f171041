import base64

import pytest
from rest_framework.test import APIClient

from backlog_site.api.testing import api_client

pytestmark = pytest.mark.django_db


def basic(username, password):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_login_answers_the_user_with_a_working_key_and_permissions(tenant):
    response = APIClient().post("/api/v1/sessions", HTTP_AUTHORIZATION=basic("acme-owner", "pw-acme"))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "acme-owner"
    assert body["friendly_id"] == tenant.friendly_id
    assert body["permissions"]["tickets"] == ["index", "show", "create", "update", "destroy"]
    key = body["api_key"]
    authed = APIClient().get("/api/accounts", HTTP_AUTHORIZATION=f'Token token="{key}"')
    assert authed.status_code == 200
    assert api_client(key).get("/api/accounts").json()[0]["id"] == tenant.account_id


@pytest.mark.parametrize("header", [basic("acme-owner", "wrong"), basic("nobody", "pw-acme"), "Basic %%%", ""])
def test_wrong_credentials_answer_401_in_the_bossdesk_shape(tenant, header):
    response = APIClient().post("/api/v1/sessions", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert list(response.json()) == ["errors"]
    assert response.json()["errors"]["base"]
