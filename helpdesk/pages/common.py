"""What the portal's pages share: who counts as an agent, stored HTML made safe to show, custom field
values for display, attachments with their download links, and the conflict check of close/reopen."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.safestring import mark_safe
from rest_framework import status as http

from accounts.models import CustomField, Membership, Role
from backlog_site.api.errors import ApplicationError
from cmdb.attachments import services as attachment_services
from cmdb.attachments import storage
from helpdesk.models import Ticket
from helpdesk.services.html import sanitise_html

PAGE_SIZE_QUEUE = 30
PAGE_SIZE_MY_REQUESTS = 20
CONFLICT_MESSAGE = "This ticket was changed by someone else in the meantime. Your change was not saved."


def is_agent(membership: Membership) -> bool:
    return membership.role in (Role.ADMIN, Role.AGENT)


def require_agent(membership: Membership, action: str) -> None:
    """Agents' pages: an end user is answered 404 (their requests live under /portal/requests/); an
    agent whose permission map does not grant `action` on tickets is refused."""
    if not is_agent(membership):
        raise Http404("No such ticket")
    if not membership.can("tickets", action):
        raise PermissionDenied("You may not do this on tickets")


def safe_html(html: str) -> str:
    """Stored HTML is sanitised on write by the services; it is cleaned again here because rows can
    also be written from the admin, which does not go through them."""
    return mark_safe(sanitise_html(html))  # noqa: S308 - nh3 has just removed scripts and handlers


def with_html(comments):
    for comment in comments:
        comment.body_html = safe_html(comment.body)
    return comments


def with_attachment_links(request, ticket: Ticket, comments: list) -> None:
    """Sets `attachment_list` on the ticket (its own attachments, prefetched as `own_attachments`) and
    on each comment (prefetched `attachments`), each attachment with its expiring `secure_url` — the
    same download link as the attachments API gives (presigned GET on S3, signed local link else)."""
    backend = storage.backend()  # one per page: on S3 it builds a client
    for owner, attachments in [(ticket, ticket.own_attachments), *((c, c.attachments.all()) for c in comments)]:
        owner.attachment_list = list(attachments)
        for item in owner.attachment_list:
            item.secure_url = backend.secure_url(request=request, key=item.storage_key, name=item.name)


def attachment_limits() -> dict:
    return {"max_upload_bytes": storage.max_upload_bytes(), "link_minutes": storage.SECURE_URL_EXPIRE_MINUTES}


def ticket_custom_fields(account) -> list[CustomField]:
    return list(
        CustomField.objects.filter(account=account, owner_class=CustomField.OwnerClass.TICKET).prefetch_related(
            "options"  # options: a dropdown value is stored as its option's id and shown by name
        )
    )


def custom_values_for_display(ticket: Ticket, fields: list[CustomField]) -> list[tuple[str, str]]:
    shown = []
    for field in fields:
        value = ticket.custom_fields.get(str(field.pk))
        if value in (None, ""):
            continue
        if field.has_options:
            value = next((option.name for option in field.options.all() if option.pk == value), value)
        elif field.type_id == CustomField.Kind.BOOLEAN:
            value = "Yes" if value else "No"
        shown.append((field.name, str(value)))
    return shown


@transaction.atomic
def ensure_fresh(ticket: Ticket, lock_version: int) -> None:
    """Close and reopen carry the lock_version the agent saw, like every edit: a stale one is refused
    with the same 409 as `ticket_update`. Called inside the caller's transaction, the row lock is held
    until the service has made its change."""
    current = Ticket.objects.select_for_update().values_list("lock_version", flat=True).get(pk=ticket.pk)
    if current != lock_version:
        raise ApplicationError(CONFLICT_MESSAGE, status_code=http.HTTP_409_CONFLICT)


def attach_from_form(request, membership: Membership, ticket: Ticket, form) -> bool:
    """Store a valid attachment form's file through the attachments API's own path; True when it was
    attached, False with the service's refusals shown on the form."""
    if not form.is_valid():
        return False
    try:
        attachment = attachment_services.attachment_upload(
            account=membership.account,
            actor=membership,
            owner=form.owner(ticket),
            file=form.cleaned_data["file"],
            description=form.cleaned_data["description"] or None,
        )
    except ValidationError as error:
        form.add_service_errors(error)
        return False
    messages.success(request, f"“{attachment.name}” attached.")
    return True
