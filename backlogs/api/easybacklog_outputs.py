"""easyBacklog planning: what the API answers, as output serializers.

The wire form stays the one the `*_data` functions build (key order as easyBacklog's, keys that come
and go: `score` or `score_50`/`score_90`, `parent_backlog_id` or `parent_sprint_id`, the nested lists
of `include_associated_data`; Decimals the dialect prints as Rails strings). The declared fields say
the same for the OpenAPI, and a test holds each representation to its declared fields.

The viewsets give `nested` in the context (include_associated_data on a read).
"""

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


def _id():
    return serializers.IntegerField(read_only=True)


def _null_int():
    return serializers.IntegerField(allow_null=True, read_only=True)


def _null_text():
    return serializers.CharField(allow_null=True, read_only=True)


def _decimal(**kwargs):
    # Printed as Rails prints BigDecimal: "3.0".
    return serializers.DecimalField(
        max_digits=10, decimal_places=2, allow_null=True, read_only=True, coerce_to_string=True, **kwargs
    )


def _when():
    return serializers.DateTimeField(read_only=True)


class Representation(serializers.Serializer):
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
    acceptance_criteria = CriterionOutput(many=True, read_only=True, help_text="with include_associated_data")

    def to_representation(self, instance):
        # The story's queryset selects its theme's backlog, so this reads no row.
        use_50_90 = instance.theme.backlog.use_50_90
        data = story_data(instance, use_50_90=use_50_90, nested=self.context.get("nested", False))
        return self.extend(data, instance)


class ThemeOutput(Representation):
    backlog_id = _id()
    code = _null_text()
    created_at = _when()
    id = _id()
    name = serializers.CharField(read_only=True)
    position = _id()
    updated_at = _when()
    stories = StoryOutput(many=True, read_only=True, help_text="with include_associated_data")

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
    total_expected_points = _decimal()
    total_completed_points = serializers.FloatField(read_only=True)
    sprint_stories = SprintStoryOutput(many=True, read_only=True, help_text="with include_associated_data")

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

    def to_representation(self, instance):
        return backlog_data(instance)


class SnapshotOutput(Representation):
    created_at = _when()
    id = _id()
    name = serializers.CharField(read_only=True)
    rate = _null_int()
    scoring_rule_id = _null_int()
    use_50_90 = serializers.BooleanField(allow_null=True, read_only=True)
    velocity = _decimal()
    parent_backlog_id = serializers.IntegerField(read_only=True, help_text="a manual snapshot's backlog")
    parent_sprint_id = serializers.IntegerField(read_only=True, help_text="a sprint snapshot's sprint")

    def to_representation(self, instance):
        return snapshot_data(instance)


class SnapshotListOutput(serializers.Serializer):
    """The snapshot list: manual and sprint snapshots apart, as easyBacklog answers it."""

    manual_snapshots = SnapshotOutput(many=True, read_only=True)
    sprint_snapshots = SnapshotOutput(many=True, read_only=True)


class BacklogStatsOutput(serializers.Serializer):
    """`/stats`: one row per sprint in each series (the rows' keys vary with what the backlog estimates)."""

    burn_down = serializers.ListField(child=serializers.DictField(), read_only=True)
    burn_up = serializers.ListField(child=serializers.DictField(), read_only=True)
    velocity_completed = serializers.ListField(child=serializers.DictField(), read_only=True)
    velocity_stats = serializers.DictField(read_only=True, help_text="empty without sprints")
