"""Celery tasks of the backlogs app (take ids or nothing, call a service; a second run is harmless)."""

from celery import shared_task

from backlogs.planning.snapshots import sprints_starting_snapshots


@shared_task(name="backlogs.snapshot_started_sprints")
def snapshot_started_sprints() -> int:
    """Daily (see `planning.BEAT_SCHEDULE`): snapshot every sprint that has started and has none."""
    return sprints_starting_snapshots()
