"""Per-account lookups of the service desk, managed by staff in the admin."""

from django.db import models

from accounts.models import Account, CustomField, Timestamped

__all__ = [
    "CustomFieldCategory",
    "ExtendedStatus",
    "HelpdeskCategory",
    "HelpdeskPriority",
    "HelpdeskSettings",
    "TaskType",
    "Team",
    "TicketType",
]


class HelpdeskLookup(Timestamped):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name", "id"]

    def __str__(self):
        return self.name


class TicketType(HelpdeskLookup):
    shortcut = models.CharField(max_length=10, blank=True)

    class Meta(HelpdeskLookup.Meta):
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="helpdesk_tickettype_unique_name")]


class HelpdeskPriority(HelpdeskLookup):
    color = models.CharField(max_length=40, blank=True)
    level = models.PositiveSmallIntegerField(default=0, help_text="Higher is more urgent.")

    class Meta(HelpdeskLookup.Meta):
        ordering = ["level", "id"]
        verbose_name_plural = "helpdesk priorities"
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="helpdesk_priority_unique_name")]


class Team(HelpdeskLookup):
    class Meta(HelpdeskLookup.Meta):
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="helpdesk_team_unique_name")]


class HelpdeskCategory(HelpdeskLookup):
    color = models.CharField(max_length=40, blank=True)
    icon = models.CharField(max_length=60, blank=True)
    teams = models.ManyToManyField(Team, blank=True, related_name="categories")

    class Meta(HelpdeskLookup.Meta):
        verbose_name_plural = "helpdesk categories"
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="helpdesk_category_unique_name")]


class ExtendedStatus(HelpdeskLookup):
    class Meta(HelpdeskLookup.Meta):
        verbose_name_plural = "extended statuses"
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="helpdesk_extstatus_unique_name")]


class TaskType(HelpdeskLookup):
    class Meta(HelpdeskLookup.Meta):
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="helpdesk_tasktype_unique_name")]


class CustomFieldCategory(models.Model):
    """Limits a ticket custom field to the tickets of one helpdesk category (the field's
    `helpdesk_category`); a field without one applies to every ticket."""

    custom_field = models.OneToOneField(CustomField, on_delete=models.CASCADE, related_name="helpdesk_scope")
    category = models.ForeignKey(HelpdeskCategory, on_delete=models.CASCADE, related_name="custom_field_scopes")

    class Meta:
        ordering = ["custom_field_id"]
        verbose_name = "custom field category"

    def __str__(self):
        return f"{self.custom_field} in {self.category}"


class HelpdeskSettings(models.Model):
    """The account's service desk defaults (`/account`'s `default_helpdesk_priority_id` and
    `default_ticket_team_id`)."""

    account = models.OneToOneField(Account, on_delete=models.CASCADE, related_name="helpdesk_settings")
    default_priority = models.ForeignKey(
        HelpdeskPriority, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    default_team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["account_id"]
        verbose_name_plural = "helpdesk settings"

    def __str__(self):
        return f"helpdesk settings of {self.account}"
