"""An agent's ticket page: public and internal conversation, assignment and status (carrying
`lock_version`), close and reopen, tasks checklist, time log, attachments and linked CIs. Each form
posts to its own URL; a valid post redirects back, an invalid one shows the page again with the errors
and what was typed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from accounts.pages import MemberRequiredMixin
from backlog_site.api.errors import ApplicationError
from cmdb import selectors as cmdb_selectors
from cmdb import services as cmdb_services
from cmdb.models import CI
from helpdesk import selectors
from helpdesk.models import Ticket, TicketTask
from helpdesk.services import tickets as services
from helpdesk.services import work

from .common import (
    CONFLICT_MESSAGE,
    attach_from_form,
    attachment_limits,
    custom_values_for_display,
    ensure_fresh,
    require_agent,
    safe_html,
    ticket_custom_fields,
    with_attachment_links,
    with_html,
)
from .forms import (
    AgentCommentForm,
    AttachmentForm,
    LinkCIForm,
    LockForm,
    TaskForm,
    TicketEditForm,
    TimeEntryForm,
    add_service_errors,
)
from .panels import panels_for

CONFLICT = 409


class TicketPageBase(MemberRequiredMixin, View):
    action = "show"

    def dispatch(self, request, *args, **kwargs):
        self.number = kwargs.get("number")
        return super().dispatch(request, *args, **kwargs)

    def ticket(self) -> Ticket:
        require_agent(self.membership, self.action)
        tickets = selectors.ticket_detail(account_id=self.membership.account_id)
        return get_object_or_404(tickets, friendly_id=self.number)

    def url(self, anchor: str = "") -> str:
        return reverse("portal:ticket", kwargs={"number": self.number}) + anchor

    def show(self, ticket: Ticket, status: int = 200, **forms):
        account = self.membership.account
        forms.setdefault("edit_form", TicketEditForm(account=account, initial=TicketEditForm.initial_for(ticket)))
        forms.setdefault("comment_form", AgentCommentForm())
        forms.setdefault("task_form", TaskForm(account=account))
        forms.setdefault("time_form", TimeEntryForm(initial={"date": timezone.localdate()}))
        forms.setdefault("attachment_form", AttachmentForm(comments=ticket.comments.all()))
        forms.setdefault("ci_form", LinkCIForm())
        time_entries = list(ticket.time_entries.all())
        comments = list(ticket.comments.all())
        with_attachment_links(self.request, ticket, comments)
        context = {
            "ticket": ticket,
            "description_html": safe_html(ticket.description),
            "comments": with_html(comments),
            "cis": list(ticket.cis.all()),
            "attach_url": reverse("portal:ticket-attach", kwargs={"number": ticket.friendly_id}),
            **attachment_limits(),
            "tasks": list(ticket.tasks.all()),
            "time_entries": time_entries,
            "minutes_logged": sum(entry.duration for entry in time_entries),
            "custom_values": custom_values_for_display(ticket, ticket_custom_fields(account)),
            "lock_form": LockForm(initial={"lock_version": ticket.lock_version}),
            # What other apps show on the page (panels.py: the links app's links and Escalate button).
            "panels": panels_for(request=self.request, ticket=ticket, membership=self.membership, forms=forms),
            **forms,
        }
        return render(self.request, "portal/ticket_detail.html", context, status=status)

    def conflict(self, **context):
        """The newer values, and a form carrying the newer lock_version: nothing is overwritten."""
        ticket = self.ticket()
        return self.show(ticket, status=CONFLICT, conflict=CONFLICT_MESSAGE, **context)


class TicketPage(TicketPageBase):
    def get(self, request, number):
        return self.show(self.ticket())


class TicketUpdate(TicketPageBase):
    action = "update"

    def post(self, request, number):
        ticket = self.ticket()
        form = TicketEditForm(request.POST, account=self.membership.account)
        if not form.is_valid():
            return self.show(ticket, edit_form=form)
        try:
            services.ticket_update(
                ticket=ticket,
                actor=self.membership,
                fields=form.ticket_fields(),
                lock_version=form.cleaned_data["lock_version"],
            )
        except ApplicationError as error:
            if error.status_code == CONFLICT:
                return self.conflict(attempted=attempted_changes(form))
            form.add_error(None, error.message)
            return self.show(ticket, edit_form=form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.show(ticket, edit_form=form)
        messages.success(request, f"Ticket #{number} updated.")
        return redirect(self.url())


def attempted_changes(form: TicketEditForm) -> list[tuple[str, str]]:
    """What the agent tried to save, to show next to the newer values after a conflict."""
    shown = []
    for name in ("agent", "team", "priority", "extended_status"):
        field = form.fields[name]
        value = form.cleaned_data.get(name)
        if value is None:
            label = field.empty_label or "—"
        else:
            label = field.label_from_instance(value)
        shown.append((field.label or name.replace("_", " ").capitalize(), label))
    return shown


class TicketCloseReopen(TicketPageBase):
    """Close or reopen, refused like an edit when the ticket changed since the page was shown."""

    action = "update"
    reopen = False

    def post(self, request, number):
        ticket = self.ticket()
        form = LockForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Reload the ticket and try again.")
            return redirect(self.url())
        service = services.ticket_reopen if self.reopen else services.ticket_close
        try:
            with transaction.atomic():
                ensure_fresh(ticket, form.cleaned_data["lock_version"])
                service(ticket=ticket, actor=self.membership)
        except ApplicationError as error:
            if error.status_code == CONFLICT:
                return self.conflict()
            messages.error(request, f"Ticket #{number} {error.message}.")
        else:
            messages.success(request, f"Ticket #{number} {'reopened' if self.reopen else 'closed'}.")
        return redirect(self.url())


class TicketComment(TicketPageBase):
    action = "update"

    def post(self, request, number):
        ticket = self.ticket()
        form = AgentCommentForm(request.POST)
        if form.is_valid():
            try:
                services.comment_create(
                    ticket=ticket, actor=self.membership, body=form.html(), is_public=form.is_public, source="portal"
                )
            except ApplicationError as error:
                form.add_error("body", error.message)
            else:
                messages.success(request, "Public reply sent." if form.is_public else "Internal note added.")
                return redirect(self.url("#conversation"))
        return self.show(ticket, comment_form=form)


class TaskAdd(TicketPageBase):
    action = "update"

    def post(self, request, number):
        ticket = self.ticket()
        form = TaskForm(request.POST, account=self.membership.account)
        if not form.is_valid():
            return self.show(ticket, task_form=form)
        work.task_create(ticket=ticket, actor=self.membership, fields=form.cleaned_data)
        messages.success(request, "Task added.")
        return redirect(self.url("#tasks"))


class TaskToggle(TicketPageBase):
    """Tick a task done, or untick it."""

    action = "update"

    def post(self, request, number, task_id):
        ticket = self.ticket()
        task = get_object_or_404(TicketTask.objects.filter(ticket=ticket), pk=task_id)
        try:
            if task.closed_at is None:
                work.task_close(task=task)
                messages.success(request, f"Task “{task.title}” done.")
            else:
                work.task_reopen(task=task)
                messages.success(request, f"Task “{task.title}” reopened.")
        except ApplicationError as error:
            messages.error(request, f"Task “{task.title}” {error.message}.")
        return redirect(self.url("#tasks"))


class TimeLog(TicketPageBase):
    action = "update"

    def post(self, request, number):
        ticket = self.ticket()
        form = TimeEntryForm(request.POST)
        if not form.is_valid():
            return self.show(ticket, time_form=form)
        work.time_entry_create(ticket=ticket, actor=self.membership, fields=form.cleaned_data)
        messages.success(request, f"{form.cleaned_data['duration']} minutes logged.")
        return redirect(self.url("#time"))


class TicketAttach(TicketPageBase):
    """Attach a file to the ticket or to any of its comments (public or internal)."""

    action = "update"

    def post(self, request, number):
        ticket = self.ticket()
        form = AttachmentForm(request.POST, request.FILES, comments=ticket.comments.all())
        if attach_from_form(request, self.membership, ticket, form):
            return redirect(self.url("#attachments"))
        return self.show(ticket, attachment_form=form)


def find_ci(*, account_id: int, text: str) -> CI:
    """The account's (not archived) CI named by `text`: its number (“12” or “#12”) or its exact name,
    case-insensitive; a ValidationError says why none fits."""
    cis = cmdb_selectors.ci_list(account_id=account_id).filter(archived_at__isnull=True)
    text = text.strip()
    number = text.removeprefix("#")
    if number.isdigit():
        ci = cis.filter(friendly_id=int(number)).first()
        if ci is not None:
            return ci
    found = list(cis.filter(name__iexact=text)[:2])
    if len(found) == 1:
        return found[0]
    if found:
        raise ValidationError(f"Several CIs are called “{text}”; give its number instead.")
    raise ValidationError(f"No CI “{text}” in this account.")


class CILink(TicketPageBase):
    action = "update"

    def post(self, request, number):
        ticket = self.ticket()
        form = LinkCIForm(request.POST)
        if form.is_valid():
            try:
                ci = find_ci(account_id=self.membership.account_id, text=form.cleaned_data["ci"])
            except ValidationError as error:
                form.add_error("ci", error)
            else:
                linked = list(ticket.cis.all())
                if any(other.pk == ci.pk for other in linked):
                    form.add_error("ci", f"#{ci.friendly_id} {ci.name} is already linked.")
                else:
                    cmdb_services.ticket_cis_set(ticket=ticket, cis=[*linked, ci])
                    messages.success(request, f"CI #{ci.friendly_id} {ci.name} linked.")
                    return redirect(self.url("#cis"))
        return self.show(ticket, ci_form=form)


class CIUnlink(TicketPageBase):
    action = "update"

    def post(self, request, number, ci_number):
        ticket = self.ticket()
        linked = list(ticket.cis.all())
        ci = next((ci for ci in linked if ci.friendly_id == ci_number), None)
        if ci is None:
            raise Http404("No such linked CI")
        cmdb_services.ticket_cis_set(ticket=ticket, cis=[other for other in linked if other.pk != ci.pk])
        messages.success(request, f"CI #{ci.friendly_id} {ci.name} unlinked.")
        return redirect(self.url("#cis"))
