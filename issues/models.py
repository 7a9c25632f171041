"""Tables of the issues app: categories of a company, issues filed in categories, their history, and
e-mail subscriptions to a category or an issue (ConnectNow Issue Tracker)."""

from django.db import models
from django.db.models import Q

from accounts.models import Account, Company, Timestamped


class Severity(models.TextChoices):
    CRITICAL = "critical", "Critical"
    IMPORTANT = "important", "Important"
    INFO = "info", "Info"


class Category(Timestamped):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="issue_categories")
    name = models.CharField(max_length=255)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class Issue(Timestamped):
    # The account is the tenant; every category of an issue belongs to one of this account's companies.
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="issues")
    categories = models.ManyToManyField(Category, related_name="issues")
    name = models.CharField(max_length=255)
    description = models.TextField()
    severity = models.CharField(max_length=10, choices=Severity.choices)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["account", "created_at"]),
            models.Index(fields=["account", "id"], name="issue_page"),  # a key's list, in its order
        ]

    def __str__(self):
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class IssueEvent(models.Model):
    """The history of an issue: created, updated, closed — each with the description at that time."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        CLOSED = "closed", "Closed"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    description = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.issue_id} {self.kind}"


class Subscription(models.Model):
    """An e-mail address following one category (new issues) or one issue (updates, closing)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="issue_subscriptions")
    email = models.EmailField()
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__isnull=True, issue__isnull=False) | Q(category__isnull=False, issue__isnull=True),
                name="subscription_one_target",
            ),
            models.UniqueConstraint(fields=["category", "email"], name="subscription_unique_category_email"),
            models.UniqueConstraint(fields=["issue", "email"], name="subscription_unique_issue_email"),
        ]

    def __str__(self):
        target = f"category {self.category_id}" if self.category_id else f"issue {self.issue_id}"
        return f"{self.email} → {target}"

    @property
    def target_kind(self) -> str:
        return "category" if self.category_id else "issue"


class SentNotification(models.Model):
    """One row per e-mail actually sent, so a task that runs twice never e-mails a subscriber twice.
    `key` names the message: "confirmation:<subscription>" or "event:<issue event>"."""

    email = models.EmailField()
    key = models.CharField(max_length=100)
    subscription = models.ForeignKey(
        Subscription, on_delete=models.SET_NULL, null=True, blank=True, related_name="sent_notifications"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["email", "key"], name="sent_notification_unique")]

    def __str__(self):
        return f"{self.key} → {self.email}"
