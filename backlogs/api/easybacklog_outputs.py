"""easyBacklog planning: what the API answers, as output serializers.

The wire form stays the one the `*_data` functions build (key order as easyBacklog's, keys that come
and go: `score` or `score_50`/`score_90`, `parent_backlog_id` or `parent_sprint_id`, the nested lists
of `include_associated_data`; Decimals the dialect prints as Rails strings). The declared fields say
the same for the OpenAPI, and a test holds each representation to its declared fields.

The viewsets give `nested` in the context (include_associated_data on a read).

drf-spectacular lists every read-only field as required (COMPONENT_NO_READ_ONLY_REQUIRED is off), and a
read-only field cannot say `required=False`: a shape names its keys that come and go in `sometimes`, which
the project's schema (`backlog_site.api.schema`) leaves out of the component's `required`.
"""

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from backlog_site.api.extensions import ExtendedShape

from .easybacklog_serializers import (
    backlog_data,
    criterion_data,
    snapshot_data,
    sprint_data,
    sprint_story_data,
    story_data,
    theme_data,
)

# When the nested lists are in an answer.
NESTED = "on a list or a read with include_associated_data, and in a backlog's tree"
TREE = "on one read with include_associated_data (the whole tree)"


def _id():
    return serializers.IntegerField(read_only=True)


def _null_int():
    return serializers.IntegerField(allow_null=True, read_only=True)


def _null_text():
    return serializers.CharField(allow_null=True, read_only=True)


def _decimal(*, max_digits=10, decimal_places=2, allow_null=True, **kwargs):
    # Printed as Rails prints BigDecimal: "3.0".
    return serializers.DecimalField(
        max_digits=max_digits,
        decimal_places=decimal_places,
        allow_null=allow_null,
        read_only=True,
        coerce_to_string=True,
        **kwargs,
    )


def _computed_decimal(**kwargs):
    # A product or a quotient of stored decimals: any number of digits (no pattern in the schema).
    return _decimal(max_digits=None, decimal_places=None, **kwargs)


def _when():
    return serializers.DateTimeField(read_only=True)


class Shape(serializers.Serializer):
    """An answer's fields, for the schema. `sometimes`: the keys the answer carries only in some answers."""

    sometimes: tuple[str, ...] = ()


class Representation(Shape):
    """Fields for the schema; `to_representation` is the `*_data` function's."""

    def to_representation(self, instance):
        raise NotImplementedError


class CriterionOutput(Representation):
    criterion = serializers.CharField(read_only=True)
    id = _id()
    position = _id()
    story_id = _id()

    def to_representation(self, instance):
        return criterion_data(instance)


class StoryOutput(ExtendedShape, Representation):
    extended_shape = "easybacklog.story"  # `links` (the links app), on a story's read with associated data
    # One score or the 50/90 pair, as the backlog estimates; the nested and extension keys with
    # include_associated_data (`links` on one story's read only).
    sometimes = ("score", "score_50", "score_90", "acceptance_criteria")  # `links`: an extension shown when asked
    as_a = _null_text()
    color = serializers.CharField(read_only=True)
    comments = _null_text()
    created_at = _when()
    i_want_to = _null_text()
    id = _id()
    position = _id()
    so_i_can = _null_text()
    theme_id = _id()
    unique_id = _id()
    updated_at = _when()
    score = _decimal(help_text="when the backlog does not use 50/90 estimates")
    score_50 = _decimal(help_text="when the backlog uses 50/90 estimates")
    score_90 = _decimal(help_text="when the backlog uses 50/90 estimates")
    acceptance_criteria = CriterionOutput(many=True, read_only=True, help_text=NESTED)

    def to_representation(self, instance):
        # The story's queryset selects its theme's backlog, so this reads no row.
        use_50_90 = instance.theme.backlog.use_50_90
        data = story_data(instance, use_50_90=use_50_90, nested=self.context.get("nested", False))
        return self.extend(data, instance)


class ThemeOutput(Representation):
    sometimes = ("stories",)  # with include_associated_data, on a list or a read
    backlog_id = _id()
    code = serializers.CharField(read_only=True)
    created_at = _when()
    id = _id()
    name = serializers.CharField(read_only=True)
    position = _id()
    updated_at = _when()
    stories = StoryOutput(many=True, read_only=True, help_text=NESTED)

    def to_representation(self, instance):
        nested = self.context.get("nested", False)
        return theme_data(instance, use_50_90=instance.backlog.use_50_90, nested=nested)


class SprintStoryOutput(Representation):
    created_at = _when()
    id = _id()
    position = _id()
    sprint_id = _id()
    sprint_story_status_id = _id()
    story_id = _id()
    updated_at = _when()

    def to_representation(self, instance):
        return sprint_story_data(instance)


