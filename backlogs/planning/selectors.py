"""Reads that need care: querysets whose prefetches make nested reads a fixed number of queries."""

from django.db.models import OuterRef, Prefetch, Subquery

from backlog_site.api.formats import RailsTimestamp, UtcTimestampText
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


THEME_FIELDS = ("backlog_id", "code", "created_at", "id", "name", "position", "updated_at")
STORY_FIELDS = (
    "as_a", "color", "comments", "created_at", "i_want_to", "id", "position", "so_i_can", "theme_id", "unique_id",
    "updated_at", "score_50", "score_90",
)  # fmt: skip
CRITERION_FIELDS = ("criterion", "id", "position", "story_id")


TIMESTAMPS = ("created_at", "updated_at")


def _rows(queryset, fields: tuple[str, ...]) -> list[dict]:
    """`queryset.values(*fields)`, but with the timestamps as the text the documents show
    (`RailsTimestamp`), written by the database."""
    texts = {name: UtcTimestampText(name) for name in fields if name in TIMESTAMPS}
    columns = [f"{name}_text" if name in texts else name for name in fields]
    queryset = queryset.annotate(**{f"{name}_text": text for name, text in texts.items()})
    positions = [index for index, name in enumerate(fields) if name in texts]
    if not positions:
        return [dict(zip(fields, row, strict=True)) for row in queryset.values_list(*columns)]
    rows = []
    for row in queryset.values_list(*columns):
        row = list(row)
        for index in positions:
            row[index] = RailsTimestamp(row[index])
        rows.append(dict(zip(fields, row, strict=True)))
    return rows


def backlog_theme_rows(backlog: Backlog) -> list[dict]:
    """The backlog's themes as dicts, each with `stories` (each with `acceptance_criteria`), in order.

    Read as rows, not models: building 2,000 stories and 4,000 criteria as model instances was most of
    a 2,000-story backlog's read. Three queries whatever the size."""
    themes = _rows(Theme.objects.filter(backlog=backlog).order_by("position", "id"), THEME_FIELDS)
    if not themes:
        return themes
    stories = _rows(Story.objects.filter(theme__backlog=backlog).order_by("position", "id"), STORY_FIELDS)
    by_theme = {theme["id"]: theme for theme in themes}
    by_story = {}
    for theme in themes:
        theme["stories"] = []
    for story in stories:
        story["acceptance_criteria"] = []
        by_theme[story["theme_id"]]["stories"].append(story)
        by_story[story["id"]] = story
    criteria = AcceptanceCriterion.objects.filter(story__theme__backlog=backlog).order_by("position", "id")
    for criterion in _rows(criteria, CRITERION_FIELDS):
        by_story[criterion["story_id"]]["acceptance_criteria"].append(criterion)
    return themes


def backlog_with_children(queryset):
    """A backlog queryset that also brings every sprint/sprint story (themes: `backlog_theme_rows`)."""
    return queryset.prefetch_related(
        Prefetch(
            "sprints",
            queryset=Sprint.objects.annotate(last_iteration=last_iteration_annotation())
            .prefetch_related(sprint_stories_prefetch())
            .order_by("iteration"),
        ),
    )


def backlog_stories(backlog: Backlog):
    return list(Story.objects.filter(theme__backlog=backlog))
