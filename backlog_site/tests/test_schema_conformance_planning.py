"""easyBacklog's planning answers held to the OpenAPI beyond the demo backlog: the keys that come and go (one
score or the 50/90 pair, the nested lists of `include_associated_data`, a manual or a sprint snapshot's parent,
the team figures of a sprint without explicit velocity), the nulls, and the figures computed from stored decimals,
on backlogs that estimate both ways, with completed sprints, a sprint snapshot and stories with no score."""

import datetime
from decimal import Decimal

import pytest

from backlogs.models import Backlog, SprintStoryStatus
from backlogs.planning import sprints, stories, themes
from backlogs.planning.backlogs import backlog_create
from backlogs.planning.snapshots import snapshot_create

from . import test_schema_conformance as conformance
from .test_schema_conformance import template_of

# The conformance test's fixtures: the demo account and a client that checks each answer against the schema.
_connection_kept_open, demo, wire = conformance._connection_kept_open, conformance.demo, conformance.wire

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def planned_backlog(demo, name: str, *, use_50_90: bool, velocity, sprint_fields: dict) -> Backlog:
    """Two sprints that started in the past, the first completed with two accepted stories, a story left
    in the second, one story with no score and a manual snapshot."""
    owner = demo.owner
    backlog = backlog_create(
        account=demo.account, user=owner.user, fields={"name": name, "use_50_90": use_50_90, "velocity": velocity}
    )
    theme = themes.theme_create(backlog=backlog, fields={"name": "Checkout"})
    scores = [{"score_50": Decimal("0.5"), "score_90": Decimal(5)}] if use_50_90 else [{"score": Decimal("0.5")}]
    made = [stories.story_create(theme=theme, fields={"as_a": "buyer", **scores[0]}) for _ in range(3)]
    unscored = stories.story_create(theme=theme, fields={})
    stories.criterion_create(story=made[0], fields={"criterion": "Pays"})
    first = sprints.sprint_create(
        backlog=backlog, fields={"start_on": TODAY - datetime.timedelta(days=21), "duration_days": 5, **sprint_fields}
    )
    second = sprints.sprint_create(
        backlog=backlog, fields={"start_on": TODAY - datetime.timedelta(days=7), "duration_days": 5, **sprint_fields}
    )
    accepted = SprintStoryStatus.objects.get(code=SprintStoryStatus.ACCEPTED)
    for story in made[:2]:
        sprints.sprint_story_create(sprint=first, story=story, status_=accepted, position=None)
    sprints.sprint_complete(sprint=first)
    sprints.sprint_story_create(sprint=second, story=made[2], status_=None, position=None)
    sprints.sprint_story_create(sprint=second, story=unscored, status_=None, position=None)
    snapshot_create(backlog=backlog, name=f"{name} before")
    return backlog


def reads(backlog: Backlog) -> list[str]:
    theme = backlog.themes.first()
    story = theme.stories.first()
    sprint = backlog.sprints.order_by("iteration").first()
    sprint_story = sprint.sprint_stories.first()
    nested = "?include_associated_data=true"
    b, account = backlog.pk, backlog.account_id
    urls = [
        f"/api/backlogs/{b}",
        f"/api/backlogs/{b}{nested}",
        f"/api/accounts/{account}/backlogs/{b}{nested}",
        f"/api/backlogs/{b}/stats",
        f"/api/accounts/{account}/backlogs/{b}/stats",
        f"/api/backlogs/{b}/snapshots",
        f"/api/accounts/{account}/backlogs/{b}/snapshots",
        *(
            f"/api/backlogs/{b}/snapshots/{snapshot.pk}{query}"
            for snapshot in Backlog.objects.filter(snapshot_master=b)
            for query in ("", nested)
        ),
        f"/api/sprints/{sprint.pk}/sprint-stories",
        f"/api/sprints/{sprint.pk}/sprint-stories/{sprint_story.pk}",
    ]
    for query in ("", nested):
        urls += [
            f"/api/backlogs/{b}/themes{query}",
            f"/api/backlogs/{b}/themes/{theme.pk}{query}",
            f"/api/themes/{theme.pk}/stories{query}",
            f"/api/themes/{theme.pk}/stories/{story.pk}{query}",
            f"/api/stories/{story.pk}{query}",
            f"/api/backlogs/{b}/sprints{query}",
            f"/api/backlogs/{b}/sprints/{sprint.pk}{query}",
        ]
    return urls


@pytest.mark.parametrize(
    ("use_50_90", "velocity", "sprint_fields"),
    [
        # Expected points of 1.25 × 1.5 members × 5 days: 9.375, more decimals than any stored figure.
        (True, Decimal("1.25"), {"number_team_members": Decimal("1.5")}),
        (False, None, {"explicit_velocity": Decimal("7.5")}),
    ],
    ids=["50/90 estimates, team velocity", "one score, explicit velocity"],
)
def test_planning_reads_answer_as_the_schema_says(demo, wire, use_50_90, velocity, sprint_fields):
    backlog = planned_backlog(demo, "Shop", use_50_90=use_50_90, velocity=velocity, sprint_fields=sprint_fields)
    assert Backlog.objects.filter(snapshot_master=backlog, snapshot_for_sprint__isnull=False).exists()
    failures = []
    for url in reads(backlog):
        response, found = wire("get", template_of(url), url)
        if response.status_code != 200:
            found.append(f"answered {response.status_code}: {response.get_data()[:200]!r}")
        failures += [f"GET {url} {finding}" for finding in found]
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)
