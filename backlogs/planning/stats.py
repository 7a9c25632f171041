"""Backlog statistics as easyBacklog's Stats tab drew them (burn down, burn up, velocity).

Definitions (a sprint's `points` are summed as in `points.total_points`; a backlog's, or a
snapshot's, as in `points.backlog_points`: the sum of its theme totals):

* expected points of a sprint  E = explicit_velocity, else velocity × team members × duration days
* completed points             C = points of the sprint's stories whose status is completed/accepted
* average points               A = mean C over completed sprints (E when none is completed)
* actual velocity (per member per day) = C / team members / duration days (only without an
  explicit velocity: `team` and `actual` appear only then)
* assumed completion date: start (moved off a weekend to Monday) + duration days + 2 days per full
  5 working days beyond the first five − 1 day, moved off a weekend to Monday; `completed_on` is the
  day before the next sprint starts (moved back to Friday) when there is a next sprint.

burn_down.trend starts at the backlog's points (iteration 0) and subtracts E per sprint, then
continues with pseudo sprints of E points until nothing is left. burn_down.actual subtracts C
per completed sprint. burn_down.projected starts at the last completed sprint (or iteration 0)
and subtracts A per remaining sprint, then pseudo sprints of A points. A step that goes below zero
is cut back to zero, its duration and date shortened in proportion.

burn_up.total gives, per completed sprint, the points of the backlog when it started (its
snapshot) and burn_up.actual the points completed before it; a last entry after the final
completed sprint carries today's backlog points and everything completed.

velocity_stats: expected_sprint = E and actual_sprint = A of the last sprint; with a backlog
velocity and no explicit sprint velocities also expected_day = velocity and actual_day = mean actual
velocity of completed sprints (velocity when none).
"""

import datetime
import math
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import F

from backlogs.models import Backlog, Sprint, Story

from . import points as pts
from .selectors import sprint_stories_prefetch

DAY = datetime.timedelta(days=1)
MAX_PSEUDO_SPRINTS = 500  # a guard: a backlog is never planned that far


@dataclass
class SprintFacts:
    iteration: int
    start_on: datetime.date
    duration_days: int
    number_team_members: Decimal | None
    explicit_velocity: Decimal | None
    expected: float
    completed: float  # 0 for the pseudo sprints the charts extrapolate with
    is_completed: bool
    snapshot_points: float | None = None

    @property
    def team_estimatable(self) -> bool:
        return self.explicit_velocity is None

    @property
    def actual_velocity(self) -> float | None:
        if self.number_team_members is None:
            return None
        return self.completed / float(self.number_team_members) / float(self.duration_days)


