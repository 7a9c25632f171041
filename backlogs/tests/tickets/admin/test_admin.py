"""The staff admin of dev tickets: every list renders, and edits go through the event history."""

import pytest
from django.test import Client

from backlogs.models import Label, Repository, Ticket, TicketEvent, TicketStatus

pytestmark = pytest.mark.django_db

MODELS = ["ticket", "tickettype", "ticketstatus", "repository", "label", "ticketevent"]


@pytest.fixture
def staff(tenant):
    user = tenant.user
    user.is_staff = user.is_superuser = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


def test_every_changelist_and_change_page_renders(staff, make_ticket, tenant):
    ticket = make_ticket("Visible", labels=["x"])
    Repository.objects.create(account=tenant.account, name="repo")
    for model in MODELS:
        response = staff.get(f"/admin/backlogs/{model}/", {"q": "x"})
        assert response.status_code == 200, model
    assert staff.get(f"/admin/backlogs/ticket/{ticket.pk}/change/").status_code == 200
    assert staff.get("/admin/backlogs/ticket/add/").status_code == 403
    event = TicketEvent.objects.first()
    assert staff.get(f"/admin/backlogs/ticketevent/{event.pk}/change/").status_code == 200


def test_admin_edits_and_deletes_are_recorded(staff, make_ticket, tenant):
    ticket = make_ticket("Admin me", type_key="bug")
    confirmed = TicketStatus.objects.get(account=tenant.account, ticket_type=ticket.ticket_type, name="Confirmed")
    label = Label.objects.create(account=tenant.account, name="triaged")
    response = staff.post(
        f"/admin/backlogs/ticket/{ticket.pk}/change/",
        {
            "account": tenant.account_id,
            "backlog": ticket.backlog_id,
            "title": "Edited in admin",
            "description": "",
            "ticket_type": ticket.ticket_type_id,
            "status": confirmed.pk,
            "priority": 3,
            "position": 1,
            "labels": [label.pk],
            "comments-TOTAL_FORMS": 0,
            "comments-INITIAL_FORMS": 0,
            # The links inlines (read-only, links app).
            "source_dev_ticket-TOTAL_FORMS": 0,
            "source_dev_ticket-INITIAL_FORMS": 0,
            "target_dev_ticket-TOTAL_FORMS": 0,
            "target_dev_ticket-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    kinds = {e.kind: e.changes for e in TicketEvent.objects.filter(ticket=ticket)}
    assert kinds["ticket.status_changed"]["workflow"] == ["backlog", "todo"]
    assert kinds["ticket.updated"]["title"] == ["Admin me", "Edited in admin"]
    assert kinds["ticket.updated"]["labels"] == [[], ["triaged"]]
    response = staff.post(f"/admin/backlogs/ticket/{ticket.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Ticket.objects.filter(pk=ticket.pk).exists()
    assert TicketEvent.objects.filter(kind="ticket.deleted", ticket_number=ticket.number).exists()
