"""Every app announces its changes to the webhooks engine, in the change's own transaction."""

import datetime

import pytest
from django.db import transaction

from backlogs.models import Backlog
from backlogs.planning.sprints import sprint_complete, sprint_create
from backlogs.tickets.services import ticket_create as dev_ticket_create
from backlogs.tickets.services import ticket_delete as dev_ticket_delete
from backlogs.tickets.services import ticket_status_set
from helpdesk.models import TicketType
from helpdesk.services.tickets import comment_create, ticket_close, ticket_create, ticket_reopen
from webhooks.models import Event
from webhooks.services import webhook_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def listening(tenant, settings):
    """A webhook of the tenant's owner that asked for every other-app event."""
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    from webhooks.events import OTHER_APP_EVENTS

    webhook_create(account=tenant.account, user=tenant.user, url="http://127.0.0.1:9/hook", events=OTHER_APP_EVENTS)


def emitted(account):
    return list(Event.objects.filter(account=account).order_by("id").values_list("event_type", flat=True))


def test_service_desk_ticket_changes_are_announced(tenant, listening):
    ticket_type = TicketType.objects.filter(account=tenant.account).first()
    ticket = ticket_create(
        account=tenant.account, actor=tenant, fields={"title": "Printer on fire", "type": ticket_type}
    )
    comment_create(ticket=ticket, actor=tenant, body="<p>On it</p>", is_public=True)
    ticket_close(ticket=ticket, actor=tenant)
    ticket_reopen(ticket=ticket, actor=tenant)
    assert emitted(tenant.account) == ["ticket_created", "ticket_commented", "ticket_closed", "ticket_updated"]
    assert Event.objects.filter(event_type="ticket_created").get().data["title"] == "Printer on fire"


def test_dev_ticket_changes_are_announced(tenant, listening):
    ticket = dev_ticket_create(account=tenant.account, user=tenant.user, fields={"title": "Build it"})
    ticket_status_set(ticket=ticket, user=tenant.user, workflow="done")
    dev_ticket_delete(ticket=ticket, user=tenant.user)
    assert emitted(tenant.account) == ["dev_ticket_created", "dev_ticket_status_changed", "dev_ticket_deleted"]
    assert Event.objects.first().data["slug"] == "AM-1"


def test_sprints_starting_and_completing_are_announced(tenant, listening):
    backlog = Backlog.objects.create(account=tenant.account, name="Product", velocity=3)
    sprint = sprint_create(
        backlog=backlog,
        fields={"start_on": datetime.date.today(), "duration_days": 10, "number_team_members": 2},
    )
    sprint_complete(sprint=sprint)
    assert emitted(tenant.account) == ["sprint_started", "sprint_completed"]
    assert Event.objects.last().data["iteration"] == 1


def test_nothing_is_announced_for_a_rolled_back_change(tenant, listening):
    with pytest.raises(RuntimeError), transaction.atomic():
        dev_ticket_create(account=tenant.account, user=tenant.user, fields={"title": "Never"})
        raise RuntimeError("roll back")
    assert emitted(tenant.account) == []


def test_no_outbox_rows_without_a_listening_webhook(tenant):
    dev_ticket_create(account=tenant.account, user=tenant.user, fields={"title": "Quiet"})
    assert emitted(tenant.account) == []
