"""An agent's ticket page: conversation with internal notes, assignment with lock_version, close and
reopen, comments, tasks and time; scoping, CSRF and a fixed query count."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from backlog_site.page_testing import assert_page_queries_constant, signed_in
from cmdb import services as cmdb_services
from cmdb.attachments.services import attachment_upload
from cmdb.models import CI, CIStatus, CIType
from cmdb.services import ci_create
from helpdesk.models import Team, Ticket, TicketComment, TicketTask, TimeEntry
from helpdesk.services.tickets import comment_create, ticket_update
from helpdesk.services.work import task_create, time_entry_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(make_ticket, end_user):
    return make_ticket(actor=end_user, requester=end_user, description="<p>Broken <em>badly</em></p>")


def url(ticket, action=""):
    return f"/portal/tickets/{ticket.friendly_id}/{action}"


def test_the_ticket_page_shows_public_and_internal_comments_apart(agent_page, ticket, agent):
    comment_create(ticket=ticket, actor=agent, body="Public answer", is_public=True)
    comment_create(ticket=ticket, actor=agent, body="Secret note", is_public=False)
    html = agent_page.get(url(ticket)).content.decode()
    assert "<p>Broken <em>badly</em></p>" in html
    assert "Public answer" in html and "Secret note" in html
    internal = html[html.index('class="comment comment-internal') :]
    assert (
        "Internal note" in internal[: internal.index("</li>")] and "Secret note" in internal[: internal.index("</li>")]
    )


def test_another_accounts_ticket_and_an_end_user_answer_404(ticket, other_tenant, end_user_page, make_ticket):
    outsider = signed_in(other_tenant)
    assert outsider.get(url(ticket)).status_code == 404
    for action in ["update/", "close/", "comments/", "tasks/", "time/"]:
        assert (
            outsider.post(url(ticket, action), {"lock_version": 0, "body": "x", "visibility": "public"}).status_code
            == 404
        )
    assert end_user_page.get(url(ticket)).status_code == 404  # even their own request: theirs is /portal/requests/
    assert end_user_page.post(url(ticket, "close/"), {"lock_version": 0}).status_code == 404
    ticket.refresh_from_db()
    assert not ticket.is_closed and not ticket.comments.exists()


def test_assigning_an_agent_and_team_saves_and_bumps_the_lock(agent_page, ticket, agent, tenant):
    team = Team.objects.get(account=tenant.account)
    data = {"agent": agent.pk, "team": team.pk, "priority": ticket.priority_id, "lock_version": ticket.lock_version}
    response = agent_page.post(url(ticket, "update/"), data)
    assert response.status_code == 302
    fresh = Ticket.objects.get(pk=ticket.pk)
    assert fresh.agent == agent and fresh.team == team and fresh.status == "assigned"
    assert fresh.lock_version == ticket.lock_version + 1


def test_a_stale_form_says_changed_by_someone_else_and_shows_the_newer_values(agent_page, ticket, agent, tenant):
    seen = ticket.lock_version
    ticket_update(ticket=ticket, actor=tenant, fields={"agent": tenant}, lock_version=seen)  # someone else
    data = {"agent": agent.pk, "priority": ticket.priority_id, "lock_version": seen}
    response = agent_page.post(url(ticket, "update/"), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Changed by someone else" in html
    form = response.context["edit_form"]
    assert form.initial["agent"] == tenant.pk and form.initial["lock_version"] == seen + 1
    assert f'name="lock_version" value="{seen + 1}"' in html
    assert dict(response.context["attempted"])["Agent"] == agent.user.get_full_name()
    assert Ticket.objects.get(pk=ticket.pk).agent == tenant  # never a silent overwrite


def test_an_invalid_edit_shows_the_errors(agent_page, ticket, other_tenant):
    foreign_team = Team.objects.get(account=other_tenant.account)
    response = agent_page.post(url(ticket, "update/"), {"team": foreign_team.pk, "lock_version": "x"})
    assert response.status_code == 200
    assert set(response.context["edit_form"].errors) == {"team", "priority", "lock_version"}
    assert Ticket.objects.get(pk=ticket.pk).lock_version == ticket.lock_version


def test_close_and_reopen_carry_the_lock_version(agent_page, ticket, tenant):
    assert agent_page.post(url(ticket, "close/"), {"lock_version": ticket.lock_version}).status_code == 302
    closed = Ticket.objects.get(pk=ticket.pk)
    assert closed.is_closed and closed.closed_at is not None
    stale = agent_page.post(url(ticket, "reopen/"), {"lock_version": ticket.lock_version})
    assert stale.status_code == 409 and "Changed by someone else" in stale.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).is_closed
    assert agent_page.post(url(ticket, "reopen/"), {"lock_version": closed.lock_version}).status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).status == "open"


def test_closing_twice_is_refused_with_a_message(agent_page, ticket):
    agent_page.post(url(ticket, "close/"), {"lock_version": ticket.lock_version})
    again = Ticket.objects.get(pk=ticket.pk)
    response = agent_page.post(url(ticket, "close/"), {"lock_version": again.lock_version}, follow=True)
    assert "already closed" in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).lock_version == again.lock_version


def test_agents_add_public_replies_and_internal_notes(agent_page, ticket, agent):
    agent_page.post(url(ticket, "comments/"), {"body": "We are on it", "visibility": "public"})
    agent_page.post(url(ticket, "comments/"), {"body": "Probably PEBKAC", "visibility": "internal"})
    comments = list(TicketComment.objects.filter(ticket=ticket).values_list("body", "is_public", "from_agent"))
    assert comments == [("<p>We are on it</p>", True, True), ("<p>Probably PEBKAC</p>", False, True)]
    blank = agent_page.post(url(ticket, "comments/"), {"body": "", "visibility": "public"})
    assert blank.status_code == 200 and "body" in blank.context["comment_form"].errors
    no_choice = agent_page.post(url(ticket, "comments/"), {"body": "Kept text"})
    assert (
        "visibility" in no_choice.context["comment_form"].errors
        and "Kept text</textarea>" in no_choice.content.decode()
    )
    assert TicketComment.objects.filter(ticket=ticket).count() == 2


def test_tasks_are_added_and_ticked_done_and_back(agent_page, ticket, make_ticket, agent):
    agent_page.post(url(ticket, "tasks/"), {"title": "Call the user"})
    task = TicketTask.objects.get(ticket=ticket)
    assert task.title == "Call the user" and task.created_by == agent and task.closed_at is None
    agent_page.post(url(ticket, f"tasks/{task.pk}/toggle/"))
    assert TicketTask.objects.get(pk=task.pk).closed_at is not None
    agent_page.post(url(ticket, f"tasks/{task.pk}/toggle/"))
    assert TicketTask.objects.get(pk=task.pk).closed_at is None
    assert agent_page.post(url(ticket, "tasks/"), {"title": ""}).context["task_form"].errors
    other = make_ticket()
    assert agent_page.post(url(other, f"tasks/{task.pk}/toggle/")).status_code == 404


def test_time_is_logged_and_totalled(agent_page, ticket, agent):
    agent_page.post(url(ticket, "time/"), {"date": "2026-11-20", "duration": 25, "billable": "on", "note": "Phone"})
    entry = TimeEntry.objects.get(ticket=ticket)
    assert (entry.agent, entry.date, entry.duration, entry.billable) == (agent, datetime.date(2026, 11, 20), 25, True)
    assert "25 minutes logged" in agent_page.get(url(ticket)).content.decode()
    bad = agent_page.post(url(ticket, "time/"), {"date": "someday", "duration": 0, "note": "Kept"})
    assert set(bad.context["time_form"].errors) == {"date", "duration"} and 'value="Kept"' in bad.content.decode()
    assert TimeEntry.objects.count() == 1


def test_posts_need_the_csrf_token(agent, ticket):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent.user)
    session = client.session
    session["account_id"] = agent.account_id
    session.save()
    for action in ["update/", "close/", "comments/", "tasks/", "time/"]:
        assert client.post(url(ticket, action), {"lock_version": 0}).status_code == 403
    assert not Ticket.objects.get(pk=ticket.pk).is_closed


def test_an_agent_without_update_permission_cannot_edit(agent, ticket):
    agent.permissions = {**agent.permissions, "tickets": ["index", "show"]}
    agent.save()
    page = signed_in(agent)
    assert page.get(url(ticket)).status_code == 200
    assert page.post(url(ticket, "close/"), {"lock_version": ticket.lock_version}).status_code == 403
    assert not Ticket.objects.get(pk=ticket.pk).is_closed


def test_a_ticket_page_with_many_comments_runs_a_fixed_number_of_queries(agent_page, ticket, agent, end_user, tenant):
    computer = CIType.objects.filter(account=tenant.account).first()
    active = CIStatus.objects.filter(account=tenant.account).first()

    def make_rows(n):
        while ticket.comments.count() < n:
            i = ticket.comments.count()
            comment = comment_create(
                ticket=ticket, actor=agent if i % 2 else end_user, body=f"c{i}", is_public=bool(i % 3)
            )
            task_create(ticket=ticket, actor=agent, fields={"title": f"t{i}", "agent": agent})
            time_entry_create(ticket=ticket, actor=agent, fields={"date": datetime.date(2026, 1, 1), "duration": 5})
            for owner in ({"ticket": ticket, "comment": comment}, {"ticket": ticket}):  # each comment's and own
                attachment_upload(
                    account=tenant.account, actor=agent, owner=owner, file=SimpleUploadedFile(f"f{i}.txt", b"x")
                )
            ci_create(
                account=tenant.account, actor=agent, fields={"name": f"ci{i}", "type": computer, "status": active}
            )
        cmdb_services.ticket_cis_set(ticket=ticket, cis=CI.objects.filter(account=tenant.account))

    assert_page_queries_constant(agent_page, url(ticket), make_rows)
