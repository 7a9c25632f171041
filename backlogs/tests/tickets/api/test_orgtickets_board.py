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
