"""/api/issues in the Issue Tracker dialect: CRUD, close, filters, with[], history, authorisation."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from backlog_site.api.testing import (
    assert_constant_queries,
    assert_other_tenant_not_found,
    assert_rejects_malformed,
    assert_requires_key,
)
from issues.models import Issue, IssueEvent
from issues.tests.conftest import laravel_error, make_category, make_company, make_issue

pytestmark = pytest.mark.django_db


def create(client, category_ids, **overrides):
    body = {"category_ids": category_ids, "name": "Server login issues", "description": "Down", "severity": "critical"}
    return client.post("/api/issues", {**body, **overrides}, format="json")


def test_create_records_history_and_answers_the_issue(it_client, category, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        response = create(it_client, [category.pk])
    assert response.status_code == 201, response.content
    body = response.json()
    assert {"id", "name", "severity", "closed_at", "created_at", "updated_at"} <= set(body)
    issue = Issue.objects.get(pk=body["id"])
    assert list(issue.categories.all()) == [category]
    assert list(issue.events.values_list("kind", "description")) == [("created", "Down")]


def test_create_validation(it_client, category):
    bodies = [
        {"category_ids": []},
        {"category_ids": [999999]},
        {"severity": "apocalyptic"},
        {"name": ""},
        {"category_ids": "1"},
        {"category_ids": [category.pk], "description": None},
    ]
    for overrides in bodies:
        response = create(it_client, overrides.pop("category_ids", [category.pk]), **overrides)
        assert response.status_code == 422, (overrides, response.content)
        laravel_error(response)
    assert not Issue.objects.exists()


def test_create_with_another_accounts_category_is_403(it_client, category, other_category):
    response = create(it_client, [category.pk, other_category.pk])
    assert response.status_code == 403
    laravel_error(response)
    assert not Issue.objects.exists()


def test_update_syncs_categories_and_records_history(it_client, company, category):
    issue = make_issue(category)
    second = make_category(company, "Facilities")
    body = {"name": "New name", "description": "Half up", "severity": "important", "category_ids": [second.pk]}
    response = it_client.put(f"/api/issues/{issue.pk}", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["severity"] == "important"
    issue.refresh_from_db()
    assert list(issue.categories.all()) == [second] and issue.name == "New name"
    assert list(issue.events.values_list("kind", flat=True)) == ["created", "updated"]
    # Without category_ids the categories stay.
    del body["category_ids"]
    assert it_client.put(f"/api/issues/{issue.pk}", body, format="json").status_code == 200
    assert list(issue.categories.all()) == [second]


def test_update_to_another_accounts_category_is_403(it_client, category, other_category):
    issue = make_issue(category)
    body = {"name": "n", "description": "d", "severity": "info", "category_ids": [other_category.pk]}
    assert it_client.put(f"/api/issues/{issue.pk}", body, format="json").status_code == 403
    assert list(issue.categories.all()) == [category]


def test_close_then_update_and_second_close_are_403(it_client, category):
    issue = make_issue(category)
    url = f"/api/issues/{issue.pk}"
    response = it_client.post(f"{url}/close", {"description": "Fixed"}, format="json")
    assert response.status_code == 200 and response.json()["closed_at"]
    for method, path, body in [
        ("post", f"{url}/close", {"description": "again"}),
        ("put", url, {"name": "n", "description": "d", "severity": "info"}),
    ]:
        response = getattr(it_client, method)(path, body, format="json")
        assert response.status_code == 403, (path, response.content)
        laravel_error(response)
    assert list(issue.events.values_list("kind", "description")) == [("created", "Down"), ("closed", "Fixed")]


def test_close_needs_a_description(it_client, category):
    issue = make_issue(category)
    response = it_client.post(f"/api/issues/{issue.pk}/close", {}, format="json")
    assert response.status_code == 422
    issue.refresh_from_db()
    assert issue.closed_at is None


def test_delete(it_client, category):
    issue = make_issue(category)
    assert it_client.delete(f"/api/issues/{issue.pk}").status_code == 204
    assert not Issue.objects.exists()


def test_filters(it_client, tenant, company, category):
    other_company = make_company(tenant.account, "Other")
    other_cat = make_category(other_company, "Other dept")
    a = make_issue(category, name="a", severity="critical")
    b = make_issue(other_cat, name="b", severity="info", closed_at=timezone.now())
    old = make_issue(category, name="old", severity="important")
    Issue.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=10))

    def names(query):
        response = it_client.get(f"/api/issues?{query}")
        assert response.status_code == 200, (query, response.content)
        return sorted(i["name"] for i in response.json()["data"])

    assert names("") == ["a", "b", "old"]
    assert names(f"company_ids[]={other_company.pk}") == ["b"]
    assert names(f"category_ids={category.pk}") == ["a", "old"]
    assert names(f"category_ids[]={category.pk}&category_ids[]={other_cat.pk}") == ["a", "b", "old"]
    assert names("severity=info") == ["b"]
    assert names("status=open") == ["a", "old"]
    assert names("status=closed") == ["b"]
    today = timezone.now().date()
    assert names(f"after={today - datetime.timedelta(days=2)}") == ["a", "b"]
    assert names(f"before={today - datetime.timedelta(days=2)}") == ["old"]
    assert a.pk and b.pk


def test_bad_filters_are_422(it_client, other_category):
    for query in (
        "severity=bad",
        "status=pending",
        "after=26-04-2021",
        "before=2021-13-01",
        "category_ids[]=x",
        f"category_ids[]={other_category.pk}",
        "company_ids[]=999999",
        "with[]=account",
    ):
        response = it_client.get(f"/api/issues?{query}")
        assert response.status_code == 422, (query, response.content)
        laravel_error(response)


def test_with_categories_company_and_events(it_client, category):
    issue = make_issue(category)
    body = it_client.get(f"/api/issues/{issue.pk}?with[]=categories.company&with[]=events").json()
    assert body["categories"][0]["company"]["name"] == "ConnectNow"
    assert [(e["type"], e["description"]) for e in body["events"]] == [("created", "Down")]
    body = it_client.get(f"/api/issues/{issue.pk}?with[]=categories").json()
    assert "company" not in body["categories"][0] and "events" not in body


def test_list_runs_constant_queries(it_client, company, category):
    def make_rows(n):
        for i in range(n - Issue.objects.count()):
            issue = make_issue(category, name=f"i{i}")
            issue.categories.add(make_category(company, f"c{n}{i}"))
            IssueEvent.objects.create(issue=issue, kind="updated", description="more")

    assert_constant_queries(
        make_rows, lambda: it_client.get("/api/issues?with[]=categories&with[]=categories.company&with[]=events")
    )


def test_anonymous_sees_issues_of_public_companies_and_only_public_categories(tenant, category):
    private = make_category(make_company(tenant.account, "Hidden", is_public=False), "Secret")
    shared = make_issue(category, name="shared")
    shared.categories.add(private)
    hidden = make_issue(private, name="hidden")
    body = APIClient().get("/api/issues?with[]=categories").json()
    assert [i["name"] for i in body["data"]] == ["shared"]
    assert [c["name"] for c in body["data"][0]["categories"]] == ["IT department"]
    assert APIClient().get(f"/api/issues/{hidden.pk}").status_code == 404
    response = APIClient().get(f"/api/issues?category_ids[]={private.pk}")
    assert response.status_code == 422


def test_writes_need_a_key(category):
    issue = make_issue(category)
    assert_requires_key("post", "/api/issues", laravel_error)
    for method, path in [
        ("put", f"/api/issues/{issue.pk}"),
        ("delete", f"/api/issues/{issue.pk}"),
        ("post", f"/api/issues/{issue.pk}/close"),
        ("post", f"/api/issues/{issue.pk}/subscriptions"),
    ]:
        assert_requires_key(method, path, laravel_error)


def test_other_tenant_cannot_reach_issue(it_other_client, category):
    issue = make_issue(category)
    url = f"/api/issues/{issue.pk}"
    for method, path in [
        ("get", url),
        ("put", url),
        ("delete", url),
        ("post", f"{url}/close"),
        ("post", f"{url}/subscriptions"),
    ]:
        assert_other_tenant_not_found(it_other_client, method, path, data={"description": "x"}, format="json")
    assert it_other_client.get("/api/issues").json()["total"] == 0
    issue.refresh_from_db()
    assert issue.closed_at is None


def test_malformed_bodies(it_client, category):
    issue = make_issue(category)
    assert_rejects_malformed(it_client, "post", "/api/issues", laravel_error)
    for method, path in [("put", f"/api/issues/{issue.pk}"), ("post", f"/api/issues/{issue.pk}/close")]:
        assert_rejects_malformed(it_client, method, path, laravel_error)


def test_absurd_numbers_answer_4xx_or_an_empty_page(it_client):
    huge = "9" * 25
    assert it_client.get(f"/api/issues?page={huge}").json()["data"] == []
    assert it_client.get(f"/api/issues/{huge}").status_code == 404
    assert it_client.get(f"/api/issues?category_ids[]={huge}").status_code == 422
    body = {"category_ids": [int(huge)], "name": "n", "description": "d", "severity": "info"}
    assert it_client.post("/api/issues", body, format="json").status_code == 422
