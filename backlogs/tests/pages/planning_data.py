"""Planning rows for the page tests, made through the planning services as the API makes them."""

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from backlogs.models import Backlog, Sprint, SprintStoryStatus, Story, Theme
from backlogs.planning import sprints, stories, themes
from backlogs.planning.backlogs import backlog_create

FIRST_SPRINT = datetime.date(2031, 1, 6)  # a Monday, far enough ahead that no snapshot is taken


def make_backlog(membership, name="Website", **fields) -> Backlog:
    fields.setdefault("velocity", Decimal(3))
    fields.setdefault("rate", 800)
    return backlog_create(account=membership.account, user=membership.user, fields={"name": name, **fields})


def make_theme(backlog, name="Home page") -> Theme:
    return themes.theme_create(backlog=backlog, fields={"name": name})


def make_story(theme, score=3, criteria=(), **fields) -> Story:
    fields.setdefault("as_a", "user")
    scores = {} if "score_50" in fields else {"score": Decimal(score)}
    story = stories.story_create(theme=theme, fields={**scores, **fields})
    for criterion in criteria:
        stories.criterion_create(story=story, fields={"criterion": criterion})
    return story


def make_sprint(backlog, iteration_offset=0, **fields) -> Sprint:
    fields.setdefault("duration_days", 5)
    if "explicit_velocity" not in fields:
        fields.setdefault("number_team_members", Decimal(1))
    start_on = FIRST_SPRINT + datetime.timedelta(days=7 * iteration_offset)
    return sprints.sprint_create(backlog=backlog, fields={"start_on": start_on, **fields})


def status(code: str) -> SprintStoryStatus:
    return SprintStoryStatus.objects.get(code=code)


def fill_backlog(backlog, n: int) -> None:
    """Grow the backlog to `n` themes of two stories with two criteria each, and `n` sprints, each
    holding one of the stories (with varying statuses)."""
    have = backlog.themes.count()
    codes = [SprintStoryStatus.TODO, SprintStoryStatus.IN_PROGRESS, SprintStoryStatus.COMPLETED]
    for i in range(have, n):
        theme = make_theme(backlog, name=f"Theme number {i}")
        # scores the default scoring rule (Modified Fibonacci) allows
        first = make_story(
            theme, score=(1, 2, 3, 5, 8)[i % 5], criteria=[f"Criterion {i}a", f"Criterion {i}b"], i_want_to=f"do {i}"
        )
        make_story(theme, score=2, criteria=["Another"], i_want_to=f"undo {i}")
        sprint = make_sprint(backlog, iteration_offset=i)
        sprints.sprint_story_create(sprint=sprint, story=first, status_=status(codes[i % 3]), position=None)


def fill_sprint(sprint, n: int) -> None:
    """Grow the sprint to `n` stories (in themes of their own) spread over the statuses."""
    have = sprint.sprint_stories.count()
    codes = [SprintStoryStatus.TODO, SprintStoryStatus.IN_PROGRESS, SprintStoryStatus.COMPLETED, "D"]
    for i in range(have, n):
        theme = make_theme(sprint.backlog, name=f"Sprint theme {i}")
        story = make_story(theme, score=i % 3 + 1, i_want_to=f"sprint work {i}")
        sprints.sprint_story_create(sprint=sprint, story=story, status_=status(codes[i % 4]), position=None)


def xls_rows(content: bytes) -> list[list]:
    """The rows of a workbook's first sheet (the backlog laid out theme by theme)."""
    book = load_workbook(io.BytesIO(content))
    return [list(row) for row in book["Backlog"].iter_rows(values_only=True)]
