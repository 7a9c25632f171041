"""The org-scoped Tickets API as seed 001 documents it: seven endpoints, envelopes, filters, scopes."""

import re

import pytest

from backlog_site.api.testing import (
    assert_constant_queries,
    assert_other_tenant_not_found,
    assert_rejects_malformed,
    assert_requires_key,
)
from backlogs.models import Priority, Ticket, TicketEvent

from ..conftest import org_client, org_error

pytestmark = pytest.mark.django_db

ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
TICKET_FIELDS = {
    "id",
    "slug",
    "type",
    "title",
    "status",
    "priority",
    "assignee_id",
    "repository_id",
    "labels",
    "parent_slug",
    "created_at",
    "updated_at",
}


def validation_fields(response) -> set[str]:
    """The fields a 422 names (`labels.0` names `labels`)."""
    assert response.status_code == 422, (response.status_code, response.content)
    return {name.split(".")[0] for name in org_error(response, "validation_error")["fields"]}


def test_create_answers_201_with_the_ticket_and_a_slug(org, base, tenant, member, repository):
    response = org.post(
        base,
        {
            "title": "Implement user auth",
            "type": "feature",
            "priority": "high",
            "assignee_id": member.user_id,
            "repository_id": repository.pk,
            "labels": ["backend", "auth", "backend"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    ticket = response.json()["ticket"]
    assert TICKET_FIELDS <= set(ticket)
    assert re.fullmatch(r"AM-\d+", ticket["slug"])
    assert (ticket["type"], ticket["status"], ticket["priority"]) == ("feature", "backlog", "high")
    assert (ticket["assignee_id"], ticket["repository_id"]) == (member.user_id, repository.pk)
    assert ticket["labels"] == ["auth", "backend"]
    assert ticket["parent_slug"] is None
    assert ISO_Z.match(ticket["created_at"]) and ISO_Z.match(ticket["updated_at"])
    stored = Ticket.objects.get(pk=ticket["id"])
    assert stored.account == tenant.account and stored.backlog.account == tenant.account
    assert TicketEvent.objects.filter(ticket=stored, kind=TicketEvent.Kind.CREATED).count() == 1


def test_slugs_count_per_organisation_and_are_never_reused(org, other_org, base, other_tenant):
    first = org.post(base, {"title": "one", "type": "bug"}, format="json").json()["ticket"]["slug"]
    second = org.post(base, {"title": "two", "type": "bug"}, format="json").json()["ticket"]["slug"]
    assert int(second.split("-")[1]) == int(first.split("-")[1]) + 1
    assert org.delete(f"{base}/{second}").status_code == 200
    third = org.post(base, {"title": "three", "type": "bug"}, format="json").json()["ticket"]["slug"]
    assert int(third.split("-")[1]) == int(second.split("-")[1]) + 1
    other_base = f"/api/v1/ext/orgs/{other_tenant.account.slug}/tickets"
    assert other_org.post(other_base, {"title": "x", "type": "bug"}, format="json").json()["ticket"]["slug"] == "GX-1"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"type": "feature"}, "title"),
        ({"title": "", "type": "feature"}, "title"),
        ({"title": "x" * 501, "type": "feature"}, "title"),
        ({"title": "No type"}, "type"),
        ({"title": "t", "type": "epic"}, "type"),
        ({"title": "t", "type": "feature", "priority": "critical"}, "priority"),
        ({"title": "t", "type": "feature", "status": "open"}, "status"),
        ({"title": "t", "type": "feature", "assignee_id": 999999}, "assignee_id"),
        ({"title": "t", "type": "feature", "assignee_id": "me"}, "assignee_id"),
        ({"title": "t", "type": "feature", "repository_id": 999999}, "repository_id"),
        ({"title": "t", "type": "feature", "labels": "backend"}, "labels"),
        ({"title": "t", "type": "feature", "labels": [""]}, "labels"),
        ({"title": "t", "type": "feature", "labels": ["a,b"]}, "labels"),
        ({"title": "t", "type": "feature", "parent_slug": "AM-999999"}, "parent_slug"),
        ({"title": "t", "type": "feature", "parent_slug": "nonsense"}, "parent_slug"),
        ({"title": ["a"], "type": {"k": 1}}, "title"),
    ],
)
def test_invalid_bodies_answer_422_naming_the_field_and_change_nothing(org, base, payload, field):
    response = org.post(base, payload, format="json")
    assert field in validation_fields(response)
    assert not Ticket.objects.exists()


