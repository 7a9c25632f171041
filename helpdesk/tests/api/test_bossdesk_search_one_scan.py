"""A filtered list matches its rows once: one statement gives the bounded count and the page's ids
(backlog_site.api.paging.bounded_page), the same page and total as counting and paging apart."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backlog_site.api import paging
from backlog_site.api.testing import assert_constant_queries
from helpdesk.ransack import ransack
from helpdesk.search_fields import TICKET_SEARCH_FIELDS
from helpdesk.selectors import ticket_list_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def tickets(make_ticket):
    # friendly ids 1..14; "quixotic" in 3, 6, 9, 12
    return [make_ticket(title=f"ticket {n}" + (" quixotic" if n % 3 == 0 else "")) for n in range(1, 15)]


def _searched(tenant, word: str):
    return ransack(ticket_list_items(account_id=tenant.account_id), {"title_cont": word}, TICKET_SEARCH_FIELDS)


def _apart(queryset, *, offset: int, limit: int, bound: int | None = None):
    """What the list answered before: a bounded count, then the page."""
    total = paging.list_total(queryset, bound=bound)
    return total, [t.pk for t in paging.offset_page(queryset, offset=offset, limit=limit, total=total)]


@pytest.mark.parametrize("word", ["quixotic", "ticket", "nothing like it"])
@pytest.mark.parametrize("offset", [0, 2, 3, 13, 40])
@pytest.mark.parametrize("bound", [None, 5])
def test_the_same_page_and_total_as_counting_and_paging_apart(tenant, tickets, word, offset, bound):
    queryset = _searched(tenant, word)
    total, rows = paging.bounded_page(queryset, offset=offset, limit=3, bound=bound)
    assert (total, [t.pk for t in rows]) == _apart(queryset, offset=offset, limit=3, bound=bound)


def test_counts_stop_at_the_bound_and_pages_beyond_it_are_still_read(tenant, tickets, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_BOUND", 5)
    queryset = _searched(tenant, "ticket")
    total, rows = paging.bounded_page(queryset, offset=0, limit=3)
    assert total == paging.Total(5, exact=False) and [t.friendly_id for t in rows] == [14, 13, 12]
    total, rows = paging.bounded_page(queryset, offset=9, limit=3)  # past the bound: a bare page=4
    assert total == paging.Total(5, exact=False) and [t.friendly_id for t in rows] == [5, 4, 3]


def test_the_default_bound_is_ten_thousand():
    assert paging.COUNT_BOUND == 10_000


def _searching_statements(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries if "quixotic" in q["sql"].lower()]


def test_a_search_request_scans_its_matches_once(bd, tickets):
    url = "/api/v1/tickets?per_page=2&q[title_cont]=quixotic"
    bd.get(url)
    statements = _searching_statements(bd, url)
    assert len(statements) == 1, statements  # before: the count, then the page, each matching again
    response = bd.get(url)
    assert [t["friendly_id"] for t in response.json()] == [12, 9] and response["X-Total-Count"] == "4"


def test_a_search_costs_the_same_queries_whatever_it_matches(bd, make_ticket):
    made = []

    def grow(n):
        while len(made) < n:
            made.append(make_ticket(title="more quixotic"))

    assert_constant_queries(grow, lambda: bd.get("/api/v1/tickets?per_page=30&q[title_cont]=quixotic"))


def test_an_empty_or_out_of_range_search_page_keeps_its_total(bd, tickets):
    response = bd.get("/api/v1/tickets?page=9&per_page=2&q[title_cont]=quixotic")
    assert response.json() == [] and response["X-Total-Count"] == "4"
    response = bd.get("/api/v1/tickets?q[title_cont]=zzzz")
    assert response.json() == [] and response["X-Total-Count"] == "0"


def test_another_accounts_matches_are_not_counted_or_shown(bd, other_bd, tickets):
    response = other_bd.get("/api/v1/tickets?q[title_cont]=quixotic")
    assert response.json() == [] and response["X-Total-Count"] == "0"
