"""/api/issues at O(page): the key's counter, anonymous bounded totals, keyset cursors in next_page_url."""

import pytest
from rest_framework.test import APIClient

from accounts.models import RowCount
from backlog_site.api.testing import assert_constant_queries
from issues.api import issuetracker
from issues.models import Issue

from ..conftest import make_category, make_company, make_issue

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    return [issue["name"] for issue in response.json()["data"]]


def walk(client, url: str) -> list[str]:
    seen = []
    while url:
        body = client.get(url).json()
        seen += [issue["name"] for issue in body["data"]]
        url = body["next_page_url"]
        if url:
            assert "cursor=" in url and "page=" in url
    return seen


@pytest.fixture
def issues(category):
    return [make_issue(category, name=f"i{n:02}") for n in range(20)]  # two pages of 15 and 5


def test_a_keys_total_is_its_counter_and_deep_pages_match(it_client, tenant, issues):
    body = it_client.get("/api/issues").json()
    assert (body["total"], body["last_page"], body["to"]) == (20, 2, 15)
    assert names(it_client.get("/api/issues?page=2")) == [f"i{n:02}" for n in range(15, 20)]
    RowCount.objects.filter(account=tenant.account, name="issues.issue").update(value=31)
    assert it_client.get("/api/issues").json()["last_page"] == 3  # no count ran


def test_next_page_urls_walk_every_issue_once(it_client, issues):
    assert walk(it_client, "/api/issues") == [f"i{n:02}" for n in range(20)]


def test_anonymous_lists_public_issues_of_every_account_with_a_bounded_total(
    tenant, other_category, issues, monkeypatch
):
    hidden = make_issue(make_category(make_company(tenant.account, "Hidden", is_public=False), "Secret"), name="hidden")
    other = make_issue(other_category, name="globex")
    anonymous = APIClient()
    body = anonymous.get("/api/issues").json()
    assert body["total"] == 21
    assert walk(anonymous, "/api/issues") == [f"i{n:02}" for n in range(20)] + ["globex"]
    monkeypatch.setattr(issuetracker, "PUBLIC_COUNT_BOUND", 16)  # anonymous lists count fewer rows
    body = anonymous.get("/api/issues").json()
    assert (body["total"], body["last_page"]) == (16, 2)  # at least 16: a floor
    assert walk(anonymous, "/api/issues") == [f"i{n:02}" for n in range(20)] + ["globex"]
    assert hidden.name not in walk(anonymous, "/api/issues") and other.pk


def test_a_malformed_cursor_answers_422_in_the_laravel_shape(it_client, issues):
    response = it_client.get("/api/issues?page=2&cursor=WyJ4Il0")
    assert response.status_code == 422
    assert response.json()["errors"] == {"cursor": ["The cursor is invalid."]}  # Laravel words it whole


@pytest.mark.parametrize("anonymous", [False, True])
def test_page_one_last_page_and_cursor_pages_run_a_fixed_number_of_queries(it_client, category, anonymous):
    client = APIClient() if anonymous else it_client

    def make_rows(n):
        while Issue.objects.count() < n:
            make_issue(category, name="x")

    for url in ("/api/issues", "/api/issues?page=3"):
        assert_constant_queries(make_rows, lambda url=url: client.get(url), small=35, large=50)
    next_url = client.get("/api/issues").json()["next_page_url"]
    assert_constant_queries(make_rows, lambda: client.get(next_url), small=50, large=60)
