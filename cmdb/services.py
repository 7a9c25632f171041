"""CMDB operations: CIs (create, update, archive, restore, delete), notes, and links to tickets.
Every function is keyword-only and transactional; views only parse and render."""

from django.db import transaction
from django.utils import timezone

from accounts.custom_values import custom_values_clean
from accounts.models import Account, CustomField, Membership
from accounts.services import sequence_next

from .attachments.services import attachments_files_delete
from .models import CI, CINote, CIType

# "Not given" for `inventory`, whose null is a value (no inventory).
UNSET = object()

# Fields a caller writes directly on the CI row.
CI_FIELDS = (
    "name",
    "description",
    "model",
    "serial_number",
    "control_number",
    "type",
    "status",
    "location",
    "manufacturer",
    "online",
    "dns_host_name",
    "distinguished_name",
)


def ci_custom_fields(*, account: Account, ci_type: CIType | None) -> list[CustomField]:
    """The account's CI custom fields that apply to a CI of `ci_type` (unscoped fields apply to all)."""
    fields = (
        CustomField.objects.filter(account=account, owner_class=CustomField.OwnerClass.CI)
        .select_related("ci_type_scope")
        .prefetch_related("options")  # options: dropdown values are checked against them
    )
    out = []
    for field in fields:
        scope = getattr(field, "ci_type_scope", None)
        if scope is None or (ci_type is not None and scope.ci_type_id == ci_type.pk):
            out.append(field)
    return out


def _apply(ci: CI, *, fields: dict, tags, users, tickets, custom_fields, inventory, enforce_required: bool) -> None:
    for name, value in fields.items():
        if name in CI_FIELDS:
            setattr(ci, name, value)
    if custom_fields is not None or enforce_required:
        applicable = ci_custom_fields(account=ci.account, ci_type=ci.type)
        ids = {str(field.pk) for field in applicable}
        # Values of fields that no longer apply (another type's fields) are dropped.
        existing = {key: value for key, value in (ci.custom_fields or {}).items() if key in ids}
        ci.custom_fields = custom_values_clean(
            fields=applicable,
            values=custom_fields if custom_fields is not None else {},
            existing=existing,
            enforce_required=enforce_required,
        )
    if inventory is not UNSET:
        ci.inventory = inventory
        ci.inventory_updated_at = timezone.now()
    ci.save()
    if tags is not None:
        ci.tags.set(tags)
    if users is not None:
        ci.users.set(users)
    if tickets is not None:
        ci.tickets.set(tickets)


@transaction.atomic
def ci_create(
    *,
    account: Account,
    actor: Membership | None,
    fields: dict,
    tags=None,
    users=None,
    tickets=None,
    custom_fields=None,
    inventory=UNSET,
) -> CI:
    ci = CI(account=account, created_by=actor, friendly_id=sequence_next(account=account, name="cmdb_ci"))
    if not fields.get("control_number") and account.autoassign_ci_control_numbers:
        fields = {**fields, "control_number": f"{ci.friendly_id:06d}"}
    _apply(
        ci,
        fields=fields,
        tags=tags,
        users=users,
        tickets=tickets,
        custom_fields=custom_fields,
        inventory=inventory,
        enforce_required=True,
    )
    return ci


@transaction.atomic
def ci_update(*, ci: CI, fields: dict, tags=None, users=None, tickets=None, custom_fields=None, inventory=UNSET) -> CI:
    """A partial update. A new type re-checks the custom fields (the required ones of the new type);
    an `inventory` replaces the stored document wholesale and stamps `inventory_updated_at`."""
    type_changed = "type" in fields and fields["type"] != ci.type
    _apply(
        ci,
        fields=fields,
        tags=tags,
        users=users,
        tickets=tickets,
        custom_fields=custom_fields,
        inventory=inventory,
        enforce_required=type_changed or custom_fields is not None,
    )
    return ci


@transaction.atomic
def ci_archive(*, ci: CI) -> CI:
    if ci.archived_at is None:
        ci.archived_at = timezone.now()
        ci.save(update_fields=["archived_at", "updated_at"])
    return ci


@transaction.atomic
def ci_restore(*, ci: CI) -> CI:
    if ci.archived_at is not None:
        ci.archived_at = None
        ci.save(update_fields=["archived_at", "updated_at"])
    return ci


@transaction.atomic
def ci_delete(*, ci: CI) -> None:
    """Deletes the CI with its notes and attachments; the files go once the transaction commits."""
    attachments_files_delete(attachments=list(ci.attachments.all()))
    ci.delete()


@transaction.atomic
def ticket_cis_set(*, ticket, cis) -> None:
    """Links a helpdesk ticket to exactly `cis` (CIs of the ticket's account; the caller checks)."""
    ticket.cis.set(cis)


@transaction.atomic
def note_create(*, ci: CI, actor: Membership | None, text: str) -> CINote:
    return CINote.objects.create(ci=ci, created_by=actor, text=text)


@transaction.atomic
def note_update(*, note: CINote, text: str) -> CINote:
    note.text = text
    note.save(update_fields=["text", "updated_at"])
    return note


@transaction.atomic
def note_delete(*, note: CINote) -> CINote:
    note_id = note.pk
    note.delete()
    note.pk = note_id  # the deleted note is answered with its id
    return note
