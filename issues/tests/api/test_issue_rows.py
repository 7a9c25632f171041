"""The unfiltered issue list read as rows (issues.rows, serializers.issue_row) answers what the queryset and
IssueSerializer answer, byte for byte: a key's list (its counter) and the anonymous one (every account's
public issues, counted up to a bound), each in one statement."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from backlog_site.api.row_pages import RowList
from backlog_site.api.testing import answers, assert_same_answers, count_queries
from backlog_site.api.viewsets import DialectViewSet
from issues import rows
from issues.api import issuetracker
from issues.api.serializers import issue_row
from issues.models import Issue

from ..conftest import make_category, make_company, make_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(tenant, other_tenant, company, category):
    """Open and closed issues of every severity; some in two public categories (listed once), some only in
    a private company's (hidden from anonymous reads); another account's public and private issues."""
    second = make_category(company, "Second")
    private = make_category(make_company(tenant.account, "Hidden", is_public=False), "Secret")
    theirs = make_category(make_company(other_tenant.account, "Globex Co"), "Globex IT")
    theirs_private = make_category(make_company(other_tenant.account, "Globex Internal", is_public=False), "Ops")
    closed = datetime(2026, 3, 7, 12, 32, 52, 123456, tzinfo=UTC)
    placed = [category, second, private, theirs, theirs_private]
    for n in range(37):
        issue = make_issue(
            placed[n % len(placed)],
            name=f"issue {n} “quoted” \\ </script>",
            severity=("info", "important", "critical")[n % 3],
            description="" if n % 7 == 0 else f"line one\nline {n}",
            closed_at=None if n % 3 else closed + timedelta(hours=n, microseconds=n),
        )
        if n % 4 == 0:
            issue.categories.add(second if placed[n % len(placed)] != second else category)


def through_the_queryset(monkeypatch):
    monkeypatch.setattr(issuetracker.IssueViewSet, "row_list", lambda self, queryset: None)


PAGES = ["/api/issues", "/api/issues?page=2", "/api/issues?page=3", "/api/issues?page=4", "/api/issues?page=x"]


@pytest.mark.parametrize("prepared", [True, False])
@pytest.mark.parametrize("anonymous", [False, True])
def test_rows_answer_what_the_queryset_and_the_serializer_answer(it_client, varied, monkeypatch, anonymous, prepared):
    client = APIClient() if anonymous else it_client
    if anonymous:
        monkeypatch.setattr(issuetracker, "PUBLIC_COUNT_BOUND", 20)  # so that the total is a floor here
    read = answers(client, PAGES, prepared=prepared)
    through_the_queryset(monkeypatch)
    assert_same_answers(read, client)
    first = read["/api/issues"].json()
    assert first["total"] == (20 if anonymous else 23)  # ours: the categories 0, 1 and 2 of each 5
    assert {issue["closed_at"] is None for issue in first["data"]} == {True, False}


def test_the_anonymous_list_is_every_accounts_public_issues_each_once(varied):
    client, seen, url = APIClient(), [], "/api/issues"
    while url:
        body = client.get(url).json()
        seen += [issue["name"].split(" “")[0] for issue in body["data"]]
        url = body["next_page_url"]
    # Public: the categories 0, 1 and 3 of each 5 (ours and Globex's), or a second public category (n % 4 == 0).
    expected = [f"issue {n}" for n in range(37) if n % 5 in (0, 1, 3) or n % 4 == 0]
    assert seen == expected
    assert client.get("/api/issues").json()["total"] == len(expected)


def test_the_page_and_its_total_are_one_statement(it_client, varied):
    it_client.get("/api/issues")  # a key's first request records its use
    for url in ("/api/issues", "/api/issues?page=3", "/api/issues?page=9"):
        assert count_queries(lambda url=url: it_client.get(url)) == 2, url  # the key check and the page
        assert count_queries(lambda url=url: APIClient().get(url)) == 1, url


def test_filters_with_and_cursor_pages_still_go_through_the_queryset(it_client, varied, monkeypatch):
    reads = []

    def read(**kwargs):
        reads.append(kwargs)
        return rows.account_page(**kwargs)

    original = issuetracker.IssueViewSet.row_list

    def spied(self, queryset):
        found = original(self, queryset)
        return (
            None
            if found is None
            else RowList(read=lambda **kw: read(account_id=self.request.account.pk, **kw), render=issue_row)
        )

    monkeypatch.setattr(issuetracker.IssueViewSet, "row_list", spied)
    assert len(it_client.get("/api/issues?status=closed").json()["data"]) == 8  # ours with n % 3 == 0
    assert it_client.get("/api/issues?with[]=categories").json()["data"][0]["categories"]
    assert reads == []
    next_url = it_client.get("/api/issues").json()["next_page_url"]
    assert len(reads) == 1
    assert len(it_client.get(next_url).json()["data"]) == 8  # 23 of ours: the page after 15, by the keyset
    assert len(reads) == 1


@pytest.mark.parametrize("prepared", [True, False])
def test_a_detail_read_as_a_row_answers_what_the_serializer_answers(
    it_client, it_other_client, varied, monkeypatch, prepared
):
    ids = list(Issue.objects.order_by("id").values_list("pk", flat=True))
    urls = [f"/api/issues/{pk}" for pk in ids] + ["/api/issues/0", "/api/issues/99999999", f"/api/issues/{2**63}"]
    clients = {"ours": it_client, "theirs": it_other_client, "anonymous": APIClient()}
    with override_settings(DATABASE_PREPARED_STATEMENTS=prepared):
        read = {(name, url): client.get(url) for name, client in clients.items() for url in urls}
    monkeypatch.setattr(issuetracker.IssueViewSet, "retrieve", DialectViewSet.retrieve)
    statuses = set()
    for (name, url), response in read.items():
        expected = clients[name].get(url)
        assert (response.status_code, response.content) == (expected.status_code, expected.content), (name, url)
        statuses.add((name, response.status_code))
    assert statuses == {(name, code) for name in clients for code in (200, 404)}  # each sees some, not others


def test_a_detail_read_is_one_statement_beside_the_key_check(it_client, tenant, category, varied):
    url = f"/api/issues/{Issue.objects.filter(categories=category).first().pk}"
    it_client.get(url)  # a key's first request records its use
    assert count_queries(lambda: it_client.get(url)) == 2
    assert count_queries(lambda: APIClient().get(url)) == 1
