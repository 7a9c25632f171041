"""Row counters (`accounts.counters`): right after every way rows come and go, on both databases."""

import pytest
from django.core.management import call_command

from accounts import counters
from accounts.models import Account, RowCount
from backlogs.models import Backlog
from backlogs.models import Ticket as DevTicket
from backlogs.tickets.services import ticket_create as dev_ticket_create
from backlogs.tickets.services import ticket_delete as dev_ticket_delete
from helpdesk.models import HelpdeskPriority, TicketType
from helpdesk.models import Ticket as DeskTicket
from helpdesk.services.tickets import ticket_create as desk_ticket_create
from issues import services as issue_services
from issues.models import Issue

pytestmark = pytest.mark.django_db(transaction=False)


def desk_ticket(membership):
    account = membership.account
    fields = {
        "title": "Printer is on fire",
        "type": TicketType.objects.filter(account=account).first(),
        "priority": HelpdeskPriority.objects.filter(account=account).first(),
    }
    return desk_ticket_create(account=account, actor=membership, fields=fields)


def dev_ticket(membership):
    return dev_ticket_create(account=membership.account, user=membership.user, fields={"title": "Fix the build"})


def issue(membership):
    account = membership.account
    company = issue_services.company_create(account=account, name=f"Co {Issue.objects.count()}")
    category = issue_services.category_create(account=account, company_id=company.pk, name="Printers")
    return issue_services.issue_create(
        account=account, category_ids=[category.pk], name="Printers down", description="All of them", severity="info"
    )


MAKERS = {DeskTicket: desk_ticket, DevTicket: dev_ticket, Issue: issue}
ALL = pytest.mark.parametrize("model", list(MAKERS), ids=lambda m: m._meta.label_lower)


def counted(model, account: Account) -> int:
    return counters.count_of(model, account_id=account.pk)


def real(model, account: Account) -> int:
    return model.objects.filter(account=account).count()


@ALL
def test_the_counted_tables_are_registered(model):
    assert counters.counted(model)


@ALL
def test_creates_and_deletes_keep_the_counter(model, tenant, other_tenant):
    made = [MAKERS[model](tenant) for _ in range(3)]
    MAKERS[model](other_tenant)
    assert counted(model, tenant.account) == 3 == real(model, tenant.account)
    assert counted(model, other_tenant.account) == 1
    made[0].delete()
    assert counted(model, tenant.account) == 2
    model.objects.filter(pk__in=[row.pk for row in made[1:]]).delete()  # a queryset delete (the admin's action)
    assert counted(model, tenant.account) == 0 == real(model, tenant.account)
    assert counted(model, other_tenant.account) == 1


@ALL
def test_bulk_create_is_counted(model, tenant):
    template = MAKERS[model](tenant)
    copies = []
    for offset in range(1, 6):
        copy = model.objects.get(pk=template.pk)
        copy.pk = None
        if hasattr(copy, "friendly_id"):
            copy.friendly_id += offset
        if hasattr(copy, "number"):
            copy.number += offset
        copies.append(copy)
    model.objects.bulk_create(copies)
    assert counted(model, tenant.account) == 6 == real(model, tenant.account)


def renumbered(model, n: int) -> dict:
    """Fields that keep a moved row unique in its new account."""
    return {name: 1000 + n for name in ("friendly_id", "number") if hasattr(model, name)}


@ALL
def test_a_move_between_accounts_moves_the_count(model, tenant, other_tenant):
    rows = [MAKERS[model](tenant) for _ in range(2)]
    MAKERS[model](other_tenant)
    model.objects.filter(pk=rows[0].pk).update(account=other_tenant.account, **renumbered(model, 0))
    assert counted(model, tenant.account) == 1 == real(model, tenant.account)
    assert counted(model, other_tenant.account) == 2 == real(model, other_tenant.account)
    moved = model.objects.get(pk=rows[1].pk)
    moved.account = other_tenant.account
    for name, value in renumbered(model, 1).items():
        setattr(moved, name, value)
    moved.save()  # a save that changes the account, as the admin's form would
    assert counted(model, tenant.account) == 0
    assert counted(model, other_tenant.account) == 3
    model.objects.filter(pk=rows[1].pk).update(description="edited")
    assert counted(model, other_tenant.account) == 3  # an update that moves nothing counts nothing


def test_the_dev_ticket_service_delete_and_a_deleted_backlog_cascade(tenant):
    tickets = [dev_ticket(tenant) for _ in range(3)]
    dev_ticket_delete(ticket=tickets[0], user=tenant.user)
    assert counted(DevTicket, tenant.account) == 2
    Backlog.objects.filter(pk=tickets[1].backlog_id).delete()  # cascades to its tickets
    assert counted(DevTicket, tenant.account) == 0 == real(DevTicket, tenant.account)


# A service-desk ticket protects its account (its type and priority are PROTECT), so only these two.
@pytest.mark.parametrize("model", [DevTicket, Issue], ids=lambda m: m._meta.label_lower)
def test_deleting_the_account_removes_its_counters_and_leaves_others(model, tenant, other_tenant):
    MAKERS[model](tenant)
    MAKERS[model](other_tenant)
    tenant.account.delete()
    assert not RowCount.objects.filter(account_id=tenant.account_id).exists()
    assert counted(model, other_tenant.account) == 1


def test_the_admin_delete_action_is_counted(tenant, admin_client):
    rows = [desk_ticket(tenant) for _ in range(2)]
    response = admin_client.post(
        "/admin/helpdesk/ticket/",
        {"action": "delete_selected", "_selected_action": [rows[0].pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert counted(DeskTicket, tenant.account) == 1 == real(DeskTicket, tenant.account)


def test_counters_rebuild_recounts_from_the_tables(tenant, other_tenant):
    for _ in range(2):
        desk_ticket(tenant)
        dev_ticket(other_tenant)
    RowCount.objects.update(value=999)  # as after a load that went around the triggers
    RowCount.objects.filter(account=other_tenant.account, name="backlogs.ticket").delete()
    call_command("counters_rebuild")
    assert counted(DeskTicket, tenant.account) == 2
    assert counted(DevTicket, other_tenant.account) == 2
    assert counted(DevTicket, tenant.account) == 0
    assert counted(Issue, tenant.account) == 0
