"""The Tickets API list at O(page): the exact `total` from the counter, deep offsets read from the end."""

import pytest

from accounts.models import RowCount
from backlog_site.api.testing import assert_constant_queries
from backlogs.models import Ticket

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content[:300]
    return [t["id"] for t in response.json()["tickets"]]


def test_every_offset_matches_the_plain_read_including_those_read_from_the_end(org, base, make_ticket):
    tickets = [make_ticket(f"T{i}").pk for i in range(9)]
    for offset in range(0, 11):
        assert ids(org.get(base, {"limit": 4, "offset": offset})) == tickets[offset : offset + 4], offset


def test_the_unfiltered_total_is_the_counter_and_a_filtered_one_an_exact_count(org, base, tenant, make_ticket):
    for i in range(3):
        make_ticket(f"T{i}", workflow="done" if i else "backlog")
    assert org.get(base).json()["total"] == 3
    RowCount.objects.filter(account=tenant.account, name="backlogs.ticket").update(value=7)
    assert org.get(base).json()["total"] == 7  # no count ran
    assert org.get(base, {"status": "done"}).json()["total"] == 2  # the document's exact total


def test_another_accounts_tickets_never_show_in_the_total_or_a_page(org, other_org, base, make_ticket, other_tenant):
    make_ticket("mine")
    assert other_org.get(f"/api/v1/ext/orgs/{other_tenant.account.slug}/tickets").json()["total"] == 0
    assert ids(org.get(base, {"offset": 0})) == [Ticket.objects.get().pk]


@pytest.mark.parametrize("offset", [0, 10, 25])
def test_deep_offsets_run_a_fixed_number_of_queries(org, base, make_ticket, offset):
    def make_rows(n):
        while Ticket.objects.count() < n:
            make_ticket("t", labels=["x"])

    assert_constant_queries(make_rows, lambda: org.get(base, {"limit": 5, "offset": offset}), small=30, large=45)
