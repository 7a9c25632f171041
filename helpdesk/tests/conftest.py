"""Fixtures of the service desk tests: BOSSDesk clients for an agent and an end user, and tickets."""

import pytest

from accounts.models import Role, User
from accounts.services import membership_create
from backlog_site.api.testing import api_client, issue_key
from helpdesk.models import HelpdeskPriority, TicketType
from helpdesk.services.tickets import ticket_create


def bossdesk_client(membership):
    """A client sending the key the way the BOSSDesk document says: `Token token="K"`."""
    key = issue_key(membership)
    return api_client(key, value=f'Token token="{key}"')


def bossdesk_error(response):
    body = response.json()
    assert list(body) == ["errors"] and isinstance(body["errors"], dict), body
    assert all(isinstance(v, list) and v for v in body["errors"].values()), body


def add_member(account, username, role=Role.END_USER, **names):
    user = User.objects.create_user(username, email=f"{username}@example.com", password="x", **names)
    return membership_create(account=account, user=user, role=role)


@pytest.fixture
def agent(tenant):
    return add_member(tenant.account, "aldente", Role.AGENT, first_name="Al", last_name="Dente")


@pytest.fixture
def end_user(tenant):
    return add_member(tenant.account, "jackpot", first_name="Jack", last_name="Pot")


@pytest.fixture
def bd(tenant):
    """The owner (admin) of the tenant, BOSSDesk style."""
    return bossdesk_client(tenant)


@pytest.fixture
def agent_client(agent):
    return bossdesk_client(agent)


@pytest.fixture
def end_user_client(end_user):
    return bossdesk_client(end_user)


@pytest.fixture
def other_bd(other_tenant):
    return bossdesk_client(other_tenant)


@pytest.fixture
def make_ticket(tenant):
    def make(account=None, actor=None, **fields):
        account = account or tenant.account
        actor = actor or tenant
        fields.setdefault("title", "Printer prints colours")
        fields.setdefault("type", TicketType.objects.filter(account=account).first())
        fields.setdefault("priority", HelpdeskPriority.objects.filter(account=account).first())
        return ticket_create(account=account, actor=actor, fields=fields)

    return make
