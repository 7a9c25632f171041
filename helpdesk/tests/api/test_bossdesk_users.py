"""BOSSDesk users (`/api/v1/users`): list, retrieve, create, update, and the `users` permission."""

import pytest

from accounts.models import Group, JobRole, Location, MemberProfile, Membership, Tag, User
from backlog_site.api.testing import (
    assert_constant_queries,
    assert_other_tenant_not_found,
    assert_rejects_malformed,
    assert_requires_key,
)
from helpdesk.tests.conftest import add_member, bossdesk_client, bossdesk_error

pytestmark = pytest.mark.django_db

LIST_FIELDS = {
    "id",
    "friendly_id",
    "first_name",
    "last_name",
    "username",
    "email",
    "is_agent",
    "archived_at",
    "created_at",
    "updated_at",
}
DETAIL_FIELDS = LIST_FIELDS | {
    "domain_name",
    "designation",
    "phone",
    "mobile",
    "other_email",
    "time_zone",
    "location",
    "tags",
    "group",
    "roles",
}


@pytest.mark.parametrize(
    "method,url",
    [("get", "/api/v1/users"), ("post", "/api/v1/users"), ("get", "/api/v1/users/1"), ("patch", "/api/v1/users/1")],
)
def test_every_user_endpoint_needs_a_key(tenant, method, url):
    assert_requires_key(method, url, bossdesk_error)


