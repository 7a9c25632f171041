"""/api/companies in the Issue Tracker dialect."""

import re

import pytest

from backlog_site.api.testing import (
    assert_constant_queries,
    assert_other_tenant_not_found,
    assert_rejects_malformed,
    assert_requires_key,
)
from issues.tests.conftest import laravel_error, make_category, make_company, make_issue

pytestmark = pytest.mark.django_db
LARAVEL_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


def test_anonymous_list_shows_public_companies_of_every_account_in_a_paginator(tenant, other_tenant, client):
    make_company(tenant.account, "Public A")
    make_company(tenant.account, "Private A", is_public=False)
    make_company(other_tenant.account, "Public G")
    from rest_framework.test import APIClient

    body = APIClient().get("/api/companies").json()
    assert sorted(c["name"] for c in body["data"]) == ["Public A", "Public G"]
    assert body["current_page"] == 1 and body["per_page"] == 15 and body["total"] == 2
    assert body["path"] == "http://testserver/api/companies"
    assert body["first_page_url"] == "http://testserver/api/companies?page=1"
    assert body["next_page_url"] is None and body["prev_page_url"] is None
    assert (body["from"], body["to"], body["last_page"]) == (1, 2, 1)
    assert LARAVEL_TIME.match(body["data"][0]["created_at"])


def test_key_list_shows_its_accounts_companies_including_private(it_client, tenant, other_tenant):
    make_company(tenant.account, "Private A", is_public=False)
    make_company(other_tenant.account, "Public G")
    names = [c["name"] for c in it_client.get("/api/companies").json()["data"]]
    assert names == ["Private A"]


def test_pagination_pages_by_fifteen(it_client, tenant):
    for n in range(17):
        make_company(tenant.account, f"C{n:02}")
    body = it_client.get("/api/companies?page=2").json()
    assert [c["name"] for c in body["data"]] == ["C15", "C16"]
    assert body["prev_page_url"] == "http://testserver/api/companies?page=1"
    assert (body["from"], body["to"], body["total"], body["last_page"]) == (16, 17, 17, 2)


def test_with_categories_and_issues(it_client, company, category):
    second = make_category(company, "Facilities")
    issue = make_issue(category)
    issue.categories.add(second)
    body = it_client.get("/api/companies?with[]=categories&with[]=issues").json()["data"][0]
    assert [c["name"] for c in body["categories"]] == ["IT department", "Facilities"]
    assert [i["id"] for i in body["issues"]] == [issue.pk]  # once, though it is in both categories
    single = it_client.get(f"/api/companies/{company.pk}?with=categories").json()
    assert "categories" in single and "issues" not in single


def test_with_unknown_relation_is_422(it_client, company):
    response = it_client.get("/api/companies?with[]=secrets")
    assert response.status_code == 422
    laravel_error(response)


def test_list_runs_constant_queries(it_client, tenant):
    def make_rows(n):
        for i in range(n):
            company = make_company(tenant.account, f"Q{n}-{i}")
            make_issue(make_category(company))

    assert_constant_queries(make_rows, lambda: it_client.get("/api/companies?with[]=categories&with[]=issues"))


def test_create_update_delete(it_client, tenant):
    response = it_client.post("/api/companies", {"name": "ConnectNow"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "ConnectNow" and body["is_public"] is True
    url = f"/api/companies/{body['id']}"
    response = it_client.put(url, {"name": "Renamed", "is_public": False}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "Renamed"
    assert tenant.account.companies.get().is_public is False
    assert it_client.delete(url).status_code == 204
    assert it_client.get(url).status_code == 404


def test_duplicate_and_missing_name_are_422(it_client, company):
    for body in ({"name": company.name}, {}, {"name": ""}):
        response = it_client.post("/api/companies", body, format="json")
        assert response.status_code == 422, (body, response.content)
        laravel_error(response)


def test_private_company_is_not_found_anonymously(company, tenant):
    from rest_framework.test import APIClient

    private = make_company(tenant.account, "Hidden", is_public=False)
    assert APIClient().get(f"/api/companies/{company.pk}").status_code == 200
    assert APIClient().get(f"/api/companies/{private.pk}").status_code == 404


def test_writes_need_a_key(company):
    assert_requires_key("post", "/api/companies", laravel_error)
    for method in ("put", "delete"):
        assert_requires_key(method, f"/api/companies/{company.pk}", laravel_error)


def test_other_tenant_cannot_reach_company(it_other_client, company):
    for method in ("get", "put", "delete"):
        assert_other_tenant_not_found(
            it_other_client, method, f"/api/companies/{company.pk}", data={"name": "x"}, format="json"
        )
    assert it_other_client.get("/api/companies").json()["total"] == 0


def test_malformed_bodies(it_client, company):
    assert_rejects_malformed(it_client, "post", "/api/companies", laravel_error)
    assert_rejects_malformed(it_client, "put", f"/api/companies/{company.pk}", laravel_error)