class SprintOutput(Representation):
    sometimes = ("sprint_stories",)  # with include_associated_data, on a list or a read
    backlog_id = _id()
    completed_at = serializers.DateTimeField(allow_null=True, read_only=True)
    created_at = _when()
    duration_days = _id()
    explicit_velocity = _decimal()
    id = _id()
    iteration = _id()
    number_team_members = _decimal()
    start_on = serializers.DateField(read_only=True)
    updated_at = _when()
    total_allocated_points = serializers.FloatField(read_only=True)
    total_expected_points = _computed_decimal(help_text="null when the sprint's velocity is unknown")
    total_completed_points = serializers.FloatField(read_only=True)
    sprint_stories = SprintStoryOutput(many=True, read_only=True, help_text=NESTED)

    def get_fields(self):
        # Rails' `completed?` helpers: not Python names, and left out of XML (a `?` is no XML name).
        fields = super().get_fields()
        fields["completed?"] = serializers.BooleanField(read_only=True, help_text="JSON only")
        fields["deletable?"] = serializers.BooleanField(read_only=True, help_text="JSON only")
        return fields

    def to_representation(self, instance):
        # The sprint's queryset selects its backlog, whose velocity sizes total_expected_points.
        velocity = instance.backlog.velocity
        return sprint_data(instance, backlog_velocity=velocity, nested=self.context.get("nested", False))


class BacklogOutput(Representation):
    sometimes = ("themes", "sprints")  # the whole tree, on a read with include_associated_data
    account_id = _id()
    archived = serializers.BooleanField(read_only=True)
    author_id = _null_int()
    company_id = _null_int()
    created_at = _when()
    id = _id()
    last_modified_user_id = _null_int()
    name = serializers.CharField(read_only=True)
    rate = _null_int()
    scoring_rule_id = _null_int()
    updated_at = _when()
    use_50_90 = serializers.BooleanField(allow_null=True, read_only=True)
    velocity = _decimal()
    themes = ThemeOutput(many=True, read_only=True, help_text=TREE)
    sprints = SprintOutput(many=True, read_only=True, help_text=TREE)

    def to_representation(self, instance):
        return backlog_data(instance)


class SnapshotOutput(Representation):
    # The one parent or the other; the tree (no sprints) on a read with include_associated_data.
    sometimes = ("parent_backlog_id", "parent_sprint_id", "themes")
    created_at = _when()
    id = _id()
    name = serializers.CharField(read_only=True)
    rate = _null_int()
    scoring_rule_id = _null_int()
    use_50_90 = serializers.BooleanField(allow_null=True, read_only=True)
    velocity = _decimal()
    parent_backlog_id = serializers.IntegerField(read_only=True, help_text="a manual snapshot's backlog")
    parent_sprint_id = serializers.IntegerField(read_only=True, help_text="a sprint snapshot's sprint")
    themes = ThemeOutput(many=True, read_only=True, help_text=TREE)

    def to_representation(self, instance):
        return snapshot_data(instance)


@extend_schema_serializer(many=False)  # the list action's answer, yet one object (not an array of them)
class SnapshotListOutput(serializers.Serializer):
    """The snapshot list: manual and sprint snapshots apart, as easyBacklog answers it."""

    manual_snapshots = SnapshotOutput(many=True, read_only=True)
    sprint_snapshots = SnapshotOutput(many=True, read_only=True)


@extend_schema_field({"oneOf": [{"type": "number", "format": "double"}, {"type": "string", "format": "decimal"}]})
class _NumberOrDecimal(serializers.Field):
    """A float, or the backlog's velocity (a Decimal, printed as a string) when there is no measure yet."""


class StatsPoint(Shape):
    """A sprint (or a sprint the chart extrapolates) in a series."""

    sometimes = ("team", "actual")
    starts_on = serializers.DateField(read_only=True)
    completed_on = serializers.DateField(read_only=True)
    iteration = _id()
    duration = serializers.IntegerField(read_only=True, help_text="days")
    completed = serializers.FloatField(read_only=True, help_text="points completed in the sprint")
    team = _decimal(help_text="team members, when the sprint has no explicit velocity")
    actual = serializers.FloatField(
        allow_null=True, read_only=True, help_text="points per member per day, when the sprint has no explicit velocity"
    )


class BurnDownPoint(StatsPoint):
    points = serializers.FloatField(read_only=True, help_text="points left")


class BurnUpPoint(StatsPoint):
    total_points = serializers.FloatField(read_only=True)


class BurnDownOutput(serializers.Serializer):
    trend = BurnDownPoint(many=True, read_only=True)
    actual = BurnDownPoint(many=True, read_only=True)
    projected = BurnDownPoint(many=True, read_only=True)


class BurnUpOutput(serializers.Serializer):
    total = BurnUpPoint(many=True, read_only=True)
    actual = BurnUpPoint(many=True, read_only=True)


class VelocityStatsOutput(Shape):
    """Empty without sprints; the `_day` keys only with a backlog velocity and no explicit sprint velocity."""

    sometimes = ("expected_sprint", "actual_sprint", "expected_day", "actual_day")
    expected_sprint = _computed_decimal(allow_null=False)
    actual_sprint = serializers.FloatField(read_only=True)
    expected_day = _computed_decimal(allow_null=False)
    actual_day = _NumberOrDecimal(read_only=True)


class BacklogStatsOutput(serializers.Serializer):
    """`/stats`: the burn-down, burn-up and velocity series, a point per sprint (or per sprint a chart extrapolates)."""

    burn_down = BurnDownOutput(read_only=True)
    burn_up = BurnUpOutput(read_only=True)
    velocity_completed = StatsPoint(many=True, read_only=True)
    velocity_stats = VelocityStatsOutput(read_only=True)
