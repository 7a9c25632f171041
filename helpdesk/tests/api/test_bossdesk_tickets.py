"""BOSSDesk agent tickets (`/api/v1/tickets`), as seed 004 documents them."""

import pytest

from accounts.models import Tag
from backlog_site.api.testing import (
    assert_constant_queries,
    assert_other_tenant_not_found,
    assert_rejects_malformed,
    assert_requires_key,
)
from helpdesk.models import (
    ExtendedStatus,
    HelpdeskCategory,
    HelpdeskPriority,
    Team,
    Ticket,
    TicketComment,
    TicketEvent,
    TicketType,
)
from helpdesk.tests.conftest import bossdesk_error

pytestmark = pytest.mark.django_db

LIST_FIELDS = {
    "id",
    "friendly_id",
    "title",
    "status",
    "due_at",
    "type",
    "priority",
    "category",
    "extended_status",
    "requester",
    "agent",
}


def lookups(account):
    return {
        "type_id": TicketType.objects.filter(account=account).first().pk,
        "priority_id": HelpdeskPriority.objects.filter(account=account, name="High").get().pk,
    }


def create(client, account, **extra):
    return client.post("/api/v1/tickets", {"ticket": {"title": "Mouse is dead", **lookups(account), **extra}})


@pytest.mark.parametrize(
    "method,url",
    [
        ("get", "/api/v1/tickets"),
        ("post", "/api/v1/tickets"),
        ("get", "/api/v1/tickets/1"),
        ("patch", "/api/v1/tickets/1"),
        ("patch", "/api/v1/tickets/1/close"),
        ("patch", "/api/v1/tickets/1/reopen"),
        ("post", "/api/v1/tickets/1/comments"),
    ],
)
def test_every_ticket_endpoint_needs_a_key(tenant, method, url):
    assert_requires_key(method, url, bossdesk_error)


def test_create_answers_201_with_the_documented_ticket(bd, tenant, agent, end_user):
    account = tenant.account
    category = HelpdeskCategory.objects.filter(account=account, name="Email").get()
    team = Team.objects.get(account=account)
    status = ExtendedStatus.objects.filter(account=account).first()
    tag = Tag.objects.create(account=account, name="email", owner_class="ticket")
    response = create(
        bd,
        account,
        description='<p onclick="evil()">Like the <em>title</em> says<script>alert(1)</script></p>',
        category_id=category.pk,
        team_id=team.pk,
        extended_status_id=status.pk,
        requester_id=end_user.user_id,
        agent_id=agent.user_id,
        tag_ids=[tag.pk],
        due_at="2026-12-01 15:00:00",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["friendly_id"] == 1 and body["title"] == "Mouse is dead"
    assert body["description"] == "<p>Like the <em>title</em> says</p>"
    assert body["status"] == "assigned" and body["lock_version"] == 0 and body["closed_at"] is None
    assert body["type"]["shortcut"] == "IN"
    assert body["priority"] == {"id": lookups(account)["priority_id"], "name": "High", "color": "rgb(246, 135, 0)"}
    assert body["category"] == {"id": category.pk, "name": "Email", "color": category.color, "icon": category.icon}
    assert body["team"] == {"id": team.pk, "name": team.name}
    assert body["extended_status"]["id"] == status.pk
    assert body["agent"] == {
        "id": agent.user_id,
        "friendly_id": agent.friendly_id,
        "first_name": "Al",
        "last_name": "Dente",
        "username": "aldente",
    }
    assert body["requester"]["username"] == "jackpot" and body["requester"]["is_agent"] is False
    assert body["requester"]["group"] is None
    assert body["tags"] == [{"id": tag.pk, "name": "email"}]
    assert body["due_at"] == "2026-12-01T15:00:00.000Z"
    assert body["comments"] == [] and body["tasks"] == [] and body["time_entries"] == []
    ticket = Ticket.objects.get(pk=body["id"])
    assert list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True)) == ["created"]


