"""The unfiltered ticket list read as rows (helpdesk.rows, bossdesk_render.ticket_list_row) answers what the
queryset and `ticket_list_item` answer, byte for byte, in one statement beside the key check."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from backlog_site.api.row_pages import RowList
from backlog_site.api.testing import answers, assert_same_answers, count_queries
from helpdesk import rows
from helpdesk.api import bossdesk_render as render
from helpdesk.api.bossdesk_tickets import TicketViewSet
from helpdesk.models import ExtendedStatus, HelpdeskCategory, HelpdeskPriority, TicketType

from ..conftest import add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(tenant, agent, end_user, make_ticket):
    """Tickets with and without each lookup and person, with and without a due date, in every status."""
    account = tenant.account
    types = list(TicketType.objects.filter(account=account))
    priorities = list(HelpdeskPriority.objects.filter(account=account))
    categories = [None, *HelpdeskCategory.objects.filter(account=account)]
    statuses = [None, *ExtendedStatus.objects.filter(account=account)]
    nameless = add_member(account, "nameless")  # no first or last name
    people = [None, agent, end_user, nameless, tenant]
    due = datetime(2026, 3, 7, 12, 32, 52, 123456, tzinfo=UTC)
    for n in range(23):
        make_ticket(
            title=f"ticket {n} “quoted” \\ </script>",
            type=types[n % len(types)],
            priority=priorities[n % len(priorities)],
            category=categories[n % len(categories)],
            extended_status=statuses[n % len(statuses)],
            agent=(None, agent, tenant)[n % 3],
            requester=people[n % len(people)],
            due_at=None if n % 4 == 0 else due + timedelta(days=n, microseconds=n * 997),
        )


def through_the_queryset(monkeypatch):
    monkeypatch.setattr(TicketViewSet, "row_list", lambda self, queryset: None)


URLS = [
    "/api/v1/tickets",
    "/api/v1/tickets?per_page=30",
    "/api/v1/tickets?per_page=4&page=2",
    "/api/v1/tickets?per_page=4&page=4",  # the first page read from the end (23 rows)
    "/api/v1/tickets?per_page=4&page=6",  # the short last page
    "/api/v1/tickets?per_page=4&page=7",  # past the end
    "/api/v1/tickets?per_page=x&page=y",
    # Filtered: the queryset's count and page ids, the rows by their ids.
    "/api/v1/tickets?q[title_cont]=ticket%201",
    "/api/v1/tickets?q[title_cont]=ticket&per_page=5&page=3",
    "/api/v1/tickets?q[title_cont]=nothing-matches",
    "/api/v1/tickets?q[status_eq]=incoming&q[category_id_null]=true",
    "/api/v1/tickets?q[agent_username_eq]=aldente&per_page=30",
]


@pytest.mark.parametrize("prepared", [True, False])
def test_rows_answer_what_the_queryset_and_its_render_answer(bd, varied, monkeypatch, prepared):
    read = answers(bd, URLS, prepared=prepared)
    through_the_queryset(monkeypatch)
    assert_same_answers(read, bd, headers=("X-Total-Count", "Link"))
    listed = read["/api/v1/tickets?per_page=30"].json()
    assert len(listed) == 23
    for name in ("due_at", "category", "extended_status", "requester", "agent"):
        assert {item[name] is None for item in listed} == {True, False}, name  # both kinds compared


def test_the_next_links_cursor_is_the_one_the_queryset_gives(bd, varied, monkeypatch):
    rows = bd.get("/api/v1/tickets?per_page=5")["Link"]
    through_the_queryset(monkeypatch)
    assert "cursor=" in rows and rows == bd.get("/api/v1/tickets?per_page=5")["Link"]


def test_the_page_and_its_total_are_one_query_beside_the_key_check(bd, varied):
    bd.get("/api/v1/tickets")  # a key's first request records its use
    for url in ("/api/v1/tickets?per_page=30", "/api/v1/tickets?per_page=4&page=6", "/api/v1/tickets?page=9"):
        assert count_queries(lambda url=url: bd.get(url)) == 2, url


def test_a_filtered_page_reads_its_rows_by_id_and_a_cursor_page_goes_through_the_queryset(bd, varied, monkeypatch):
    reads, by_ids = [], []

    def read(**kwargs):
        reads.append(kwargs)
        return rows.ticket_list_page(**kwargs)

    def of_ids(ids):
        by_ids.append(ids)
        return rows.ticket_list_rows(ids)

    monkeypatch.setattr(TicketViewSet, "list_rows", RowList(read=read, render=render.ticket_list_row, of_ids=of_ids))
    searched = bd.get("/api/v1/tickets?q[title_cont]=ticket%201")
    assert sorted(t["friendly_id"] for t in searched.json()) == [2, *range(11, 21)]  # "ticket 1", "ticket 10".."19"
    assert searched["X-Total-Count"] == "11"
    assert (len(reads), len(by_ids)) == (0, 1)
    first = bd.get("/api/v1/tickets?per_page=5")
    assert (len(reads), len(by_ids)) == (1, 1)
    next_url = re.search(r'<([^>]+)>; rel="next"', first["Link"]).group(1)
    assert [t["friendly_id"] for t in bd.get(next_url).json()] == [18, 17, 16, 15, 14]
    assert (len(reads), len(by_ids)) == (1, 1)  # the page after a cursor: by the queryset's keyset


def test_a_search_is_three_queries(bd, varied):
    bd.get("/api/v1/tickets")
    assert count_queries(lambda: bd.get("/api/v1/tickets?q[title_cont]=ticket&per_page=5&page=2")) == 3


def test_another_accounts_tickets_never_show(bd, other_bd, varied):
    assert other_bd.get("/api/v1/tickets").json() == []
    assert other_bd.get("/api/v1/tickets")["X-Total-Count"] == "0"
