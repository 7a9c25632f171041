"""The attachment row; its file lives in storage (S3 or MEDIA_ROOT) under `storage_key`."""

from django.db import models

from accounts.models import Account, Membership

__all__ = ["Attachment"]


class Attachment(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    # Exactly one owner: a CI, or a helpdesk ticket (a comment's attachment names its ticket too).
    ci = models.ForeignKey("cmdb.CI", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    ticket = models.ForeignKey(
        "helpdesk.Ticket", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    comment = models.ForeignKey(
        "helpdesk.TicketComment", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    name = models.CharField(max_length=255)
    description = models.TextField(null=True, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    content_type = models.CharField(max_length=255, blank=True)
    # The upload's key from step 2; one attachment per key, so retrying step 3 returns the same row.
    tmp_key = models.CharField(max_length=1024)
    storage_key = models.CharField(max_length=1024)
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "tmp_key"], name="cmdb_attachment_unique_tmp_key"),
            models.CheckConstraint(
                condition=(models.Q(ci__isnull=False, ticket__isnull=True, comment__isnull=True))
                | models.Q(ci__isnull=True, ticket__isnull=False),
                name="cmdb_attachment_one_owner",
            ),
        ]

    def __str__(self):
        return self.name
