"""BOSSDesk tasks and time entries under `/api/v1/tickets/{friendly_id}/`."""

import datetime

import pytest

from backlog_site.api.testing import (
    assert_constant_queries,
    assert_other_tenant_not_found,
    assert_rejects_malformed,
    assert_requires_key,
)
from helpdesk.models import TaskType, Team, TicketTask, TimeEntry
from helpdesk.tests.conftest import bossdesk_client, bossdesk_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "method,url",
    [
        ("post", "/api/v1/tickets/1/tasks"),
        ("patch", "/api/v1/tickets/1/tasks/1"),
        ("delete", "/api/v1/tickets/1/tasks/1"),
        ("patch", "/api/v1/tickets/1/tasks/1/close"),
        ("patch", "/api/v1/tickets/1/tasks/1/reopen"),
        ("post", "/api/v1/tickets/1/time_entries"),
        ("patch", "/api/v1/tickets/1/time_entries/1"),
        ("delete", "/api/v1/tickets/1/time_entries/1"),
    ],
)
def test_every_work_endpoint_needs_a_key(tenant, method, url):
    assert_requires_key(method, url, bossdesk_error)


@pytest.fixture
def ticket(make_ticket):
    return make_ticket()


def test_task_life_cycle(bd, tenant, agent, ticket):
    account = tenant.account
    task_type = TaskType.objects.filter(account=account).first()
    team = Team.objects.get(account=account)
    base = f"/api/v1/tickets/{ticket.friendly_id}/tasks"
    response = bd.post(
        base,
        {
            "task": {
                "type_id": task_type.pk,
                "team_id": team.pk,
                "agent_id": agent.user_id,
                "title": "Figure out the meaning of this ticket",
                "note": "Note this!",
                "due_at": "2018-11-28 15:00:00",
            }
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["due_at"] == "2018-11-28T15:00:00.000Z" and body["closed_at"] is None
    assert body["type"] == {"id": task_type.pk, "name": task_type.name}
    assert body["team"] == {"id": team.pk, "name": team.name}
    assert body["agent"]["username"] == "aldente" and body["created_by"]["friendly_id"] == tenant.friendly_id
    url = f"{base}/{body['id']}"
    assert bd.patch(url, {"task": {"note": "Updated note"}}).status_code == 204
    assert TicketTask.objects.get(pk=body["id"]).note == "Updated note"
    response = bd.patch(f"{url}/close", {"task": {"note": "Done"}})
    assert response.status_code == 200 and response.json()["closed_at"] and response.json()["note"] == "Done"
    assert bd.patch(f"{url}/close").status_code == 422
    response = bd.patch(f"{url}/reopen")
    assert response.status_code == 200 and response.json()["closed_at"] is None
    assert bd.patch(f"{url}/reopen").json()["errors"]["base"]
    detail = bd.get(f"/api/v1/tickets/{ticket.friendly_id}").json()
    assert [t["title"] for t in detail["tasks"]] == ["Figure out the meaning of this ticket"]
    assert bd.delete(url).status_code == 204
    assert not TicketTask.objects.exists()
    assert bd.delete(url).status_code == 404


@pytest.mark.parametrize(
    "payload,field",
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": "x", "type_id": "y"}, "type_id"),
        ({"title": "x", "agent_id": 0}, "agent_id"),
        ({"title": "x", "due_at": "soon"}, "due_at"),
    ],
)
def test_invalid_tasks_answer_422(bd, ticket, payload, field):
    response = bd.post(f"/api/v1/tickets/{ticket.friendly_id}/tasks", {"task": payload})
    assert response.status_code == 422 and field in response.json()["errors"]
    assert not TicketTask.objects.exists()


def test_time_entries(bd, tenant, agent, ticket):
    task = TicketTask.objects.create(ticket=ticket, title="Sample Task", created_by=tenant)
    base = f"/api/v1/tickets/{ticket.friendly_id}/time_entries"
    payload = {"date": "31-12-2017", "duration": 60, "billable": True, "task_id": task.pk, "note": "herp-derp"}
    response = bd.post(base, {"time_entry": payload})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["date"], body["duration"], body["billable"], body["task_id"]) == ("2017-12-31", 60, True, task.pk)
    assert body["task"] == {"id": task.pk, "title": "Sample Task"}
    assert body["agent"]["id"] == tenant.user_id  # defaults to the caller
    response = bd.post(base, {"time_entry": {"date": "2017-12-30", "duration": 15, "agent_id": agent.user_id}})
    assert response.status_code == 201 and response.json()["agent"]["username"] == "aldente"
    assert response.json()["billable"] is False
    url = f"{base}/{body['id']}"
    assert bd.patch(url, {"time_entry": {"duration": 120}}).status_code == 204
    assert TimeEntry.objects.get(pk=body["id"]).duration == 120
    assert bd.patch(url, {"time_entry": {"duration": None}}).json() == {"errors": {"duration": ["can't be blank"]}}
    detail = bd.get(f"/api/v1/tickets/{ticket.friendly_id}").json()
    assert [e["date"] for e in detail["time_entries"]] == ["2017-12-30", "2017-12-31"]
    assert bd.delete(url).status_code == 204
    assert TimeEntry.objects.count() == 1
    assert TimeEntry.objects.get().date == datetime.date(2017, 12, 30)


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"duration": 60}, "date"),
        ({"date": "31-12-2017"}, "duration"),
        ({"date": "2017-13-45", "duration": 5}, "date"),
        ({"date": "31-12-2017", "duration": 0}, "duration"),
        ({"date": "31-12-2017", "duration": "an hour"}, "duration"),
        ({"date": "31-12-2017", "duration": 5, "task_id": 999}, "task_id"),
        ({"date": "31-12-2017", "duration": 5, "billable": "maybe"}, "billable"),
    ],
)
def test_invalid_time_entries_answer_422(bd, ticket, payload, field):
    response = bd.post(f"/api/v1/tickets/{ticket.friendly_id}/time_entries", {"time_entry": payload})
    assert response.status_code == 422 and field in response.json()["errors"], response.content
    assert not TimeEntry.objects.exists()


