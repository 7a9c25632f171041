"""Snapshots: immutable full copies of a backlog's themes, stories and criteria at one moment.

Manual ones are taken on request and may be deleted; one is taken automatically for each sprint
when it starts (at creation when `start_on` is today or past, else by the daily beat task) and
cannot be deleted while its sprint exists.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from rest_framework import status

from backlog_site.api.errors import ApplicationError
from backlogs.models import Backlog, Sprint
from webhooks.services import event_emit

from .copying import copy_children
from .events import sprint_event_data

SETTINGS = ["company", "velocity", "rate", "use_50_90", "scoring_rule", "author", "last_modified_user"]


def _snapshot(*, backlog: Backlog, name: str, sprint: Sprint | None) -> Backlog:
    snapshot = Backlog(account_id=backlog.account_id, name=name, snapshot_master=backlog, snapshot_for_sprint=sprint)
    for field in SETTINGS:
        setattr(snapshot, field, getattr(backlog, field))
    snapshot.full_clean(exclude=["snapshot_for_sprint"])
    snapshot.save()
    copy_children(source=backlog, target=snapshot)
    return snapshot


@transaction.atomic
def snapshot_create(*, backlog: Backlog, name: str) -> Backlog:
    if backlog.is_snapshot:
        raise ApplicationError("A snapshot cannot be taken of a snapshot", status_code=status.HTTP_403_FORBIDDEN)
    return _snapshot(backlog=backlog, name=name, sprint=None)


@transaction.atomic
def sprint_snapshot_take(*, sprint: Sprint) -> Backlog | None:
    """The sprint's snapshot, taken now unless it exists (a second run changes nothing)."""
    sprint = Sprint.objects.select_for_update().select_related("backlog").get(pk=sprint.pk)
    if Backlog.objects.filter(snapshot_for_sprint=sprint).exists():
        return None
    snapshot = _snapshot(backlog=sprint.backlog, name=f"Sprint {sprint.iteration}", sprint=sprint)
    # The snapshot is taken when the sprint starts, exactly once: that is when webhooks hear of it.
    event_emit(account=sprint.backlog.account, event_type="sprint_started", data=sprint_event_data(sprint))
    return snapshot


def sprints_starting_snapshots(*, today: datetime.date | None = None) -> int:
    """Take the missing snapshots of sprints that have started (by `today`); returns how many."""
    today = today or timezone.localdate()
    due = Sprint.objects.filter(start_on__lte=today, snapshot__isnull=True, backlog__snapshot_master__isnull=True)
    taken = 0
    for sprint_id in due.values_list("pk", flat=True):
        taken += sprint_snapshot_take(sprint=Sprint(pk=sprint_id)) is not None
    return taken


@transaction.atomic
def snapshot_delete(*, snapshot: Backlog) -> None:
    if snapshot.snapshot_for_sprint_id is not None:
        raise ApplicationError("Sprint snapshots cannot be deleted", status_code=status.HTTP_403_FORBIDDEN)
    snapshot.delete()
