"""BOSSDesk saved searches (`/api/v1/searches`)."""

import pytest
from django.core.exceptions import ValidationError

from backlog_site.api.testing import assert_other_tenant_not_found, assert_requires_key
from helpdesk.admin import SavedSearchForm
from helpdesk.models import SavedSearch
from helpdesk.services.searches import saved_search_validate
from helpdesk.tests.conftest import bossdesk_client, bossdesk_error

pytestmark = pytest.mark.django_db


def search(account, name, owner_class, query=None, owner=None):
    return SavedSearch.objects.create(
        account=account, name=name, owner_class=owner_class, query=query or {}, owner=owner
    )


@pytest.mark.parametrize("url", ["/api/v1/searches", "/api/v1/searches/1"])
def test_searches_need_a_key(tenant, url):
    assert_requires_key("get", url, bossdesk_error)


def test_list_shows_shared_and_own_searches(bd, tenant, agent, other_tenant):
    account = tenant.account
    shared = search(account, "All printers", "ci")
    mine = search(account, "My open tickets", "ticket", {"status_eq": "open"}, owner=tenant)
    search(account, "Agent's private", "ticket", owner=agent)
    search(other_tenant.account, "Theirs", "ticket")
    body = bd.get("/api/v1/searches").json()
    assert [(s["id"], s["my_search"]) for s in body] == [(shared.pk, False), (mine.pk, True)]
    assert set(body[0]) == {"id", "name", "created_at", "updated_at", "owner_class", "my_search"}


def test_applying_a_ticket_search_pages_the_matching_tickets(bd, tenant, agent, make_ticket):
    make_ticket(title="Printer jam", agent=agent)
    make_ticket(title="Printer ink")
    make_ticket(title="Mouse")
    saved = search(tenant.account, "Printers", "ticket", {"title_cont": "printer"})
    response = bd.get(f"/api/v1/searches/{saved.pk}?per_page=1")
    assert response.status_code == 200
    assert response["X-Total-Count"] == "2" and len(response.json()) == 1
    assert response.json()[0]["title"] == "Printer ink"
    assigned = search(tenant.account, "Assigned to Al", "ticket", {"agent_username_eq": "aldente"})
    assert [t["title"] for t in bd.get(f"/api/v1/searches/{assigned.pk}").json()] == ["Printer jam"]


def test_applying_a_user_search(bd, tenant, agent, end_user):
    saved = search(tenant.account, "Pots", "user", {"last_name_eq": "Pot"})
    assert [u["username"] for u in bd.get(f"/api/v1/searches/{saved.pk}").json()] == ["jackpot"]
    agent.permissions = {"searches": ["index", "show"], "users": []}
    agent.save()
    assert bossdesk_client(agent).get(f"/api/v1/searches/{saved.pk}").status_code == 403


def test_applying_a_ci_search(bd, tenant, agent):
    from cmdb.services import ci_create

    for name in ["web-01", "web-02", "db-01"]:
        ci_create(account=tenant.account, actor=tenant, fields={"name": name})
    saved = search(tenant.account, "Web servers", "ci", {"name_start": "web"})
    assert sorted(c["name"] for c in bd.get(f"/api/v1/searches/{saved.pk}").json()) == ["web-01", "web-02"]
    agent.permissions = {"searches": ["index", "show"], "cis": []}
    agent.save()
    assert bossdesk_client(agent).get(f"/api/v1/searches/{saved.pk}").status_code == 403


@pytest.mark.parametrize("owner_class", ["problem", "change", "release"])
def test_other_owner_classes_answer_501(bd, tenant, owner_class):
    saved = search(tenant.account, "Not here", owner_class)
    response = bd.get(f"/api/v1/searches/{saved.pk}")
    assert response.status_code == 501
    bossdesk_error(response)


def test_other_tenants_and_private_searches_are_not_found(bd, tenant, agent, other_tenant, end_user):
    saved = search(tenant.account, "Printers", "ticket")
    private = search(tenant.account, "Agent's", "ticket", owner=agent)
    assert_other_tenant_not_found(bossdesk_client(other_tenant), "get", f"/api/v1/searches/{saved.pk}")
    assert bd.get(f"/api/v1/searches/{private.pk}").status_code == 404
    assert bd.get("/api/v1/searches/999999").status_code == 404
    assert bossdesk_client(end_user).get("/api/v1/searches").status_code == 403


def test_stored_queries_are_checked_against_the_allow_list(tenant):
    with pytest.raises(ValidationError):
        saved_search_validate(search=SavedSearch(owner_class="ticket", query={"account_id_eq": 1}))
    with pytest.raises(ValidationError):
        saved_search_validate(search=SavedSearch(owner_class="user", query=["not", "a", "dict"]))
    saved_search_validate(search=SavedSearch(owner_class="user", query={"username_cont": "a"}))
    data = {"account": tenant.account_id, "name": "Bad", "owner_class": "ticket", "query": '{"password_eq": "x"}'}
    form = SavedSearchForm(data=data)
    assert not form.is_valid() and "query" in form.errors
    form = SavedSearchForm(data={**data, "query": '{"status_eq": "open"}'})
    assert form.is_valid(), form.errors


def test_a_broken_stored_query_answers_422_not_500(bd, tenant):
    saved = search(tenant.account, "Broken", "ticket", ["status_eq"])
    assert bd.get(f"/api/v1/searches/{saved.pk}").status_code == 422
    saved.query = {"secret_eq": 1}
    saved.save()
    assert bd.get(f"/api/v1/searches/{saved.pk}").status_code == 422
