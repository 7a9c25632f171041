"""Tenants, identity, API keys and the global reference data every app shares.

`Account` is the tenant: easyBacklog's account, Public Backlog's organisation, the org of the
Tickets API and the BOSSDesk account are all this one row.
"""

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Locale(Timestamped):
    """Global reference data (easyBacklog `/api/locales`)."""

    name = models.CharField(max_length=100)
    code = models.CharField(max_length=10)
    position = models.PositiveIntegerField(default=10)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class ScoringRule(models.Model):
    """Global reference data (easyBacklog `/api/scoring-rules`): which story scores are allowed."""

    code = models.CharField(max_length=5, unique=True)
    title = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=255)
    position = models.PositiveIntegerField(default=1)
    # The allowed scores; empty means any score of zero or more.
    values = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title

    def allows(self, score: Decimal) -> bool:
        if not self.values:
            return score >= 0
        return any(Decimal(str(v)) == score for v in self.values)


class BacklogDefaults(models.Model):
    """Defaults for new backlogs, shared by accounts and companies (easyBacklog)."""

    default_velocity = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    default_rate = models.PositiveIntegerField(null=True, blank=True)
    default_use_50_90 = models.BooleanField(null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.default_rate is not None and self.default_velocity is None:
            raise ValidationError({"default_rate": "cannot be specified if default velocity is empty"})


class Account(BacklogDefaults, Timestamped):
    BARCODE_METHODS = [("name", "Name"), ("control_number", "Control number")]

    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=63, unique=True)
    ticket_prefix = models.CharField(
        max_length=10,
        validators=[RegexValidator(r"^[A-Z][A-Z0-9]{0,9}$", "Upper-case letters and digits, starting with a letter.")],
        help_text="Prefix of dev ticket slugs, e.g. AM in AM-42.",
    )
    locale = models.ForeignKey(Locale, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    scoring_rule = models.ForeignKey(ScoringRule, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    # BOSSDesk account settings (`GET /api/v1/account`).
    time_zone = models.CharField(max_length=64, default="UTC")
    currency = models.CharField(max_length=3, default="USD")
    beginning_of_week = models.PositiveSmallIntegerField(default=0)
    ci_barcode_type = models.CharField(max_length=20, default="code_93")
    ci_barcode_method = models.CharField(max_length=20, choices=BARCODE_METHODS, default="name")
    autoassign_ci_control_numbers = models.BooleanField(default=True)
    ticket_comment_is_public_by_default = models.BooleanField(default=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """The custom user model; which accounts a user works in is said by `Membership`."""

    email = models.EmailField(blank=True, db_index=True)

    class Meta:
        ordering = ["id"]


class Role(models.TextChoices):
    ADMIN = "admin", "Owner / admin"
    AGENT = "agent", "Agent"
    END_USER = "end_user", "End user"


# Every resource a permission map can name, in the BOSSDesk form {"tickets": ["index", ...]}.
CRUD = ["index", "show", "create", "update", "destroy"]
PERMISSION_RESOURCES = [
    "account",
    "users",
    "tickets",
    "cis",
    "companies",
    "backlogs",
    "dev_tickets",
    "issues",
    "webhooks",
    "searches",
]


def full_permissions() -> dict:
    return {resource: list(CRUD) for resource in PERMISSION_RESOURCES}


def default_permissions(role: str) -> dict:
    if role in (Role.ADMIN, Role.AGENT):
        perms = full_permissions()
        if role == Role.AGENT:
            perms["users"] = ["index", "show"]
            perms["account"] = ["index", "show"]
        return perms
    # End users reach only their own requests (`/my/...`); the map grants nothing else.
    return {}


class Membership(Timestamped):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.END_USER)
    permissions = models.JSONField(default=dict, blank=True)
    # Per-account user number (BOSSDesk `friendly_id`), never reused.
    friendly_id = models.PositiveIntegerField()

    class Meta:
        ordering = ["account_id", "friendly_id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "user"], name="membership_unique_user"),
            models.UniqueConstraint(fields=["account", "friendly_id"], name="membership_unique_friendly_id"),
        ]

    def __str__(self):
        return f"{self.user} in {self.account} ({self.role})"

    def can(self, resource: str, action: str) -> bool:
        return action in self.permissions.get(resource, [])


class Company(BacklogDefaults, Timestamped):
    """A business unit that backlogs are grouped into (easyBacklog) and that owns issue categories
    (Issue Tracker)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="companies")
    name = models.CharField(max_length=255)
    is_public = models.BooleanField(default=True, help_text="Shown on the public status page and to anonymous reads.")

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "companies"
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="company_unique_name")]

    def __str__(self):
        return self.name


class ApiKey(models.Model):
    """A key is stored as its lookup prefix and an HMAC-SHA-256 of the whole key; never raw."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="api_keys")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    # Empty means everything the user may do.
    scopes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = "API key"

    def __str__(self):
        return f"{self.name or 'key'} ({self.prefix}…)"

    def has_scope(self, scope: str) -> bool:
        return not self.scopes or scope in self.scopes


class AccountSequence(models.Model):
    """Per-account counters (ticket numbers, friendly ids): handed out under a row lock, never reused."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=50)
    last_value = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["account_id", "name"]
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="sequence_unique_name")]

    def __str__(self):
        return f"{self.account_id}:{self.name}={self.last_value}"


from .directory import *  # noqa: E402,F401,F403


class RowCount(models.Model):
    """How many rows of one counted table an account has (`accounts.counters`): kept by database
    triggers in the same transaction as every insert, delete and move between accounts, so a list's
    total is one indexed read instead of a count over the account."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=50)
    value = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["account_id", "name"]
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="rowcount_unique_name")]

    def __str__(self):
        return f"{self.name} of {self.account_id}: {self.value}"
