import pytest

from accounts import demo_data
from backlogs.models import Ticket, TicketStatus, TicketType, Workflow
from backlogs.tickets.reference import DEFAULT_TICKET_TYPES, ticket_types_install

pytestmark = pytest.mark.django_db


def test_new_accounts_get_request_and_bug_with_statuses_in_every_column(tenant):
    types = {t.number: t for t in TicketType.objects.filter(account=tenant.account)}
    assert (types[1].name, types[1].key, types[2].name, types[2].key) == ("Request", "request", "Bug", "bug")
    assert len(types) == len(DEFAULT_TICKET_TYPES)
    for ticket_type in types.values():
        workflows = set(TicketStatus.objects.filter(ticket_type=ticket_type).values_list("workflow", flat=True))
        assert workflows == set(Workflow.values), ticket_type


def test_installer_is_idempotent_and_keeps_what_the_account_changed(tenant):
    account = tenant.account
    TicketType.objects.filter(account=account, number=1).update(name="Feature request")
    TicketStatus.objects.filter(account=account, ticket_type__number=2, name="Won't fix").delete()
    before = TicketStatus.objects.filter(account=account).count()
    ticket_types_install(account)
    ticket_types_install(account)
    assert TicketType.objects.get(account=account, number=1).name == "Feature request"
    assert TicketType.objects.filter(account=account).count() == len(DEFAULT_TICKET_TYPES)
    assert TicketStatus.objects.filter(account=account).count() == before + 1


def test_demo_filler_puts_tickets_on_every_column_once(tenant):
    demo_data.fill(tenant.account)
    demo_data.fill(tenant.account)
    tickets = Ticket.objects.filter(account=tenant.account)
    assert tickets.count() == 5
    assert set(tickets.values_list("status__workflow", flat=True)) == set(Workflow.values)
