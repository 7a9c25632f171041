"""The dev tickets' Kanban board: a column per status in workflow order; moving a card changes the
ticket's status through the same service as the Tickets API's `PATCH …/status`."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView, View

from backlogs.models import Ticket, Workflow
from backlogs.pages.access import PlannerRequiredMixin
from backlogs.tickets.selectors import board_columns, ticket_by_slug
from backlogs.tickets.services import ticket_status_set

WORKFLOW_LABELS = dict(Workflow.choices)


class BoardPage(PlannerRequiredMixin, TemplateView):
    template_name = "backlogs/board.html"

    def get_context_data(self, **kwargs):
        columns = board_columns(account=self.membership.account, cards=True)
        for column in columns:
            column["label"] = WORKFLOW_LABELS[column["status"]]
        return {**super().get_context_data(**kwargs), "columns": columns, "workflows": Workflow.choices}


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
