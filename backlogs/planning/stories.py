"""Operations on stories and their acceptance criteria."""

from decimal import Decimal

from django.db import transaction

from accounts.models import ScoringRule
from backlog_site.api.errors import ApplicationError
from backlogs.models import AcceptanceCriterion, Backlog, Story, Theme

from . import accepted, positions
from .locks import ensure_editable, lock_row

SCORE_FIELDS = ("score", "score_50", "score_90")
# What an accepted story keeps (everything but its position and theme).
LOCKED_FIELDS = ("unique_id", "as_a", "i_want_to", "so_i_can", "comments", "score_50", "score_90", "color")
DEFAULT_SCORING_RULE = "M"  # Modified Fibonacci, easyBacklog's `ScoringRule.default`


def next_unique_id(theme: Theme, exclude_pk=None) -> int:
    """easyBacklog's rule: the first free number in 1..n (n = the theme's other stories), so a
    deleted story's id is given again; with none free, the highest plus one."""
    taken = set(Story.objects.filter(theme=theme).exclude(pk=exclude_pk).values_list("unique_id", flat=True))
    return next((n for n in range(1, len(taken) + 1) if n not in taken), len(taken) + 1)


def scoring_rule_of(backlog: Backlog) -> ScoringRule | None:
    """The backlog's rule, else its account's, else Modified Fibonacci."""
    return (
        backlog.scoring_rule
        or backlog.account.scoring_rule
        or ScoringRule.objects.filter(code=DEFAULT_SCORING_RULE).first()
    )


def score_refusal(rule: ScoringRule | None, value: Decimal) -> str | None:
    """Why `rule` refuses the score `value` (a fragment after the field's name), or None."""
    if value < 0 and (rule is None or not rule.values):
        return "needs to be greater than or equal to zero"
    if rule is not None and not rule.allows(value):
        return f"is not valid according to the {rule.title} scoring rule ({rule.description})"
    return None


def _apply_scores(story: Story, backlog: Backlog, fields: dict) -> None:
    """A backlog on the single rule takes `score` (stored as both 50 and 90); one on the 50/90 rule
    takes `score_50` and `score_90`. Each score given must be allowed by the backlog's scoring rule."""
    given = {name: fields.pop(name) for name in SCORE_FIELDS if name in fields}
    if backlog.use_50_90:
        if "score" in given:
            raise ApplicationError("cannot be used as this backlog uses the 50/90 rule", field="score")
    else:
        for name in ("score_50", "score_90"):
            if name in given:
                raise ApplicationError("cannot be used as this backlog does not use the 50/90 rule", field=name)
    # As in easyBacklog, only a score this request changes must fit the rule: a story scored before
    # the backlog's rule changed can still be edited (or echoed back) with its old score.
    stored = {"score": story.score, "score_50": story.score_50, "score_90": story.score_90} if story.pk else {}
    changed = {name: value for name, value in given.items() if value is not None and value != stored.get(name)}
    rule = scoring_rule_of(backlog) if changed else None
    for name, value in changed.items():
        refusal = score_refusal(rule, Decimal(value))
        if refusal:
            raise ApplicationError(refusal, field=name)
    if "score" in given:
        story.score_50 = story.score_90 = given["score"]
    story.score_50 = given.get("score_50", story.score_50)
    story.score_90 = given.get("score_90", story.score_90)
    if story.score_50 is not None and story.score_90 is not None and story.score_90 < story.score_50:
        # easyBacklog blamed the score this request changed: the 90% one, else the 50% one.
        if "score_90" in given or "score" in given:
            raise ApplicationError("must be greater than or equal to score 50", field="score_90")
        raise ApplicationError("must be less than or equal to score 90", field="score_50")


def _blank_is_none(value):
    return None if value == "" else value


def _changed_fields(story: Story, before: dict) -> list[str]:
    # A text sent blank where none was stored is no change (a client echoing the story back).
    return [name for name in LOCKED_FIELDS if _blank_is_none(getattr(story, name)) != _blank_is_none(before[name])]


def _check_unique_id(story: Story) -> None:
    if Story.objects.filter(theme_id=story.theme_id, unique_id=story.unique_id).exclude(pk=story.pk).exists():
        raise ApplicationError("Unique ID has already been taken", field="unique_id")


@transaction.atomic
def story_create(*, theme: Theme, fields: dict) -> Story:
    backlog = theme.backlog
    ensure_editable(backlog)
    lock_row(theme)
    position = fields.pop("position", None)
    story = Story(theme=theme)
    _apply_scores(story, backlog, fields)
    for name, value in fields.items():
        setattr(story, name, value)
    story.color = story.color or ""
    if story.unique_id is None:
        story.unique_id = next_unique_id(theme)
    _check_unique_id(story)
    story.position = positions.next_position(Story.objects.filter(theme=theme))
    story.full_clean()
    story.save()
    if position is not None:
        positions.place(story, Story.objects.filter(theme=theme), position)
    return story


@transaction.atomic
def story_update(*, story: Story, fields: dict) -> Story:
    backlog = story.theme.backlog
    ensure_editable(backlog)
    position = fields.pop("position", None)
    before = {name: getattr(story, name) for name in LOCKED_FIELDS}
    _apply_scores(story, backlog, fields)
    for name, value in fields.items():
        setattr(story, name, value)
    story.color = story.color or ""
    if story.unique_id is None:
        story.unique_id = next_unique_id(story.theme, exclude_pk=story.pk)
    accepted.ensure_story_unchanged(story, _changed_fields(story, before))
    _check_unique_id(story)
    story.full_clean()
    story.save()
    if position is not None:
        positions.place(story, Story.objects.filter(theme_id=story.theme_id), position)
    return story


@transaction.atomic
def story_delete(*, story: Story) -> None:
    ensure_editable(story.theme.backlog)
    accepted.ensure_stories_deletable(Story.objects.filter(pk=story.pk))
    theme_id = story.theme_id
    story.delete()
    positions.close_gap(Story.objects.filter(theme_id=theme_id))


@transaction.atomic
def criterion_create(*, story: Story, fields: dict) -> AcceptanceCriterion:
    ensure_editable(story.theme.backlog)
    accepted.ensure_criteria_editable(story)
    position = fields.pop("position", None)
    criterion = AcceptanceCriterion(story=story, **fields)
    criterion.position = positions.next_position(AcceptanceCriterion.objects.filter(story=story))
    criterion.full_clean()
    criterion.save()
    if position is not None:
        positions.place(criterion, AcceptanceCriterion.objects.filter(story=story), position)
    return criterion


@transaction.atomic
def criterion_update(*, criterion: AcceptanceCriterion, fields: dict) -> AcceptanceCriterion:
    ensure_editable(criterion.story.theme.backlog)
    accepted.ensure_criteria_editable(criterion.story)
    position = fields.pop("position", None)
    for name, value in fields.items():
        setattr(criterion, name, value)
    criterion.full_clean()
    criterion.save()
    if position is not None:
        positions.place(criterion, AcceptanceCriterion.objects.filter(story_id=criterion.story_id), position)
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: AcceptanceCriterion) -> None:
    ensure_editable(criterion.story.theme.backlog)
    accepted.ensure_criteria_deletable(criterion.story)
    story_id = criterion.story_id
    criterion.delete()
    positions.close_gap(AcceptanceCriterion.objects.filter(story_id=story_id))