def test_references_of_another_organisation_are_refused(org, base, other_tenant, make_ticket):
    from accounts.models import User
    from accounts.services import membership_create
    from backlogs.models import Repository

    outsider = membership_create(account=other_tenant.account, user=User.objects.create_user("out"))
    foreign_repo = Repository.objects.create(account=other_tenant.account, name="theirs")
    foreign_ticket = make_ticket("theirs", account=other_tenant.account)
    for payload, field in [
        ({"assignee_id": outsider.user_id}, "assignee_id"),
        ({"repository_id": foreign_repo.pk}, "repository_id"),
        ({"parent_slug": f"AM-{foreign_ticket.number}"}, "parent_slug"),
    ]:
        response = org.post(base, {"title": "t", "type": "feature", **payload}, format="json")
        assert field in validation_fields(response)
    assert not Ticket.objects.filter(account__slug="acme").exists()


def test_get_by_slug_is_case_insensitive_and_others_are_not_found(org, other_org, base, make_ticket, tenant):
    ticket = make_ticket("Find me", labels=["x"])
    body = org.get(f"{base}/{ticket.slug}").json()["ticket"]
    assert body["id"] == ticket.pk and body["title"] == "Find me" and body["labels"] == ["x"]
    assert org.get(f"{base}/am-{ticket.number}").status_code == 200
    for missing in ("AM-999999", "GX-1", "AM-", "AM-x", "board-1", "AM-99999999999999999999"):
        org_error(assert_other_tenant_not_found(org, "get", f"{base}/{missing}"), "not_found")
    # The other organisation's key, on its own slug, cannot reach the ticket; on ours, nothing at all.
    other_base = "/api/v1/ext/orgs/globex/tickets"
    assert_other_tenant_not_found(other_org, "get", f"{other_base}/{ticket.slug}")
    for method in ("get", "put", "delete"):
        assert_other_tenant_not_found(other_org, method, f"{base}/{ticket.slug}", data={}, format="json")
    assert_other_tenant_not_found(other_org, "get", base)
    assert_other_tenant_not_found(other_org, "get", f"{base}/board")
    assert_other_tenant_not_found(other_org, "post", base, data={"title": "x", "type": "bug"}, format="json")
    assert_other_tenant_not_found(other_org, "patch", f"{base}/{ticket.slug}/status", data={"status": "done"})
    assert Ticket.objects.get(pk=ticket.pk).title == "Find me"
    assert Ticket.objects.filter(account=tenant.account).count() == 1


def test_a_key_on_an_unknown_organisation_slug_is_not_found(org):
    org_error(assert_other_tenant_not_found(org, "get", "/api/v1/ext/orgs/nobody/tickets"), "not_found")


def test_update_changes_only_the_fields_sent(org, base, make_ticket, member):
    ticket = make_ticket("Before", labels=["a"], priority=Priority.LOW)
    url = f"{base}/{ticket.slug}"
    response = org.put(url, {"title": "After", "assignee_id": member.user_id}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()["ticket"]
    assert (body["title"], body["assignee_id"], body["priority"], body["labels"]) == (
        "After",
        member.user_id,
        "low",
        ["a"],
    )
    body = org.put(url, {"labels": [], "type": "bug", "status": "in_review"}, format="json").json()["ticket"]
    assert (body["labels"], body["type"], body["status"]) == ([], "bug", "in_review")
    assert org.put(url, {"assignee_id": None}, format="json").json()["ticket"]["assignee_id"] is None
    kinds = list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))
    assert kinds.count(TicketEvent.Kind.STATUS_CHANGED) == 1 and kinds.count(TicketEvent.Kind.UPDATED) == 3


def test_invalid_update_changes_nothing(org, base, make_ticket):
    ticket = make_ticket("Keep")
    url = f"{base}/{ticket.slug}"
    for payload, field in [
        ({"title": ""}, "title"),
        ({"status": "closed"}, "status"),
        ({"priority": 5}, "priority"),
        ({"type": "nope", "title": "Changed"}, "type"),
    ]:
        assert field in validation_fields(org.put(url, payload, format="json"))
    assert org.get(url).json()["ticket"]["title"] == "Keep"


