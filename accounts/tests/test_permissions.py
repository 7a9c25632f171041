import pytest

from accounts.models import Role, User
from accounts.services import membership_create
from backlog_site.api.testing import api_client, issue_key

pytestmark = pytest.mark.django_db


def test_a_key_without_the_needed_scope_answers_403(tenant):
    tickets_only = api_client(issue_key(tenant, scopes=["tickets:read"]))
    response = tickets_only.get("/api/accounts")
    assert response.status_code == 403
    assert response.json()["status"] == "error"
    # A scoped key reaches nothing outside its scopes, reference data included (issue 16).
    assert tickets_only.get("/api/locales").status_code == 403


def test_read_scope_allows_reads_but_not_writes(tenant):
    reader = api_client(issue_key(tenant, scopes=["accounts:read"]))
    assert reader.get(f"/api/accounts/{tenant.account_id}").status_code == 200
    assert reader.get(f"/api/accounts/{tenant.account_id}/companies").status_code == 200
    assert reader.put(f"/api/accounts/{tenant.account_id}", {"name": "x"}, format="json").status_code == 403
    response = reader.post(f"/api/accounts/{tenant.account_id}/companies", {"name": "x"}, format="json")
    assert response.status_code == 403
    writer = api_client(issue_key(tenant, scopes=["accounts:write"]))
    assert writer.post(f"/api/accounts/{tenant.account_id}/companies", {"name": "x"}, format="json").status_code == 201


def test_end_users_permission_map_grants_no_account_level_access(tenant):
    end_user = membership_create(
        account=tenant.account, user=User.objects.create_user("eu", password="x"), role=Role.END_USER
    )
    client = api_client(issue_key(end_user))
    assert client.get("/api/accounts").status_code == 403
    assert client.get(f"/api/accounts/{tenant.account_id}/companies").status_code == 403


def test_a_key_outliving_its_membership_reaches_nothing(tenant):
    client = api_client(issue_key(tenant))
    tenant.delete()
    assert client.get("/api/accounts").status_code == 403
