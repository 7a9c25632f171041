"""Copying a backlog's themes, stories and acceptance criteria into another backlog, with three
reads and three bulk inserts whatever the size (duplicates and snapshots both use it)."""

from backlogs.models import AcceptanceCriterion, Backlog, Story, Theme

THEME_FIELDS = ["name", "code", "position"]
STORY_FIELDS = ["unique_id", "as_a", "i_want_to", "so_i_can", "comments", "score_50", "score_90", "color", "position"]


def copy_children(*, source: Backlog, target: Backlog) -> None:
    themes = list(Theme.objects.filter(backlog=source).order_by("position", "id"))
    stories = list(Story.objects.filter(theme__backlog=source).order_by("theme_id", "position", "id"))
    criteria = list(
        AcceptanceCriterion.objects.filter(story__theme__backlog=source).order_by("story_id", "position", "id")
    )

    new_themes = [Theme(backlog=target, **{f: getattr(t, f) for f in THEME_FIELDS}) for t in themes]
    Theme.objects.bulk_create(new_themes)
    theme_map = {old.pk: new for old, new in zip(themes, new_themes, strict=True)}

    new_stories = [Story(theme=theme_map[s.theme_id], **{f: getattr(s, f) for f in STORY_FIELDS}) for s in stories]
    Story.objects.bulk_create(new_stories, batch_size=500)
    story_map = {old.pk: new for old, new in zip(stories, new_stories, strict=True)}

    AcceptanceCriterion.objects.bulk_create(
        [
            AcceptanceCriterion(story=story_map[c.story_id], criterion=c.criterion, position=c.position)
            for c in criteria
        ],
        batch_size=1000,
    )
