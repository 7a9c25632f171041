"""BOSSDesk lookups and `/account` (seed 004)."""

import pytest

from accounts.models import CustomField, CustomFieldOption, Group, Location, Tag
from backlog_site.api.testing import assert_requires_key
from helpdesk.models import CustomFieldCategory, HelpdeskCategory, HelpdeskPriority, HelpdeskSettings, Team
from helpdesk.tests.conftest import bossdesk_error

pytestmark = pytest.mark.django_db

LOOKUP_URLS = [
    "/api/v1/ticket_types",
    "/api/v1/helpdesk_priorities",
    "/api/v1/helpdesk_categories",
    "/api/v1/helpdesk_extended_statuses",
    "/api/v1/teams",
    "/api/v1/task_types",
    "/api/v1/groups",
    "/api/v1/locations",
    "/api/v1/tags",
    "/api/v1/custom_fields",
    "/api/v1/account",
]


@pytest.mark.parametrize("url", LOOKUP_URLS)
def test_lookups_need_a_key(tenant, url):
    assert_requires_key("get", url, bossdesk_error)


@pytest.mark.parametrize("url", LOOKUP_URLS[:-1])
def test_lookups_list_only_the_accounts_rows_to_any_member(bd, other_bd, end_user_client, other_tenant, url):
    Group.objects.create(account=other_tenant.account, name="Theirs")
    Location.objects.create(account=other_tenant.account, name="Theirs")
    Tag.objects.create(account=other_tenant.account, name="Theirs", owner_class="user")
    CustomField.objects.create(account=other_tenant.account, name="Theirs", owner_class="ticket")
    mine = bd.get(url)
    assert mine.status_code == 200 and isinstance(mine.json(), list)
    assert "Theirs" not in {row["name"] for row in mine.json()}
    assert "Theirs" in {row["name"] for row in other_bd.get(url).json()} or url in LOOKUP_URLS[:6]
    assert end_user_client.get(url).status_code == 200


def test_default_lookups_have_the_documented_fields(bd, tenant):
    priorities = bd.get("/api/v1/helpdesk_priorities").json()
    assert [p["name"] for p in priorities] == ["Low", "Medium", "High", "Urgent"]
    assert set(priorities[0]) == {"id", "name", "color", "level", "created_at", "updated_at"}
    types = bd.get("/api/v1/ticket_types").json()
    assert set(types[0]) == {"id", "name", "shortcut", "created_at", "updated_at"}
    categories = bd.get("/api/v1/helpdesk_categories").json()
    team = Team.objects.get(account=tenant.account)
    assert categories[0]["teams"] == [{"id": team.pk, "name": "Service Desk"}]
    assert set(categories[0]) == {"id", "name", "color", "icon", "created_at", "updated_at", "teams"}
    assert [t["name"] for t in bd.get("/api/v1/teams").json()] == ["Service Desk"]
    assert len(bd.get("/api/v1/task_types").json()) == 3
    assert len(bd.get("/api/v1/helpdesk_extended_statuses").json()) == 3


def test_groups_are_paged_and_searchable(bd, tenant):
    for name in ["Chicago Bulls", "Managers", "Interns"]:
        Group.objects.create(account=tenant.account, name=name)
    response = bd.get("/api/v1/groups?per_page=2")
    assert [g["name"] for g in response.json()] == ["Chicago Bulls", "Interns"]
    assert response["X-Total-Count"] == "3"
    assert [g["name"] for g in bd.get("/api/v1/groups?q[name_cont]=bull").json()] == ["Chicago Bulls"]
    response = bd.get("/api/v1/groups?q[account_id_eq]=1")
    assert response.status_code == 422 and "q" in response.json()["errors"]


def test_locations_tags_and_custom_fields(bd, tenant):
    account = tenant.account
    europe = Location.objects.create(account=account, name="Europe")
    Location.objects.create(account=account, name="Paris", parent=europe)
    Tag.objects.create(account=account, name="Intern", owner_class="user")
    locations = bd.get("/api/v1/locations").json()
    assert [(loc["name"], loc["parent_id"]) for loc in locations] == [("Europe", None), ("Paris", europe.pk)]
    assert bd.get("/api/v1/tags").json()[0]["owner_class"] == "user"
    network = HelpdeskCategory.objects.get(account=account, name="Network")
    field = CustomField.objects.create(account=account, name="Incident type", owner_class="ticket", type_id=8)
    CustomFieldCategory.objects.create(custom_field=field, category=network)
    option = CustomFieldOption.objects.create(custom_field=field, name="Broken switch")
    (body,) = bd.get("/api/v1/custom_fields").json()
    assert body["helpdesk_category"] == {"id": network.pk, "name": "Network"}
    assert body["ci_type"] is None and body["type_id"] == 8 and body["required"] is False
    assert body["options"] == [{"id": option.pk, "name": "Broken switch", "parent_id": None}]


def test_account_shows_settings_and_defaults(bd, agent_client, end_user_client, tenant):
    response = bd.get("/api/v1/account")
    assert response.status_code == 200
    body = response.json()
    settings = HelpdeskSettings.objects.get(account=tenant.account)
    assert body["name"] == "Acme" and body["full_domain"].startswith("acme.")
    assert body["default_helpdesk_priority_id"] == settings.default_priority_id
    assert HelpdeskPriority.objects.get(pk=settings.default_priority_id).name == "Medium"
    assert body["default_ticket_team_id"] == settings.default_team_id
    assert body["currency"] == {"label": "Dollar ($)", "unit": "$", "icon": "fa fa-usd"}
    assert body["ticket_comment_is_public_by_default"] is True
    assert agent_client.get("/api/v1/account").status_code == 200
    assert end_user_client.get("/api/v1/account").status_code == 403
