"""Validation messages read like their product's own: Rails' full messages ("Name has already been taken"),
never the field's name twice ("Name Name has already been taken"). One test per dialect, through a
real endpoint, with the errors a client meets first: a taken name and a blank one."""

import re

import pytest

from backlogs.tests.tickets.conftest import org_client, public_client

pytestmark = pytest.mark.django_db

DOUBLED = re.compile(r"\b(\w+) \1\b", re.IGNORECASE)


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def assert_no_doubled_words(response, status):
    assert response.status_code == status, (response.status_code, response.content[:300])
    texts = list(strings(response.json()))
    assert texts, response.content
    doubled = [t for t in texts if DOUBLED.search(t)]
    assert not doubled, f"doubled words in {doubled}"
    return texts


def test_easybacklog_full_messages_name_the_field_once(client, tenant):
    account = f"/api/accounts/{tenant.account.pk}"
    backlog = client.post(f"{account}/backlogs", {"name": "Wording"}, format="json").json()
    themes = f"/api/backlogs/{backlog['id']}/themes"
    assert client.post(themes, {"name": "Alpha"}, format="json").status_code == 201
    texts = assert_no_doubled_words(client.post(themes, {"name": "Alpha"}, format="json"), 422)
    assert "Name has already been taken" in texts
    assert_no_doubled_words(client.post(f"{account}/backlogs", {"name": ""}, format="json"), 422)


def test_bossdesk_field_errors_name_the_field_once(bd, tenant):
    taken = tenant.user.username
    response = bd.post("/api/v1/users", {"user": {"username": taken, "email": "x@example.com"}}, format="json")
    texts = assert_no_doubled_words(response, 422)
    assert "has already been taken" in texts
    assert_no_doubled_words(bd.post("/api/v1/tickets", {"ticket": {"title": ""}}, format="json"), 422)


def test_issue_tracker_messages_name_the_field_once(tenant):
    from backlog_site.api.testing import api_client, issue_key

    raw = issue_key(tenant)
    client = api_client(raw, value=f"Bearer {raw}")
    assert client.post("/api/companies", {"name": "Wording Co"}, format="json").status_code == 201
    texts = assert_no_doubled_words(client.post("/api/companies", {"name": "Wording Co"}, format="json"), 422)
    assert "The name has already been taken." in texts
    assert_no_doubled_words(client.post("/api/companies", {"name": ""}, format="json"), 422)


def test_tickets_api_messages_name_the_field_once(tenant):
    org = org_client(tenant, scopes=None)
    url = f"/api/v1/ext/orgs/{tenant.account.slug}/tickets"
    assert_no_doubled_words(org.post(url, {"title": "", "type": "bug"}, format="json"), 422)


def test_public_backlog_messages_name_the_field_once(tenant):
    public = public_client(tenant)
    assert_no_doubled_words(public.post("/v1/tickets/save-ticket", {"title": ""}, format="json"), 400)


@pytest.fixture
def bd(tenant):
    from backlog_site.api.testing import api_client, issue_key

    raw = issue_key(tenant)
    return api_client(raw, value=f'Token token="{raw}"')
