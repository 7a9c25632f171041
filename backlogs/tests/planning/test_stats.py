"""Statistics: the formulas on a worked example computed by hand, and the `/stats` endpoint."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from backlog_site.api.testing import assert_constant_queries
from backlogs.models import SprintStoryStatus
from backlogs.planning.points import total_points
from backlogs.planning.sprints import sprint_complete, sprint_story_create, sprint_story_update
from backlogs.planning.stats import BacklogStats, SprintFacts, assumed_completed_on

from .conftest import make_sprint, make_story, make_theme

D = dt.date
ONE = Decimal(1)


def test_points_add_uncertainty_as_root_of_sum_of_squares():
    stories = [
        SimpleNamespace(score_diff=Decimal(3), lowest_score=Decimal(2)),  # 50% 2, 90% 5
        SimpleNamespace(score_diff=Decimal(4), lowest_score=Decimal(1)),  # 50% 1, 90% 5
    ]
    assert total_points(stories) == 8.0  # (2 + 1) + sqrt(3² + 4²)


@pytest.mark.parametrize(
    ("start", "days", "done"),
    [
        (D(2031, 1, 6), 5, D(2031, 1, 10)),  # Monday + 5 working days = Friday
        (D(2031, 1, 11), 5, D(2031, 1, 17)),  # a Saturday start moves to Monday
        (D(2031, 1, 6), 10, D(2031, 1, 17)),  # one weekend inside
        # Wednesday + 4 days is a Sunday, moved to Monday: weekends count only per full five days.
        (D(2031, 1, 8), 5, D(2031, 1, 13)),
    ],
)
def test_assumed_completed_on(start, days, done):
    assert assumed_completed_on(start, days) == done


def worked_example() -> BacklogStats:
    """Backlog of 40 points, velocity 3/day/member. Sprint 1 (Mon 6 Jan 2031, 5 days, 1 member,
    expects 15) completed 10 points; the backlog had 35 points when it started. Sprint 2 (Mon 13
    Jan, 5 days, 1 member) is open with nothing done."""
    s1 = SprintFacts(
        1, D(2031, 1, 6), 5, ONE, None, expected=15.0, completed=10.0, is_completed=True, snapshot_points=35.0
    )
    s2 = SprintFacts(2, D(2031, 1, 13), 5, ONE, None, expected=15.0, completed=0.0, is_completed=False)
    return BacklogStats(backlog_points=40.0, velocity=Decimal(3), sprints=[s2, s1])


def point(start, done, points, iteration, duration, completed, actual):
    return {
        "starts_on": start,
        "completed_on": done,
        "points": points,
        "iteration": iteration,
        "duration": duration,
        "completed": completed,
        "team": ONE,
        "actual": actual,
    }


def test_burn_down_trend_actual_projected():
    burn_down = worked_example().burn_down()
    jan = lambda day: D(2031, 1, day)  # noqa: E731
    # Trend: 40 − 15 − 15 = 10 left, then a pseudo sprint of 15 overshoots by 5: cut back to 10
    # points, 5 × 5/15 = 1.67 days earlier (one whole day off the date, duration 3.33 → 4).
    assert burn_down["trend"] == [
        point(jan(6), jan(6), 40.0, 0, 5, 0.0, 0.0),
        point(jan(6), jan(10), 25.0, 1, 5, 15.0, 2.0),
        point(jan(13), jan(17), 10.0, 2, 5, 15.0, 0.0),
        point(jan(20), jan(23), 0.0, 3, 4, 10.0, 0.0),
    ]
    # Actual: only the completed sprint burns 10.
    assert burn_down["actual"] == [
        point(jan(6), jan(6), 40.0, 0, 5, 0.0, 0.0),
        point(jan(6), jan(10), 30.0, 1, 5, 10.0, 2.0),
    ]
    # Projected: from the last completed sprint at 30, the average of completed sprints (10) per sprint.
    assert burn_down["projected"] == [
        point(jan(6), jan(10), 30.0, 1, 5, 10.0, 2.0),
        point(jan(13), jan(17), 20.0, 2, 5, 10.0, 0.0),
        point(jan(20), jan(24), 10.0, 3, 5, 10.0, 0.0),
        point(jan(27), jan(31), 0.0, 4, 5, 10.0, 0.0),
    ]


def test_burn_up_velocity_completed_and_velocity_stats():
    stats = worked_example()
    burn_up = stats.burn_up()
    s1_total = {"starts_on": D(2031, 1, 6), "completed_on": D(2031, 1, 10), "iteration": 1, "duration": 5}
    s1_total.update(completed=10.0, team=ONE, actual=2.0)
    assert burn_up["total"][0] == {**s1_total, "total_points": 35.0}  # the sprint's snapshot
    assert burn_up["actual"][0] == {**s1_total, "total_points": 0.0}  # nothing done before it
    after = {"starts_on": D(2031, 1, 11), "completed_on": D(2031, 1, 17), "iteration": 0, "duration": 5}
    after.update(completed=0.0, team=ONE, actual=0.0)
    assert burn_up["total"][1] == {**after, "total_points": 40.0}
    assert burn_up["actual"][1] == {**after, "total_points": 10.0}
    assert stats.velocity_completed() == [{k: v for k, v in s1_total.items()}]
    assert stats.velocity_stats() == {
        "expected_sprint": Decimal("15.0"),
        "actual_sprint": 10.0,
        "actual_day": 2.0,
        "expected_day": Decimal(3),
    }


def test_explicit_velocity_hides_team_figures():
    s1 = SprintFacts(1, D(2031, 1, 6), 5, None, Decimal(20), expected=20.0, completed=20.0, is_completed=True)
    stats = BacklogStats(backlog_points=20.0, velocity=Decimal(3), sprints=[s1])
    assert "team" not in stats.velocity_completed()[0]
    assert set(stats.velocity_stats()) == {"expected_sprint", "actual_sprint"}
    assert stats.burn_down()["actual"][-1]["points"] == 0.0


def test_no_sprints_gives_empty_charts():
    stats = BacklogStats(backlog_points=10.0, velocity=None, sprints=[]).as_dict()
    assert stats["burn_down"] == {"trend": [], "actual": [], "projected": []}
    assert stats["velocity_stats"] == {} and stats["velocity_completed"] == []


@pytest.mark.django_db
def test_stats_endpoint_from_real_sprints(client, backlog):
    theme = make_theme(backlog)
    done_a, done_b, left = make_story(theme, score=5), make_story(theme, score=3), make_story(theme, score=8)
    first = make_sprint(backlog, start_on=D(2031, 1, 6))
    make_sprint(backlog, start_on=D(2031, 1, 13))
    accepted = SprintStoryStatus.objects.get(code=SprintStoryStatus.ACCEPTED)
    for story in (done_a, done_b):
        ss = sprint_story_create(sprint=first, story=story, status_=None, position=None)
        sprint_story_update(sprint_story=ss, move_to=None, status_=accepted, position=None)
    sprint_complete(sprint=first)
    assert left.pk
    url = f"/api/accounts/{backlog.account_id}/backlogs/{backlog.pk}/stats"
    body = client.get(url).json()
    assert set(body) == {"burn_down", "burn_up", "velocity_completed", "velocity_stats"}
    assert (
        body["burn_down"]["trend"][0]["points"] == 16.0 and body["burn_down"]["trend"][0]["starts_on"] == "2031-01-06"
    )
    assert body["burn_down"]["actual"][1]["points"] == 8.0
    assert body["velocity_completed"][0]["completed"] == 8.0 and body["velocity_completed"][0]["team"] == "1.0"
    assert body["burn_up"]["total"][0]["total_points"] == 16.0  # the snapshot taken at completion
    assert body["velocity_stats"]["expected_sprint"] == "15.0" and body["velocity_stats"]["actual_sprint"] == 8.0

    def more_sprints(n):
        while backlog.sprints.count() < n:
            make_sprint(backlog, start_on=D(2031, 1, 6) + dt.timedelta(weeks=backlog.sprints.count()))

    assert_constant_queries(more_sprints, lambda: client.get(url), small=2, large=8)
    assert client.get(f"/api/backlogs/{backlog.pk}/stats.xml").content.startswith(b"<?xml")
