"""`GET …/tickets/board`: one column per workflow status, tickets by priority then position."""

import pytest

from backlog_site.api.testing import assert_constant_queries, assert_requires_key
from backlogs.models import Priority, Ticket, Workflow

from ..conftest import org_error

pytestmark = pytest.mark.django_db


def test_board_has_every_column_in_workflow_order_even_when_empty(org, base):
    response = org.get(f"{base}/board")
    assert response.status_code == 200
    columns = response.json()["board"]["columns"]
    assert [c["status"] for c in columns] == ["backlog", "todo", "in_progress", "in_review", "done"]
    assert all(c["tickets"] == [] for c in columns)


def test_board_orders_tickets_by_priority_then_position(org, base, make_ticket, member):
    low = make_ticket("low", priority=Priority.LOW)
    urgent = make_ticket("urgent", priority=Priority.URGENT, assignee=member.user)
    high_late = make_ticket("high late", priority=Priority.HIGH)
    high_early = make_ticket("high early", priority=Priority.HIGH)
    Ticket.objects.filter(pk=high_early.pk).update(position=0)
    review = make_ticket("in review", type_key="bug", workflow=Workflow.IN_REVIEW)
    declined = make_ticket("declined", type_key="request", workflow=Workflow.DONE)
    columns = {c["status"]: c["tickets"] for c in org.get(f"{base}/board").json()["board"]["columns"]}
    assert [t["id"] for t in columns["backlog"]] == [urgent.pk, high_early.pk, high_late.pk, low.pk]
    assert [t["id"] for t in columns["in_review"]] == [review.pk]
    assert [t["id"] for t in columns["done"]] == [declined.pk]
    card = columns["backlog"][0]
    assert card == {
        "id": urgent.pk,
        "slug": urgent.slug,
        "title": "urgent",
        "type": "feature",
        "priority": "urgent",
        "assignee_id": member.user_id,
    }


def test_board_filters_by_repository_and_hides_other_tenants(org, other_tenant, base, make_ticket, repository):
    inside = make_ticket("in repo", repository=repository)
    make_ticket("elsewhere")
    make_ticket("other tenant", account=other_tenant.account)
    columns = org.get(f"{base}/board", {"repository_id": repository.pk}).json()["board"]["columns"]
    assert [t["id"] for c in columns for t in c["tickets"]] == [inside.pk]
    everything = org.get(f"{base}/board").json()["board"]["columns"]
    assert len([t for c in everything for t in c["tickets"]]) == 2
    response = org.get(f"{base}/board", {"repository_id": "x"})
    assert response.status_code == 422 and "repository_id" in response.json()["error"]["fields"]


def test_board_runs_a_fixed_number_of_queries(org, base, make_ticket, member):
    workflows = list(Workflow)

    def make_rows(n):
        while Ticket.objects.count() < n:
            i = Ticket.objects.count()
            make_ticket("t", type_key="bug", workflow=workflows[i % 5], assignee=member.user, labels=["x"])

    assert_constant_queries(make_rows, lambda: org.get(f"{base}/board"), small=3, large=25)


def test_board_requires_a_key(base):
    assert_requires_key("get", f"{base}/board", lambda r: org_error(r, "not_authenticated"))


def _many(make_ticket, n, **fields):
    """n tickets through the service, with positions 1..n so that their board order is known."""
    made = [make_ticket(f"t{i}", **fields) for i in range(n)]
    for position, ticket in enumerate(made, start=1):
        Ticket.objects.filter(pk=ticket.pk).update(position=position)
    return [t.pk for t in made]


def test_each_column_shows_its_first_cards_its_total_and_where_the_next_ones_are(org, base, make_ticket):
    ids = _many(make_ticket, 7)
    make_ticket("to do", workflow=Workflow.TODO)
    columns = {c["status"]: c for c in org.get(f"{base}/board", {"limit_per_column": 3}).json()["board"]["columns"]}
    backlog = columns["backlog"]
    assert [t["id"] for t in backlog["tickets"]] == ids[:3]
    assert backlog["total"] == 7
    assert backlog["next"] == f"http://testserver{base}/board?status=backlog&limit_per_column=3&offset=3"
    assert columns["todo"]["total"] == 1 and columns["todo"]["next"] is None
    assert columns["done"] == {"status": "done", "tickets": [], "total": 0, "next": None}

    following = org.get(backlog["next"]).json()["board"]["columns"]
    assert [c["status"] for c in following] == ["backlog"]
    assert [t["id"] for t in following[0]["tickets"]] == ids[3:6] and following[0]["total"] == 7
    last = org.get(following[0]["next"]).json()["board"]["columns"][0]
    assert [t["id"] for t in last["tickets"]] == ids[6:] and last["next"] is None


def test_a_column_merges_the_statuses_of_every_ticket_type_in_board_order(org, base, make_ticket):
    # "Done" and "Declined" (request), "Fixed" and "Won't fix" (bug) are all in the done column.
    low = make_ticket("low", type_key="bug", workflow=Workflow.DONE, priority=Priority.LOW)
    urgent = make_ticket("urgent", type_key="request", workflow=Workflow.DONE, priority=Priority.URGENT)
    high = make_ticket("high", type_key="feature", workflow=Workflow.DONE, priority=Priority.HIGH)
    column = org.get(f"{base}/board", {"status": "done", "limit_per_column": 2}).json()["board"]["columns"][0]
    assert [t["id"] for t in column["tickets"]] == [urgent.pk, high.pk] and column["total"] == 3
    rest = org.get(column["next"]).json()["board"]["columns"][0]
    assert [t["id"] for t in rest["tickets"]] == [low.pk]


def test_board_defaults_to_fifty_cards_and_caps_the_limit(org, base, make_ticket):
    from backlogs.tickets.selectors import BOARD_CARDS_DEFAULT, BOARD_CARDS_MAX

    assert (BOARD_CARDS_DEFAULT, BOARD_CARDS_MAX) == (50, 100)
    _many(make_ticket, 3)
    assert len(org.get(f"{base}/board", {"limit_per_column": 10**6}).json()["board"]["columns"][0]["tickets"]) == 3
    for bad in ({"limit_per_column": 0}, {"limit_per_column": "x"}, {"offset": -1}, {"status": "open"}):
        response = org.get(f"{base}/board", bad)
        assert response.status_code == 422, bad
        assert set(bad) <= set(response.json()["error"]["fields"])


def test_a_repository_board_counts_only_that_repository(org, base, make_ticket, repository):
    _many(make_ticket, 3, repository=repository)
    _many(make_ticket, 2)
    params = {"repository_id": repository.pk, "limit_per_column": 2}
    column = org.get(f"{base}/board", params).json()["board"]["columns"][0]
    assert column["total"] == 3 and len(column["tickets"]) == 2
    assert f"repository_id={repository.pk}" in column["next"]
    assert len(org.get(column["next"]).json()["board"]["columns"][0]["tickets"]) == 1


def test_next_cards_of_one_column_run_a_fixed_number_of_queries(org, base, make_ticket):
    assert_constant_queries(
        lambda n: _many(make_ticket, n - Ticket.objects.count()),
        lambda: org.get(f"{base}/board", {"status": "backlog", "offset": 1, "limit_per_column": 2}),
        small=4,
        large=12,
    )
