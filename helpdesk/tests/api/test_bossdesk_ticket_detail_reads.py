"""`GET /api/v1/tickets/{id}` reads only the lists a ticket has, and the key check brings the membership."""

import datetime

import pytest

from accounts.models import Tag
from backlog_site.api.testing import count_queries
from helpdesk.models import TicketTask, TimeEntry
from helpdesk.services.tickets import comment_create

pytestmark = pytest.mark.django_db


def test_a_ticket_without_lists_costs_three_queries(bd, tenant, make_ticket, agent):
    ticket = make_ticket(agent=agent, requester=tenant)
    url = f"/api/v1/tickets/{ticket.friendly_id}"
    bd.get(url)  # the key's first use records last_used_at
    # key + membership, the ticket with its lookups and flags, its people, its links (the links app's one
    # query when it has none)
    assert count_queries(lambda: bd.get(url)) == 4
    body = bd.get(url).json()
    assert body["agent"]["id"] == agent.user_id and body["requester"] is not None
    assert (body["comments"], body["tags"], body["attachments"], body["cis"], body["tasks"], body["time_entries"]) == (
        [],
        [],
        [],
        [],
        [],
        [],
    )


def test_each_list_a_ticket_has_is_read_and_shown(bd, tenant, agent, make_ticket):
    ticket = make_ticket()
    tag = Tag.objects.create(account=tenant.account, name="vip", owner_class="ticket")
    ticket.tags.add(tag)
    task = TicketTask.objects.create(ticket=ticket, title="Swap toner", agent=agent, created_by=tenant)
    TimeEntry.objects.create(ticket=ticket, task=task, agent=agent, date=datetime.date(2020, 1, 1), duration=5)
    comment_create(ticket=ticket, actor=agent, body="On it", is_public=True)
    url = f"/api/v1/tickets/{ticket.friendly_id}"
    bd.get(url)
    # key, ticket, tags, comments, tasks, time entries: no people (no agent or requester) and no
    # comment has files, so neither is read; its links (none: one query)
    assert count_queries(lambda: bd.get(url)) == 7
    body = bd.get(url).json()
    assert [t["name"] for t in body["tags"]] == ["vip"]
    assert [c["body"] for c in body["comments"]] == ["On it"] and body["comments"][0]["attachments"] == []
    assert [t["title"] for t in body["tasks"]] == ["Swap toner"]
    assert [e["duration"] for e in body["time_entries"]] == [5] and body["time_entries"][0]["task"]["id"] == task.pk
