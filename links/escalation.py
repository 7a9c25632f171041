"""Escalation: a desk ticket handed to engineering as a new dev ticket, linked `caused_by` to it, in one
transaction (the dev ticket is not made without its link, nor the link without the dev ticket)."""

from django.db import transaction

from accounts.models import Membership
from backlogs.models import Priority, TicketType
from backlogs.models import Ticket as DevTicket
from backlogs.tickets import services as dev_tickets
from helpdesk.models import Ticket as DeskTicket

from .ends import End
from .kinds import Kind
from .services import link_create

DEFAULT_TYPE_KEY = "bug"


def priority_of(desk_ticket: DeskTicket) -> int:
    """The dev priority of a desk ticket's: its level (1 low … 4 urgent in the default lookups), within
    the dev scale."""
    level = desk_ticket.priority.level if desk_ticket.priority_id else Priority.MEDIUM
    return max(Priority.LOW, min(Priority.URGENT, level or Priority.MEDIUM))


@transaction.atomic
def desk_ticket_escalate(
    *,
    desk_ticket: DeskTicket,
    actor: Membership,
    title: str | None = None,
    ticket_type: TicketType | None = None,
    priority: int | None = None,
) -> DevTicket:
    """A dev ticket for `desk_ticket`: its title and description unless told otherwise, the type `bug`
    (the account's default type when it has none called so), the priority mapped from the desk ticket's."""
    account = desk_ticket.account
    if ticket_type is None:
        ticket_type = TicketType.objects.filter(account=account, key=DEFAULT_TYPE_KEY).first()
    fields = {
        "title": title or desk_ticket.title,
        "description": desk_ticket.description,
        "ticket_type": ticket_type,
        "priority": priority or priority_of(desk_ticket),
    }
    dev_ticket = dev_tickets.ticket_create(account=account, user=actor.user, fields=fields)
    link_create(
        account=account, source=End.of(dev_ticket), kind=Kind.CAUSED_BY, target=End.of(desk_ticket), creator=actor
    )
    return dev_ticket
