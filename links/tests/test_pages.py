"""The links on an agent's ticket page (list, add, remove, Escalate), and the public status page, which
shows nothing internal of an incident's links."""

import pytest
from django.test import Client

from accounts.models import Role
from backlog_site.page_testing import assert_page_queries_constant, page_queries, signed_in
from backlogs.models import Ticket as DevTicket
from backlogs.tickets import services as dev_services
from helpdesk.tests.conftest import add_member
from links import services
from links.ends import End
from links.models import Link

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(world):
    return signed_in(world.membership)


def url(world, action=""):
    return f"/portal/tickets/{world.desk.friendly_id}/{action}"


def links_section(html: str) -> str:
    start = html.index('<section id="links"')
    return html[start : html.index("</section>", start)]


def test_the_page_lists_the_tickets_links_read_from_its_side(page, world):
    services.link_create(
        account=world.account, source=world.end("dev"), kind="blocks", target=world.end("desk"), creator=None
    )
    services.link_create(
        account=world.account, source=world.end("desk"), kind="affects", target=world.end("ci"), creator=None
    )
    section = links_section(page.get(url(world)).content.decode())
    assert "blocked by" in section and world.dev.slug in section and world.dev.title in section
    assert "affects" in section and f"ci:{world.ci.friendly_id}" in section
    assert "Add link" in section and "Escalate" in section


def test_a_link_is_added_from_the_page(page, world):
    response = page.post(url(world, "links/"), {"kind": "blocked_by", "target": world.dev.slug})
    assert response.status_code == 302 and response["Location"].endswith("#links")
    link = Link.objects.get()
    assert (link.kind, link.source_dev_ticket_id, link.target_desk_ticket_id) == ("blocks", world.dev.pk, world.desk.pk)
    assert link.created_by == world.membership
    assert "blocked by" in links_section(page.get(url(world)).content.decode())


@pytest.mark.parametrize(
    "target,error",
    [
        ("AM1", "A target is a ticket slug such as AM-42, or &lt;type&gt;:&lt;id&gt;."),
        ("printer:3", "Unknown target type"),
        ("desk_ticket:{desk}", "A ticket cannot be linked to itself."),
        ("ACME-999", "Nothing in this account is called so."),
    ],
)
def test_a_wrong_target_shows_the_page_again_with_the_error(page, world, target, error):
    typed = target.format(desk=world.desk.friendly_id)
    response = page.post(url(world, "links/"), {"kind": "relates_to", "target": typed})
    assert response.status_code == 200
    section = links_section(response.content.decode())
    assert error in section and f'value="{typed}"' in section
    assert not Link.objects.exists()


def test_another_tenants_objects_are_not_found(page, world, other_world):
    response = page.post(url(world, "links/"), {"kind": "relates_to", "target": other_world.dev.slug})
    assert "Nothing in this account is called so." in response.content.decode()
    foreign = signed_in(other_world.membership)
    shifted = f"/portal/tickets/{world.desk.friendly_id + 100}/"
    assert foreign.post(f"{shifted}links/", {"kind": "relates_to", "target": "x:1"}).status_code == 404
    assert foreign.post(f"{shifted}escalate/").status_code == 404
    assert not Link.objects.exists() and DevTicket.objects.filter(account=world.account).count() == 1


def test_a_link_is_removed_only_through_its_own_ticket(page, world):
    link = services.link_create(
        account=world.account, source=world.end("desk"), kind="relates_to", target=world.end("dev"), creator=None
    )
    elsewhere = world.desk_ticket("Another")
    assert page.post(f"/portal/tickets/{elsewhere.friendly_id}/links/{link.pk}/delete/").status_code == 404
    assert page.post(url(world, f"links/{link.pk}/delete/")).status_code == 302
    assert not Link.objects.exists()


def test_escalate_makes_a_linked_dev_ticket(page, world):
    response = page.post(url(world, "escalate/"))
    assert response.status_code == 302
    dev = DevTicket.objects.filter(account=world.account).latest("pk")
    assert dev.title == world.desk.title
    link = Link.objects.get()
    assert (link.kind, link.source_dev_ticket_id, link.target_desk_ticket_id) == ("caused_by", dev.pk, world.desk.pk)
    assert f"Escalated to dev ticket {dev.slug}." in page.get(url(world)).content.decode()