def test_friendly_ids_are_numbered_per_account(bd, other_bd, tenant, other_tenant):
    assert create(bd, tenant.account).json()["friendly_id"] == 1
    assert create(other_bd, other_tenant.account).json()["friendly_id"] == 1
    assert create(bd, tenant.account).json()["friendly_id"] == 2


def test_a_ticket_without_agent_is_incoming_and_gets_the_default_team(bd, tenant):
    body = create(bd, tenant.account).json()
    assert body["status"] == "incoming" and body["agent"] is None
    assert body["team"]["name"] == "Service Desk"


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"title": ""}, "title"),
        ({"title": None}, "title"),
        ({"type_id": None}, "type_id"),
        ({"type_id": "abc"}, "type_id"),
        ({"type_id": 999999}, "type_id"),
        ({"priority_id": {"id": 1}}, "priority_id"),
        ({"priority_id": 10**30}, "priority_id"),
        ({"category_id": True}, "category_id"),
        ({"agent_id": 999999}, "agent_id"),
        ({"tag_ids": "x"}, "tag_ids"),
        ({"custom_fields": [1]}, "custom_fields"),
        ({"due_at": "tomorrow"}, "due_at"),
        ({"title": ["a", "list"]}, "title"),
    ],
)
def test_invalid_tickets_answer_422_with_the_field(bd, tenant, payload, field):
    response = create(bd, tenant.account, **payload)
    assert response.status_code == 422, response.content
    bossdesk_error(response)
    assert field in response.json()["errors"]
    assert not Ticket.objects.exists()


def test_a_missing_title_reads_cant_be_blank(bd, tenant):
    response = bd.post("/api/v1/tickets", {"ticket": lookups(tenant.account)})
    assert response.status_code == 422
    assert response.json() == {"errors": {"title": ["can't be blank"]}}


def test_the_agent_must_be_an_agent_and_ids_of_another_tenant_do_not_exist(bd, tenant, other_tenant, end_user):
    response = create(bd, tenant.account, agent_id=end_user.user_id)
    assert response.json() == {"errors": {"agent_id": ["must be an agent"]}}
    response = create(bd, tenant.account, requester_id=other_tenant.user_id)
    assert response.status_code == 422 and "requester_id" in response.json()["errors"]
    other_type = TicketType.objects.filter(account=other_tenant.account).first()
    response = create(bd, tenant.account, type_id=other_type.pk)
    assert response.json()["errors"]["type_id"] == ["doesn't exist"]


def test_missing_wrapper_and_malformed_bodies_are_refused(bd, tenant, make_ticket):
    response = bd.post("/api/v1/tickets", {"title": "No wrapper", **lookups(tenant.account)})
    assert response.status_code == 422 and "ticket" in response.json()["errors"]
    assert_rejects_malformed(bd, "post", "/api/v1/tickets", bossdesk_error)
    ticket = make_ticket()
    assert_rejects_malformed(bd, "patch", f"/api/v1/tickets/{ticket.friendly_id}", bossdesk_error)
    assert_rejects_malformed(bd, "post", f"/api/v1/tickets/{ticket.friendly_id}/comments", bossdesk_error)
    assert not TicketComment.objects.exists()


def test_list_is_paged_with_headers(bd, make_ticket):
    for _ in range(4):
        make_ticket()
    response = bd.get("/api/v1/tickets?per_page=3")
    assert response.status_code == 200
    assert [t["friendly_id"] for t in response.json()] == [4, 3, 2]
    assert set(response.json()[0]) == LIST_FIELDS
    assert response["X-Total-Count"] == "4"
    assert 'rel="next"' in response["Link"] and "page=2" in response["Link"]
    assert [t["friendly_id"] for t in bd.get("/api/v1/tickets?per_page=3&page=2").json()] == [1]
    assert bd.get("/api/v1/tickets?page=9").json() == []
    assert len(bd.get("/api/v1/tickets?per_page=500").json()) == 4
    assert bd.get("/api/v1/tickets?page=x&per_page=y").status_code == 200


