"""BOSSDesk end-user tickets (`/api/v1/my/tickets`): only the caller's requests, only public comments."""

import pytest

from backlog_site.api.testing import (
    assert_constant_queries,
    assert_other_tenant_not_found,
    assert_rejects_malformed,
    assert_requires_key,
)
from helpdesk.models import Ticket, TicketType
from helpdesk.services.tickets import comment_create, ticket_close
from helpdesk.tests.conftest import add_member, bossdesk_client, bossdesk_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "method,url",
    [
        ("get", "/api/v1/my/tickets"),
        ("post", "/api/v1/my/tickets"),
        ("get", "/api/v1/my/tickets/1"),
        ("post", "/api/v1/my/tickets/1/comments"),
        ("patch", "/api/v1/my/tickets/1/reopen"),
    ],
)
def test_every_my_endpoint_needs_a_key(tenant, method, url):
    assert_requires_key(method, url, bossdesk_error)


def test_end_user_creates_a_ticket_with_the_default_priority(end_user_client, end_user, tenant):
    ticket_type = TicketType.objects.filter(account=tenant.account).first()
    response = end_user_client.post(
        "/api/v1/my/tickets",
        {
            "ticket": {
                "title": "Mouse?",
                "description": "<p>Like <b>the</b> title<script>x</script></p>",
                "type_id": ticket_type.pk,
            }
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["description"] == "<p>Like <b>the</b> title</p>" and body["status"] == "incoming"
    assert body["type"]["id"] == ticket_type.pk and body["comments"] == [] and body["attachments"] == []
    assert "priority" not in body and "lock_version" not in body
    ticket = Ticket.objects.get(pk=body["id"])
    assert ticket.requester == end_user and ticket.priority.name == "Medium" and ticket.source == "user_portal"


@pytest.mark.parametrize(
    "payload,field",
    [({"title": ""}, "title"), ({"type_id": None}, "type_id"), ({"type_id": "1; drop"}, "type_id")],
)
def test_invalid_my_tickets_answer_422(end_user_client, tenant, payload, field):
    ticket_type = TicketType.objects.filter(account=tenant.account).first()
    response = end_user_client.post(
        "/api/v1/my/tickets", {"ticket": {"title": "x", "type_id": ticket_type.pk, **payload}}
    )
    assert response.status_code == 422 and field in response.json()["errors"]
    assert_rejects_malformed(end_user_client, "post", "/api/v1/my/tickets", bossdesk_error)
    assert not Ticket.objects.exists()


def test_only_the_callers_tickets_and_only_public_comments(end_user_client, end_user, agent, make_ticket, tenant):
    mine = make_ticket(requester=end_user, agent=agent)
    someone_else = add_member(tenant.account, "someone")
    theirs = make_ticket(requester=someone_else)
    comment_create(ticket=mine, actor=agent, body="<p>Public answer</p>", is_public=True)
    comment_create(ticket=mine, actor=agent, body="<p>Internal: user is clueless</p>", is_public=False)
    listed = end_user_client.get("/api/v1/my/tickets").json()
    assert [t["id"] for t in listed] == [mine.pk]
    assert set(listed[0]) == {"id", "friendly_id", "title", "status", "due_at", "type", "agent"}
    assert listed[0]["agent"] == {
        "id": agent.user_id,
        "friendly_id": agent.friendly_id,
        "first_name": "Al",
        "last_name": "Dente",
    }
    body = end_user_client.get(f"/api/v1/my/tickets/{mine.friendly_id}").json()
    assert [c["body"] for c in body["comments"]] == ["<p>Public answer</p>"]
    assert "is_public" not in body["comments"][0]
    assert end_user_client.get(f"/api/v1/my/tickets/{theirs.friendly_id}").status_code == 404
    response = end_user_client.get("/api/v1/my/tickets?q[agent_username_eq]=aldente")
    assert response.status_code == 422  # not a column end users may filter on
    assert end_user_client.get("/api/v1/my/tickets?q[title_cont]=colour").json()[0]["id"] == mine.pk


def test_comment_and_reopen(end_user_client, end_user, agent, make_ticket):
    ticket = make_ticket(requester=end_user)
    url = f"/api/v1/my/tickets/{ticket.friendly_id}"
    response = end_user_client.post(f"{url}/comments", {"comment": {"body": "<p>Any news?</p>", "is_public": False}})
    assert response.status_code == 201
    body = response.json()
    assert body["body"] == "<p>Any news?</p>" and set(body) == {"id", "body", "created_at", "created_by", "attachments"}
    assert ticket.comments.get().is_public is True  # a requester's comment is always public
    response = end_user_client.post(f"{url}/comments", {"comment": {}})
    assert response.json() == {"errors": {"body": ["can't be blank"]}}
    assert_rejects_malformed(end_user_client, "post", f"{url}/comments", bossdesk_error)
    assert end_user_client.patch(f"{url}/reopen").status_code == 422
    ticket_close(ticket=ticket, actor=agent)
    response = end_user_client.patch(f"{url}/reopen", {})
    assert response.status_code == 200 and response.json()["status"] == "open"


def test_other_tenants_and_other_requesters_get_404(other_tenant, end_user, make_ticket):
    ticket = make_ticket(requester=end_user)
    other = bossdesk_client(other_tenant)
    url = f"/api/v1/my/tickets/{ticket.friendly_id}"
    assert_other_tenant_not_found(other, "get", url)
    assert_other_tenant_not_found(other, "post", f"{url}/comments", data={"comment": {"body": "x"}})
    assert_other_tenant_not_found(other, "patch", f"{url}/reopen")
    assert other.get("/api/v1/my/tickets").json() == []


def test_my_list_runs_a_fixed_number_of_queries(end_user_client, end_user, agent, make_ticket, tenant):
    def make_rows(n):
        while Ticket.objects.filter(requester=end_user).count() < n:
            make_ticket(requester=end_user, agent=agent)

    assert_constant_queries(make_rows, lambda: end_user_client.get("/api/v1/my/tickets?per_page=30"), small=2, large=35)
