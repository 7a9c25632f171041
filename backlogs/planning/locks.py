"""The one rule every write in a backlog obeys: archived backlogs and snapshots are read-only."""

from rest_framework import status

from backlog_site.api.errors import ApplicationError

FORBIDDEN = status.HTTP_403_FORBIDDEN


def lock_row(instance) -> None:
    """Hold the parent's row lock until commit, so two requests cannot hand out the same theme
    code, story unique id, sprint iteration or position at once (PostgreSQL; SQLite serialises
    writers anyway)."""
    list(type(instance).objects.select_for_update().filter(pk=instance.pk).values_list("pk", flat=True))


def ensure_editable(backlog, what: str = "backlog") -> None:
    if backlog.is_snapshot:
        raise ApplicationError(f"This {what} cannot be changed as snapshots are read-only", status_code=FORBIDDEN)
    if backlog.archived:
        raise ApplicationError(
            f"This {what} cannot be changed as the backlog is archived and locked", status_code=FORBIDDEN
        )