def test_list_runs_a_fixed_number_of_queries_at_30_per_page(bd, tenant, agent, end_user, make_ticket):
    account = tenant.account
    category = HelpdeskCategory.objects.filter(account=account).first()
    status = ExtendedStatus.objects.filter(account=account).first()

    def make_rows(n):
        while Ticket.objects.filter(account=account).count() < n:
            make_ticket(agent=agent, requester=end_user, category=category, extended_status=status)

    queries = assert_constant_queries(make_rows, lambda: bd.get("/api/v1/tickets?per_page=30"), small=2, large=35)
    assert queries <= 5
    assert len(bd.get("/api/v1/tickets?per_page=30").json()) == 30


def test_retrieve_and_other_tenants_tickets(bd, other_bd, make_ticket):
    ticket = make_ticket()
    assert bd.get(f"/api/v1/tickets/{ticket.friendly_id}").json()["id"] == ticket.pk
    url = f"/api/v1/tickets/{ticket.friendly_id}"
    for method in ("get", "patch"):
        bossdesk_error(assert_other_tenant_not_found(other_bd, method, url, data={"ticket": {"title": "x"}}))
    for suffix in ("close", "reopen"):
        assert_other_tenant_not_found(other_bd, "patch", f"{url}/{suffix}")
    assert_other_tenant_not_found(other_bd, "post", f"{url}/comments", data={"comment": {"body": "x", "is_public": 1}})
    assert bd.get("/api/v1/tickets/999").status_code == 404
    assert Ticket.objects.get(pk=ticket.pk).title == "Printer prints colours"


def test_update_answers_204_and_increments_lock_version(bd, tenant, agent, make_ticket):
    ticket = make_ticket()
    url = f"/api/v1/tickets/{ticket.friendly_id}"
    response = bd.patch(url, {"ticket": {"title": "Renamed", "agent_id": agent.user_id, "lock_version": 0}})
    assert response.status_code == 204 and response.content == b""
    body = bd.get(url).json()
    assert (body["title"], body["status"], body["lock_version"]) == ("Renamed", "assigned", 1)
    assert bd.patch(url, {"ticket": {"agent_id": None}}).status_code == 204
    body = bd.get(url).json()
    assert (body["status"], body["lock_version"]) == ("open", 2)
    event = TicketEvent.objects.filter(ticket=ticket, kind="updated").first()
    assert event.changes["title"] == ["Printer prints colours", "Renamed"]
    assert event.changes["status"] == ["incoming", "assigned"]


def test_a_stale_lock_version_answers_409_and_changes_nothing(bd, make_ticket):
    ticket = make_ticket()
    url = f"/api/v1/tickets/{ticket.friendly_id}"
    assert bd.patch(url, {"ticket": {"title": "First", "lock_version": 0}}).status_code == 204
    response = bd.patch(url, {"ticket": {"title": "Second", "lock_version": 0}})
    assert response.status_code == 409
    bossdesk_error(response)
    assert "base" in response.json()["errors"]
    body = bd.get(url).json()
    assert (body["title"], body["lock_version"]) == ("First", 1)
    assert TicketEvent.objects.filter(ticket=ticket, kind="updated").count() == 1


def test_invalid_update_changes_nothing(bd, make_ticket):
    ticket = make_ticket()
    url = f"/api/v1/tickets/{ticket.friendly_id}"
    for payload in ({"title": ""}, {"lock_version": -1}, {"lock_version": "x"}, {"priority_id": 0}):
        response = bd.patch(url, {"ticket": payload})
        assert response.status_code == 422, (payload, response.content)
        bossdesk_error(response)
    ticket.refresh_from_db()
    assert (ticket.title, ticket.lock_version) == ("Printer prints colours", 0)


