"""Linked CIs on an agent's ticket page: listed with type and status; linked by name or number (a CI
of the account only) and unlinked; scoping and permissions."""

import pytest

from backlog_site.page_testing import signed_in
from cmdb import services as cmdb_services
from cmdb.models import CIStatus, CIType

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_ci(tenant):
    def make(name, account=None):
        account = account or tenant.account
        fields = {
            "name": name,
            "type": CIType.objects.filter(account=account, name="Computer").first(),
            "status": CIStatus.objects.filter(account=account, name="Active").first(),
        }
        return cmdb_services.ci_create(account=account, actor=None, fields=fields)

    return make


@pytest.fixture
def ticket(make_ticket, end_user):
    return make_ticket(actor=end_user, requester=end_user)


def url(ticket, action=""):
    return f"/portal/tickets/{ticket.friendly_id}/{action}"


def test_linked_cis_show_name_type_and_status(agent_page, ticket, make_ci):
    ci = make_ci("BOSS-LAPTOP-7")
    cmdb_services.ticket_cis_set(ticket=ticket, cis=[ci])
    html = agent_page.get(url(ticket)).content.decode()
    section = html[html.index('id="cis"') :]
    section = section[: section.index("</section>")]
    assert f"#{ci.friendly_id} BOSS-LAPTOP-7" in section
    assert ci.type.name in section and ci.status.name in section
    assert 'data-placeholder="linked-cis"' not in html and 'data-placeholder="attachments"' not in html


def test_an_agent_links_by_name_or_number_and_unlinks(agent_page, ticket, make_ci):
    laptop, printer = make_ci("Laptop 7"), make_ci("Printer 2")
    response = agent_page.post(url(ticket, "cis/"), {"ci": "laptop 7"})
    assert response.status_code == 302 and response["Location"].endswith("#cis")
    assert agent_page.post(url(ticket, "cis/"), {"ci": f"#{printer.friendly_id}"}).status_code == 302
    assert set(ticket.cis.all()) == {laptop, printer}
    response = agent_page.post(url(ticket, f"cis/{laptop.friendly_id}/unlink/"))
    assert response.status_code == 302
    assert list(ticket.cis.all()) == [printer]
    assert agent_page.post(url(ticket, f"cis/{laptop.friendly_id}/unlink/")).status_code == 404


def test_unknown_ambiguous_already_linked_and_other_accounts_cis_are_refused_next_to_the_field(
    agent_page, ticket, make_ci, other_tenant
):
    make_ci("Twin"), make_ci("Twin")
    linked = make_ci("Linked")
    cmdb_services.ticket_cis_set(ticket=ticket, cis=[linked])
    foreign = make_ci("Foreign box", account=other_tenant.account)
    for text, message in [
        ("Nothing like it", "No CI"),
        ("Twin", "Several CIs"),
        ("Linked", "already linked"),
        ("Foreign box", "No CI"),
        ("", "This field is required."),
    ]:
        response = agent_page.post(url(ticket, "cis/"), {"ci": text})
        html = response.content.decode()
        assert response.status_code == 200
        field = html[html.index('<div class="field has-error">') : html.index("Link CI</button>")]
        assert 'name="ci"' in field and message in field
        assert f'value="{text}"' in html if text else True
    assert list(ticket.cis.all()) == [linked] and not foreign.tickets.exists()


def test_another_account_and_end_users_answer_404(ticket, make_ci, other_tenant, end_user_page):
    ci = make_ci("Laptop")
    cmdb_services.ticket_cis_set(ticket=ticket, cis=[ci])
    for client in (signed_in(other_tenant), end_user_page):
        assert client.post(url(ticket, "cis/"), {"ci": "Laptop"}).status_code == 404
        assert client.post(url(ticket, f"cis/{ci.friendly_id}/unlink/")).status_code == 404
    assert list(ticket.cis.all()) == [ci]


def test_an_agent_without_update_permission_cannot_link(agent, ticket, make_ci):
    make_ci("Laptop")
    agent.permissions = {**agent.permissions, "tickets": ["index", "show"]}
    agent.save()
    assert signed_in(agent).post(url(ticket, "cis/"), {"ci": "Laptop"}).status_code == 403
    assert not ticket.cis.exists()
