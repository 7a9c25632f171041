"""Key scopes and the membership's permission map apply to the Issue Tracker like to every API."""

import pytest

from accounts.models import User
from accounts.services import membership_create
from backlog_site.api.testing import api_client, issue_key
from issues.tests.conftest import make_issue

pytestmark = pytest.mark.django_db


def test_a_read_only_key_reads_but_cannot_write(tenant, category):
    key = issue_key(tenant, scopes=["issues:read"])
    client = api_client(key, value=f"Bearer {key}")
    issue = make_issue(category)
    assert client.get("/api/issues").status_code == 200
    assert client.get(f"/api/categories/{category.pk}").status_code == 200
    assert client.post(f"/api/issues/{issue.pk}/close", {"description": "x"}, format="json").status_code == 403
    assert client.get("/api/companies").status_code == 403  # no companies scope
    issue.refresh_from_db()
    assert issue.closed_at is None


def test_a_member_whose_map_lacks_the_action_is_refused(tenant, category):
    user = User.objects.create_user(username="viewer", email="v@acme.example", password="x")
    membership = membership_create(
        account=tenant.account, user=user, permissions={"issues": ["index", "show"], "companies": ["index"]}
    )
    key = issue_key(membership)
    client = api_client(key, value=f"Bearer {key}")
    assert client.get("/api/issues").status_code == 200
    body = {"category_ids": [category.pk], "name": "n", "description": "d", "severity": "info"}
    response = client.post("/api/issues", body, format="json")
    assert response.status_code == 403 and response.json() == {"message": "This action is unauthorized."}
    assert client.get("/api/webhooks").status_code == 403
