"""Helpdesk tickets and what hangs off them: comments, tasks, time entries and the change history."""

from django.db import models

from accounts.models import Account, Membership, Tag

from .lookups import ExtendedStatus, HelpdeskCategory, HelpdeskPriority, TaskType, Team, TicketType

__all__ = ["Ticket", "TicketComment", "TicketEvent", "TicketTask", "TimeEntry"]


class Ticket(models.Model):
    class Status(models.TextChoices):
        INCOMING = "incoming", "Incoming"  # nobody has it yet
        OPEN = "open", "Open"  # reopened, waiting for an agent
        ASSIGNED = "assigned", "Assigned"  # an agent has it
        CLOSED = "closed", "Closed"

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    # Per-account ticket number, handed out by `sequence_next(name="helpdesk_ticket")`.
    friendly_id = models.PositiveIntegerField()
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)  # sanitised HTML
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INCOMING)
    source = models.CharField(max_length=20, default="api")
    type = models.ForeignKey(TicketType, on_delete=models.PROTECT, related_name="tickets")
    priority = models.ForeignKey(HelpdeskPriority, on_delete=models.PROTECT, related_name="tickets")
    category = models.ForeignKey(HelpdeskCategory, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    extended_status = models.ForeignKey(
        ExtendedStatus, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets")
    agent = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    requester = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="requested_tickets"
    )
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    tags = models.ManyToManyField(Tag, blank=True, related_name="+", limit_choices_to={"owner_class": "ticket"})
    # {"<custom field id>": value}, validated by type in accounts.custom_values.
    custom_fields = models.JSONField(default=dict, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: every update increments it; an update carrying an older value answers 409.
    lock_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-friendly_id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "friendly_id"], name="helpdesk_ticket_unique_friendly_id")
        ]
        indexes = [
            models.Index(fields=["account", "status"]),
            models.Index(fields=["account", "requester"]),
            # Lists page by ids read from these alone (index-only scans, see backlog_site.api.paging).
            models.Index(fields=["account", "-friendly_id"], include=["id"], name="helpdesk_ticket_page"),
            models.Index(
                fields=["account", "requester", "-friendly_id"], include=["id"], name="helpdesk_ticket_mine_page"
            ),
        ]

    def __str__(self):
        return f"#{self.friendly_id} {self.title}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class TicketComment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="comments")
    body = models.TextField()  # sanitised HTML
    # Internal (is_public=False) comments are for agents only and never reach /my/tickets.
    is_public = models.BooleanField()
    from_agent = models.BooleanField(default=False)
    source = models.CharField(max_length=20, default="api")
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"comment {self.pk} on {self.ticket}"


class TicketTask(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=255)
    note = models.TextField(blank=True)
    type = models.ForeignKey(TaskType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    agent = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    due_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "task"

    def __str__(self):
        return self.title


class TimeEntry(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="time_entries")
    task = models.ForeignKey(TicketTask, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    agent = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    duration = models.PositiveIntegerField(help_text="Minutes.")
    billable = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name_plural = "time entries"

    def __str__(self):
        return f"{self.duration} min on {self.date}"


class TicketEvent(models.Model):
    """One row per change of a ticket, written in the change's transaction: the webhooks app reads
    these to emit events."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        COMMENTED = "commented", "Commented"
        CLOSED = "closed", "Closed"
        REOPENED = "reopened", "Reopened"

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # {"field": [old, new]} for updates; {"comment_id": n, "is_public": b} for comments.
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["account", "id"])]

    def __str__(self):
        return f"{self.kind} {self.ticket_id}"