def test_a_task_of_another_ticket_is_refused(bd, tenant, make_ticket, ticket):
    other_ticket = make_ticket()
    task = TicketTask.objects.create(ticket=other_ticket, title="Elsewhere", created_by=tenant)
    response = bd.post(
        f"/api/v1/tickets/{ticket.friendly_id}/time_entries",
        {"time_entry": {"date": "31-12-2017", "duration": 5, "task_id": task.pk}},
    )
    assert response.status_code == 422 and "task_id" in response.json()["errors"]
    url = f"/api/v1/tickets/{ticket.friendly_id}/tasks/{task.pk}"
    assert bd.patch(url, {"task": {"note": "x"}}).status_code == 404


def test_malformed_bodies_and_other_tenants(bd, tenant, other_tenant, ticket, end_user):
    task = TicketTask.objects.create(ticket=ticket, title="Mine", created_by=tenant)
    entry = TimeEntry.objects.create(ticket=ticket, agent=tenant, date=datetime.date(2020, 1, 1), duration=5)
    base = f"/api/v1/tickets/{ticket.friendly_id}"
    for method, url in [
        ("post", f"{base}/tasks"),
        ("patch", f"{base}/tasks/{task.pk}"),
        ("patch", f"{base}/tasks/{task.pk}/close"),
        ("post", f"{base}/time_entries"),
        ("patch", f"{base}/time_entries/{entry.pk}"),
    ]:
        assert_rejects_malformed(bd, method, url, bossdesk_error)
    other = bossdesk_client(other_tenant)
    for method, url in [
        ("post", f"{base}/tasks"),
        ("patch", f"{base}/tasks/{task.pk}"),
        ("delete", f"{base}/tasks/{task.pk}"),
        ("patch", f"{base}/tasks/{task.pk}/close"),
        ("patch", f"{base}/tasks/{task.pk}/reopen"),
        ("post", f"{base}/time_entries"),
        ("patch", f"{base}/time_entries/{entry.pk}"),
        ("delete", f"{base}/time_entries/{entry.pk}"),
    ]:
        assert_other_tenant_not_found(other, method, url)
    assert bossdesk_client(end_user).post(f"{base}/tasks", {"task": {"title": "x"}}).status_code == 403
    task.refresh_from_db()
    entry.refresh_from_db()
    assert (task.title, task.closed_at, entry.duration) == ("Mine", None, 5)


def test_ticket_detail_runs_a_fixed_number_of_queries(bd, tenant, agent, ticket):
    from helpdesk.services.tickets import comment_create

    def make_rows(n):
        while ticket.tasks.count() < n:
            task = TicketTask.objects.create(ticket=ticket, title="t", agent=agent, created_by=tenant)
            TimeEntry.objects.create(ticket=ticket, task=task, agent=agent, date=datetime.date(2020, 1, 1), duration=5)
            comment_create(ticket=ticket, actor=agent, body="<p>c</p>", is_public=True)

    url = f"/api/v1/tickets/{ticket.friendly_id}"
    assert_constant_queries(make_rows, lambda: bd.get(url), small=1, large=12)
