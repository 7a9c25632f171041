"""BOSSDesk: `POST /api/v1/tickets/{id}/escalate` makes a dev ticket linked `caused_by` to the desk ticket."""

import pytest

from backlog_site.api.testing import assert_rejects_malformed, assert_requires_key, issue_key
from backlogs.models import Priority
from backlogs.models import Ticket as DevTicket
from helpdesk.models import HelpdeskPriority
from helpdesk.tests.conftest import bossdesk_client, bossdesk_error
from links import escalation
from links.models import Link

pytestmark = pytest.mark.django_db


def escalate_url(world):
    return f"/api/v1/tickets/{world.desk.friendly_id}/escalate"


def test_a_key_is_required():
    assert_requires_key("post", "/api/v1/tickets/1/escalate", bossdesk_error)


def test_escalating_without_a_body_takes_the_desk_tickets_title_type_bug_and_its_priority(bd, org, world):
    response = bd.post(escalate_url(world))
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"ticket", "dev_ticket"}
    assert body["ticket"]["friendly_id"] == world.desk.friendly_id
    assert {"comments", "tasks", "cis", "lock_version"} <= set(body["ticket"])  # the full shape
    dev = body["dev_ticket"]
    assert (dev["title"], dev["type"], dev["priority"], dev["status"]) == (world.desk.title, "bug", "high", "backlog")
    assert dev["slug"].startswith("AM-")

    (link,) = Link.objects.all()
    assert (link.source_type, link.source_dev_ticket_id, link.kind) == ("dev_ticket", dev["id"], "caused_by")
    assert (link.target_type, link.target_desk_ticket_id) == ("desk_ticket", world.desk.pk)
    from_dev = org.get(f"/api/v1/ext/orgs/acme/tickets/{dev['slug']}/links").json()["links"]
    assert [(r["kind"], r["target"]["id"]) for r in from_dev] == [("caused_by", world.desk.friendly_id)]
    from_desk = bd.get(f"/api/v1/tickets/{world.desk.friendly_id}/links").json()
    assert [(r["kind"], r["target"]["slug"]) for r in from_desk] == [("causes", dev["slug"])]


def test_escalating_with_a_body(bd, world):
    body = {"escalation": {"title": "Driver crashes on A3", "type": "feature", "priority": "urgent"}}
    response = bd.post(escalate_url(world), body, format="json")
    assert response.status_code == 201, response.content
    dev = response.json()["dev_ticket"]
    assert (dev["title"], dev["type"], dev["priority"]) == ("Driver crashes on A3", "feature", "urgent")


@pytest.mark.parametrize(
    "name,expected", [("Low", Priority.LOW), ("Medium", Priority.MEDIUM), ("Urgent", Priority.URGENT)]
)
def test_the_priority_follows_the_desk_tickets(world, name, expected):
    desk = world.desk_ticket(priority=HelpdeskPriority.objects.get(account=world.account, name=name))
    dev = escalation.desk_ticket_escalate(desk_ticket=desk, actor=world.membership)
    assert dev.priority == expected


@pytest.mark.parametrize(
    "body,field",
    [
        ({"type": "printer"}, "type"),
        ({"priority": "whenever"}, "priority"),
        ({"title": "x" * 501}, "title"),
        ({"title": ["a"]}, "title"),
        ({"escalate": {}}, "escalation"),
    ],
)
def test_bad_input_answers_422_and_changes_nothing(bd, world, body, field):
    payload = body if "escalate" in body else {"escalation": body}
    response = bd.post(escalate_url(world), payload, format="json")
    assert response.status_code == 422, response.content
    bossdesk_error(response)
    assert field in response.json()["errors"], response.json()
    assert DevTicket.objects.count() == 1 and not Link.objects.exists()  # the world's own


def test_malformed_bodies_are_4xx(bd, world):
    assert_rejects_malformed(bd, "post", escalate_url(world), bossdesk_error)
    assert DevTicket.objects.count() == 1


def test_another_tenants_ticket_is_not_found(other_bd, world, other_world):
    url = f"/api/v1/tickets/{world.desk.friendly_id + 100}/escalate"
    response = other_bd.post(url)
    assert response.status_code == 404
    bossdesk_error(response)
    assert DevTicket.objects.count() == 2  # the two worlds' own


def test_the_dev_ticket_is_not_made_without_its_link(bd, world, monkeypatch):
    def refuse(**kwargs):
        raise RuntimeError("the link failed")

    monkeypatch.setattr(escalation, "link_create", refuse)
    before = DevTicket.objects.count()
    with pytest.raises(RuntimeError):
        escalation.desk_ticket_escalate(desk_ticket=world.desk, actor=world.membership)
    assert DevTicket.objects.count() == before


def test_a_key_scoped_to_the_service_desk_alone_may_not_escalate(tenant, world):
    key = issue_key(tenant, scopes=["helpdesk:read", "helpdesk:write"])
    from backlog_site.api.testing import api_client

    client = api_client(key, value=f'Token token="{key}"')
    response = client.post(escalate_url(world))
    assert response.status_code == 403
    bossdesk_error(response)
    key = issue_key(tenant, scopes=["helpdesk:write", "tickets:write"])
    assert api_client(key, value=f'Token token="{key}"').post(escalate_url(world)).status_code == 201


def test_an_end_user_may_not_escalate(world, tenant):
    from helpdesk.tests.conftest import add_member

    client = bossdesk_client(add_member(tenant.account, "jackpot"))
    assert client.post(escalate_url(world)).status_code == 403
