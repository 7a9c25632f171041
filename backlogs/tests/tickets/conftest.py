"""Fixtures of the dev-ticket tests: clients of both dialects and a few objects of the tenant."""

import pytest

from accounts.models import Role, User
from accounts.services import membership_create
from backlog_site.api.testing import api_client, issue_key
from backlogs.models import Repository, TicketType
from backlogs.tickets import services


def org_error(response, code=None) -> dict:
    """Assert the org API's error shape `{"error": {"code", "message", …}}` and return the error."""
    body = response.json()
    assert set(body) == {"error"} and body["error"]["message"], body
    if code:
        assert body["error"]["code"] == code, body
    return body["error"]


def public_error(response, status=None) -> dict:
    """Assert the Public Backlog's error shape `{"statusCode", "message", …}` and return it."""
    body = response.json()
    assert body["statusCode"] == response.status_code and body["message"], body
    if status:
        assert response.status_code == status, body
    return body


def org_client(membership, scopes=None):
    """A client of the org-scoped Tickets API (`X-API-Key: K`)."""
    raw = issue_key(membership, scopes=scopes)
    return api_client(raw, header="HTTP_X_API_KEY", value=raw)


def public_client(membership):
    """A client of the Public Backlog API (`apiKey: K`)."""
    raw = issue_key(membership)
    return api_client(raw, header="HTTP_APIKEY", value=raw)


@pytest.fixture
def org(tenant):
    return org_client(tenant)


@pytest.fixture
def other_org(other_tenant):
    return org_client(other_tenant)


@pytest.fixture
def public(tenant):
    return public_client(tenant)


@pytest.fixture
def other_public(other_tenant):
    return public_client(other_tenant)


@pytest.fixture
def base(tenant):
    return f"/api/v1/ext/orgs/{tenant.account.slug}/tickets"


@pytest.fixture
def member(tenant):
    user = User.objects.create_user("dev", email="dev@acme.example", password="x")
    return membership_create(account=tenant.account, user=user, role=Role.AGENT)


@pytest.fixture
def repository(tenant):
    return Repository.objects.create(account=tenant.account, name="web-app")


@pytest.fixture
def make_ticket(tenant):
    """make_ticket(title, type_key="feature", **fields) through the service, as any surface would."""

    def make(title="A ticket", type_key="feature", account=None, **fields):
        account = account or tenant.account
        ticket_type = TicketType.objects.get(account=account, key=type_key)
        return services.ticket_create(
            account=account, user=tenant.user, fields={"title": title, "ticket_type": ticket_type, **fields}
        )

    return make