def test_parent_must_not_create_a_cycle(org, base, make_ticket):
    grandparent = make_ticket("gp")
    parent = make_ticket("p", parent=grandparent)
    child = make_ticket("c", parent=parent)
    assert org.get(f"{base}/{child.slug}").json()["ticket"]["parent_slug"] == parent.slug
    for ticket, new_parent in [(grandparent, child), (grandparent, grandparent), (parent, child)]:
        response = org.put(f"{base}/{ticket.slug}", {"parent_slug": new_parent.slug}, format="json")
        assert "parent_slug" in validation_fields(response)
    assert Ticket.objects.get(pk=grandparent.pk).parent_id is None
    # Moving a sub-tree elsewhere is fine, and so is clearing the parent.
    response = org.put(f"{base}/{child.slug}", {"parent_slug": grandparent.slug}, format="json")
    assert response.json()["ticket"]["parent_slug"] == grandparent.slug
    assert org.put(f"{base}/{child.slug}", {"parent_slug": None}, format="json").json()["ticket"]["parent_slug"] is None


def test_status_endpoint_moves_the_ticket_and_keeps_a_matching_status(org, base, make_ticket):
    ticket = make_ticket("Bug", type_key="bug")
    url = f"{base}/{ticket.slug}/status"
    response = org.patch(url, {"status": "in_progress"}, format="json")
    assert response.status_code == 200 and response.json() == {"message": "Status updated"}
    ticket.refresh_from_db()
    assert (ticket.status.workflow, ticket.status.name, ticket.ticket_type.key) == ("in_progress", "In progress", "bug")
    assert TicketEvent.objects.get(ticket=ticket, kind=TicketEvent.Kind.STATUS_CHANGED).changes["workflow"] == [
        "backlog",
        "in_progress",
    ]
    for payload in ({}, {"status": "open"}, {"status": None}, {"status": ["done"]}):
        assert "status" in validation_fields(org.patch(url, payload, format="json"))
    assert org.get(f"{base}/{ticket.slug}").json()["ticket"]["status"] == "in_progress"


def test_delete_answers_a_message_and_records_the_event(org, base, make_ticket, tenant):
    ticket = make_ticket("Gone")
    response = org.delete(f"{base}/{ticket.slug}")
    assert response.status_code == 200 and response.json() == {"message": "Ticket deleted"}
    assert org.get(f"{base}/{ticket.slug}").status_code == 404
    event = TicketEvent.objects.get(kind=TicketEvent.Kind.DELETED)
    assert (event.account, event.ticket_number, event.changes["slug"]) == (tenant.account, ticket.number, ticket.slug)
    assert org.delete(f"{base}/{ticket.slug}").status_code == 404


def test_list_envelope_pagination_and_total(org, base, make_ticket):
    tickets = [make_ticket(f"T{i}") for i in range(5)]
    body = org.get(base).json()
    assert set(body) == {"tickets", "total", "limit", "offset"}
    assert (body["total"], body["limit"], body["offset"]) == (5, 20, 0)
    assert [t["id"] for t in body["tickets"]] == [t.pk for t in tickets]
    assert set(body["tickets"][0]) == TICKET_FIELDS
    body = org.get(base, {"limit": 2, "offset": 3}).json()
    assert ([t["id"] for t in body["tickets"]], body["total"]) == ([tickets[3].pk, tickets[4].pk], 5)
    assert org.get(base, {"limit": 1000}).json()["limit"] == 100


def test_list_filters(org, base, make_ticket, member, repository):
    a = make_ticket("a", labels=["backend", "auth"], repository=repository, assignee=member.user)
    b = make_ticket("b", type_key="bug", labels=["backend"], workflow="done")
    c = make_ticket("c", labels=["auth"], repository=repository)

    def ids(**params):
        body = org.get(base, params).json()
        assert body["total"] == len(body["tickets"])
        return {t["id"] for t in body["tickets"]}

    assert ids(repository_id=repository.pk) == {a.pk, c.pk}
    assert ids(status="done") == {b.pk}
    assert ids(status="backlog") == {a.pk, c.pk}
    assert ids(type="bug") == {b.pk}
    assert ids(assignee_id=member.user_id) == {a.pk}
    assert ids(labels="backend") == {a.pk, b.pk}
    assert ids(labels="backend,auth") == {a.pk}
    assert ids(labels=" auth , backend ,") == {a.pk}
    assert ids(labels="backend", status="backlog", repository_id=repository.pk) == {a.pk}
    assert ids(labels="nothing") == set()
    for params, field in [
        ({"status": "open"}, "status"),
        ({"type": "epic"}, "type"),
        ({"repository_id": "abc"}, "repository_id"),
        ({"assignee_id": "-1"}, "assignee_id"),
        ({"limit": "0"}, "limit"),
        ({"offset": "x"}, "offset"),
    ]:
        assert field in validation_fields(org.get(base, params))


