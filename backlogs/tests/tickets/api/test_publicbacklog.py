"""Public Backlog (seed 000): tickets CRUD, get-backlog, the organisation and its users."""

import re

import pytest

from accounts.models import Membership, Role, User
from accounts.services import membership_create
from backlog_site.api.testing import (
    assert_constant_queries,
    assert_other_tenant_not_found,
    assert_rejects_malformed,
    assert_requires_key,
)
from backlogs.models import Backlog, Ticket, TicketComment, TicketEvent, TicketStatus

from ..conftest import org_client, public_client, public_error

pytestmark = pytest.mark.django_db

JS_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
TICKET_FIELDS = {
    "id",
    "title",
    "description",
    "statusId",
    "ticketTypeId",
    "backlogId",
    "createdAt",
    "updatedAt",
    "comments",
}
SAVE = "/v1/tickets/save-ticket"
GET = "/v1/tickets/get-ticket"
UPDATE = "/v1/tickets/update-ticket"
DELETE = "/v1/tickets/delete-ticket"


def validation_errors(response) -> dict:
    body = public_error(response, 400)
    assert body["message"] == "Validation failed"
    return body["errors"]


def test_save_ticket_answers_201_with_the_ticket_in_the_default_backlog(public, tenant):
    response = public.post(
        SAVE,
        {"title": "Dark mode", "description": "<p>Please <b>add</b> it<script>x()</script></p>", "comment": "+1"},
        format="json",
    )
    assert response.status_code == 201, response.content
    ticket = response.json()
    assert TICKET_FIELDS <= set(ticket)
    assert ticket["description"] == "<p>Please <b>add</b> it</p>"
    assert ticket["ticketTypeId"] == 1
    new = TicketStatus.objects.get(account=tenant.account, ticket_type__number=1, name="New")
    assert ticket["statusId"] == new.pk
    backlog = Backlog.objects.get(pk=ticket["backlogId"])
    assert (backlog.account, backlog.name) == (tenant.account, "Default backlog")
    assert JS_DATE.match(ticket["createdAt"]) and JS_DATE.match(ticket["updatedAt"])
    (comment,) = ticket["comments"]
    assert comment["comment"] == "+1" and comment["authorId"] == tenant.user_id and JS_DATE.match(comment["createdAt"])
    assert Ticket.objects.get(pk=ticket["id"]).reporter == tenant.user


def test_a_status_id_of_a_bug_makes_a_bug_and_a_named_backlog_receives_it(public, tenant):
    product = Backlog.objects.create(account=tenant.account, name="Product")
    confirmed = TicketStatus.objects.get(account=tenant.account, ticket_type__number=2, name="Confirmed")
    response = public.post(
        SAVE,
        {"title": "Crash", "description": "It crashes", "statusId": confirmed.pk, "backlogName": "Product"},
        format="json",
    )
    ticket = response.json()
    assert (ticket["ticketTypeId"], ticket["statusId"], ticket["backlogId"]) == (2, confirmed.pk, product.pk)
    ticket = public.post(
        SAVE, {"title": "Also", "description": "abc", "ticketTypeId": 2, "backlogId": product.pk}, format="json"
    ).json()
    reported = TicketStatus.objects.get(account=tenant.account, ticket_type__number=2, name="Reported")
    assert (ticket["ticketTypeId"], ticket["statusId"], ticket["backlogId"]) == (2, reported.pk, product.pk)


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"description": "long enough"}, "title"),
        ({"title": "ab", "description": "long enough"}, "title"),
        ({"title": "x" * 251, "description": "long enough"}, "title"),
        ({"title": "Fine"}, "description"),
        ({"title": "Fine", "description": "ab"}, "description"),
        ({"title": "Fine", "description": "abc", "ticketTypeId": 99}, "ticketTypeId"),
        ({"title": "Fine", "description": "abc", "ticketTypeId": "bug"}, "ticketTypeId"),
        ({"title": "Fine", "description": "abc", "statusId": 999999}, "statusId"),
        ({"title": "Fine", "description": "abc", "backlogName": "Nope"}, "backlogName"),
        ({"title": "Fine", "description": "abc", "backlogId": 999999}, "backlogId"),
        ({"title": ["x"], "description": {"a": 1}}, "title"),
    ],
)
def test_invalid_tickets_answer_400_with_field_messages(public, payload, field):
    assert field in validation_errors(public.post(SAVE, payload, format="json"))
    assert not Ticket.objects.exists()


def test_status_of_another_type_than_the_one_named_is_refused(public, tenant):
    fixed = TicketStatus.objects.get(account=tenant.account, ticket_type__number=2, name="Fixed")
    response = public.post(SAVE, {"title": "Mix", "description": "abc", "ticketTypeId": 1, "statusId": fixed.pk})
    assert "statusId" in validation_errors(response)


