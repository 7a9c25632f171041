"""The output serializers' declared fields (what the OpenAPI documents) hold every key the easyBacklog
answers carry, nested ones included."""

import pytest

from backlogs.api import easybacklog_outputs
from backlogs.api.easybacklog_outputs import (
    BacklogOutput,
    CriterionOutput,
    Shape,
    SnapshotOutput,
    SprintOutput,
    SprintStoryOutput,
    StoryOutput,
    ThemeOutput,
)
from backlogs.planning import snapshots, sprints, stories
from backlogs.planning.sprints import default_status

from .conftest import make_sprint, make_story, make_theme

pytestmark = pytest.mark.django_db


def undeclared(output, body: dict) -> set[str]:
    return set(body) - set(output().fields)


def test_every_answered_key_is_declared(client, backlog):
    theme = make_theme(backlog)
    story = make_story(theme)
    stories.criterion_create(story=story, fields={"criterion": "works"})
    sprint = make_sprint(backlog)
    sprints.sprint_story_create(sprint=sprint, story=story, status_=default_status(), position=None)
    snapshots.snapshot_create(backlog=backlog, name="Before")

    nested = "?include_associated_data=true"
    backlog_body = client.get(f"/api/backlogs/{backlog.pk}").json()
    theme_body = client.get(f"/api/backlogs/{backlog.pk}/themes/{theme.pk}{nested}").json()
    story_body = theme_body["stories"][0]
    sprint_body = client.get(f"/api/backlogs/{backlog.pk}/sprints/{sprint.pk}{nested}").json()
    snapshot_body = client.get(f"/api/backlogs/{backlog.pk}/snapshots").json()["manual_snapshots"][0]
    tree = client.get(f"/api/backlogs/{backlog.pk}{nested}").json()

    assert undeclared(BacklogOutput, backlog_body) == set()
    assert undeclared(ThemeOutput, theme_body) == set() and "stories" in theme_body
    assert undeclared(StoryOutput, story_body) == set() and "acceptance_criteria" in story_body
    assert undeclared(CriterionOutput, story_body["acceptance_criteria"][0]) == set()
    assert undeclared(SprintOutput, sprint_body) == set() and "completed?" in sprint_body
    assert undeclared(SprintStoryOutput, sprint_body["sprint_stories"][0]) == set()
    assert undeclared(SnapshotOutput, snapshot_body) == set()
    assert undeclared(BacklogOutput, tree) == set() and {"themes", "sprints"} <= set(tree)
    assert undeclared(StoryOutput, tree["themes"][0]["stories"][0]) == set()


def test_the_keys_that_come_and_go_are_declared_fields():
    """A name in `sometimes` that is no field would leave a required key in the schema unnoticed."""
    shapes = [v for v in vars(easybacklog_outputs).values() if isinstance(v, type) and issubclass(v, Shape)]
    assert len([shape for shape in shapes if shape.sometimes]) >= 6
    for shape in shapes:
        assert set(shape.sometimes) <= set(shape().fields), shape.__name__
