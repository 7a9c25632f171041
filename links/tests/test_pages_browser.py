"""The links on an agent's ticket page in a real browser: the agent links the desk ticket to a dev ticket
(a wrong target first, shown again with its error), then escalates it."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from backlog_site.page_testing import sign_in_through_the_form
from backlogs.models import Ticket as DevTicket
from helpdesk.tests.conftest import add_member
from links.models import Link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agent_links_a_desk_ticket_to_a_dev_ticket_and_escalates_it(page, live_server, world):
    add_member(world.account, "aldente", Role.AGENT)
    base = live_server.url
    sign_in_through_the_form(page, base, "aldente", "x")
    page.goto(f"{base}/portal/tickets/{world.desk.friendly_id}/")
    links = page.locator("#links")
    expect(links.get_by_text("No links.")).to_be_visible()

    links.get_by_label("Kind").select_option("blocks")
    links.get_by_label("Target").fill("ACME-999")
    links.get_by_role("button", name="Add link").click()
    expect(links.get_by_text("Nothing in this account is called so.")).to_be_visible()
    expect(links.get_by_label("Target")).to_have_value("ACME-999")

    links.get_by_label("Target").fill(world.dev.slug)
    links.get_by_role("button", name="Add link").click()
    expect(page.get_by_text(f"Linked: blocks {world.dev.slug}")).to_be_visible()
    row = links.locator("li").filter(has_text=world.dev.slug)
    expect(row).to_contain_text("blocks")
    expect(row).to_contain_text(world.dev.title)

    links.get_by_role("button", name="Escalate").click()
    escalated = DevTicket.objects.filter(account=world.account).latest("pk")
    expect(page.get_by_text(f"Escalated to dev ticket {escalated.slug}.")).to_be_visible()
    expect(links.locator("li").filter(has_text=escalated.slug)).to_contain_text("causes")
    assert escalated.title == world.desk.title
    assert sorted(Link.objects.values_list("kind", flat=True)) == ["blocks", "caused_by"]
