"""Agents' queue: the account's tickets, filtered by status, team, agent, priority or "assigned to me",
sorted, 30 a page."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views import View

from accounts.pages import MemberRequiredMixin
from helpdesk import selectors

from .common import PAGE_SIZE_QUEUE, require_agent
from .forms import QueueFilterForm


class QueuePage(MemberRequiredMixin, View):
    def get(self, request):
        require_agent(self.membership, "index")
        filters = QueueFilterForm(request.GET, account=self.membership.account)
        tickets = selectors.ticket_list(account_id=self.membership.account_id)
        tickets = filters.filter(tickets, membership=self.membership)
        page = Paginator(tickets, PAGE_SIZE_QUEUE).get_page(request.GET.get("page"))
        return render(request, "portal/queue.html", {"filters": filters, "page_obj": page})
