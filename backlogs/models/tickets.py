"""Dev tickets: one work item behind the Public Backlog API (`/v1/…`) and the org-scoped Tickets
API (`/api/v1/ext/orgs/{org}/tickets…`). Each API is a dialect over these tables."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from accounts.models import Account, Timestamped

from .planning import Backlog

__all__ = [
    "Label",
    "Priority",
    "Repository",
    "Ticket",
    "TicketComment",
    "TicketEvent",
    "TicketStatus",
    "TicketStatusCount",
    "TicketType",
    "Workflow",
]


class Workflow(models.TextChoices):
    """The org-scoped Tickets API's status vocabulary, in board order; every `TicketStatus` maps to one."""

    BACKLOG = "backlog", "Backlog"
    TODO = "todo", "To do"
    IN_PROGRESS = "in_progress", "In progress"
    IN_REVIEW = "in_review", "In review"
    DONE = "done", "Done"


class Priority(models.IntegerChoices):
    # Stored as a rank so that the board orders by it directly (urgent first).
    LOW = 1, "low"
    MEDIUM = 2, "medium"
    HIGH = 3, "high"
    URGENT = 4, "urgent"

    @classmethod
    def from_key(cls, key: str) -> "Priority":
        return next(p for p in cls if p.label == key)


class TicketType(Timestamped):
    """A kind of ticket of an account. `number` is the Public Backlog `ticketTypeId` (1 = Request,
    2 = Bug); `key` is the org-scoped Tickets API `type` ("request", "bug", "feature", …)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="ticket_types")
    number = models.PositiveIntegerField()
    key = models.SlugField(max_length=50)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["account_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["account", "number"], name="tickettype_unique_number"),
            models.UniqueConstraint(fields=["account", "key"], name="tickettype_unique_key"),
        ]

    def __str__(self):
        return self.name


class TicketStatus(Timestamped):
    """A status a ticket of one type can be in; `workflow` places it on the board."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="ticket_statuses")
    ticket_type = models.ForeignKey(TicketType, on_delete=models.CASCADE, related_name="statuses")
    name = models.CharField(max_length=100)
    workflow = models.CharField(max_length=20, choices=Workflow.choices)
    position = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["ticket_type_id", "position", "id"]
        verbose_name_plural = "ticket statuses"
        constraints = [models.UniqueConstraint(fields=["ticket_type", "name"], name="ticketstatus_unique_name")]

    def __str__(self):
        return f"{self.ticket_type_id}: {self.name}"

    def clean(self):
        super().clean()
        if self.ticket_type_id and self.account_id and self.ticket_type.account_id != self.account_id:
            raise ValidationError({"ticket_type": "belongs to another account"})


class Repository(Timestamped):
    """A code repository of an account that tickets can be filed against."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="repositories")
    name = models.CharField(max_length=200)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "repositories"
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="repository_unique_name")]

    def __str__(self):
        return self.name


class Label(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="ticket_labels")
    name = models.CharField(max_length=50)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="label_unique_name")]

    def __str__(self):
        return self.name


class Ticket(Timestamped):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="tickets")
    backlog = models.ForeignKey(Backlog, on_delete=models.CASCADE, related_name="tickets")
    # Per-account number from accounts.services.sequence_next(name="ticket"): the slug is PREFIX-number.
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=500)
    # Plain text, or HTML already sanitised by backlogs.tickets.sanitize.
    description = models.TextField(blank=True)
    ticket_type = models.ForeignKey(TicketType, on_delete=models.RESTRICT, related_name="tickets")
    status = models.ForeignKey(TicketStatus, on_delete=models.RESTRICT, related_name="tickets")
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.MEDIUM)
    position = models.PositiveIntegerField(default=0, help_text="Order within a board column, after priority.")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_tickets"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    repository = models.ForeignKey(Repository, on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets")
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children")
    labels = models.ManyToManyField(Label, blank=True, related_name="tickets")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["account", "number"], name="ticket_unique_number")]
        indexes = [
            # The board: each column is read per status in board order, and a page of cards is the
            # head of one range of this index (it also serves every `account, status` filter).
            models.Index(fields=["account", "status", "-priority", "position", "id"], name="ticket_board_order"),
            models.Index(fields=["account", "priority"]),
            models.Index(fields=["account", "id"], name="ticket_page"),  # the Tickets API list's order
        ]

    def __str__(self):
        return f"{self.slug} {self.title}"

    @property
    def slug(self) -> str:
        return f"{self.account.ticket_prefix}-{self.number}"

    @property
    def priority_key(self) -> str:
        return Priority(self.priority).label

    def clean(self):
        super().clean()
        errors = {}
        for name in ("backlog", "ticket_type", "status", "repository"):
            related = getattr(self, name, None) if getattr(self, f"{name}_id") else None
            if related is not None and related.account_id != self.account_id:
                errors[name] = "belongs to another account"
        if self.parent_id and self.parent.account_id != self.account_id:
            errors["parent"] = "belongs to another account"
        if self.status_id and self.ticket_type_id and self.status.ticket_type_id != self.ticket_type_id:
            errors["status"] = "is not a status of this ticket type"
        if self.pk and self.parent_id == self.pk:
            errors["parent"] = "cannot be the ticket itself"
        if errors:
            raise ValidationError(errors)


class TicketStatusCount(models.Model):
    """How many tickets are in a status: the board's column totals without counting the account.

    Kept by database triggers on `backlogs_ticket` (migration 0004_board_index), so every way a ticket
    is inserted, deleted or moved counts (services, the admin, cascades, bulk loads, COPY). On SQLite a
    table rebuild drops its triggers: a migration that rebuilds `backlogs_ticket` must recreate them
    (`backlogs.tickets.board_counts`); the tests check the counts stay right."""

    status = models.OneToOneField(
        TicketStatus, on_delete=models.CASCADE, primary_key=True, related_name="ticket_count"
    )
    tickets = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.status_id}: {self.tickets}"


class TicketComment(Timestamped):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    body = models.TextField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Comment {self.pk} on ticket {self.ticket_id}"


class TicketEvent(models.Model):
    """What happened to a ticket, written in the same transaction as the change, so that webhooks
    (and an audit view) can be fed from it; it outlives the ticket it describes."""

    class Kind(models.TextChoices):
        CREATED = "ticket.created", "Created"
        UPDATED = "ticket.updated", "Updated"
        STATUS_CHANGED = "ticket.status_changed", "Status changed"
        DELETED = "ticket.deleted", "Deleted"

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="ticket_events")
    ticket = models.ForeignKey(Ticket, on_delete=models.SET_NULL, null=True, blank=True, related_name="events")
    ticket_number = models.PositiveIntegerField()
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    # {"field": [old, new], …} for updates; the ticket as it was for deletes.
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["account", "created_at"])]

    def __str__(self):
        return f"{self.kind} #{self.ticket_number}"
