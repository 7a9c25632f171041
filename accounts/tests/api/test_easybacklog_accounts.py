"""easyBacklog's account level, as seed 002 documents it."""

import re
from xml.etree import ElementTree as ET

import pytest

from accounts.models import Account, Company
from backlog_site.api.testing import (
    api_client,
    assert_constant_queries,
    assert_other_tenant_not_found,
    assert_rejects_malformed,
    assert_requires_key,
    issue_key,
)

pytestmark = pytest.mark.django_db

ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
ACCOUNT_FIELDS = {
    "created_at",
    "default_rate",
    "default_use_50_90",
    "default_velocity",
    "id",
    "locale_id",
    "name",
    "scoring_rule_id",
    "updated_at",
}
COMPANY_FIELDS = {
    "account_id",
    "created_at",
    "default_rate",
    "default_use_50_90",
    "default_velocity",
    "id",
    "name",
    "updated_at",
}


def easybacklog_error(response):
    body = response.json()
    assert body["status"] == "error" and body["message"], body


def test_list_accounts_answers_the_keys_account_only(client, tenant, other_tenant):
    response = client.get("/api/accounts")
    assert response.status_code == 200
    (account,) = response.json()
    assert set(account) == ACCOUNT_FIELDS
    assert account["id"] == tenant.account_id and account["name"] == "Acme"
    assert account["locale_id"] == 1
    assert ISO_Z.match(account["created_at"]) and ISO_Z.match(account["updated_at"])


def test_retrieve_account_and_another_tenants_is_not_found(client, tenant, other_tenant):
    assert client.get(f"/api/accounts/{tenant.account_id}").json()["id"] == tenant.account_id
    response = assert_other_tenant_not_found(client, "get", f"/api/accounts/{other_tenant.account_id}")
    easybacklog_error(response)
    assert client.get("/api/accounts/999999").status_code == 404


