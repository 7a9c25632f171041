"""The permission-map verb each dev-ticket read asks for: the Public Backlog's reads and the Tickets API's
detail name no `pk` in the path and ask for `index`, as they did before they were viewset actions."""

import pytest

from accounts.models import Role, User
from accounts.services import membership_create
from backlogs.models import Backlog

from ..conftest import org_client, public_client

pytestmark = pytest.mark.django_db

PUBLIC_READS = {
    "dev_tickets": "/v1/tickets/get-ticket?id={id}",
    "backlogs": "/v1/backlogs/get-backlog?backlogName=Product",
    "account": "/v1/organizations/get-organization",
}


def member_allowed(tenant, resource: str, verbs: list[str]):
    user = User.objects.create_user(f"{resource}-{'-'.join(verbs)}", email=f"{resource}@acme.example", password="x")
    membership = membership_create(account=tenant.account, user=user, role=Role.AGENT)
    membership.permissions = {resource: verbs}
    membership.save()
    return membership


@pytest.mark.parametrize("resource", PUBLIC_READS)
@pytest.mark.parametrize(("verbs", "status"), [(["index"], 200), (["show"], 403)])
def test_a_public_backlog_read_needs_index(tenant, make_ticket, resource, verbs, status):
    Backlog.objects.create(account=tenant.account, name="Product")
    url = PUBLIC_READS[resource].format(id=make_ticket("Seen").pk)
    response = public_client(member_allowed(tenant, resource, verbs)).get(url)
    assert response.status_code == status, response.content


@pytest.mark.parametrize(("verbs", "status"), [(["index"], 200), (["show"], 403)])
def test_the_tickets_api_detail_needs_index(tenant, make_ticket, verbs, status):
    slug = make_ticket("Seen").slug
    url = f"/api/v1/ext/orgs/{tenant.account.slug}/tickets/{slug}"
    response = org_client(member_allowed(tenant, "dev_tickets", verbs)).get(url)
    assert response.status_code == status, response.content
