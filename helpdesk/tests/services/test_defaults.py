"""The lookups a new account gets, and the demo tickets: both idempotent."""

import io

import pytest
from django.core.management import call_command

from accounts.models import Account
from helpdesk.models import HelpdeskPriority, HelpdeskSettings, TaskType, Ticket, TicketComment, TicketEvent, TicketType
from helpdesk.services.defaults import fill_helpdesk_demo, install_helpdesk_defaults

pytestmark = pytest.mark.django_db


def test_a_new_account_gets_the_defaults_once(tenant):
    account = tenant.account
    counts = (TicketType.objects.filter(account=account).count(), TaskType.objects.filter(account=account).count())
    assert counts == (3, 3)
    install_helpdesk_defaults(account)
    assert (
        TicketType.objects.filter(account=account).count(),
        TaskType.objects.filter(account=account).count(),
    ) == counts
    settings = HelpdeskSettings.objects.get(account=account)
    assert settings.default_priority == HelpdeskPriority.objects.get(account=account, name="Medium")


def test_seed_demo_fills_tickets_once():
    call_command("seed_demo", stdout=io.StringIO())
    account = Account.objects.get(slug="demo")
    tickets = Ticket.objects.filter(account=account)
    assert tickets.count() == 3
    assert TicketComment.objects.filter(ticket__account=account).count() == 3
    assert TicketEvent.objects.filter(account=account, kind="created").count() == 3
    assert tickets.filter(requester__user__username="eddie").count() == 3
    call_command("seed_demo", stdout=io.StringIO())
    fill_helpdesk_demo(account)
    assert tickets.count() == 3
