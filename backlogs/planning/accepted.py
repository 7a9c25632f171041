"""easyBacklog's lock on accepted work.

A story whose sprint story is accepted (status code "D", "done" in easyBacklog's first versions)
is finished business: its text, scores and colour stay as they were accepted, its acceptance
criteria can be neither added, changed nor removed, and it cannot be taken out of its sprint
(nor deleted, which would take it out). Moving it (its position, or to another theme of the
backlog) is still allowed, and so is moving its sprint story to another open sprint (easyBacklog's
sprint story spec does exactly that): it stays in a sprint. Un-accepting it (a new sprint story
status) lifts the lock.
"""

from django.db.models import Q
from rest_framework import status

from backlog_site.api.errors import ApplicationError
from backlogs.models import SprintStory, SprintStoryStatus

FORBIDDEN = status.HTTP_403_FORBIDDEN


def accepted_sprint_stories():
    return SprintStory.objects.filter(sprint_story_status__code=SprintStoryStatus.ACCEPTED)


def is_accepted(story) -> bool:
    return accepted_sprint_stories().filter(story=story).exists()


def ensure_story_unchanged(story, changed: list[str]) -> None:
    """Refuse `changed` (the story's fields whose value this request changes) on an accepted story."""
    if changed and is_accepted(story):
        raise ApplicationError("Changes to an accepted story are not allowed", field="base")


def ensure_criteria_editable(story) -> None:
    if is_accepted(story):
        raise ApplicationError(
            "Acceptance criteria cannot be changed as the story is accepted and therefore locked", field="base"
        )


def ensure_criteria_deletable(story) -> None:
    if is_accepted(story):
        raise ApplicationError(
            "Acceptance criteria cannot be deleted as the story is accepted and therefore locked",
            status_code=FORBIDDEN,
        )


def ensure_can_leave_sprint(sprint_story) -> None:
    """A sprint story that is accepted stays in its sprint (un-accept it first)."""
    if sprint_story.sprint_story_status.code == SprintStoryStatus.ACCEPTED:
        raise ApplicationError("Story cannot be removed from its sprint as it is accepted", status_code=FORBIDDEN)


def ensure_stories_deletable(stories_queryset) -> None:
    """Deleting a story takes it out of its sprints: refused when it is accepted or its sprint is
    complete (easyBacklog's sprint story refused its own removal in both cases)."""
    blocking = Q(sprint_story_status__code=SprintStoryStatus.ACCEPTED) | Q(sprint__completed_at__isnull=False)
    if SprintStory.objects.filter(blocking, story__in=stories_queryset).exists():
        raise ApplicationError(
            "Stories that are accepted or in a completed sprint cannot be deleted", status_code=FORBIDDEN
        )
