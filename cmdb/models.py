"""Tables of the CMDB: configuration items (CIs), their lookups (types, statuses, manufacturers),
notes, the custom fields scoped to a CI type, and attachments (cmdb/attachments/models.py)."""

from django.db import models

from accounts.directory import AccountLookup
from accounts.models import Account, CustomField, Location, Membership, Tag

from .attachments.models import Attachment

__all__ = ["CI", "CINote", "CIStatus", "CIType", "CITypeCustomField", "Manufacturer", "Attachment"]


class CIType(AccountLookup):
    """What kind of thing a CI is ("Computer" under "Hardware"); types nest by `parent`."""

    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children")
    icon = models.CharField(max_length=100, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta(AccountLookup.Meta):
        ordering = ["position", "name", "id"]
        verbose_name = "CI type"
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="cmdb_citype_unique_name")]


class CIStatus(AccountLookup):
    color = models.CharField(max_length=30, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta(AccountLookup.Meta):
        ordering = ["position", "name", "id"]
        verbose_name = "CI status"
        verbose_name_plural = "CI statuses"
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="cmdb_cistatus_unique_name")]


class Manufacturer(AccountLookup):
    class Meta(AccountLookup.Meta):
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="cmdb_manufacturer_unique_name")]


class CI(models.Model):
    """A configuration item: a computer, a printer, a licence… whatever the account keeps track of."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    # Per-account CI number, handed out by `sequence_next(name="cmdb_ci")`, never reused.
    friendly_id = models.PositiveIntegerField()
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    model = models.CharField(max_length=255, blank=True)
    serial_number = models.CharField(max_length=255, blank=True)
    control_number = models.CharField(max_length=255, blank=True)
    type = models.ForeignKey(CIType, on_delete=models.SET_NULL, null=True, blank=True, related_name="cis")
    status = models.ForeignKey(CIStatus, on_delete=models.SET_NULL, null=True, blank=True, related_name="cis")
    location = models.ForeignKey(Location, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    manufacturer = models.ForeignKey(Manufacturer, on_delete=models.SET_NULL, null=True, blank=True, related_name="cis")
    tags = models.ManyToManyField(Tag, blank=True, related_name="+", limit_choices_to={"owner_class": "ci"})
    # The people who use the CI (BOSSDesk `users`).
    users = models.ManyToManyField(Membership, blank=True, related_name="cis")
    # Helpdesk tickets about this CI; a ticket shows them as its `cis`.
    tickets = models.ManyToManyField("helpdesk.Ticket", blank=True, related_name="cis")
    # {"<custom field id>": value}, validated by type (accounts.custom_values).
    custom_fields = models.JSONField(default=dict, blank=True)
    # What an inventory agent reported (os, bios, …), replaced wholesale on each report.
    inventory = models.JSONField(null=True, blank=True)
    inventory_updated_at = models.DateTimeField(null=True, blank=True)
    online = models.BooleanField(default=False)
    dns_host_name = models.CharField(max_length=255, blank=True)
    distinguished_name = models.CharField(max_length=1000, blank=True)
    # An archived CI is kept (with its history) but hidden from lists unless asked for.
    archived_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-friendly_id"]
        verbose_name = "CI"
        constraints = [models.UniqueConstraint(fields=["account", "friendly_id"], name="cmdb_ci_unique_friendly_id")]
        indexes = [
            models.Index(fields=["account", "archived_at"]),
            models.Index(fields=["account", "name"]),
            models.Index(fields=["account", "control_number"]),
            # /cis pages (archived CIs hidden) by ids read from this alone.
            models.Index(
                fields=["account", "-friendly_id"],
                include=["id"],
                condition=models.Q(archived_at__isnull=True),
                name="cmdb_ci_live_page",
            ),
        ]

    def __str__(self):
        return f"#{self.friendly_id} {self.name}"

    @property
    def archived(self) -> bool:
        return self.archived_at is not None


class CINote(models.Model):
    ci = models.ForeignKey(CI, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "CI note"

    def __str__(self):
        return f"note {self.pk} on {self.ci}"


class CITypeCustomField(models.Model):
    """Limits a CI custom field to the CIs of one type (the field's `ci_type`); a CI field without one
    applies to every CI."""

    custom_field = models.OneToOneField(CustomField, on_delete=models.CASCADE, related_name="ci_type_scope")
    ci_type = models.ForeignKey(CIType, on_delete=models.CASCADE, related_name="custom_field_scopes")

    class Meta:
        ordering = ["custom_field_id"]
        verbose_name = "CI custom field type"

    def __str__(self):
        return f"{self.custom_field} for {self.ci_type}"