def test_another_organisations_ids_are_refused(public, other_tenant):
    theirs = TicketStatus.objects.filter(account=other_tenant.account).first()
    their_backlog = Backlog.objects.create(account=other_tenant.account, name="Theirs")
    for extra, field in [({"statusId": theirs.pk}, "statusId"), ({"backlogId": their_backlog.pk}, "backlogId")]:
        response = public.post(SAVE, {"title": "Mine", "description": "abc", **extra}, format="json")
        assert field in validation_errors(response)
    response = public.post(SAVE, {"title": "Mine", "description": "abc", "backlogName": "Theirs"}, format="json")
    assert "backlogName" in validation_errors(response)
    assert not Ticket.objects.exists()


def test_archived_backlogs_do_not_receive_tickets(public, tenant):
    Backlog.objects.create(account=tenant.account, name="Old", archived=True)
    response = public.post(SAVE, {"title": "Late", "description": "abc", "backlogName": "Old"}, format="json")
    assert "backlogName" in validation_errors(response)


def test_a_body_over_the_upload_limit_answers_413(public, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
    response = public.post(SAVE, {"title": "Big", "description": "a" * 2_700_000}, format="json")
    public_error(response, 413)
    assert not Ticket.objects.exists()


def test_a_huge_description_within_the_limit_is_accepted(public, settings):
    # 3,000,000 characters need a body limit above Django's default 2.5 MB (see the README).
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024
    description = "<p>" + "a" * 2_999_990 + "</p>"
    response = public.post(SAVE, {"title": "Big", "description": description}, format="json")
    assert response.status_code == 201, response.content[:300]
    assert len(Ticket.objects.get().description) == len(description)
    response = public.post(SAVE, {"title": "Bigger", "description": "a" * 3_000_001}, format="json")
    assert "description" in validation_errors(response)


def test_get_ticket_and_the_same_ticket_through_the_org_api(public, tenant, make_ticket):
    ticket = make_ticket("Shared", labels=["x"], description="plain text")
    body = public.get(GET, {"id": ticket.pk}).json()
    assert (body["id"], body["title"], body["description"], body["slug"]) == (
        ticket.pk,
        "Shared",
        "plain text",
        ticket.slug,
    )
    created = public.post(SAVE, {"title": "From public", "description": "abc"}, format="json").json()
    org = org_client(tenant)
    slug = Ticket.objects.get(pk=created["id"]).slug
    assert org.get(f"/api/v1/ext/orgs/acme/tickets/{slug}").json()["ticket"]["type"] == "request"


def test_get_ticket_needs_a_numeric_id_of_the_organisation(public, other_public, make_ticket):
    ticket = make_ticket("Mine")
    assert "id" in validation_errors(public.get(GET))
    assert "id" in validation_errors(public.get(GET, {"id": "abc"}))
    public_error(assert_other_tenant_not_found(public, "get", f"{GET}?id=999999"), 404)
    public_error(assert_other_tenant_not_found(other_public, "get", f"{GET}?id={ticket.pk}"), 404)
    assert_other_tenant_not_found(other_public, "patch", UPDATE, data={"id": ticket.pk, "title": "Hijack"})
    assert_other_tenant_not_found(other_public, "delete", f"{DELETE}?id={ticket.pk}")
    assert Ticket.objects.get(pk=ticket.pk).title == "Mine"


def test_update_ticket_answers_200_with_the_ticket(public, tenant, make_ticket):
    ticket = make_ticket("Old title", type_key="request")
    accepted = TicketStatus.objects.get(account=tenant.account, ticket_type__number=1, name="Accepted")
    response = public.patch(
        UPDATE, {"id": ticket.pk, "title": "New title", "statusId": accepted.pk, "comment": "Moving"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["statusId"], body["description"]) == ("New title", accepted.pk, "")
    assert [c["comment"] for c in body["comments"]] == ["Moving"]
    body = public.patch(UPDATE, {"id": ticket.pk, "ticketTypeId": 2}, format="json").json()
    bug_todo = TicketStatus.objects.get(account=tenant.account, ticket_type__number=2, name="Confirmed")
    assert (body["ticketTypeId"], body["statusId"]) == (2, bug_todo.pk)
    kinds = set(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))
    assert kinds == {"ticket.created", "ticket.updated", "ticket.status_changed"}


def test_invalid_updates_answer_400_and_change_nothing(public, make_ticket):
    ticket = make_ticket("Stable")
    for payload, field in [
        ({"title": "New"}, "id"),
        ({"id": "x", "title": "New"}, "id"),
        ({"id": ticket.pk, "title": "ab"}, "title"),
        ({"id": ticket.pk, "description": ""}, "description"),
        ({"id": ticket.pk, "ticketTypeId": 42}, "ticketTypeId"),
    ]:
        assert field in validation_errors(public.patch(UPDATE, payload, format="json"))
    assert Ticket.objects.get(pk=ticket.pk).title == "Stable"
    assert not TicketComment.objects.exists()


def test_delete_ticket(public, make_ticket):
    ticket = make_ticket("Doomed")
    assert "id" in validation_errors(public.delete(DELETE))
    response = public.delete(f"{DELETE}?id={ticket.pk}")
    assert response.status_code in (200, 204)
    assert not Ticket.objects.filter(pk=ticket.pk).exists()
    assert public.delete(f"{DELETE}?id={ticket.pk}").status_code == 404
    assert TicketEvent.objects.filter(kind="ticket.deleted", ticket_number=ticket.number).exists()


def test_get_ticket_runs_a_fixed_number_of_queries(public, tenant, make_ticket):
    from accounts.models import User as U  # noqa: N817
    from backlogs.tickets import services

    ticket = make_ticket("Talked about")

    def make_rows(n):
        while TicketComment.objects.filter(ticket=ticket).count() < n:
            services.ticket_comment_add(ticket=ticket, user=U.objects.get(pk=tenant.user_id), body="c")

    assert_constant_queries(make_rows, lambda: public.get(GET, {"id": ticket.pk}), small=1, large=15)


def test_get_backlog_by_name(public, tenant, other_tenant, make_ticket):
    Backlog.objects.create(account=tenant.account, name="Main")
    product = Backlog.objects.create(account=tenant.account, name="Product")
    make_ticket("a", backlog=product)
    make_ticket("b", backlog=product)
    make_ticket("elsewhere")
    Backlog.objects.create(account=other_tenant.account, name="Secret")
    response = public.get("/v1/backlogs/get-backlog", {"backlogName": "Product"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["name"], body["ticketCount"]) == (product.pk, "Product", 2)
    types = {t["id"]: t for t in body["ticketTypes"]}
    assert types[1]["name"] == "Request" and types[2]["name"] == "Bug"
    bug_statuses = TicketStatus.objects.filter(ticket_type__account=tenant.account, ticket_type__number=2)
    assert [s["id"] for s in types[2]["statuses"]] == [s.pk for s in bug_statuses.order_by("position")]
    assert public.get("/v1/backlogs/get-backlog", {"backlogId": product.pk}).json()["id"] == product.pk
    public_error(public.get("/v1/backlogs/get-backlog", {"backlogName": "Secret"}), 404)
    public_error(public.get("/v1/backlogs/get-backlog", {"backlogName": "Nope"}), 404)
    assert "backlogName" in validation_errors(public.get("/v1/backlogs/get-backlog"))
    assert "backlogId" in validation_errors(public.get("/v1/backlogs/get-backlog", {"backlogId": "x"}))


def test_get_organization_answers_the_keys_organisation(public, other_public, tenant, other_tenant):
    body = public.get("/v1/organizations/get-organization").json()
    assert (body["id"], body["name"], body["slug"], body["ticketPrefix"]) == (tenant.account_id, "Acme", "acme", "AM")
    assert JS_DATE.match(body["createdAt"])
    assert other_public.get("/v1/organizations/get-organization").json()["id"] == other_tenant.account_id


def test_add_organization_user(public, tenant, other_tenant):
    url = "/v1/organizations/add-organization-user"
    response = public.post(url, {"email": "Jane@Example.com", "firstName": "Jane", "lastName": "Doe"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    user = User.objects.get(pk=body["id"])
    assert (user.email, user.first_name, user.last_name, user.has_usable_password()) == (
        "Jane@example.com",
        "Jane",
        "Doe",
        False,
    )
    assert Membership.objects.get(account=tenant.account, user=user).role == Role.END_USER
    # The same e-mail again, in any case, is a conflict and never a second member.
    response = public.post(url, {"email": "jane@EXAMPLE.com", "firstName": "Janet"}, format="json")
    public_error(response, 409)
    assert tenant.account.memberships.filter(user__email__iexact="jane@example.com").count() == 1
    public_error(public.post(url, {"email": tenant.user.email, "firstName": "Me"}, format="json"), 409)
    # A person known from another organisation joins this one as the same user.
    other = public_client(other_tenant)
    response = other.post(url, {"email": "jane@example.com", "firstName": "Jane"}, format="json")
    assert response.status_code == 201 and response.json()["id"] == user.pk
    for payload, field in [
        ({"firstName": "No mail"}, "email"),
        ({"email": "not-an-email", "firstName": "X"}, "email"),
        ({"email": "x@example.com"}, "firstName"),
        ({"email": ["x@example.com"], "firstName": "X"}, "email"),
    ]:
        assert field in validation_errors(public.post(url, payload, format="json"))


def test_adding_users_needs_the_users_permission(tenant):
    agent = membership_create(account=tenant.account, user=User.objects.create_user("ag"), role=Role.AGENT)
    client = public_client(agent)
    response = client.post("/v1/organizations/add-organization-user", {"email": "a@b.co", "firstName": "A"})
    public_error(response, 403)
    assert client.get("/v1/organizations/get-organization").status_code == 200


def test_key_scopes_apply_to_the_public_backlog_too(tenant, make_ticket):
    from backlog_site.api.testing import api_client, issue_key

    ticket = make_ticket("Scoped")
    raw = issue_key(tenant, scopes=["tickets:read"])
    reader = api_client(raw, header="HTTP_APIKEY", value=raw)
    assert reader.get(GET, {"id": ticket.pk}).status_code == 200
    public_error(reader.post(SAVE, {"title": "Nope", "description": "abc"}, format="json"), 403)
    public_error(reader.delete(f"{DELETE}?id={ticket.pk}"), 403)
    public_error(reader.post("/v1/organizations/add-organization-user", {"email": "a@b.co", "firstName": "A"}), 403)
    assert Ticket.objects.count() == 1


ENDPOINTS = [
    ("post", SAVE),
    ("get", f"{GET}?id=1"),
    ("patch", UPDATE),
    ("delete", f"{DELETE}?id=1"),
    ("get", "/v1/backlogs/get-backlog?backlogName=x"),
    ("get", "/v1/organizations/get-organization"),
    ("post", "/v1/organizations/add-organization-user"),
]


@pytest.mark.parametrize("method, url", ENDPOINTS)
def test_every_endpoint_requires_a_key(method, url):
    assert_requires_key(method, url, lambda r: public_error(r, 401))


@pytest.mark.parametrize("method, url", [(m, u) for m, u in ENDPOINTS if m in ("post", "patch")])
def test_malformed_bodies_answer_4xx(public, make_ticket, method, url):
    make_ticket("Existing")
    assert_rejects_malformed(public, method, url, public_error)
    assert Ticket.objects.count() == 1 and not Membership.objects.filter(user__email="").exclude(role="admin").exists()


def test_out_of_range_numbers_answer_4xx(public, make_ticket):
    ticket = make_ticket("Range")
    huge = 2**70
    assert public.get(GET, {"id": huge}).status_code in (400, 404)
    assert public.delete(f"{DELETE}?id={huge}").status_code in (400, 404)
    assert public.get("/v1/backlogs/get-backlog", {"backlogId": huge}).status_code in (400, 404)
    for extra in ({"statusId": huge}, {"ticketTypeId": huge}, {"backlogId": huge}):
        assert public.post(SAVE, {"title": "Big", "description": "abc", **extra}, format="json").status_code == 400
        response = public.patch(UPDATE, {"id": ticket.pk, **extra}, format="json")
        assert response.status_code == 400, (extra, response.content)
    assert public.patch(UPDATE, {"id": huge, "title": "Nope"}, format="json").status_code in (400, 404)


def test_get_backlog_runs_a_fixed_number_of_queries(public, tenant, make_ticket):
    from backlogs.models import TicketType

    Backlog.objects.create(account=tenant.account, name="Product")

    def make_rows(n):
        while TicketType.objects.filter(account=tenant.account).count() < n:
            number = TicketType.objects.filter(account=tenant.account).count() + 1
            ticket_type = TicketType.objects.create(account=tenant.account, number=number, key=f"k{number}", name="K")
            for position, workflow in enumerate(["backlog", "done"], start=1):
                TicketStatus.objects.create(
                    account=tenant.account, ticket_type=ticket_type, name=workflow, workflow=workflow, position=position
                )

    assert_constant_queries(
        make_rows, lambda: public.get("/v1/backlogs/get-backlog", {"backlogName": "Product"}), 4, 12
    )


def test_snapshots_are_not_backlogs_tickets_land_in(public, tenant):
    from backlogs.planning.snapshots import snapshot_create

    backlog = Backlog.objects.create(account=tenant.account, name="Product")
    snapshot = snapshot_create(backlog=backlog, name="Product")
    Backlog.objects.filter(pk=backlog.pk).update(archived=True)
    Backlog.objects.filter(pk=snapshot.pk).update(archived=False)
    response = public.post(SAVE, {"title": "Somewhere live", "description": "abc"}, format="json")
    assert response.status_code == 201
    assert Ticket.objects.get().backlog.snapshot_master_id is None
    response = public.post(
        SAVE, {"title": "Into a snapshot?", "description": "abc", "backlogId": snapshot.pk}, format="json"
    )
    assert response.status_code == 400