def test_close_and_reopen(bd, make_ticket, agent):
    ticket = make_ticket(agent=agent)
    url = f"/api/v1/tickets/{ticket.friendly_id}"
    response = bd.patch(f"{url}/close", {})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "closed" and body["closed_at"] and body["lock_version"] == 1
    response = bd.patch(f"{url}/close", {})
    assert response.status_code == 422
    assert response.json()["errors"]["base"] == ["can't be closed because it is already closed"]
    response = bd.patch(f"{url}/reopen")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["closed_at"], body["lock_version"]) == ("assigned", None, 2)
    response = bd.patch(f"{url}/reopen")
    assert response.status_code == 422 and response.json()["errors"]["base"]
    kinds = list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))
    assert kinds == ["created", "closed", "reopened"]


def test_comments_are_sanitised_and_is_public_is_required(bd, tenant, make_ticket):
    ticket = make_ticket()
    url = f"/api/v1/tickets/{ticket.friendly_id}/comments"
    response = bd.post(url, {"comment": {"body": "<p>Comment, <em>woo</em>!<img src=x onerror=alert(1)></p>"}})
    assert response.status_code == 422
    assert response.json() == {"errors": {"is_public": ["can't be blank"]}}
    response = bd.post(
        url, {"comment": {"body": "<p>Comment, <em>woo</em>!</p><script>x()</script>", "is_public": False}}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["body"] == "<p>Comment, <em>woo</em>!</p>"
    assert (body["is_public"], body["from_agent"], body["attachments"]) == (False, True, [])
    assert body["created_by"]["friendly_id"] == tenant.friendly_id
    assert bd.post(url, {"comment": {"body": "<script>only()</script>", "is_public": True}}).status_code == 422
    assert bd.post(url, {"comment": {"body": "x", "is_public": "perhaps"}}).status_code == 422
    detail = bd.get(f"/api/v1/tickets/{ticket.friendly_id}").json()
    assert [c["id"] for c in detail["comments"]] == [body["id"]]
    assert TicketEvent.objects.filter(ticket=ticket, kind="commented").get().changes["is_public"] is False


def test_end_users_and_read_only_keys_cannot_use_agent_tickets(end_user_client, agent, make_ticket, tenant):
    from backlog_site.api.testing import api_client, issue_key

    ticket = make_ticket()
    assert end_user_client.get("/api/v1/tickets").status_code == 403
    assert end_user_client.get(f"/api/v1/tickets/{ticket.friendly_id}").status_code == 403
    assert end_user_client.patch(f"/api/v1/tickets/{ticket.friendly_id}/close").status_code == 403
    read_only = api_client(issue_key(agent, scopes=["helpdesk:read"]))
    assert read_only.get("/api/v1/tickets").status_code == 200
    response = read_only.post("/api/v1/tickets", {"ticket": {"title": "x", **lookups(tenant.account)}})
    assert response.status_code == 403
    bossdesk_error(response)


@pytest.mark.parametrize("page", ["99999999999999999999", "9223372036854775807", "-3", "0"])
def test_absurd_page_numbers_answer_200(bd, make_ticket, page):
    make_ticket()
    response = bd.get(f"/api/v1/tickets?page={page}")
    assert response.status_code == 200
    assert response["X-Total-Count"] == "1"
    assert len(response.json()) == (1 if page in ("-3", "0") else 0)


HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "method,url",
    [
        ("get", f"/api/v1/tickets/{HUGE}"),
        ("patch", f"/api/v1/tickets/{HUGE}/close"),
        ("post", f"/api/v1/tickets/{HUGE}/comments"),
        ("patch", f"/api/v1/tickets/1/tasks/{HUGE}"),
        ("delete", f"/api/v1/tickets/1/time_entries/{HUGE}"),
        ("get", f"/api/v1/my/tickets/{HUGE}"),
        ("get", f"/api/v1/users/{HUGE}"),
        ("get", f"/api/v1/searches/{HUGE}"),
    ],
)
def test_ids_beyond_any_column_answer_404(bd, make_ticket, method, url):
    make_ticket()
    response = getattr(bd, method)(url, {"comment": {"body": "x", "is_public": True}, "task": {"note": "x"}})
    assert response.status_code == 404, response.content
    bossdesk_error(response)
