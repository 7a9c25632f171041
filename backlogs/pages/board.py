"""The dev tickets' Kanban board: a column per status in workflow order; moving a card changes the
ticket's status through the same service as the Tickets API's `PATCH …/status`."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView, View

from backlogs.models import Ticket, Workflow
from backlogs.pages.access import PlannerRequiredMixin
from backlogs.tickets.hooks import card_notes
from backlogs.tickets.selectors import BOARD_CARDS_DEFAULT, board_columns, ticket_by_slug
from backlogs.tickets.services import ticket_status_set

WORKFLOW_LABELS = dict(Workflow.choices)


class BoardPage(PlannerRequiredMixin, TemplateView):
    """Every column's first cards; `?status=todo&offset=50` shows one column's next cards."""

    template_name = "backlogs/board.html"

    def get_context_data(self, **kwargs):
        workflow = self.request.GET.get("status")
        if workflow not in WORKFLOW_LABELS:
            workflow = None
        offset = _offset(self.request.GET.get("offset")) if workflow else 0
        columns = board_columns(
            account=self.membership.account, workflow=workflow, limit=BOARD_CARDS_DEFAULT, offset=offset, cards=True
        )
        cards = [ticket for column in columns for ticket in column["tickets"]]
        # What other apps add to a card (hooks.card_notes: the links app's linked desk tickets' count).
        notes = card_notes(account=self.membership.account, ticket_ids=[ticket.pk for ticket in cards])
        for ticket in cards:
            ticket.card_notes = notes[ticket.pk]
        for column in columns:
            column["label"] = WORKFLOW_LABELS[column["status"]]
            column["first"] = offset + 1 if column["tickets"] else 0
            column["last"] = offset + len(column["tickets"])
            column["next_offset"] = column["last"] if column["last"] < column["total"] else None
            column["previous_offset"] = max(offset - BOARD_CARDS_DEFAULT, 0) if offset else None
        return {
            **super().get_context_data(**kwargs),
            "columns": columns,
            "workflows": Workflow.choices,
            "one_column": workflow is not None,
        }


def _offset(value: str | None) -> int:
    """A number of cards to skip from the query string; anything else is the first page."""
    if value and value.isdigit() and len(value) <= 9:
        return int(value)
    return 0


class MoveCard(PlannerRequiredMixin, View):
    def post(self, request, slug):
        account = self.membership.account
        ticket = ticket_by_slug(Ticket.objects.select_related("ticket_type", "status"), account=account, slug=slug)
        if ticket is None:
            raise Http404("No such ticket")
        workflow = request.POST.get("status", "")
        if workflow not in WORKFLOW_LABELS:
            messages.error(request, "Choose one of the board's columns.")
        else:
            ticket_status_set(ticket=ticket, user=request.user, workflow=workflow)
            messages.success(request, f"{ticket.slug} moved to {WORKFLOW_LABELS[workflow]}.")
        return redirect("backlogs:board")
