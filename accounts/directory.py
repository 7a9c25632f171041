"""BOSSDesk's directory: the per-account lookups that describe people and things (groups, job roles,
locations, tags, custom fields) and each member's profile. Shared by the helpdesk and the CMDB.

Imported at the end of `accounts.models`, so these are `accounts` models like the others.
"""

from django.db import models

from .models import Account, Membership, Timestamped

__all__ = [
    "CustomField",
    "CustomFieldOption",
    "Group",
    "JobRole",
    "Location",
    "MemberProfile",
    "Tag",
]


class AccountLookup(Timestamped):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)

    class Meta:
        abstract = True
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class Group(AccountLookup):
    """The one group a user belongs to (BOSSDesk `group`, e.g. "Purchasing")."""

    class Meta(AccountLookup.Meta):
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="directory_group_unique_name")]


class JobRole(AccountLookup):
    """A user's roles (BOSSDesk `roles`, e.g. "Technician"); not the membership's access `Role`."""

    class Meta(AccountLookup.Meta):
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="directory_jobrole_unique_name")]


class Location(AccountLookup):
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children")

    class Meta(AccountLookup.Meta):
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="directory_location_unique_name")]


class Tag(AccountLookup):
    class OwnerClass(models.TextChoices):
        CI = "ci", "CI"
        USER = "user", "User"
        TICKET = "ticket", "Ticket"

    owner_class = models.CharField(max_length=10, choices=OwnerClass.choices)

    class Meta(AccountLookup.Meta):
        ordering = ["owner_class", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "owner_class", "name"], name="directory_tag_unique_name")
        ]


class CustomField(AccountLookup):
    """An extra field of tickets or CIs; values live on the owner as {"<field id>": value}."""

    class OwnerClass(models.TextChoices):
        CI = "ci", "CI"
        TICKET = "ticket", "Ticket"
        PROBLEM = "problem", "Problem"
        CHANGE = "change", "Change"
        RELEASE = "release", "Release"

    class Kind(models.IntegerChoices):
        STRING = 1, "String"
        TEXT = 2, "Text"
        URL = 3, "URL"
        INTEGER = 4, "Integer"
        FLOAT = 5, "Float"
        DATE = 6, "Date"
        BOOLEAN = 7, "Boolean"
        DROPDOWN = 8, "Dropdown"
        CASCADING_DROPDOWN = 11, "Cascading dropdown"

    owner_class = models.CharField(max_length=10, choices=OwnerClass.choices)
    type_id = models.PositiveSmallIntegerField(choices=Kind.choices, default=Kind.STRING)
    required = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta(AccountLookup.Meta):
        ordering = ["owner_class", "position", "id"]

    @property
    def has_options(self) -> bool:
        return self.type_id in (self.Kind.DROPDOWN, self.Kind.CASCADING_DROPDOWN)


class CustomFieldOption(models.Model):
    custom_field = models.ForeignKey(CustomField, on_delete=models.CASCADE, related_name="options")
    # Cascading dropdowns nest options under a parent option.
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    name = models.CharField(max_length=255)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class MemberProfile(Timestamped):
    """What BOSSDesk knows about a person in one account beyond the shared login `User`."""

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="profile")
    domain_name = models.CharField(max_length=255, blank=True)
    designation = models.CharField(max_length=255, blank=True)
    phone = models.CharField(max_length=50, blank=True)
    mobile = models.CharField(max_length=50, blank=True)
    other_email = models.EmailField(blank=True)
    time_zone = models.CharField(max_length=64, blank=True)
    location = models.ForeignKey(Location, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="members")
    roles = models.ManyToManyField(JobRole, blank=True, related_name="members")
    tags = models.ManyToManyField(Tag, blank=True, related_name="+", limit_choices_to={"owner_class": "user"})

    class Meta:
        ordering = ["membership_id"]

    def __str__(self):
        return f"profile of {self.membership}"
