"""BOSSDesk lists at O(page): counted totals, deep pages from the other end, keyset cursors in `next`
links, bounded counts for filtered lists, trigram indexes for `_cont` (backlog_site.api.paging)."""

import re

import pytest
from django.db import connection

from accounts.models import RowCount
from backlog_site.api import paging
from backlog_site.api.testing import assert_constant_queries
from helpdesk.models import Ticket

pytestmark = pytest.mark.django_db


def friendly_ids(response) -> list[int]:
    assert response.status_code == 200, response.content[:300]
    return [t["friendly_id"] for t in response.json()]


def links(response) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response["Link"])}


@pytest.fixture
def tickets(make_ticket):
    return [make_ticket(title=f"ticket {n}") for n in range(1, 12)]  # friendly ids 1..11


def test_every_page_matches_the_plain_offset_read_including_the_ones_read_from_the_end(bd, tickets):
    expected = list(Ticket.objects.order_by("-friendly_id").values_list("friendly_id", flat=True))
    for page in range(1, 6):
        got = friendly_ids(bd.get(f"/api/v1/tickets?per_page=3&page={page}"))
        assert got == expected[(page - 1) * 3 : page * 3], page
    assert friendly_ids(bd.get("/api/v1/tickets?per_page=3&page=4")) == [2, 1]  # the short last page


def test_the_total_is_the_counter_for_an_unfiltered_list(bd, tenant, tickets):
    assert bd.get("/api/v1/tickets")["X-Total-Count"] == "11"
    # Proof that no count runs: a wrong counter shows (counters_rebuild repairs it).
    RowCount.objects.filter(account=tenant.account, name="helpdesk.ticket").update(value=40)
    assert bd.get("/api/v1/tickets?per_page=10")["X-Total-Count"] == "40"
    assert "page=4" in links(bd.get("/api/v1/tickets?per_page=10"))["last"]


def test_next_links_carry_a_cursor_that_walks_every_ticket_once(bd, tickets):
    url, seen = "/api/v1/tickets?per_page=4", []
    while url:
        response = bd.get(url)
        seen += friendly_ids(response)
        url = links(response).get("next")
        if url:
            assert "cursor=" in url and "page=" in url
    assert seen == list(range(11, 0, -1))


def test_a_cursor_sees_rows_created_after_it_was_issued_in_order(bd, make_ticket, tickets):
    next_url = links(bd.get("/api/v1/tickets?per_page=4"))["next"]
    make_ticket(title="newest")  # friendly id 12: before the cursor, so not on later pages
    assert friendly_ids(bd.get(next_url)) == [7, 6, 5, 4]


@pytest.mark.parametrize("cursor", ["garbage!", "WzFd", "WyJ4Il0", "bnVsbA", "W251bGxd", "W3RydWVd"])
def test_a_malformed_cursor_answers_422(bd, tickets, cursor):
    response = bd.get(f"/api/v1/tickets?page=2&cursor={cursor}")
    if cursor == "WzFd":  # [1]: a valid cursor (after friendly id 1): nothing follows
        assert response.json() == []
        return
    assert response.status_code == 422
    assert response.json() == {"errors": {"cursor": ["is invalid"]}}


def test_another_accounts_cursor_reads_only_the_callers_rows(bd, other_bd, tickets):
    next_url = links(bd.get("/api/v1/tickets?per_page=4"))["next"]
    assert other_bd.get(next_url.replace("http://testserver", "")).json() == []


def test_a_filtered_total_is_counted_up_to_the_bound(bd, tickets, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_BOUND", 5)
    response = bd.get("/api/v1/tickets?per_page=3&q[title_cont]=ticket")
    assert response["X-Total-Count"] == "5"  # at least five
    assert "last" not in links(response) and "next" in links(response)
    walked, url = [], "/api/v1/tickets?per_page=3&q[title_cont]=ticket"
    while url:
        response = bd.get(url)
        walked += friendly_ids(response)
        url = links(response).get("next")
    assert walked == list(range(11, 0, -1))
    exact = bd.get("/api/v1/tickets?q[title_cont]=ticket 1")  # 1, 10, 11: below the bound, exact
    assert exact["X-Total-Count"] == "3" and "last" in links(exact)


def test_a_search_across_tags_keeps_one_row_per_ticket(bd, tenant, tickets):
    from accounts.models import Tag

    tags = [Tag.objects.create(account=tenant.account, name=f"t{n}", owner_class="ticket") for n in range(2)]
    tickets[0].tags.set(tags)
    response = bd.get("/api/v1/tickets?q[tags_name_start]=t")
    assert friendly_ids(response) == [1]
    assert response["X-Total-Count"] == "1"


@pytest.mark.parametrize("page", [1, 3, 5])
def test_deep_and_cursor_pages_run_a_fixed_number_of_queries(bd, make_ticket, page):
    def make_rows(n):
        while Ticket.objects.count() < n:
            make_ticket()

    deep = assert_constant_queries(
        make_rows, lambda: bd.get(f"/api/v1/tickets?per_page=3&page={page}"), small=15, large=40
    )
    first = bd.get("/api/v1/tickets?per_page=3")
    next_url = links(first)["next"]
    cursor = assert_constant_queries(make_rows, lambda: bd.get(next_url), small=40, large=60)
    assert deep <= 5 and cursor <= 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only")
@pytest.mark.parametrize(
    "condition,index",
    [
        ("title_cont", "helpdesk_ticket_title_trgm"),
        ("title_start", "helpdesk_ticket_title_trgm"),
        ("title_end", "helpdesk_ticket_title_trgm"),
        ("description_cont", "helpdesk_ticket_desc_trgm"),
    ],
)
def test_text_searches_can_be_answered_from_the_trigram_indexes(tenant, tickets, condition, index):
    from helpdesk.ransack import ransack
    from helpdesk.search_fields import TICKET_SEARCH_FIELDS

    queryset = ransack(Ticket.objects.values("pk"), {condition: "zanzibar"}, TICKET_SEARCH_FIELDS)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A few rows: forbid the plans a small table prefers, to see whether the index matches the
        # very expression Django emits (UPPER(col::text) LIKE UPPER(…)).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan
