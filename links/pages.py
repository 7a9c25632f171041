"""The links on an agent's ticket page (a panel of helpdesk.pages.panels): the ticket's links, each
read from its side, a form to add one (kind and target, as the APIs take them), a button to remove
one and the "Escalate" button. Each form posts to its own URL and calls the services the APIs call; a
valid post redirects back to the page, an invalid one shows it again with the errors."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect

from helpdesk.pages.tickets import TicketPageBase

from . import selectors, services
from .api.words import ORGTICKETS
from .ends import End, EndType, end_data
from .errors import EndNotFound, LinkRefused
from .escalation import desk_ticket_escalate
from .kinds import READINGS
from .targets import target_resolve

PANEL_TEMPLATE = "links/ticket_panel.html"


class LinkForm(forms.Form):
    kind = forms.ChoiceField(choices=[(reading, reading.replace("_", " ")) for reading in READINGS])
    target = forms.CharField(
        max_length=100, help_text="A dev ticket's slug (AM-42), or type:id — desk_ticket:7, story:3, ci:2, issue:5."
    )


def may_escalate(membership) -> bool:
    return membership.can("dev_tickets", "create")


def ticket_panel(*, request, ticket, membership, forms: dict) -> dict:
    """The panel's context: the ticket's links in links_by_end's queries (one for the links, one per
    family at their other ends), whatever their number."""
    reads = selectors.links_by_end(account_id=ticket.account_id, end_type=EndType.DESK_TICKET, objects=[ticket])
    prefix = membership.account.ticket_prefix
    links = [
        {
            "id": read.link.pk,
            "kind": read.kind.replace("_", " "),
            "family": EndType(read.other.type).label,
            **end_data(read.other.type, read.other.obj, ticket_prefix=prefix),
        }
        for read in reads[ticket.pk]
    ]
    return {"links": links, "form": forms.get("link_form") or LinkForm(), "may_escalate": may_escalate(membership)}


class LinkAdd(TicketPageBase):
    action = "update"

    def post(self, request, number):
        ticket = self.ticket()
        form = LinkForm(request.POST)
        if form.is_valid():
            account = self.membership.account
            try:
                target = target_resolve(account=account, target=form.cleaned_data["target"])
                services.link_create(
                    account=account,
                    source=End.of(ticket),
                    kind=form.cleaned_data["kind"],
                    target=target,
                    creator=self.membership,
                )
            except LinkRefused as refused:
                form.add_error(refused.field, ORGTICKETS[(refused.field, refused.code)])
            except EndNotFound:
                form.add_error("target", "Nothing in this account is called so.")
            else:
                shown = end_data(target.type, target.obj, ticket_prefix=account.ticket_prefix)
                kind = form.cleaned_data["kind"].replace("_", " ")
                messages.success(request, f"Linked: {kind} {shown['ref']} “{shown['title']}”.")
                return redirect(self.url("#links"))
        return self.show(ticket, link_form=form)


class LinkDelete(TicketPageBase):
    action = "update"

    def post(self, request, number, link_id):
        ticket = self.ticket()
        touching = selectors.links_touching(account_id=ticket.account_id, end_type=EndType.DESK_TICKET, ids=[ticket.pk])
        link = get_object_or_404(touching, pk=link_id)
        services.link_delete(link=link, actor=self.membership)
        messages.success(request, "Link removed.")
        return redirect(self.url("#links"))


class Escalate(TicketPageBase):
    """A new dev ticket linked `caused_by` to this one (the BOSSDesk escalate endpoint's service)."""

    action = "update"

    def post(self, request, number):
        ticket = self.ticket()
        if not may_escalate(self.membership):
            raise PermissionDenied("You may not create dev tickets")
        dev_ticket = desk_ticket_escalate(desk_ticket=ticket, actor=self.membership)
        messages.success(request, f"Escalated to dev ticket {dev_ticket.slug}.")
        return redirect(self.url("#links"))


def card_note(*, account, ticket_ids: list[int]) -> dict[int, str]:
    """A board card's linked desk tickets' count (backlogs.tickets.hooks.card_notes), one query a board."""
    counts = selectors.desk_tickets_linked(account_id=account.pk, dev_ticket_ids=ticket_ids)
    return {pk: f"{n} desk ticket{'s' if n != 1 else ''}" for pk, n in counts.items()}
