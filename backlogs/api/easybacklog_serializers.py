"""easyBacklog planning: what clients send (DRF serializers that validate types) and what they get
back (plain functions building the documented field sets; decimals stay Decimal so the dialect
prints them as Rails does, points are floats as easyBacklog computed them)."""

from rest_framework import serializers

from accounts.models import Company, ScoringRule
from backlogs.models import Backlog, SprintStoryStatus
from backlogs.planning import points, selectors
from backlogs.planning.sprints import is_deletable

MAX_INT = 2**31 - 1  # the columns are 32-bit integers: a larger number is a 422, not a database error


def _int(**kwargs):
    return serializers.IntegerField(max_value=MAX_INT, **kwargs)


def _decimal(**kwargs):
    return serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True, required=False, **kwargs)


def _text(**kwargs):
    return serializers.CharField(allow_null=True, allow_blank=True, required=False, **kwargs)


class BacklogInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    company_id = serializers.PrimaryKeyRelatedField(
        source="company", queryset=Company.objects.all(), allow_null=True, required=False
    )
    velocity = _decimal()  # > 0 when set: the service says so in easyBacklog's words
    rate = _int(allow_null=True, required=False)
    use_50_90 = serializers.BooleanField(allow_null=True, required=False)
    scoring_rule_id = serializers.PrimaryKeyRelatedField(
        source="scoring_rule", queryset=ScoringRule.objects.all(), allow_null=True, required=False
    )
    archived = serializers.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        account = getattr(self.context.get("request"), "account", None)
        if account is not None:
            # A company id resolves only inside the request's account (another tenant's is "not found").
            self.fields["company_id"].queryset = Company.objects.filter(account=account)


class SnapshotInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)


class ThemeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    code = _text(max_length=3)
    position = _int(min_value=1, required=False)


class GrabStorySerializer(serializers.Serializer):
    story_id = _int(min_value=1)


class MoveToBacklogSerializer(serializers.Serializer):
    target_backlog_id = _int(min_value=1)


class StoryInputSerializer(serializers.Serializer):
    unique_id = _int(min_value=1, allow_null=True, required=False)
    as_a = _text()
    i_want_to = _text()
    so_i_can = _text()
    comments = _text()
    score = _decimal()
    score_50 = _decimal()
    score_90 = _decimal()
    color = _text(max_length=6)
    position = _int(min_value=1, required=False)


class CriterionInputSerializer(serializers.Serializer):
    criterion = serializers.CharField()
    position = _int(min_value=1, required=False)


class SprintInputSerializer(serializers.Serializer):
    start_on = serializers.DateField()
    duration_days = serializers.IntegerField(min_value=1, max_value=366)
    number_team_members = _decimal()  # > 0 when set (the service)
    explicit_velocity = _decimal()
    completed = serializers.BooleanField(required=False)
    complete = serializers.BooleanField(required=False)  # the document's example sends `complete=true`

    def validate_start_on(self, value):
        # Dates are added to (sprint ends, charts extrapolate): keep them far from the calendar's ends.
        if not 1970 <= value.year <= 2999:
            raise serializers.ValidationError("must be between 1970 and 2999")
        return value


class SprintStoryInputSerializer(serializers.Serializer):
    story_id = _int(min_value=1)
    sprint_story_status_id = serializers.PrimaryKeyRelatedField(
        source="status", queryset=SprintStoryStatus.objects.all(), required=False
    )
    position = _int(min_value=1, required=False)
    move_to_sprint_id = _int(min_value=1, required=False)


class ScoringRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScoringRule
        fields = ["code", "description", "id", "position", "title"]


class SprintStoryStatusSerializer(serializers.ModelSerializer):
    class Meta:
        model = SprintStoryStatus
        fields = ["code", "id", "position", "status"]


# --- representations -------------------------------------------------------------------------


def backlog_data(backlog: Backlog) -> dict:
    return {
        "account_id": backlog.account_id,
        "archived": backlog.archived,
        "author_id": backlog.author_id,
        "company_id": backlog.company_id,
        "created_at": backlog.created_at,
        "id": backlog.pk,
        "last_modified_user_id": backlog.last_modified_user_id,
        "name": backlog.name,
        "rate": backlog.rate,
        "scoring_rule_id": backlog.scoring_rule_id,
        "updated_at": backlog.updated_at,
        "use_50_90": backlog.use_50_90,
        "velocity": backlog.velocity,
    }


