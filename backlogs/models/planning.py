"""easyBacklog planning: backlogs, their themes, stories, acceptance criteria, sprints and snapshots.

A snapshot is a frozen `Backlog` row (as in easyBacklog itself): `snapshot_master` points to the
backlog it copies, `snapshot_for_sprint` to the sprint whose start it records. Reusing the table
means a snapshot answers every format a backlog does, and its themes/stories/criteria are ordinary
rows. Live backlogs are `Backlog.objects.live()`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models

from accounts.models import Account, Company, ScoringRule, Timestamped

__all__ = ["AcceptanceCriterion", "Backlog", "Sprint", "SprintStory", "SprintStoryStatus", "Story", "Theme"]


class BacklogQuerySet(models.QuerySet):
    def live(self):
        """Backlogs people work in: not snapshots."""
        return self.filter(snapshot_master__isnull=True)

    def snapshots(self):
        return self.filter(snapshot_master__isnull=False)


class Backlog(Timestamped):
    """A backlog of an account (optionally grouped under a company). Dev tickets of the Public
    Backlog API land in backlogs too, so this one table serves both families."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="backlogs")
    company = models.ForeignKey(Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="backlogs")
    name = models.CharField(max_length=255)
    # Average velocity per day per team member; null when no time estimates are made.
    velocity = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    # Rate per day per team member; null when no cost estimates are made.
    rate = models.PositiveIntegerField(null=True, blank=True)
    use_50_90 = models.BooleanField(null=True, blank=True)
    scoring_rule = models.ForeignKey(ScoringRule, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    archived = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_modified_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set on snapshots only: the backlog copied, and for automatic ones the sprint that started.
    snapshot_master = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="snapshots"
    )
    snapshot_for_sprint = models.OneToOneField(
        "Sprint", on_delete=models.CASCADE, null=True, blank=True, related_name="snapshot"
    )

    objects = BacklogQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["account", "archived"])]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.rate is not None and self.velocity is None:
            raise ValidationError({"rate": "cannot be specified if velocity is empty"})

    @property
    def is_snapshot(self) -> bool:
        return self.snapshot_master_id is not None

    @property
    def is_locked(self) -> bool:
        """Archived backlogs and snapshots cannot be edited, nor can anything in them."""
        return self.archived or self.is_snapshot


class Theme(Timestamped):
    backlog = models.ForeignKey(Backlog, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=255)
    code = models.CharField(
        max_length=3, validators=[RegexValidator(r"^[A-Z0-9]{3}$", "must be 3 alphanumeric characters")]
    )
    position = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["backlog_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["backlog", "code"], name="theme_unique_code")]

    def __str__(self):
        return f"{self.code} {self.name}"


class Story(Timestamped):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="stories")
    unique_id = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    as_a = models.TextField(null=True, blank=True)
    i_want_to = models.TextField(null=True, blank=True)
    so_i_can = models.TextField(null=True, blank=True)
    comments = models.TextField(null=True, blank=True)
    # With the single scoring rule both hold the one score (easyBacklog's `score=`).
    score_50 = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    score_90 = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    color = models.CharField(
        max_length=6, blank=True, default="", validators=[RegexValidator(r"^[0-9a-fA-F]{6}$", "must be 6 hex digits")]
    )
    position = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["theme_id", "position", "id"]
        verbose_name_plural = "stories"
        constraints = [models.UniqueConstraint(fields=["theme", "unique_id"], name="story_unique_id_in_theme")]

    def __str__(self):
        return f"{self.unique_id}: {self.i_want_to or ''}"[:80]

    @property
    def score(self):
        return self.score_90

    @property
    def lowest_score(self) -> Decimal:
        return self.score_50 if self.score_50 is not None else (self.score_90 or Decimal(0))

    @property
    def score_diff(self) -> Decimal:
        if self.score_50 is None or self.score_90 is None:
            return Decimal(0)
        return self.score_90 - self.score_50


class AcceptanceCriterion(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="acceptance_criteria")
    criterion = models.TextField()
    position = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["story_id", "position", "id"]
        verbose_name_plural = "acceptance criteria"

    def __str__(self):
        return self.criterion[:80]


class SprintStoryStatus(models.Model):
    """Global reference data (`/api/sprint-story-statuses`)."""

    TODO = "T"
    IN_PROGRESS = "P"
    COMPLETED = "R"
    ACCEPTED = "D"
    # A sprint can be completed only when every story has one of these.
    DONE_CODES = (COMPLETED, ACCEPTED)

    code = models.CharField(max_length=1, unique=True)
    status = models.CharField(max_length=50, unique=True)
    position = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "sprint story statuses"

    def __str__(self):
        return self.status

    @property
    def is_done(self) -> bool:
        return self.code in self.DONE_CODES


class Sprint(Timestamped):
    backlog = models.ForeignKey(Backlog, on_delete=models.CASCADE, related_name="sprints")
    iteration = models.PositiveIntegerField()
    start_on = models.DateField()
    duration_days = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    number_team_members = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal("0.01"))]
    )
    explicit_velocity = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal("0.01"))]
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["backlog_id", "iteration"]
        constraints = [models.UniqueConstraint(fields=["backlog", "iteration"], name="sprint_unique_iteration")]

    def __str__(self):
        return f"Sprint {self.iteration}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class SprintStory(Timestamped):
    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="sprint_stories")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="sprint_stories")
    sprint_story_status = models.ForeignKey(SprintStoryStatus, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["sprint_id", "position", "id"]
        verbose_name_plural = "sprint stories"
        constraints = [models.UniqueConstraint(fields=["sprint", "story"], name="sprint_story_unique")]

    def __str__(self):
        return f"{self.sprint} / {self.story_id}"