def test_the_forms_are_csrf_protected(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.membership.user)
    signed = signed_in(world.membership)
    browser.cookies = signed.cookies
    for action in ("links/", "escalate/"):
        assert browser.post(url(world, action), {"kind": "relates_to", "target": world.dev.slug}).status_code == 403
    assert not Link.objects.exists()


def test_who_may_do_what(world):
    agent = add_member(world.account, "aldente", Role.AGENT)
    agent.permissions = {**agent.permissions, "dev_tickets": ["index", "show"]}
    agent.save()
    agent_page = signed_in(agent)
    assert "Escalate</button>" not in agent_page.get(url(world)).content.decode()
    assert agent_page.post(url(world, "escalate/")).status_code == 403
    end_user = signed_in(add_member(world.account, "jackpot"))
    assert end_user.get(url(world)).status_code == 404
    assert end_user.post(url(world, "links/"), {"kind": "relates_to", "target": world.dev.slug}).status_code == 404
    assert not Link.objects.exists()


def test_the_page_reads_its_links_in_a_fixed_number_of_queries(page, world):
    def make_rows(n):
        while Link.objects.count() < n:
            target = End.of(world.dev_ticket(f"dev {Link.objects.count()}"))
            services.link_create(
                account=world.account, source=world.end("desk"), kind="blocks", target=target, creator=None
            )

    without = page_queries(page, url(world))
    assert assert_page_queries_constant(page, url(world), make_rows, small=1, large=8) == without + 1


def test_the_public_status_page_shows_nothing_internal(world):
    secret_desk = world.desk_ticket("Payroll server of the CFO")
    for source, kind in ((End.of(secret_desk), "affects"), (world.end("dev"), "fixes")):
        services.link_create(account=world.account, source=source, kind=kind, target=world.end("issue"), creator=None)
    dev_services.ticket_status_set(ticket=world.dev, user=world.membership.user, workflow="done")  # "Fix deployed."
    browser = Client()
    for page_url in (f"/status/{world.account.slug}/", f"/status/{world.account.slug}/issues/{world.issue.pk}/"):
        html = browser.get(page_url).content.decode()
        assert world.issue.name in html
        for internal in (secret_desk.title, world.dev.slug, world.dev.title, "desk_ticket", "dev_ticket"):
            assert internal not in html, (page_url, internal)
    assert "Fix deployed." in browser.get(f"/status/{world.account.slug}/issues/{world.issue.pk}/").content.decode()
    response = browser.get(f"/api/issues/{world.issue.pk}", {"with[]": "links"})
    assert response.status_code == 200 and response.json()["links"] == []


def card(html: str, slug: str) -> str:
    start = html.index(f'data-slug="{slug}"')
    return html[start : html.index("</li>", start)]


def test_a_board_card_shows_its_linked_desk_tickets_count(page, world):
    services.link_create(
        account=world.account, source=world.end("dev"), kind="relates_to", target=world.end("desk"), creator=None
    )
    second = End.of(world.desk_ticket("Second"))
    services.link_create(account=world.account, source=second, kind="blocks", target=world.end("dev"), creator=None)
    services.link_create(  # not a desk ticket: not counted
        account=world.account, source=world.end("dev"), kind="fixes", target=world.end("issue"), creator=None
    )
    lonely = world.dev_ticket("No desk ticket")
    html = page.get("/backlogs/board/").content.decode()
    assert '<p class="card-note">2 desk tickets</p>' in card(html, world.dev.slug)
    assert "card-note" not in card(html, lonely.slug)


def test_the_board_reads_the_counts_in_one_query(page, world):
    def make_rows(n):
        while DevTicket.objects.filter(account=world.account).count() < n:
            dev = End.of(world.dev_ticket("Linked"))
            for _ in range(2):
                desk = End.of(world.desk_ticket("Desk"))
                services.link_create(account=world.account, source=desk, kind="blocks", target=dev, creator=None)

    queries = assert_page_queries_constant(page, "/backlogs/board/", make_rows, small=2, large=12)
    assert "2 desk tickets" in page.get("/backlogs/board/").content.decode()
    DevTicket.objects.filter(account=world.account).delete()
    assert page_queries(page, "/backlogs/board/") < queries  # no cards: no count read
