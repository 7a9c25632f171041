"""The one rule every write in a backlog obeys: archived backlogs and snapshots are read-only."""

from rest_framework import status

from backlog_site.api.errors import ApplicationError

FORBIDDEN = status.HTTP_403_FORBIDDEN


def ensure_editable(backlog, what: str = "backlog") -> None:
    if backlog.is_snapshot:
        raise ApplicationError(f"This {what} cannot be changed as snapshots are read-only", status_code=FORBIDDEN)
    if backlog.archived:
        raise ApplicationError(
            f"This {what} cannot be changed as the backlog is archived and locked", status_code=FORBIDDEN
        )
