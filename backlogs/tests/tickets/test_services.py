"""The rules every surface shares: numbers, default backlog, type/status consistency, members, events."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from backlogs.models import Backlog, Ticket, TicketComment, TicketEvent, TicketStatus, TicketType
from backlogs.tickets import services

pytestmark = pytest.mark.django_db


def test_tickets_land_in_one_default_backlog_created_on_first_use(tenant, make_ticket):
    assert not Backlog.objects.filter(account=tenant.account).exists()
    first, second = make_ticket("one"), make_ticket("two")
    assert first.backlog == second.backlog
    assert first.backlog.name == services.DEFAULT_BACKLOG_NAME and first.backlog.account == tenant.account


def test_default_backlog_is_the_oldest_active_one(tenant):
    archived = Backlog.objects.create(account=tenant.account, name="Old", archived=True)
    oldest = Backlog.objects.create(account=tenant.account, name="Product")
    Backlog.objects.create(account=tenant.account, name="Later")
    assert services.backlog_default(account=tenant.account) == oldest != archived


def test_numbers_grow_and_are_not_reused_after_delete(tenant, make_ticket):
    a = make_ticket("a")
    b = make_ticket("b")
    services.ticket_delete(ticket=b, user=tenant.user)
    c = make_ticket("c")
    assert (b.number, c.number) == (a.number + 1, a.number + 2)
    assert c.slug == f"AM-{c.number}"


def test_a_refused_ticket_does_not_use_up_a_number(tenant, make_ticket):
    a = make_ticket("a")
    with pytest.raises(ValidationError):
        make_ticket("")
    assert make_ticket("b").number == a.number + 1


def test_type_defaults_to_request_and_status_to_the_types_first(tenant):
    ticket = services.ticket_create(account=tenant.account, user=tenant.user, fields={"title": "No type"})
    assert (ticket.ticket_type.number, ticket.status.name) == (1, "New")


def test_a_status_implies_its_type_and_a_mismatch_is_refused(tenant, make_ticket):
    fixed = TicketStatus.objects.get(account=tenant.account, ticket_type__key="bug", name="Fixed")
    ticket = services.ticket_create(account=tenant.account, user=tenant.user, fields={"title": "t", "status": fixed})
    assert ticket.ticket_type.key == "bug"
    request_type = TicketType.objects.get(account=tenant.account, key="request")
    with pytest.raises(ValidationError) as exc:
        services.ticket_update(ticket=ticket, user=tenant.user, fields={"ticket_type": request_type, "status": fixed})
    assert "status" in exc.value.error_dict


def test_changing_type_keeps_the_board_column(tenant, make_ticket):
    ticket = make_ticket("t", type_key="bug", workflow="in_review")
    feature = TicketType.objects.get(account=tenant.account, key="feature")
    ticket = services.ticket_update(ticket=ticket, user=tenant.user, fields={"ticket_type": feature})
    assert (ticket.status.ticket_type, ticket.status.workflow) == (feature, "in_review")


def test_moving_to_the_same_column_keeps_the_exact_status(tenant, make_ticket):
    declined = TicketStatus.objects.get(account=tenant.account, ticket_type__key="request", name="Declined")
    ticket = make_ticket("t", type_key="request", status=declined)
    ticket = services.ticket_status_set(ticket=ticket, user=tenant.user, workflow="done")
    assert ticket.status == declined
    assert not TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.STATUS_CHANGED).exists()


def test_a_type_without_a_status_in_the_column_is_refused(tenant, make_ticket):
    ticket = make_ticket("t", type_key="task")
    TicketStatus.objects.filter(ticket_type=ticket.ticket_type, workflow="in_review").delete()
    with pytest.raises(ValidationError) as exc:
        services.ticket_status_set(ticket=ticket, user=tenant.user, workflow="in_review")
    assert "status" in exc.value.error_dict


def test_assignee_must_be_a_member(tenant, other_tenant, make_ticket):
    with pytest.raises(ValidationError) as exc:
        make_ticket("t", assignee=other_tenant.user)
    assert "assignee" in exc.value.error_dict
    assert make_ticket("t", assignee=tenant.user).assignee == tenant.user
    with pytest.raises(ValidationError):
        make_ticket("t", assignee=User.objects.create_user("stranger"))


def test_cross_account_references_are_refused(tenant, other_tenant, make_ticket):
    theirs = make_ticket("theirs", account=other_tenant.account)
    foreign_backlog = Backlog.objects.create(account=other_tenant.account, name="Theirs")
    for fields, field in [({"parent": theirs}, "parent"), ({"backlog": foreign_backlog}, "backlog")]:
        with pytest.raises(ValidationError) as exc:
            make_ticket("mine", **fields)
        assert field in exc.value.error_dict


def test_descriptions_and_comments_are_sanitised(tenant, make_ticket):
    ticket = make_ticket("t", description="<p>ok</p><script>x()</script>")
    assert ticket.description == "<p>ok</p>"
    comment = services.ticket_comment_add(ticket=ticket, user=tenant.user, body="<i>hi</i><img src=x onerror=y()>")
    assert "onerror" not in comment.body and "<i>hi</i>" in comment.body


def test_events_record_each_change(tenant, make_ticket, member):
    ticket = make_ticket("t", labels=["a"])
    ticket = services.ticket_update(
        ticket=ticket, user=tenant.user, fields={"title": "t2", "workflow": "todo", "labels": ["a", "b"]}, comment="why"
    )
    events = list(TicketEvent.objects.filter(account=tenant.account).order_by("id"))
    assert [e.kind for e in events] == ["ticket.created", "ticket.status_changed", "ticket.updated"]
    assert events[0].changes["labels"] == ["a"] and events[0].actor == tenant.user
    assert events[1].changes["workflow"] == ["backlog", "todo"]
    assert events[2].changes["title"] == ["t", "t2"] and events[2].changes["labels"] == [["a"], ["a", "b"]]
    assert events[2].changes["comments"][1] == TicketComment.objects.get(ticket=ticket).pk
    services.ticket_delete(ticket=ticket, user=member.user)
    deleted = TicketEvent.objects.get(kind="ticket.deleted")
    assert deleted.ticket is None and deleted.changes["title"] == "t2" and deleted.actor == member.user
    assert TicketEvent.objects.filter(ticket_number=ticket.number).count() == 4
    assert not Ticket.objects.filter(pk=ticket.pk).exists()


def test_deleting_a_parent_keeps_its_children(tenant, make_ticket):
    parent = make_ticket("p")
    child = make_ticket("c", parent=parent)
    services.ticket_delete(ticket=parent, user=tenant.user)
    child.refresh_from_db()
    assert child.parent is None
    event = TicketEvent.objects.get(ticket=child, kind=TicketEvent.Kind.UPDATED)
    assert event.changes == {"parent_id": [parent.pk, None]}


def test_events_keep_the_beginning_of_long_descriptions(tenant, make_ticket):
    ticket = make_ticket("t", description="a" * 5000)
    ticket = services.ticket_update(ticket=ticket, user=tenant.user, fields={"description": "a" * 4999 + "b"})
    created, updated = TicketEvent.objects.filter(ticket=ticket).order_by("id")
    assert len(created.changes["description"]) == services.EVENT_TEXT_LIMIT
    assert [len(v) for v in updated.changes["description"]] == [services.EVENT_TEXT_LIMIT] * 2


def test_types_and_statuses_in_use_stay_but_an_account_deletes_with_its_tickets(tenant, make_ticket):
    from django.db.models import RestrictedError

    ticket = make_ticket("x")
    with pytest.raises(RestrictedError):
        ticket.ticket_type.delete()
    with pytest.raises(RestrictedError):
        ticket.status.delete()
    tenant.account.delete()
    assert not Ticket.objects.exists() and not TicketType.objects.filter(account_id=tenant.account_id).exists()