def test_update_account_answers_204_and_decimals_as_strings(client, tenant):
    url = f"/api/accounts/{tenant.account_id}"
    response = client.put(
        url, "name=New+account+name&default_velocity=4", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 204 and response.content == b""
    body = client.get(url).json()
    assert body["name"] == "New account name"
    assert body["default_velocity"] == "4.0"
    response = client.put(url, {"default_rate": 800, "default_use_50_90": True, "scoring_rule_id": 2}, format="json")
    assert response.status_code == 204
    body = client.get(url).json()
    assert (body["default_rate"], body["default_use_50_90"], body["scoring_rule_id"]) == (800, True, 2)


def test_rate_needs_a_velocity(client, tenant):
    url = f"/api/accounts/{tenant.account_id}"
    response = client.put(url, {"default_rate": 800}, format="json")
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == "error"
    assert body["errors"] == ["Default rate cannot be specified if default velocity is empty"]
    assert Account.objects.get(pk=tenant.account_id).default_rate is None


@pytest.mark.parametrize(
    "payload",
    [
        {"locale_id": 999},
        {"scoring_rule_id": "x"},
        {"default_velocity": "fast"},
        {"name": ""},
        {"default_rate": -5, "default_velocity": 1},
    ],
)
def test_invalid_account_updates_answer_422_and_change_nothing(client, tenant, payload):
    url = f"/api/accounts/{tenant.account_id}"
    before = client.get(url).json()
    response = client.put(url, payload, format="json")
    assert response.status_code == 422, response.content
    easybacklog_error(response)
    assert client.get(url).json() == before


def test_account_update_needs_the_account_permission(tenant):
    from accounts.models import Role, User
    from accounts.services import membership_create

    agent = membership_create(
        account=tenant.account, user=User.objects.create_user("ag", password="x"), role=Role.AGENT
    )
    client = api_client(issue_key(agent))
    assert client.get(f"/api/accounts/{tenant.account_id}").status_code == 200
    response = client.put(f"/api/accounts/{tenant.account_id}", {"name": "Hijack"}, format="json")
    assert response.status_code == 403
    easybacklog_error(response)


def test_company_crud(client, tenant):
    base = f"/api/accounts/{tenant.account_id}/companies"
    response = client.post(
        base, "name=New+company+name&default_velocity=5", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 201
    created = response.json()
    assert set(created) == COMPANY_FIELDS
    assert created["default_velocity"] == "5.0" and created["account_id"] == tenant.account_id
    url = f"{base}/{created['id']}"
    assert client.get(url).json()["name"] == "New company name"
    response = client.put(url, {"name": "Acme company", "default_velocity": "3.0", "default_rate": 800}, format="json")
    assert response.status_code == 204
    assert client.get(url).json()["default_rate"] == 800
    assert [c["id"] for c in client.get(base).json()] == [created["id"]]
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404
    assert not Company.objects.filter(pk=created["id"]).exists()


def test_company_validation(client, tenant):
    base = f"/api/accounts/{tenant.account_id}/companies"
    assert client.post(base, {"name": "Dup"}, format="json").status_code == 201
    response = client.post(base, {"name": "Dup"}, format="json")
    assert response.status_code == 422
    easybacklog_error(response)
    response = client.post(base, {"name": "Rated", "default_rate": 5}, format="json")
    assert response.status_code == 422
    assert "Default rate cannot be specified if default velocity is empty" in response.json()["errors"]
    response = client.post(base, {}, format="json")
    assert response.status_code == 422
    assert Company.objects.filter(account=tenant.account).count() == 1


def test_companies_of_another_tenant_are_unreachable(client, tenant, other_tenant):
    theirs = Company.objects.create(account=other_tenant.account, name="Secret")
    mine_path = f"/api/accounts/{tenant.account_id}/companies/{theirs.pk}"
    theirs_path = f"/api/accounts/{other_tenant.account_id}/companies"
    for method, url in [
        ("get", mine_path),
        ("put", mine_path),
        ("delete", mine_path),
        ("get", theirs_path),
        ("post", theirs_path),
        ("get", f"{theirs_path}/{theirs.pk}"),
    ]:
        assert_other_tenant_not_found(client, method, url, data={"name": "Mine now"}, format="json")
    theirs.refresh_from_db()
    assert theirs.name == "Secret"


@pytest.mark.parametrize(
    "method,path",
    [
        ("get", "/api/accounts"),
        ("get", "/api/accounts/1"),
        ("put", "/api/accounts/1"),
        ("get", "/api/accounts/1/companies"),
        ("post", "/api/accounts/1/companies"),
        ("get", "/api/accounts/1/companies/1"),
        ("delete", "/api/accounts/1/companies/1"),
        ("get", "/api/locales"),
        ("get", "/api/locales/1"),
    ],
)
def test_every_endpoint_needs_a_key(tenant, method, path):
    assert_requires_key(method, path, easybacklog_error)


def test_malformed_bodies_answer_4xx(client, tenant):
    company = Company.objects.create(account=tenant.account, name="Target")
    assert_rejects_malformed(client, "put", f"/api/accounts/{tenant.account_id}", easybacklog_error)
    assert_rejects_malformed(client, "post", f"/api/accounts/{tenant.account_id}/companies", easybacklog_error)
    assert_rejects_malformed(
        client, "put", f"/api/accounts/{tenant.account_id}/companies/{company.pk}", easybacklog_error
    )
    company.refresh_from_db()
    assert company.name == "Target"


def test_company_list_query_count_is_fixed(client, tenant):
    def make_rows(n):
        have = Company.objects.filter(account=tenant.account).count()
        Company.objects.bulk_create(Company(account=tenant.account, name=f"C{i}") for i in range(have, n))

    assert_constant_queries(make_rows, lambda: client.get(f"/api/accounts/{tenant.account_id}/companies"))


def test_locales(client):
    locales = client.get("/api/locales").json()
    assert locales[0] == {**locales[0], "id": 1, "code": "en-US", "name": "American English ($)", "position": 10}
    assert client.get("/api/locales/2").json()["code"] == "en-GB"
    assert client.get("/api/locale/2").json()["code"] == "en-GB"
    assert client.get("/api/locales/999").status_code == 404


# --- formats -------------------------------------------------------------------------------------------


def parse_xml(response):
    assert response["Content-Type"].split(";")[0] in ("application/xml", "application/vnd.easybacklog+xml", "text/xml")
    return ET.fromstring(response.content)


@pytest.mark.parametrize("accept", ["application/xml", "application/vnd.easybacklog+xml; version=1.0"])
def test_xml_by_accept_header(client, tenant, accept):
    client.put(f"/api/accounts/{tenant.account_id}", {"default_velocity": "3"}, format="json")
    root = parse_xml(client.get("/api/accounts", HTTP_ACCEPT=accept))
    assert root.tag == "accounts" and root.get("type") == "array"
    account = root.find("account")
    assert account.find("id").get("type") == "integer" and account.find("id").text == str(tenant.account_id)
    assert account.find("default-velocity").get("type") == "decimal"
    assert account.find("default-velocity").text == "3.0"
    assert account.find("default-rate").get("nil") == "true"
    assert account.find("created-at").get("type") == "datetime"
    assert account.find("name").text == "Acme"


def test_xml_and_json_by_suffix(client, tenant):
    company = Company.objects.create(account=tenant.account, name="Acme company", default_use_50_90=False)
    root = parse_xml(client.get(f"/api/accounts/{tenant.account_id}/companies/{company.pk}.xml"))
    assert root.tag == "company"
    assert root.find("default-use-50-90").get("type") == "boolean" and root.find("default-use-50-90").text == "false"
    root = parse_xml(client.get(f"/api/accounts/{tenant.account_id}/companies.xml"))
    assert root.tag == "companies" and root[0].tag == "company"
    assert client.get(f"/api/accounts/{tenant.account_id}.json", HTTP_ACCEPT="application/xml").json()["id"]
    assert parse_xml(client.get("/api/locales/1.xml")).tag == "locale"


def test_vendor_json_accept_and_406(client, tenant):
    response = client.get("/api/accounts", HTTP_ACCEPT="application/vnd.easybacklog+json; version=1.0")
    assert response.status_code == 200 and response.json()[0]["id"] == tenant.account_id
    response = client.get("/api/accounts", HTTP_ACCEPT="text/html")
    assert response.status_code == 406
    easybacklog_error(response)
    assert client.get("/api/accounts", HTTP_ACCEPT="*/*").status_code == 200


def test_xml_errors_and_xml_request_bodies(client, tenant):
    response = client.get(f"/api/accounts/{tenant.account_id}/companies/999.xml")
    assert response.status_code == 404
    root = parse_xml(response)
    assert root.tag == "response" and root.find("status").text == "error"
    body = "<company><name>From XML</name><default-velocity type='decimal'>2.5</default-velocity></company>"
    response = client.post(f"/api/accounts/{tenant.account_id}/companies", body, content_type="application/xml")
    assert response.status_code == 201
    assert response.json()["default_velocity"] == "2.5"
