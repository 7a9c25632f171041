"""easyBacklog planning: backlogs and what they hold."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from accounts.models import Account, Company, ScoringRule, Timestamped

__all__ = ["Backlog"]


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

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["account", "archived"])]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.rate is not None and self.velocity is None:
            raise ValidationError({"rate": "cannot be specified if velocity is empty"})
