"""End users' side of the portal: my requests, raise a request, a request's page (public conversation
only, exactly as `/my/tickets` shows it), comment, attach a file and reopen."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from accounts.pages import MemberRequiredMixin
from backlog_site.api.errors import ApplicationError
from helpdesk import selectors
from helpdesk.services import tickets as services

from .common import (
    PAGE_SIZE_MY_REQUESTS,
    attach_from_form,
    attachment_limits,
    custom_values_for_display,
    is_agent,
    safe_html,
    ticket_custom_fields,
    with_attachment_links,
    with_html,
)
from .forms import AttachmentForm, CommentForm, MyRequestsFilterForm, RequestForm, add_service_errors


class PortalHome(MemberRequiredMixin, View):
    """/portal/ sends agents and admins to the queue and end users to their requests."""

    def get(self, request):
        return redirect("portal:queue" if is_agent(self.membership) else "portal:my-requests")


class MyRequestsPage(MemberRequiredMixin, View):
    def get(self, request):
        filters = MyRequestsFilterForm(request.GET)
        tickets = filters.filter(selectors.my_ticket_list(membership=self.membership))
        page = Paginator(tickets, PAGE_SIZE_MY_REQUESTS).get_page(request.GET.get("page"))
        return render(request, "portal/my_requests.html", {"filters": filters, "page_obj": page})


class RaiseRequestPage(MemberRequiredMixin, View):
    def get(self, request):
        form = RequestForm(account=self.membership.account, initial={"category": request.GET.get("category")})
        return self.show(form)

    def post(self, request):
        form = RequestForm(request.POST, account=self.membership.account)
        if form.is_valid():
            try:
                ticket = services.ticket_create(
                    account=self.membership.account,
                    actor=self.membership,
                    fields={**form.ticket_fields(), "requester": self.membership},
                    custom_fields=form.custom_values(),
                    source="user_portal",
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, f"Request #{ticket.friendly_id} raised. We will get back to you.")
                return redirect("portal:request", number=ticket.friendly_id)
        return self.show(form)

    def show(self, form):
        return render(self.request, "portal/request_form.html", {"form": form})


class RequestPage(MemberRequiredMixin, View):
    """A request of the signed-in member (anyone else's answers 404, agents included: theirs is the
    ticket page)."""

    def ticket(self, number: int):
        return get_object_or_404(selectors.my_ticket_detail(membership=self.membership), friendly_id=number)

    def get(self, request, number):
        return self.show(self.ticket(number), CommentForm())

    def post(self, request, number):
        ticket = self.ticket(number)
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                services.comment_create(
                    ticket=ticket, actor=self.membership, body=form.html(), is_public=True, source="user_portal"
                )
            except ApplicationError as error:
                form.add_error("body", error.message)
            else:
                messages.success(request, "Comment added.")
                return redirect(reverse("portal:request", kwargs={"number": number}) + "#conversation")
        return self.show(ticket, form)

    def attachable_comments(self, ticket) -> list:
        """Like `/my/tickets/{id}/comments/{id}/attachments`: only one's own public comments."""
        return [comment for comment in ticket.public_comments if comment.created_by_id == self.membership.pk]

    def attachment_form(self, ticket, data=None, files=None) -> AttachmentForm:
        return AttachmentForm(data, files, comments=self.attachable_comments(ticket), ticket_label="The request itself")

    def show(self, ticket, form, attachment_form=None):
        with_attachment_links(self.request, ticket, ticket.public_comments)
        context = {
            "ticket": ticket,
            "description_html": safe_html(ticket.description),
            "comments": with_html(ticket.public_comments),
            "custom_values": custom_values_for_display(ticket, ticket_custom_fields(ticket.account_id)),
            "form": form,
            "attachment_form": attachment_form or self.attachment_form(ticket),
            "attach_url": reverse("portal:request-attach", kwargs={"number": ticket.friendly_id}),
            **attachment_limits(),
        }
        return render(self.request, "portal/request_detail.html", context)


class RequestAttach(RequestPage):
    """Attach a file to one's own request (or to one of one's own public comments on it)."""

    http_method_names = ["post"]

    def post(self, request, number):
        ticket = self.ticket(number)
        form = self.attachment_form(ticket, request.POST, request.FILES)
        if attach_from_form(request, self.membership, ticket, form):
            return redirect(reverse("portal:request", kwargs={"number": number}) + "#attachments")
        return self.show(ticket, CommentForm(), attachment_form=form)


class ReopenRequest(MemberRequiredMixin, View):
    def post(self, request, number):
        ticket = get_object_or_404(selectors.my_ticket_list(membership=self.membership), friendly_id=number)
        try:
            services.ticket_reopen(ticket=ticket, actor=self.membership)
        except ApplicationError as error:
            messages.error(request, f"Request #{number} {error.message}.")
        else:
            messages.success(request, f"Request #{number} reopened.")
        return redirect("portal:request", number=number)
