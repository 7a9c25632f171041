"""The backlog tree's timestamps, written by the database (backlog_site.api.formats.UtcTimestampText),
read exactly as `format_datetime` prints the models' own datetimes, in JSON and in Rails XML."""

import datetime
from xml.etree import ElementTree as ET

import pytest

from backlog_site.api.formats import format_datetime
from backlogs.models import Story, Theme

from .conftest import make_story, make_theme

pytestmark = pytest.mark.django_db

# Microseconds (cut, never rounded) and an hour that differs between UTC and +05:30.
WHEN = datetime.datetime(2031, 3, 4, 23, 59, 59, 999_999, tzinfo=datetime.timezone(datetime.timedelta(hours=5.5)))


@pytest.fixture
def stamped(backlog):
    theme = make_theme(backlog)
    story = make_story(theme)
    Theme.objects.filter(pk=theme.pk).update(created_at=WHEN, updated_at=WHEN + datetime.timedelta(days=400))
    Story.objects.filter(pk=story.pk).update(created_at=WHEN - datetime.timedelta(seconds=1), updated_at=WHEN)
    theme.refresh_from_db()
    story.refresh_from_db()
    return theme, story


def test_json_timestamps_are_the_models_own_formatted(client, backlog, stamped):
    theme, story = stamped
    body = client.get(f"/api/backlogs/{backlog.pk}?include_associated_data=true").json()
    got_theme, got_story = body["themes"][0], body["themes"][0]["stories"][0]
    assert (got_theme["created_at"], got_theme["updated_at"]) == (
        format_datetime(theme.created_at),
        format_datetime(theme.updated_at),
    )
    assert (got_story["created_at"], got_story["updated_at"]) == (
        format_datetime(story.created_at),
        format_datetime(story.updated_at),
    )
    assert got_story["updated_at"] == "2031-03-04T18:29:59Z"
    # the same values as the theme's own read (models, not rows)
    assert client.get(f"/api/backlogs/{backlog.pk}/themes/{theme.pk}").json()["created_at"] == got_theme["created_at"]


def test_xml_still_types_them_as_datetimes(client, backlog, stamped):
    _, story = stamped
    response = client.get(
        f"/api/backlogs/{backlog.pk}",
        {"include_associated_data": "true"},
        HTTP_ACCEPT="application/vnd.easybacklog+xml; version=1.0",
    )
    element = ET.fromstring(response.content).find("themes/theme/stories/story/updated-at")
    assert element.get("type") == "datetime" and element.text == format_datetime(story.updated_at)
