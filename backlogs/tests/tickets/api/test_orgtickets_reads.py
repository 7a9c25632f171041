"""The Tickets API's list and detail read rows, not model instances (backlogs.tickets.rows): they must
answer exactly what the serializers describe, in a fixed and small number of queries."""

import pytest
from django.db import connection

from backlog_site.api.testing import assert_constant_queries, count_queries
from backlog_site.prepared import PreparedSQL
from backlogs.api.orgtickets import OrgTicketDetailSerializer, OrgTicketSerializer
from backlogs.models import Priority, Ticket
from backlogs.tickets import rows, selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def tickets(make_ticket, member, repository):
    """Tickets with and without each optional field; labels given out of their (name) order."""
    parent = make_ticket("Parent", type_key="bug", description="<p>parent</p>")
    return [
        parent,
        make_ticket("Child", labels=["zeta", "alpha", "mid"], parent=parent, priority=Priority.URGENT),
        make_ticket("Assigned", assignee=member.user, repository=repository, workflow="done", labels=["alpha"]),
        make_ticket("Plain", type_key="task", description="x" * 5000),
    ]


def serialized(serializer, ids) -> list[dict]:
    fresh = selectors.tickets_for_render(comments=False).filter(pk__in=ids).order_by("pk")
    return [dict(serializer(ticket).data) for ticket in fresh]


def test_the_list_answers_what_the_serializer_describes(org, base, tickets):
    ids = [t.pk for t in tickets]
    assert org.get(base).json()["tickets"] == serialized(OrgTicketSerializer, ids)
    # Every page, read forwards or from the end, and a filtered list (its rows by the ORM's ids).
    for offset in range(len(ids) + 1):
        body = org.get(base, {"limit": 2, "offset": offset}).json()
        assert body["tickets"] == serialized(OrgTicketSerializer, ids[offset : offset + 2]), offset
    body = org.get(base, {"labels": "alpha"}).json()
    assert body["tickets"] == serialized(OrgTicketSerializer, [ids[1], ids[2]]) and body["total"] == 2
    assert org.get(base, {"labels": "alpha", "offset": 1}).json()["tickets"] == serialized(
        OrgTicketSerializer, [ids[2]]
    )
    assert org.get(base, {"assignee_id": 2**40}).json() == {"tickets": [], "total": 0, "limit": 20, "offset": 0}


def test_the_detail_answers_what_the_serializer_describes(org, base, tickets):
    for ticket in tickets:
        body = org.get(f"{base}/{ticket.slug}").json()
        assert body == {"ticket": serialized(OrgTicketDetailSerializer, [ticket.pk])[0]}
    assert org.get(base).json()["tickets"][1]["labels"] == ["alpha", "mid", "zeta"]
    assert org.get(f"{base}/{tickets[1].slug}").json()["ticket"]["parent_slug"] == tickets[0].slug


def test_the_same_number_in_another_organisation_is_never_read(org, other_org, base, make_ticket, other_tenant):
    mine = make_ticket("mine")
    theirs = make_ticket("theirs", account=other_tenant.account)
    assert mine.number == theirs.number
    other_base = f"/api/v1/ext/orgs/{other_tenant.account.slug}/tickets"
    assert org.get(f"{base}/{mine.slug}").json()["ticket"]["title"] == "mine"
    assert other_org.get(f"{other_base}/{theirs.slug}").json()["ticket"]["title"] == "theirs"
    assert [t["title"] for t in other_org.get(other_base).json()["tickets"]] == ["theirs"]


def test_list_and_detail_run_three_and_two_queries(org, base, make_ticket, member, repository):
    """The key with its membership; the counter (or the filtered count); the page with its lookups
    and labels. The detail: the key, then the ticket with its lookups and labels, then its links (the links
    app's one query when it has none)."""
    parent = make_ticket("parent")

    def make_rows(n):
        while Ticket.objects.count() < n:
            make_ticket("t", labels=["x", "y"], parent=parent, repository=repository, assignee=member.user)

    assert assert_constant_queries(make_rows, lambda: org.get(base), small=3, large=20) == 3
    deep = {"limit": 5, "offset": 17}  # read from the end
    assert assert_constant_queries(make_rows, lambda: org.get(base, deep), small=25, large=40) == 3
    filtered = {"labels": "x,y", "assignee_id": member.user_id}
    assert assert_constant_queries(make_rows, lambda: org.get(base, filtered), small=3, large=20) == 3
    assert count_queries(lambda: org.get(f"{base}/{parent.slug}")) == 3


def test_the_counter_gives_the_unfiltered_total(org, base, tenant, make_ticket):
    make_ticket("one")
    assert rows.account_total(account_id=tenant.account.pk) == 1
    Ticket.objects.all().delete()
    assert rows.account_total(account_id=tenant.account.pk) == 0
    assert org.get(base).json() == {"tickets": [], "total": 0, "limit": 20, "offset": 0}


def prepared_on_the_server(read: PreparedSQL) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name = %s", [read.name])
        return cursor.fetchone()[0] == 1


def test_a_prepared_statement_gives_its_rows_for_every_value():
    read = PreparedSQL("SELECT %s + 1, %s", postgresql="SELECT %s::int + 1, %s::text")
    assert read.rows([1, "a"]) == [(2, "a")]
    assert read.rows([41, "b"]) == [(42, "b")]  # the same statement, other values
    if connection.vendor == "postgresql":
        assert prepared_on_the_server(read)


def test_without_server_side_statements_the_sql_runs_as_it_is(settings, org, base, make_ticket):
    settings.DATABASE_PREPARED_STATEMENTS = False  # e.g. behind PgBouncer in transaction mode
    read = PreparedSQL("SELECT %s + 1", postgresql="SELECT %s::int + 1")
    assert read.rows([1]) == [(2,)]
    ticket = make_ticket("unprepared", labels=["b", "a"])
    assert org.get(f"{base}/{ticket.slug}").json()["ticket"]["labels"] == ["a", "b"]
    if connection.vendor == "postgresql":
        assert not prepared_on_the_server(read)