def assumed_completed_on(start_on: datetime.date, duration_days: int) -> datetime.date:
    started = start_on + 2 * DAY if start_on.weekday() == 5 else start_on + DAY if start_on.weekday() == 6 else start_on
    weekend_days = max(0, (duration_days // 5 - 1) * 2)
    done = started + (duration_days + weekend_days - 1) * DAY
    if done.weekday() == 5:
        done += 2 * DAY
    elif done.weekday() == 6:
        done += DAY
    return done


class BacklogStats:
    def __init__(self, *, backlog_points: float, velocity: Decimal | None, sprints: list[SprintFacts]):
        self.backlog_points = backlog_points
        self.velocity = velocity
        self.sprints = sorted(sprints, key=lambda s: s.iteration)
        done = [s for s in self.sprints if s.is_completed]
        self.completed = done
        self.average_points = sum(s.completed for s in done) / len(done) if done else None

    def average(self, sprint: SprintFacts) -> float:
        return self.average_points if self.average_points is not None else sprint.expected

    def completed_on(self, sprint: SprintFacts) -> datetime.date:
        following = next((s for s in self.sprints if s.iteration == sprint.iteration + 1), None)
        if following is None:
            return assumed_completed_on(sprint.start_on, sprint.duration_days)
        day = following.start_on - DAY
        if day.weekday() == 5:
            day -= DAY
        if day.weekday() == 6:
            day -= 2 * DAY
        return day

    def _point(self, sprint: SprintFacts, remaining: float, this_sprint: float, completed_on, days: float) -> dict:
        if remaining < 0:
            span = (assumed_completed_on(sprint.start_on, sprint.duration_days) - sprint.start_on).days + 1
            move_back = span * (-remaining / this_sprint) if this_sprint else 0.0
            this_sprint += remaining
            completed_on -= int(move_back) * DAY
            days -= move_back
            remaining = 0.0
        data = {
            "starts_on": sprint.start_on,
            "completed_on": completed_on,
            "points": float(remaining),
            "iteration": sprint.iteration,
            "duration": math.ceil(days),
            "completed": float(this_sprint),
        }
        return self._with_team(data, sprint)

    @staticmethod
    def _with_team(data: dict, sprint: SprintFacts) -> dict:
        if sprint.team_estimatable:
            data["team"] = sprint.number_team_members
            data["actual"] = sprint.actual_velocity
        return data

    def _extrapolate(self, remaining: float, sprint: SprintFacts, use_average: bool) -> list[dict]:
        out, pseudo = [], replace(sprint)
        for _ in range(MAX_PSEUDO_SPRINTS):
            if remaining <= 0:
                break
            this_sprint = self.average(pseudo) if use_average else pseudo.expected
            if this_sprint <= 0:
                break
            remaining -= this_sprint
            start = assumed_completed_on(pseudo.start_on, pseudo.duration_days) + DAY
            start += 2 * DAY if start.weekday() == 5 else DAY if start.weekday() == 6 else 0 * DAY
            pseudo = replace(pseudo, start_on=start, iteration=pseudo.iteration + 1)
            done = assumed_completed_on(pseudo.start_on, pseudo.duration_days)
            out.append(self._point(pseudo, remaining, this_sprint, done, pseudo.duration_days))
        return out

    def burn_down(self) -> dict:
        trend, actual, projected = [], [], []
        if not self.sprints:
            return {"trend": trend, "actual": actual, "projected": projected}
        first = self.sprints[0]
        zero = replace(first, iteration=0, completed=0.0)
        trend_points = actual_points = self.backlog_points
        trend.append(self._point(zero, trend_points, 0, zero.start_on, zero.duration_days))
        (actual if first.is_completed else projected).append(
            self._point(zero, actual_points, 0, zero.start_on, zero.duration_days)
        )
        last_projected, trend_finished = zero, False
        for sprint in self.sprints:
            if trend_points > 0:
                trend_points -= sprint.expected
                if not trend_finished:
                    trend.append(self._step(sprint, trend_points, sprint.expected))
                trend_finished = trend_points < 0
            if actual_points > 0:
                if sprint.is_completed:
                    actual_points -= sprint.completed
                    actual.append(self._step(sprint, actual_points, sprint.completed))
                else:
                    if not projected:
                        projected.append(self._last_completed_point(actual_points))
                    average = self.average(sprint)
                    actual_points -= average
                    projected.append(self._step(sprint, actual_points, average))
                last_projected = sprint
        if not projected and self.completed:
            projected.append(self._last_completed_point(actual_points))
        if trend_points > 0:
            trend.extend(self._extrapolate(trend_points, self.sprints[-1], use_average=False))
        if actual_points > 0 and self.average(last_projected) != 0:
            projected.extend(self._extrapolate(actual_points, last_projected, use_average=True))
        return {"trend": trend, "actual": actual, "projected": projected}

    def _step(self, sprint: SprintFacts, remaining: float, this_sprint: float) -> dict:
        return self._point(sprint, remaining, this_sprint, self.completed_on(sprint), sprint.duration_days)

    def _last_completed_point(self, remaining: float) -> dict:
        last = self.completed[-1]
        return self._step(last, remaining, last.completed)

    def _burn_up_point(self, sprint: SprintFacts, total_points: float) -> dict:
        data = {
            "starts_on": sprint.start_on,
            "completed_on": assumed_completed_on(sprint.start_on, sprint.duration_days),
            "iteration": sprint.iteration,
            "duration": sprint.duration_days,
            "completed": float(sprint.completed),
            "total_points": float(total_points),
        }
        return self._with_team(data, sprint)

    def burn_up(self) -> dict:
        total, actual, done_so_far = [], [], 0.0
        for sprint in self.completed:
            snapshot_points = sprint.snapshot_points if sprint.snapshot_points is not None else self.backlog_points
            total.append(self._burn_up_point(sprint, snapshot_points))
            actual.append(self._burn_up_point(sprint, done_so_far))
            done_so_far += sprint.completed
        if self.completed:
            last = self.completed[-1]
            after = replace(
                last,
                iteration=0,
                completed=0.0,
                start_on=assumed_completed_on(last.start_on, last.duration_days) + DAY,
            )
            total.append(self._burn_up_point(after, self.backlog_points))
            actual.append(self._burn_up_point(after, done_so_far))
        return {"total": total, "actual": actual}

    def velocity_completed(self) -> list[dict]:
        out = []
        for sprint in self.completed:
            data = {
                "starts_on": sprint.start_on,
                "completed_on": assumed_completed_on(sprint.start_on, sprint.duration_days),
                "iteration": sprint.iteration,
                "duration": sprint.duration_days,
                "completed": float(sprint.completed),
            }
            out.append(self._with_team(data, sprint))
        return out

    def velocity_stats(self) -> dict:
        if not self.sprints:
            return {}
        last = self.sprints[-1]
        data = {"expected_sprint": Decimal(str(last.expected)), "actual_sprint": float(self.average(last))}
        if self.velocity is not None and all(s.team_estimatable for s in self.sprints):
            velocities = [s.actual_velocity for s in self.completed if s.actual_velocity is not None]
            data["actual_day"] = sum(velocities) / len(velocities) if velocities else self.velocity
            data["expected_day"] = self.velocity
        return data

    def as_dict(self) -> dict:
        return {
            "burn_down": self.burn_down(),
            "burn_up": self.burn_up(),
            "velocity_completed": self.velocity_completed(),
            "velocity_stats": self.velocity_stats(),
        }


def backlog_stats(*, backlog: Backlog) -> dict:
    """Four queries: the backlog's stories, its sprints (+ their sprint stories) and the stories of
    its sprint snapshots."""
    sprints = list(Sprint.objects.filter(backlog=backlog).prefetch_related(sprint_stories_prefetch()))
    snapshot_stories: dict[int, list] = {}
    for story in Story.objects.filter(theme__backlog__snapshot_for_sprint__backlog=backlog).annotate(
        snapshot_sprint_id=F("theme__backlog__snapshot_for_sprint_id")
    ):
        snapshot_stories.setdefault(story.snapshot_sprint_id, []).append(story)
    facts = []
    for sprint in sprints:
        expected = pts.expected_points(sprint, backlog.velocity)
        facts.append(
            SprintFacts(
                iteration=sprint.iteration,
                start_on=sprint.start_on,
                duration_days=sprint.duration_days,
                number_team_members=sprint.number_team_members,
                explicit_velocity=sprint.explicit_velocity,
                expected=float(expected or 0),
                completed=pts.completed_points(sprint),
                is_completed=sprint.is_completed,
                snapshot_points=_snapshot_points(snapshot_stories, sprint.pk),
            )
        )
    stats = BacklogStats(
        backlog_points=pts.backlog_points(pts.stories_by_theme(Story.objects.filter(theme__backlog=backlog))),
        velocity=backlog.velocity,
        sprints=facts,
    )
    return stats.as_dict()


def _snapshot_points(snapshot_stories: dict, sprint_id: int) -> float | None:
    if sprint_id not in snapshot_stories:
        return None
    return pts.backlog_points(pts.stories_by_theme(snapshot_stories[sprint_id]))
