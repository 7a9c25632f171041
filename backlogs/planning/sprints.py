"""Operations on sprints and sprint stories (the join of a story to a sprint)."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from backlog_site.api.errors import ApplicationError
from backlogs.models import Backlog, Sprint, SprintStory, SprintStoryStatus, Story
from webhooks.services import event_emit

from . import accepted, positions
from .events import sprint_event_data
from .locks import FORBIDDEN, ensure_editable, lock_row
from .snapshots import sprint_snapshot_take

SPRINT_FIELDS = ("start_on", "duration_days", "number_team_members", "explicit_velocity")


def end_on(sprint: Sprint) -> datetime.date:
    return sprint.start_on + datetime.timedelta(days=sprint.duration_days - 1)


def _validate(sprint: Sprint) -> None:
    backlog = sprint.backlog
    for name in ("number_team_members", "explicit_velocity"):
        value = getattr(sprint, name)
        if value is not None and value <= 0:
            raise ApplicationError("must be greater than 0", field=name)
    if sprint.number_team_members is not None and backlog.velocity is None:
        raise ApplicationError(
            "Number team members cannot be set as the backlog has no velocity", field="number_team_members"
        )
    if sprint.number_team_members is None and sprint.explicit_velocity is None:
        raise ApplicationError("Either number team members or explicit velocity must be set", field="explicit_velocity")
    sprint.full_clean(exclude=["backlog"])
    for other in Sprint.objects.filter(backlog=backlog).exclude(pk=sprint.pk).order_by("iteration"):
        if other.start_on <= end_on(sprint) and sprint.start_on <= end_on(other):
            raise ApplicationError(f"Start date and duration overlaps with sprint {other.iteration}", field="start_on")
        if sprint.start_on < other.start_on and sprint.iteration > other.iteration:
            raise ApplicationError(f"Start date is before sprint {other.iteration}", field="start_on")


def _snapshot_if_started(sprint: Sprint) -> None:
    """A sprint that has started has its snapshot; one moved back into the future loses it (it
    will be taken again when the sprint really starts)."""
    if sprint.start_on <= timezone.localdate():
        sprint_snapshot_take(sprint=sprint)
    else:
        Backlog.objects.filter(snapshot_for_sprint=sprint).delete()


@transaction.atomic
def sprint_create(*, backlog: Backlog, fields: dict) -> Sprint:
    ensure_editable(backlog)
    lock_row(backlog)
    last = Sprint.objects.filter(backlog=backlog).aggregate(m=Max("iteration"))["m"] or 0
    sprint = Sprint(backlog=backlog, iteration=last + 1, **{k: v for k, v in fields.items() if k in SPRINT_FIELDS})
    _validate(sprint)
    sprint.save()
    _snapshot_if_started(sprint)
    return sprint


@transaction.atomic
def sprint_update(*, sprint: Sprint, fields: dict) -> Sprint:
    ensure_editable(sprint.backlog)
    if sprint.is_completed:
        raise ApplicationError("Can't modify a sprint if it is completed", status_code=FORBIDDEN)
    for name, value in fields.items():
        if name in SPRINT_FIELDS:
            setattr(sprint, name, value)
    _validate(sprint)
    sprint.save()
    _snapshot_if_started(sprint)
    return sprint


@transaction.atomic
def sprint_complete(*, sprint: Sprint) -> Sprint:
    """Mark complete: every story must have a completed or accepted status and the previous sprint
    must be complete. A completed sprint is read-only until reopened."""
    ensure_editable(sprint.backlog)
    if sprint.is_completed:
        return sprint
    if sprint.iteration > 1:
        previous = Sprint.objects.filter(backlog_id=sprint.backlog_id, iteration=sprint.iteration - 1).first()
        if previous is not None and not previous.is_completed:
            raise ApplicationError(
                f"Sprint cannot be marked as complete unless sprint {previous.iteration} is marked as complete",
                field="completed",
            )
    done = SprintStoryStatus.DONE_CODES
    undone = SprintStory.objects.filter(sprint=sprint).exclude(sprint_story_status__code__in=done)
    if undone.exists():
        raise ApplicationError(
            "Sprint cannot be marked as complete when it contains stories that are not completed or accepted",
            field="completed",
        )
    sprint.completed_at = timezone.now()
    sprint.save(update_fields=["completed_at", "updated_at"])
    sprint_snapshot_take(sprint=sprint)
    event_emit(account=sprint.backlog.account, event_type="sprint_completed", data=sprint_event_data(sprint))
    return sprint


@transaction.atomic
def sprint_reopen(*, sprint: Sprint) -> Sprint:
    ensure_editable(sprint.backlog)
    if not sprint.is_completed:
        return sprint
    following = Sprint.objects.filter(backlog_id=sprint.backlog_id, iteration=sprint.iteration + 1).first()
    if following is not None and following.is_completed:
        raise ApplicationError(
            f"Sprint cannot be marked as incomplete unless sprint {following.iteration} is marked as incomplete",
            field="completed",
        )
    sprint.completed_at = None
    sprint.save(update_fields=["completed_at", "updated_at"])
    return sprint


def is_deletable(sprint: Sprint, last_iteration: int) -> bool:
    """Only the most recent sprint, and only while it is not complete."""
    return not sprint.is_completed and sprint.iteration >= (last_iteration or 0)


@transaction.atomic
def sprint_delete(*, sprint: Sprint) -> None:
    ensure_editable(sprint.backlog)
    last = Sprint.objects.filter(backlog_id=sprint.backlog_id).aggregate(m=Max("iteration"))["m"]
    if sprint.is_completed:
        raise ApplicationError("Can't delete a sprint that is completed", status_code=FORBIDDEN)
    if not is_deletable(sprint, last):
        raise ApplicationError("Can't delete a sprint unless it's the most recent", status_code=FORBIDDEN)
    sprint.delete()


def _ensure_open(sprint: Sprint) -> None:
    ensure_editable(sprint.backlog)
    if sprint.is_completed:
        raise ApplicationError(
            "Stories cannot be added, changed or removed as the sprint is complete", status_code=FORBIDDEN
        )


def _ensure_not_in_other_open_sprint(story: Story, sprint: Sprint) -> None:
    others = SprintStory.objects.filter(story=story, sprint__completed_at__isnull=True).exclude(sprint=sprint)
    if others.exists():
        raise ApplicationError("Story is already assigned to another sprint", field="story_id")


def default_status() -> SprintStoryStatus:
    return SprintStoryStatus.objects.filter(code=SprintStoryStatus.TODO).first() or SprintStoryStatus.objects.first()


@transaction.atomic
def sprint_story_create(*, sprint: Sprint, story: Story, status_: SprintStoryStatus | None, position) -> SprintStory:
    _ensure_open(sprint)
    lock_row(story)  # a story is in at most one open sprint
    if story.theme.backlog_id != sprint.backlog_id:
        raise ApplicationError("Story must belong to the sprint's backlog", field="story_id")
    if SprintStory.objects.filter(sprint=sprint, story=story).exists():
        raise ApplicationError("Story is already assigned to this sprint", field="story_id")
    _ensure_not_in_other_open_sprint(story, sprint)
    sprint_story = SprintStory.objects.create(
        sprint=sprint,
        story=story,
        sprint_story_status=status_ or default_status(),
        position=positions.next_position(SprintStory.objects.filter(sprint=sprint)),
    )
    if position is not None:
        positions.place(sprint_story, SprintStory.objects.filter(sprint=sprint), position)
    return sprint_story


@transaction.atomic
def sprint_story_update(
    *, sprint_story: SprintStory, move_to: Sprint | None, status_: SprintStoryStatus | None, position
) -> SprintStory:
    """Change the status or position of a story in its sprint, or move it to another open sprint of
    the same backlog (at the end unless a position is given)."""
    _ensure_open(sprint_story.sprint)
    old_sprint_id = sprint_story.sprint_id
    if move_to is not None and move_to.pk != old_sprint_id:
        if move_to.backlog_id != sprint_story.sprint.backlog_id:
            raise ApplicationError("Sprint must belong to the same backlog", field="move_to_sprint_id")
        _ensure_open(move_to)
        if SprintStory.objects.filter(sprint=move_to, story_id=sprint_story.story_id).exists():
            raise ApplicationError("Story is already assigned to that sprint", field="move_to_sprint_id")
        sprint_story.sprint = move_to
        sprint_story.position = positions.next_position(SprintStory.objects.filter(sprint=move_to))
    if status_ is not None:
        sprint_story.sprint_story_status = status_
    sprint_story.save()
    if position is not None:
        positions.place(sprint_story, SprintStory.objects.filter(sprint_id=sprint_story.sprint_id), position)
    if sprint_story.sprint_id != old_sprint_id:
        positions.close_gap(SprintStory.objects.filter(sprint_id=old_sprint_id))
    return sprint_story


@transaction.atomic
def sprint_story_delete(*, sprint_story: SprintStory) -> None:
    _ensure_open(sprint_story.sprint)
    accepted.ensure_can_leave_sprint(sprint_story)
    sprint_id = sprint_story.sprint_id
    sprint_story.delete()
    positions.close_gap(SprintStory.objects.filter(sprint_id=sprint_id))
