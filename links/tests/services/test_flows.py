"""Work flowing along links: a dev ticket reaching done notes its desk tickets and e-mails their agents,
and an incident is updated once every dev ticket that fixes it is done."""

import pytest
from django.core import mail

from backlogs.tickets import services as dev_services
from helpdesk.models import TicketComment
from helpdesk.tests.conftest import add_member
from issues.models import IssueEvent, Subscription
from links import services
from links.ends import End
from links.escalation import desk_ticket_escalate

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(world):
    from accounts.models import Role

    return add_member(world.account, "aldente", Role.AGENT, first_name="Al")


def done(world, dev, workflow="done"):
    dev_services.ticket_status_set(ticket=dev, user=world.membership.user, workflow=workflow)


def notes(desk):
    return list(TicketComment.objects.filter(ticket=desk, is_public=False).values_list("body", flat=True))


def test_a_done_dev_ticket_notes_each_linked_desk_ticket_and_emails_its_agent(
    world,
    agent,
    celery_eager,
    django_capture_on_commit_callbacks,
):
    with_agent = world.desk_ticket("Assigned one", agent=agent)
    without_agent = world.desk_ticket("Nobody's")
    dev = desk_ticket_escalate(desk_ticket=with_agent, actor=world.membership)
    services.link_create(
        account=world.account, source=End.of(dev), kind="blocks", target=End.of(without_agent), creator=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        done(world, dev, "in_progress")
    assert notes(with_agent) == [] and mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        done(world, dev)
    expected = f"<p>Dev ticket {dev.slug} “{dev.title}” is done.</p>"
    assert notes(with_agent) == [expected]
    assert notes(without_agent) == [expected]
    assert [m.to for m in mail.outbox] == [["aldente@example.com"]]
    assert dev.slug in mail.outbox[0].subject and f"#{with_agent.friendly_id}" in mail.outbox[0].subject
    assert f"/portal/tickets/{with_agent.friendly_id}/" in mail.outbox[0].body


@pytest.mark.parametrize(
    "kind,told",
    [
        ("caused_by", True),  # escalated: the desk ticket causes the dev ticket
        ("causes", True),
        ("fixes", True),
        ("blocks", True),
        ("affects", True),
        ("relates_to", False),
        ("duplicates", False),
        ("duplicated_by", False),
        ("blocked_by", False),  # the desk ticket blocks the dev ticket: it waits on nothing
        ("fixed_by", False),
        ("affected_by", False),
    ],
)
def test_only_a_desk_ticket_waiting_on_the_dev_ticket_is_noted(world, agent, kind, told):
    """`dev <kind> desk`: the desk ticket is noted when, from its side, it waits on the dev ticket."""
    desk = world.desk_ticket("Waiting?", agent=agent)
    services.link_create(account=world.account, source=world.end("dev"), kind=kind, target=End.of(desk), creator=None)
    done(world, world.dev)
    assert len(notes(desk)) == (1 if told else 0)


def test_the_agents_email_is_sent_once_however_often_the_task_runs(world, agent, django_capture_on_commit_callbacks):
    from links import tasks

    desk = world.desk_ticket("Assigned one", agent=agent)
    dev = desk_ticket_escalate(desk_ticket=desk, actor=world.membership)
    done(world, dev)
    note = TicketComment.objects.get(ticket=desk, is_public=False)
    assert tasks.desk_note_email_send(note.pk) is True
    assert tasks.desk_note_email_send(note.pk) is False
    assert len(mail.outbox) == 1


def test_a_move_that_rolls_back_writes_no_note(world, agent, django_capture_on_commit_callbacks, monkeypatch):
    from links import flows

    desk = world.desk_ticket("Assigned one", agent=agent)
    dev = desk_ticket_escalate(desk_ticket=desk, actor=world.membership)

    def broken(*args, **kwargs):
        raise RuntimeError("the issue update failed")

    monkeypatch.setattr(flows, "_incidents_updated", broken)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        done(world, dev)
    assert notes(desk) == [] and callbacks == []
    dev.refresh_from_db()
    assert dev.status.workflow != "done"


def fixes(world, dev, issue):
    services.link_create(account=world.account, source=End.of(dev), kind="fixes", target=End.of(issue), creator=None)


def test_an_incident_is_updated_once_every_fix_is_done_and_its_subscriber_emailed_once(
    world,
    celery_eager,
    django_capture_on_commit_callbacks,
):
    from django.utils import timezone

    Subscription.objects.create(
        account=world.account, issue=world.issue, email="fan@example.com", confirmed_at=timezone.now()
    )
    second = world.dev_ticket("Second fix")
    fixes(world, world.dev, world.issue)
    services.link_create(
        account=world.account, source=End.of(world.issue), kind="fixed_by", target=End.of(second), creator=None
    )
    unrelated = world.dev_ticket("Only relates")
    services.link_create(
        account=world.account, source=End.of(unrelated), kind="relates_to", target=End.of(world.issue), creator=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        done(world, world.dev)
        done(world, unrelated)
    assert not IssueEvent.objects.filter(issue=world.issue, kind="updated").exists()
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        done(world, second)
    (update,) = IssueEvent.objects.filter(issue=world.issue, kind="updated")
    assert update.description.startswith("Fix deployed.")
    assert "AM-" not in update.description  # the public issue names no internal ticket
    assert [m.to for m in mail.outbox] == [["fan@example.com"]]


def test_a_closed_incident_is_left_alone(world, django_capture_on_commit_callbacks):
    from django.utils import timezone

    world.issue.closed_at = timezone.now()
    world.issue.save()
    fixes(world, world.dev, world.issue)
    done(world, world.dev)
    assert not IssueEvent.objects.filter(issue=world.issue, kind="updated").exists()
