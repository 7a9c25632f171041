"""Reads that need care: querysets whose prefetches make nested reads a fixed number of queries."""

from django.db.models import OuterRef, Prefetch, Subquery

from backlogs.models import AcceptanceCriterion, Backlog, Sprint, SprintStory, Story, Theme


def sprint_stories_prefetch(prefix: str = "") -> Prefetch:
    # total_*_points of a sprint need each sprint story's story scores and its status.
    return Prefetch(
        f"{prefix}sprint_stories",
        queryset=SprintStory.objects.select_related("story", "sprint_story_status").order_by("position", "id"),
    )


def last_iteration_annotation():
    """The highest iteration of the sprint's backlog (is this sprint `deletable?`)."""
    return Subquery(
        Sprint.objects.filter(backlog_id=OuterRef("backlog_id")).order_by("-iteration").values("iteration")[:1]
    )


def sprints_queryset():
    return (
        Sprint.objects.select_related("backlog")  # backlog.velocity sizes total_expected_points
        .annotate(last_iteration=last_iteration_annotation())
        .prefetch_related(sprint_stories_prefetch())
    )


def stories_with_criteria():
    # acceptance_criteria: nested under each story with include_associated_data.
    return Story.objects.prefetch_related(
        Prefetch("acceptance_criteria", queryset=AcceptanceCriterion.objects.order_by("position", "id"))
    ).order_by("position", "id")


def themes_with_children():
    # stories (and their acceptance_criteria): nested under each theme with include_associated_data.
    return Theme.objects.prefetch_related(Prefetch("stories", queryset=stories_with_criteria()))


def backlog_with_children(queryset):
    """A backlog queryset that also brings every theme/story/criterion and sprint/sprint story."""
    return queryset.prefetch_related(
        Prefetch("themes", queryset=themes_with_children().order_by("position", "id")),
        Prefetch(
            "sprints",
            queryset=Sprint.objects.annotate(last_iteration=last_iteration_annotation())
            .prefetch_related(sprint_stories_prefetch())
            .order_by("iteration"),
        ),
    )


def backlog_stories(backlog: Backlog):
    return list(Story.objects.filter(theme__backlog=backlog))
