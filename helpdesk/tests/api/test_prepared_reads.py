"""backlog_site.prepared: a read compiled once gives what its queryset gives, for every value."""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from accounts.models import Account, ApiKey
from backlog_site.prepared import Prepared
from helpdesk.models import Ticket

pytestmark = pytest.mark.django_db


def _tickets(account_id, friendly_id):
    return (
        Ticket.objects.select_related("type", "priority")
        .annotate(tags_count=Count("tags"))
        .filter(account_id=account_id, friendly_id=friendly_id)
    )


TICKET = Prepared(_tickets, account_id=int, friendly_id=int)


def _same(a, b):
    fields = [f.attname for f in Ticket._meta.concrete_fields]
    assert [getattr(a, f) for f in fields] == [getattr(b, f) for f in fields]
    assert (a.type.name, a.priority.name, a.tags_count) == (b.type.name, b.priority.name, b.tags_count)


def test_each_call_reads_the_row_of_its_own_values(make_ticket, tenant):
    first, second = make_ticket(title="first"), make_ticket(title="second")
    for ticket in (first, second, first):
        found = TICKET.first(account_id=tenant.account_id, friendly_id=ticket.friendly_id)
        _same(found, _tickets(tenant.account_id, ticket.friendly_id).get())
    assert found.title == "first" and found.custom_fields == first.custom_fields


def test_another_accounts_value_finds_nothing(make_ticket, tenant):
    ticket = make_ticket()
    other = Account.objects.create(name="Other", slug="other-prepared")
    assert TICKET.first(account_id=other.pk, friendly_id=ticket.friendly_id) is None
    assert TICKET.all(account_id=tenant.account_id, friendly_id=ticket.friendly_id + 1000) == []


def test_a_call_is_one_query_also_the_first_on_a_session(make_ticket, tenant):
    ticket = make_ticket()
    read = Prepared(_tickets, account_id=int, friendly_id=int)  # not yet prepared anywhere
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert read.first(account_id=tenant.account_id, friendly_id=ticket.friendly_id).pk == ticket.pk
        assert len(queries) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side prepared statements are PostgreSQL's")
def test_postgresql_plans_it_once_per_session(make_ticket, tenant):
    ticket = make_ticket()
    read = Prepared(_tickets, account_id=int, friendly_id=int)
    read.first(account_id=tenant.account_id, friendly_id=ticket.friendly_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name = %s", [read.name])
        assert cursor.fetchone()[0] == 1


def test_values_that_are_not_plain_parameters_are_refused():
    read = Prepared(lambda prefix: ApiKey.objects.filter(prefix=prefix[:3]), prefix=str)
    with pytest.raises(ValueError):
        read.first(prefix="abcdef")


def test_the_detail_of_an_id_beyond_any_integer_is_404_not_500(bd):
    assert bd.get("/api/v1/tickets/99999999999999999999999").status_code == 404
    assert bd.get("/api/v1/tickets/4294967296").status_code == 404
