"""Fixtures of the links tests: one object of each family in the tenant (and in the other tenant),
made through the services, and clients of the dialects that read links."""

from dataclasses import dataclass

import pytest
from django.test import override_settings

from backlogs.tests.planning.conftest import make_backlog, make_story, make_theme
from backlogs.tests.tickets.conftest import org_client
from backlogs.tickets import services as dev_services
from cmdb.services import ci_create
from helpdesk.models import HelpdeskPriority, TicketType
from helpdesk.services.tickets import ticket_create as desk_ticket_create
from helpdesk.tests.conftest import bossdesk_client
from issues.tests.conftest import (  # noqa: F401 - celery_eager, it_client, it_other_client: fixtures of the tests
    celery_eager,
    it_client,
    it_other_client,
    make_category,
    make_company,
    make_issue,
)
from links.ends import End
from webhooks.services import webhook_create


@dataclass
class World:
    """One object of each family, in one account."""

    membership: object
    desk: object
    dev: object
    story: object
    ci: object
    issue: object

    @property
    def account(self):
        return self.membership.account

    def end(self, name: str) -> End:
        return End.of(getattr(self, name))

    def desk_ticket(self, title="Printer on fire", **fields):
        account = self.account
        fields.setdefault("type", TicketType.objects.filter(account=account).first())
        fields.setdefault("priority", HelpdeskPriority.objects.filter(account=account, name="High").first())
        return desk_ticket_create(account=account, actor=self.membership, fields={"title": title, **fields})

    def dev_ticket(self, title="Fix the printer driver"):
        return dev_services.ticket_create(account=self.account, user=self.membership.user, fields={"title": title})


def make_webhook(world, events: list[str]):
    """A webhook of the world's owner listening to `events` (nothing is delivered in these tests)."""
    with override_settings(WEBHOOKS_ALLOW_PRIVATE_TARGETS=True):
        webhook, _ = webhook_create(
            account=world.account, user=world.membership.user, url="http://127.0.0.1:9/hook", events=events
        )
    return webhook


def make_world(membership) -> World:
    account = membership.account
    theme = make_theme(make_backlog(membership))
    world = World(membership, None, None, None, None, None)
    world.desk = world.desk_ticket()
    world.dev = world.dev_ticket()
    world.story = make_story(theme, i_want_to="print in colour")
    world.ci = ci_create(account=account, actor=membership, fields={"name": "Printer 3"})
    world.issue = make_issue(make_category(make_company(account, f"{account.name} Co")), name="Printing is down")
    return world


@pytest.fixture
def world(tenant) -> World:
    return make_world(tenant)


@pytest.fixture
def other_world(other_tenant) -> World:
    return make_world(other_tenant)


@pytest.fixture
def bd(tenant):
    return bossdesk_client(tenant)


@pytest.fixture
def other_bd(other_tenant):
    return bossdesk_client(other_tenant)


@pytest.fixture
def org(tenant):
    return org_client(tenant)


@pytest.fixture
def other_org(other_tenant):
    return org_client(other_tenant)
