"""Story points as easyBacklog adds them up.

A story scored 50%/90% is `score_50 + sqrt(score_90 - score_50)`-like in aggregate: for a set of
stories, points = sum(lowest score) + sqrt(sum((score_90 - score_50)^2)) — the uncertain parts add
as independent errors (root of the sum of squares). On the single rule score_50 == score_90, so
points are the plain sum of scores.

A theme is one such set. A backlog is not: its points are the sum of its themes' points
(easyBacklog's `Backlog#points`), so a backlog of two uncertain themes carries two root-sum-squares
side by side. `backlog_points` is the one place that says so; the stats, the XLS export and the
pages all call it.
"""

import math
from decimal import Decimal


def total_points(stories) -> float:
    stories = list(stories)
    spread = sum(float(s.score_diff) ** 2 for s in stories)
    return math.sqrt(spread) + sum(float(s.lowest_score) for s in stories)


def backlog_points(themes) -> float:
    """Points of a backlog (or snapshot) whose `themes` are each an iterable of its stories: the sum
    of the theme totals, never one root-sum-square over every story."""
    return sum((total_points(stories) for stories in themes), 0.0)


def stories_by_theme(stories) -> list[list]:
    """Stories (Story rows, with `theme_id`) grouped by theme, in the shape `backlog_points` reads."""
    themes: dict[int, list] = {}
    for story in stories:
        themes.setdefault(story.theme_id, []).append(story)
    return list(themes.values())


def expected_points(sprint, backlog_velocity) -> Decimal | None:
    """A sprint's expected points: its explicit velocity, else backlog velocity per day per member
    × team members × working days."""
    if sprint.explicit_velocity is not None:
        return sprint.explicit_velocity
    if backlog_velocity is None or sprint.number_team_members is None:
        return None
    return backlog_velocity * sprint.number_team_members * sprint.duration_days


def sprint_stories(sprint):
    """The sprint's sprint stories; uses the prefetch `sprint_stories__story`/`__sprint_story_status`."""
    return list(sprint.sprint_stories.all())


def allocated_points(sprint) -> float:
    return total_points(ss.story for ss in sprint_stories(sprint))


def completed_points(sprint) -> float:
    return total_points(ss.story for ss in sprint_stories(sprint) if ss.sprint_story_status.is_done)


class ScoredStory:
    """Score fields of a story as the API renders it (a dict), in the shape `total_points` reads."""

    def __init__(self, story: dict):
        low = story.get("score_50", story.get("score"))
        high = story.get("score_90", story.get("score"))
        self.lowest_score = low if low is not None else (high or Decimal(0))
        self.score_diff = high - low if low is not None and high is not None else Decimal(0)


def days_and_cost(points: float, velocity, rate) -> tuple:
    """Days = points ÷ velocity (none without a velocity); cost = days × rate (none without a rate)."""
    days = points / float(velocity) if velocity else None
    cost = days * rate if days is not None and rate is not None else None
    return days, cost
