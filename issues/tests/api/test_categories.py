"""/api/categories in the Issue Tracker dialect."""

import pytest
from rest_framework.test import APIClient

from backlog_site.api.testing import (
    assert_constant_queries,
    assert_other_tenant_not_found,
    assert_rejects_malformed,
    assert_requires_key,
)
from issues.models import Category
from issues.tests.conftest import laravel_error, make_category, make_company, make_issue

pytestmark = pytest.mark.django_db


def test_anonymous_sees_categories_of_public_companies_only(tenant, category):
    hidden = make_category(make_company(tenant.account, "Hidden", is_public=False), "Secret")
    names = [c["name"] for c in APIClient().get("/api/categories").json()["data"]]
    assert names == ["IT department"]
    assert APIClient().get(f"/api/categories/{hidden.pk}").status_code == 404


def test_filter_by_company_ids_and_with(it_client, tenant, company, category):
    other_company = make_company(tenant.account, "Other")
    make_category(other_company, "Other dept")
    issue = make_issue(category)
    body = it_client.get(f"/api/categories?company_ids[]={company.pk}&with[]=company&with[]=issues").json()
    (row,) = body["data"]
    assert row["company_id"] == company.pk and row["company"]["name"] == "ConnectNow"
    assert [i["id"] for i in row["issues"]] == [issue.pk]
    both = it_client.get(f"/api/categories?company_ids={company.pk},{other_company.pk}").json()
    assert both["total"] == 2


def test_filter_by_unknown_or_foreign_company_is_422(it_client, other_category):
    for query in ("company_ids[]=999999", f"company_ids[]={other_category.company_id}", "company_ids[]=abc"):
        response = it_client.get(f"/api/categories?{query}")
        assert response.status_code == 422, query
        laravel_error(response)


def test_list_runs_constant_queries(it_client, company):
    def make_rows(n):
        for i in range(n - Category.objects.count()):
            make_issue(make_category(company, f"cat {i}"))

    assert_constant_queries(make_rows, lambda: it_client.get("/api/categories?with[]=company&with[]=issues"))


def test_create_update_delete(it_client, company):
    response = it_client.post("/api/categories", {"name": "IT", "company_id": company.pk}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["company_id"] == company.pk and body["name"] == "IT"
    url = f"/api/categories/{body['id']}"
    response = it_client.put(url, {"name": "IT department"}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "IT department"
    assert it_client.delete(url).status_code == 204
    assert not Category.objects.exists()


def test_create_in_another_accounts_company_is_403(it_client, other_category):
    response = it_client.post("/api/categories", {"name": "x", "company_id": other_category.company_id}, format="json")
    assert response.status_code == 403
    laravel_error(response)
    assert Category.objects.count() == 1


def test_create_validation_is_422(it_client):
    for body in ({"name": "x"}, {"name": "x", "company_id": 999999}, {"name": "", "company_id": "a"}):
        response = it_client.post("/api/categories", body, format="json")
        assert response.status_code == 422, body
        laravel_error(response)


def test_writes_need_a_key(category):
    assert_requires_key("post", "/api/categories", laravel_error)
    assert_requires_key("post", f"/api/categories/{category.pk}/subscriptions", laravel_error)
    for method in ("put", "delete"):
        assert_requires_key(method, f"/api/categories/{category.pk}", laravel_error)


def test_other_tenant_cannot_reach_category(it_other_client, category):
    for method in ("get", "put", "delete"):
        assert_other_tenant_not_found(
            it_other_client, method, f"/api/categories/{category.pk}", data={"name": "x"}, format="json"
        )
    assert_other_tenant_not_found(
        it_other_client,
        "post",
        f"/api/categories/{category.pk}/subscriptions",
        data={"email": "a@b.example"},
        format="json",
    )


def test_malformed_bodies(it_client, category):
    assert_rejects_malformed(it_client, "post", "/api/categories", laravel_error)
    assert_rejects_malformed(it_client, "put", f"/api/categories/{category.pk}", laravel_error)
    assert_rejects_malformed(it_client, "post", f"/api/categories/{category.pk}/subscriptions", laravel_error)
