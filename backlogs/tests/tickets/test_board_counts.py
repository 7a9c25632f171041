"""The board's column totals are kept by triggers: whatever writes tickets, the counts stay right."""

import pytest
from django.db import connection

from backlogs.models import Ticket, TicketStatus, TicketStatusCount, Workflow
from backlogs.tickets import board_counts, services

pytestmark = pytest.mark.django_db


def counts(account) -> dict[int, int]:
    """Every status of `account` that has a count row, as the triggers keep them."""
    return dict(TicketStatusCount.objects.filter(status__account=account).values_list("status_id", "tickets"))


def counted(account) -> dict[int, int]:
    """The same, counted from the tickets (statuses without tickets are 0)."""
    real = {pk: 0 for pk in TicketStatus.objects.filter(account=account).values_list("pk", flat=True)}
    for status_id in Ticket.objects.filter(account=account).values_list("status_id", flat=True):
        real[status_id] += 1
    return real


def assert_right(account):
    kept = counts(account)
    assert {pk: kept.get(pk, 0) for pk in counted(account)} == counted(account)


def test_creates_moves_updates_and_deletes_through_the_services(tenant, make_ticket):
    tickets = [make_ticket(f"t{i}") for i in range(3)]
    assert_right(tenant.account)
    assert sum(counts(tenant.account).values()) == 3
    services.ticket_status_set(ticket=tickets[0], user=tenant.user, workflow=Workflow.DONE)
    services.ticket_update(ticket=tickets[1], user=tenant.user, fields={"title": "renamed"})
    assert_right(tenant.account)
    services.ticket_delete(ticket=tickets[2], user=tenant.user)
    assert_right(tenant.account)
    assert sum(counts(tenant.account).values()) == 2


def test_bulk_writes_that_bypass_the_models_count_too(tenant, make_ticket):
    first = make_ticket("first")
    done = TicketStatus.objects.get(account=tenant.account, ticket_type=first.ticket_type, name="Done")
    Ticket.objects.bulk_create(
        [
            Ticket(
                account=tenant.account,
                backlog=first.backlog,
                number=100 + i,
                title=f"bulk {i}",
                ticket_type=first.ticket_type,
                status=first.status if i % 2 else done,
            )
            for i in range(6)
        ]
    )
    assert_right(tenant.account)
    Ticket.objects.filter(account=tenant.account, status=done).update(status=first.status)
    assert_right(tenant.account)
    assert counts(tenant.account)[done.pk] == 0
    Ticket.objects.filter(account=tenant.account, number__gte=103).delete()
    assert_right(tenant.account)


def test_a_ticket_moved_to_another_account_counts_there(tenant, other_tenant, make_ticket):
    ticket = make_ticket("moving")
    other_status = TicketStatus.objects.filter(account=other_tenant.account, ticket_type__key="feature").first()
    make_ticket("stays", account=other_tenant.account)
    Ticket.objects.filter(pk=ticket.pk).update(
        account=other_tenant.account, number=999, status=other_status, ticket_type=other_status.ticket_type
    )
    assert_right(tenant.account)
    assert_right(other_tenant.account)
    assert sum(counts(tenant.account).values()) == 0 and sum(counts(other_tenant.account).values()) == 2


def test_deleting_an_account_cascades_without_leaving_counts(tenant, other_tenant, make_ticket):
    make_ticket("gone")
    make_ticket("kept", account=other_tenant.account)
    tenant.account.delete()
    assert not TicketStatusCount.objects.exclude(status__account=other_tenant.account).exists()
    assert_right(other_tenant.account)


def test_rebuild_recounts_from_the_tickets(tenant, make_ticket):
    make_ticket("one")
    TicketStatusCount.objects.update(tickets=42)
    board_counts.rebuild(connection)
    assert_right(tenant.account)
