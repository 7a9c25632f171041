"""Tables of the webhooks app: endpoints, the outbox of events, one delivery per (event, endpoint) and a
log row per delivery attempt."""

import uuid

from django.conf import settings
from django.db import models

from accounts.models import Account, Timestamped


class Webhook(Timestamped):
    """An endpoint of a user in an account. The signing secret is shown once, when created or rotated."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="webhooks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=2000)
    description = models.TextField(blank=True)
    # Event types this endpoint wants; empty means the documented Issue Tracker events.
    events = models.JSONField(default=list, blank=True)
    secret = models.CharField(max_length=100)
    # After a rotation the old secret keeps signing (as a second signature) for a grace period.
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=255, blank=True)
    # Set when the owner has been e-mailed about the latest disabling (so a task run twice e-mails once).
    disabled_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["user", "url"], name="webhook_unique_user_url")]

    def __str__(self):
        return self.url

    def wants(self, event_type: str) -> bool:
        from .events import ISSUE_TRACKER_EVENTS

        return event_type in (self.events or ISSUE_TRACKER_EVENTS)


def message_id_new() -> str:
    return f"msg_{uuid.uuid4().hex}"


class Event(models.Model):
    """The outbox: written in the same transaction as the change it reports."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="webhook_events")
    # The Standard Webhooks `webhook-id`: the same for every attempt, so receivers can de-duplicate.
    message_id = models.CharField(max_length=64, unique=True, default="", editable=False)
    event_type = models.CharField(max_length=64, db_index=True)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.event_type} {self.message_id}"

    def save(self, *args, **kwargs):
        if not self.message_id:
            self.message_id = message_id_new()
        super().save(*args, **kwargs)


class Delivery(models.Model):
    """One event to one endpoint, retried with back-off until it succeeds or the schedule runs out."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    # A worker holds a delivery while it posts; a worker that dies leaves a lease the sweep sees expire.
    lease_until = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # The pending attempt was asked for by hand: it is tried once, without a retry schedule.
    manual = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        constraints = [models.UniqueConstraint(fields=["event", "webhook"], name="delivery_unique_event_webhook")]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            # The dispatcher's claim: endpoints with pending deliveries (a skip scan), then each one's
            # due deliveries oldest first. Partial: finished deliveries, the bulk of the table, stay out.
            models.Index(
                fields=["webhook", "next_attempt_at"],
                condition=models.Q(status="pending"),
                name="delivery_pending_by_endpoint",
            ),
        ]

    def __str__(self):
        return f"{self.event} → {self.webhook_id} ({self.status})"


class DeliveryAttempt(models.Model):
    class Outcome(models.TextChoices):
        SUCCESS = "success", "Success"
        FAILURE = "failure", "Failure"  # the endpoint answered, but not 2xx
        ERROR = "error", "Error"  # no answer: refused, timed out, unsafe address

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    manual = models.BooleanField(default=False)
    attempted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-attempted_at", "-id"]

    def __str__(self):
        return f"#{self.number} {self.outcome} {self.response_status or ''}"
