"""What webhooks hear of planning changes (see webhooks.events for the event names)."""

from backlogs.models import Sprint


def sprint_event_data(sprint: Sprint) -> dict:
    return {
        "sprint_id": sprint.pk,
        "backlog_id": sprint.backlog_id,
        "iteration": sprint.iteration,
        "start_on": sprint.start_on,
        "completed_at": sprint.completed_at,
    }
