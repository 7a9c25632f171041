"""The agents' queue: filters, sort, 30 a page, agents only, one account only, fixed query count."""

import pytest

from backlog_site.page_testing import assert_page_queries_constant, signed_in
from helpdesk.models import HelpdeskPriority, Team, Ticket
from helpdesk.services.tickets import ticket_close

pytestmark = pytest.mark.django_db


def numbers(response) -> list[int]:
    return [ticket.friendly_id for ticket in response.context["page_obj"]]


def test_the_queue_is_for_agents_and_shows_one_account(agent_page, end_user_page, make_ticket, other_tenant):
    make_ticket(title="Ours")
    make_ticket(account=other_tenant.account, actor=other_tenant, title="Theirs")
    html = agent_page.get("/portal/queue/").content.decode()
    assert "Ours" in html and "Theirs" not in html
    assert end_user_page.get("/portal/queue/").status_code == 404


def test_the_queue_filters_by_status_team_agent_priority_and_mine(agent_page, make_ticket, agent, tenant):
    account = tenant.account
    team = Team.objects.create(account=account, name="Network team")
    urgent = HelpdeskPriority.objects.get(account=account, name="Urgent")
    mine = make_ticket(agent=agent)
    owners = make_ticket(agent=tenant, team=team)
    hot = make_ticket(priority=urgent)
    closed = make_ticket()
    ticket_close(ticket=closed, actor=tenant)
    assert numbers(agent_page.get("/portal/queue/?status=closed")) == [closed.friendly_id]
    assert numbers(agent_page.get("/portal/queue/?status=assigned")) == [owners.friendly_id, mine.friendly_id]
    assert numbers(agent_page.get(f"/portal/queue/?team={team.pk}")) == [owners.friendly_id]
    assert numbers(agent_page.get(f"/portal/queue/?agent={tenant.pk}")) == [owners.friendly_id]
    assert numbers(agent_page.get(f"/portal/queue/?priority={urgent.pk}")) == [hot.friendly_id]
    assert numbers(agent_page.get("/portal/queue/?mine=on")) == [mine.friendly_id]
    # An unknown value is not an error: the filters are ignored, not the page.
    assert agent_page.get("/portal/queue/?status=bogus&team=x").status_code == 200


def test_the_queue_sorts(agent_page, make_ticket, tenant):
    low = make_ticket(priority=HelpdeskPriority.objects.get(account=tenant.account, name="Low"))
    urgent = make_ticket(priority=HelpdeskPriority.objects.get(account=tenant.account, name="Urgent"))
    assert numbers(agent_page.get("/portal/queue/")) == [urgent.friendly_id, low.friendly_id]
    assert numbers(agent_page.get("/portal/queue/?sort=friendly_id")) == [low.friendly_id, urgent.friendly_id]
    Ticket.objects.filter(pk=low.pk).update(priority=HelpdeskPriority.objects.get(account=tenant.account, name="High"))
    assert numbers(agent_page.get("/portal/queue/?sort=-priority__level")) == [urgent.friendly_id, low.friendly_id]


def test_the_queue_shows_30_a_page(agent_page, make_ticket):
    for _ in range(31):
        make_ticket()
    assert len(numbers(agent_page.get("/portal/queue/"))) == 30
    assert numbers(agent_page.get("/portal/queue/?page=2")) == [1]


def test_the_queue_query_count_is_fixed(agent_page, make_ticket, agent, end_user, tenant):
    def make_rows(n):
        while Ticket.objects.filter(account=tenant.account).count() < n:
            make_ticket(agent=agent, requester=end_user)

    assert_page_queries_constant(agent_page, "/portal/queue/", make_rows, large=30)


def test_a_permission_map_without_tickets_index_is_refused(agent):
    agent.permissions = {**agent.permissions, "tickets": ["show"]}
    agent.save()
    assert signed_in(agent).get("/portal/queue/").status_code == 403