def test_list_runs_a_fixed_number_of_queries(org, base, make_ticket, member, repository):
    parent = make_ticket("parent")

    def make_rows(n):
        while Ticket.objects.count() < n:
            make_ticket("t", labels=["x", "y"], parent=parent, repository=repository, assignee=member.user)

    assert_constant_queries(make_rows, lambda: org.get(base), small=3, large=20)
    assert_constant_queries(make_rows, lambda: org.get(base, {"labels": "x,y", "status": "backlog"}), 3, 20)


def test_scopes(base, tenant, make_ticket):
    ticket = make_ticket("Scoped")
    reader = org_client(tenant, scopes=["tickets:read"])
    writer = org_client(tenant, scopes=["tickets:write"])
    unrelated = org_client(tenant, scopes=["issues:read"])
    assert reader.get(base).status_code == 200
    assert reader.get(f"{base}/board").status_code == 200
    assert reader.get(f"{base}/{ticket.slug}").status_code == 200
    for client in (reader, unrelated):
        org_error(client.post(base, {"title": "x", "type": "bug"}, format="json"), "permission_denied")
        assert client.put(f"{base}/{ticket.slug}", {"title": "x"}, format="json").status_code == 403
        assert client.patch(f"{base}/{ticket.slug}/status", {"status": "done"}, format="json").status_code == 403
        assert client.delete(f"{base}/{ticket.slug}").status_code == 403
    assert writer.get(base).status_code == 403
    assert unrelated.get(f"{base}/{ticket.slug}").status_code == 403
    assert writer.post(base, {"title": "x", "type": "bug"}, format="json").status_code == 201
    assert writer.patch(f"{base}/{ticket.slug}/status", {"status": "done"}, format="json").status_code == 200
    assert Ticket.objects.get(pk=ticket.pk).title == "Scoped"


def test_every_endpoint_requires_a_key(base, make_ticket):
    ticket = make_ticket()
    for method, url in [
        ("get", base),
        ("post", base),
        ("get", f"{base}/board"),
        ("get", f"{base}/{ticket.slug}"),
        ("put", f"{base}/{ticket.slug}"),
        ("patch", f"{base}/{ticket.slug}/status"),
        ("delete", f"{base}/{ticket.slug}"),
    ]:
        assert_requires_key(method, url, lambda r: org_error(r, "not_authenticated"))
    assert Ticket.objects.filter(pk=ticket.pk).exists()


def test_malformed_bodies_answer_4xx(org, base, make_ticket):
    ticket = make_ticket("Solid")
    for method, url in [
        ("post", base),
        ("put", f"{base}/{ticket.slug}"),
        ("patch", f"{base}/{ticket.slug}/status"),
    ]:
        assert_rejects_malformed(org, method, url, org_error)
    assert Ticket.objects.count() == 1 and Ticket.objects.get().title == "Solid"


def test_end_users_without_dev_ticket_permissions_are_refused(base, tenant):
    from accounts.models import Role, User
    from accounts.services import membership_create

    end_user = membership_create(account=tenant.account, user=User.objects.create_user("eu"), role=Role.END_USER)
    client = org_client(end_user)
    assert client.get(base).status_code == 403
    assert client.post(base, {"title": "x", "type": "bug"}, format="json").status_code == 403


def test_out_of_range_numbers_answer_4xx(org, base, make_ticket):
    ticket = make_ticket("Range")
    huge = str(2**70)
    for params in ({"repository_id": huge}, {"assignee_id": huge}, {"offset": huge}, {"limit": huge}):
        assert org.get(base, params).status_code in (200, 422), params
    assert org.get(f"{base}/board", {"repository_id": huge}).status_code in (200, 422)
    for payload in ({"assignee_id": 2**70}, {"repository_id": 2**70}, {"parent_slug": f"AM-{2**70}"}):
        response = org.put(f"{base}/{ticket.slug}", payload, format="json")
        assert response.status_code == 422, (payload, response.content)
    assert org.get(f"{base}/AM-{2**70}").status_code == 404