def snapshot_data(snapshot: Backlog) -> dict:
    data = {
        "created_at": snapshot.created_at,
        "id": snapshot.pk,
        "name": snapshot.name,
        "rate": snapshot.rate,
        "scoring_rule_id": snapshot.scoring_rule_id,
        "use_50_90": snapshot.use_50_90,
        "velocity": snapshot.velocity,
    }
    if snapshot.snapshot_for_sprint_id is not None:
        data["parent_sprint_id"] = snapshot.snapshot_for_sprint_id
    else:
        data["parent_backlog_id"] = snapshot.snapshot_master_id
    return data


def theme_data(theme, *, use_50_90=None, nested=False) -> dict:
    data = {
        "backlog_id": theme.backlog_id,
        "code": theme.code,
        "created_at": theme.created_at,
        "id": theme.pk,
        "name": theme.name,
        "position": theme.position,
        "updated_at": theme.updated_at,
    }
    if nested:
        data["stories"] = [story_data(s, use_50_90=use_50_90, nested=True) for s in theme.stories.all()]
    return data


def story_data(story, *, use_50_90, nested=False) -> dict:
    data = {
        "as_a": story.as_a,
        "color": story.color,
        "comments": story.comments,
        "created_at": story.created_at,
        "i_want_to": story.i_want_to,
        "id": story.pk,
        "position": story.position,
        "so_i_can": story.so_i_can,
        "theme_id": story.theme_id,
        "unique_id": story.unique_id,
        "updated_at": story.updated_at,
    }
    if use_50_90:
        data["score_50"] = story.score_50
        data["score_90"] = story.score_90
    else:
        data["score"] = story.score
    if nested:
        data["acceptance_criteria"] = [criterion_data(c) for c in story.acceptance_criteria.all()]
    return data


def theme_row_data(theme: dict, *, use_50_90) -> dict:
    """theme_data(nested=True) of a row of selectors.backlog_theme_rows, in the same key order."""
    data = {name: theme[name] for name in selectors.THEME_FIELDS}
    data["stories"] = [story_row_data(story, use_50_90=use_50_90) for story in theme["stories"]]
    return data


def story_row_data(story: dict, *, use_50_90) -> dict:
    """story_data(nested=True) of a row: the row itself, its scores and criteria moved to the end in
    the document's order (no copy: a 2,000-story tree builds 2,000 fewer dicts)."""
    criteria, score_50, score_90 = story.pop("acceptance_criteria"), story.pop("score_50"), story.pop("score_90")
    if use_50_90:
        story["score_50"], story["score_90"] = score_50, score_90
    else:
        story["score"] = score_90  # Story.score: one score is kept as the 90% one
    story["acceptance_criteria"] = criteria
    return story


def criterion_data(criterion) -> dict:
    return {
        "criterion": criterion.criterion,
        "id": criterion.pk,
        "position": criterion.position,
        "story_id": criterion.story_id,
    }


def sprint_data(sprint, *, backlog_velocity, nested=False) -> dict:
    """`last_iteration` is annotated by the selector; sprint stories are prefetched."""
    data = {
        "backlog_id": sprint.backlog_id,
        "completed_at": sprint.completed_at,
        "created_at": sprint.created_at,
        "duration_days": sprint.duration_days,
        "explicit_velocity": sprint.explicit_velocity,
        "id": sprint.pk,
        "iteration": sprint.iteration,
        "number_team_members": sprint.number_team_members,
        "start_on": sprint.start_on,
        "updated_at": sprint.updated_at,
        "completed?": sprint.is_completed,
        "deletable?": is_deletable(sprint, sprint.last_iteration),
        "total_allocated_points": points.allocated_points(sprint),
        "total_expected_points": points.expected_points(sprint, backlog_velocity),
        "total_completed_points": points.completed_points(sprint),
    }
    if nested:
        data["sprint_stories"] = [sprint_story_data(ss) for ss in sprint.sprint_stories.all()]
    return data


def sprint_story_data(sprint_story) -> dict:
    return {
        "created_at": sprint_story.created_at,
        "id": sprint_story.pk,
        "position": sprint_story.position,
        "sprint_id": sprint_story.sprint_id,
        "sprint_story_status_id": sprint_story.sprint_story_status_id,
        "story_id": sprint_story.story_id,
        "updated_at": sprint_story.updated_at,
    }


def backlog_tree(backlog: Backlog, *, with_sprints: bool) -> dict:
    """A backlog (or snapshot, without sprints) with every theme, story, criterion and sprint."""
    data = backlog_data(backlog) if not backlog.is_snapshot else snapshot_data(backlog)
    data["themes"] = [theme_row_data(t, use_50_90=backlog.use_50_90) for t in selectors.backlog_theme_rows(backlog)]
    if with_sprints:
        velocity = backlog.velocity
        data["sprints"] = [sprint_data(s, backlog_velocity=velocity, nested=True) for s in backlog.sprints.all()]
    return data
