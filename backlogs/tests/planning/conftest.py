"""Builders for planning tests: rows made through the services, as a client would make them."""

import datetime
from decimal import Decimal

import pytest

from backlogs.models import Backlog
from backlogs.planning import sprints, stories, themes
from backlogs.planning.backlogs import backlog_create


def easybacklog_error(response):
    body = response.json()
    assert body["status"] == "error" and body["message"], body


def make_backlog(membership, name="Website", **fields) -> Backlog:
    fields.setdefault("velocity", Decimal(3))
    return backlog_create(account=membership.account, user=membership.user, fields={"name": name, **fields})


def make_theme(backlog, name="Home page", **fields):
    return themes.theme_create(backlog=backlog, fields={"name": name, **fields})


def make_story(theme, score=3, **fields):
    fields.setdefault("as_a", "user")
    return stories.story_create(theme=theme, fields={"score": Decimal(score), **fields})


def make_sprint(backlog, start_on=None, **fields):
    fields.setdefault("duration_days", 5)
    if "explicit_velocity" not in fields:
        fields.setdefault("number_team_members", Decimal(1))
    start_on = start_on or datetime.date.today() + datetime.timedelta(days=30)
    return sprints.sprint_create(backlog=backlog, fields={"start_on": start_on, **fields})


@pytest.fixture
def backlog(tenant):
    return make_backlog(tenant)


@pytest.fixture
def other_backlog(other_tenant):
    return make_backlog(other_tenant, name="Theirs")
