"""Saved searches: a named Ransack filter (`{"status_eq": "open"}`) over tickets, users or CIs."""

from django.db import models

from accounts.models import Account, Membership, Timestamped

__all__ = ["SavedSearch"]


class SavedSearch(Timestamped):
    class OwnerClass(models.TextChoices):
        TICKET = "ticket", "Ticket"
        USER = "user", "User"
        CI = "ci", "CI"
        PROBLEM = "problem", "Problem"
        CHANGE = "change", "Change"
        RELEASE = "release", "Release"

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)
    owner_class = models.CharField(max_length=10, choices=OwnerClass.choices)
    # The Ransack parameters without the q[...] wrapper, e.g. {"status_eq": "open", "title_cont": "printer"}.
    query = models.JSONField(default=dict, blank=True)
    # A personal search is listed only to its owner (`my_search`); without an owner every member sees it.
    owner = models.ForeignKey(Membership, on_delete=models.CASCADE, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "saved searches"

    def __str__(self):
        return self.name