def test_create_answers_201_with_the_documented_user(bd, tenant):
    account = tenant.account
    location = Location.objects.create(account=account, name="Atlanta")
    group = Group.objects.create(account=account, name="Interns")
    tag = Tag.objects.create(account=account, name="Intern", owner_class="user")
    response = bd.post(
        "/api/v1/users",
        {
            "user": {
                "username": "whilpert",
                "email": "whilpert@example.com",
                "first_name": "Westley",
                "last_name": "Hilpert",
                "designation": "Analyst",
                "phone": "+1 555",
                "location_id": location.pk,
                "group_id": group.pk,
                "time_zone": "",
                "tag_ids": [tag.pk],
            }
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == DETAIL_FIELDS
    assert body["friendly_id"] == tenant.friendly_id + 1 and body["is_agent"] is False
    assert (body["username"], body["email"], body["designation"]) == ("whilpert", "whilpert@example.com", "Analyst")
    assert body["location"] == {"id": location.pk, "name": "Atlanta"}
    assert body["group"] == {"id": group.pk, "name": "Interns"}
    assert body["tags"] == [{"id": tag.pk, "name": "Intern"}] and body["roles"] == []
    assert body["time_zone"] == "UTC"  # the account's when the user has none
    user = User.objects.get(username="whilpert")
    assert not user.has_usable_password()
    assert Membership.objects.get(account=account, user=user).permissions == {}


@pytest.mark.parametrize(
    "payload,errors",
    [
        ({}, {"username": ["can't be blank"]}),
        ({"username": "ok", "email": "not-an-email"}, {"email": ["is invalid"]}),
        ({"username": "bad name!"}, {"username": ["is invalid"]}),
        ({"username": "acme-owner"}, {"username": ["has already been taken"]}),
        ({"username": "ok", "group_id": 99999}, {"group_id": ["doesn't exist"]}),
        ({"username": "ok", "role_ids": ["x"]}, None),
        ({"username": {"a": 1}}, None),
    ],
)
def test_invalid_users_answer_422(bd, tenant, payload, errors):
    before = Membership.objects.count()
    response = bd.post("/api/v1/users", {"user": payload})
    assert response.status_code == 422, response.content
    bossdesk_error(response)
    if errors:
        assert response.json()["errors"].keys() == errors.keys()
        if "username" in errors or "email" in errors:
            assert response.json()["errors"] == errors
    assert Membership.objects.count() == before


def test_malformed_user_bodies(bd, tenant):
    assert_rejects_malformed(bd, "post", "/api/v1/users", bossdesk_error)
    assert_rejects_malformed(bd, "patch", f"/api/v1/users/{tenant.friendly_id}", bossdesk_error)


def test_list_retrieve_and_search(bd, tenant, agent, end_user):
    response = bd.get("/api/v1/users?per_page=2")
    assert response.status_code == 200 and response["X-Total-Count"] == "3"
    assert set(response.json()[0]) == LIST_FIELDS
    body = bd.get(f"/api/v1/users/{agent.friendly_id}").json()
    assert body["username"] == "aldente" and body["is_agent"] is True and body["group"] is None
    assert [u["username"] for u in bd.get("/api/v1/users?q[last_name_eq]=Pot").json()] == ["jackpot"]
    found = bd.get("/api/v1/users?q[last_name_eq]=Dente&q[first_name_eq]=Al").json()
    assert [u["username"] for u in found] == ["aldente"]
    assert bd.get("/api/v1/users?q[password_cont]=a").status_code == 422
    assert bd.get("/api/v1/users?q[user_password_start]=p").status_code == 422
    assert bd.get("/api/v1/users/999").status_code == 404


def test_user_list_runs_a_fixed_number_of_queries(bd, tenant):
    def make_rows(n):
        while Membership.objects.filter(account=tenant.account).count() < n:
            add_member(tenant.account, f"user{Membership.objects.count()}")

    assert_constant_queries(make_rows, lambda: bd.get("/api/v1/users?per_page=30"), small=2, large=32)


def test_update_answers_204(bd, tenant, end_user):
    account = tenant.account
    roles = [JobRole.objects.create(account=account, name=n) for n in ("Technician", "Manager")]
    url = f"/api/v1/users/{end_user.friendly_id}"
    response = bd.patch(
        url,
        {
            "user": {
                "first_name": "Raoul",
                "designation": "Accountant",
                "role_ids": [r.pk for r in roles],
                "time_zone": "Santiago",
            }
        },
    )
    assert response.status_code == 204 and response.content == b""
    body = bd.get(url).json()
    assert (body["first_name"], body["designation"], body["time_zone"]) == ("Raoul", "Accountant", "Santiago")
    assert [r["name"] for r in body["roles"]] == ["Manager", "Technician"]
    assert bd.patch(url, {"user": {"email": "bad"}}).json() == {"errors": {"email": ["is invalid"]}}
    assert bd.patch(url, {"user": {"username": "acme-owner"}}).json() == {
        "errors": {"username": ["has already been taken"]}
    }
    assert MemberProfile.objects.get(membership=end_user).designation == "Accountant"


def test_a_user_shared_with_another_account_keeps_its_login(bd, tenant, other_tenant):
    from accounts.services import membership_create

    shared = membership_create(account=tenant.account, user=other_tenant.user)
    response = bd.patch(f"/api/v1/users/{shared.friendly_id}", {"user": {"email": "hijack@example.com"}})
    assert response.status_code == 422 and "email" in response.json()["errors"]
    assert User.objects.get(pk=other_tenant.user_id).email == "owner@globex.example"
    assert bd.patch(f"/api/v1/users/{shared.friendly_id}", {"user": {"phone": "123"}}).status_code == 204


def test_permission_map_decides(tenant, agent, end_user, other_tenant):
    agent_client = bossdesk_client(agent)  # agents: users index + show
    assert agent_client.get("/api/v1/users").status_code == 200
    assert agent_client.get(f"/api/v1/users/{end_user.friendly_id}").status_code == 200
    response = agent_client.post("/api/v1/users", {"user": {"username": "nope"}})
    assert response.status_code == 403
    bossdesk_error(response)
    assert agent_client.patch(f"/api/v1/users/{end_user.friendly_id}", {"user": {"first_name": "x"}}).status_code == 403
    agent.permissions = {"users": ["index"]}
    agent.save()
    assert agent_client.get("/api/v1/users").status_code == 200
    assert agent_client.get(f"/api/v1/users/{end_user.friendly_id}").status_code == 403
    assert bossdesk_client(end_user).get("/api/v1/users").status_code == 403
    assert not User.objects.filter(username="nope").exists()


def test_other_tenants_users_are_not_found(bd, other_tenant, end_user):
    other = bossdesk_client(other_tenant)
    url = f"/api/v1/users/{end_user.friendly_id}"
    assert_other_tenant_not_found(other, "get", url)
    assert_other_tenant_not_found(other, "patch", url, data={"user": {"first_name": "x"}})
    assert "jackpot" not in {u["username"] for u in other.get("/api/v1/users").json()}
