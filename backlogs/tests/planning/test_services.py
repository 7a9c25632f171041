"""Service rules not visible through one endpoint alone, and inputs that must never reach the database."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from accounts.reference_data import install_account_defaults
from backlogs.models import Backlog, Sprint, SprintStoryStatus, Story
from backlogs.planning.backlogs import backlog_update
from backlogs.planning.reference import DEMO_NAME, fill_demo_backlog

from .conftest import make_sprint, make_story, make_theme

pytestmark = pytest.mark.django_db


def test_removing_the_velocity_keeps_each_sprints_expected_points(tenant, backlog):
    sprint = make_sprint(backlog, number_team_members=Decimal(2))
    backlog_update(backlog=backlog, user=tenant.user, fields={"velocity": None})
    sprint.refresh_from_db()
    assert (sprint.explicit_velocity, sprint.number_team_members) == (Decimal(30), None)  # 3 × 2 × 5


def test_out_of_range_numbers_and_dates_are_422(client, backlog):
    theme = make_theme(backlog)
    huge = 2**40
    responses = [
        client.post(f"/api/themes/{theme.pk}/stories", {"unique_id": huge}, format="json"),
        client.post(f"/api/backlogs/{backlog.pk}/themes", {"name": "x", "position": huge}, format="json"),
        client.post("/api/backlogs", {"name": "x", "velocity": 3, "rate": huge}, format="json"),
        client.post(
            f"/api/backlogs/{backlog.pk}/sprints",
            {"start_on": "9999-12-30", "duration_days": 5, "explicit_velocity": 3},
            format="json",
        ),
        client.post(
            f"/api/backlogs/{backlog.pk}/sprints",
            {"start_on": "2031-01-06", "duration_days": 10**6, "explicit_velocity": 3},
            format="json",
        ),
        client.post(f"/api/themes/{theme.pk}/stories", {"score": "1" * 20}, format="json"),
    ]
    assert [r.status_code for r in responses] == [422] * len(responses)
    assert client.get(f"/api/backlogs/{10**30}").status_code == 404
    assert not Story.objects.exists() and not Sprint.objects.exists()


def test_control_characters_do_not_break_exports(client, backlog):
    make_story(make_theme(backlog), i_want_to="bell \x07 and nul-ish \x01 text")
    book = load_workbook(io.BytesIO(client.get(f"/api/backlogs/{backlog.pk}.xls").content))
    assert book["Stories"]["D2"].value == "bell  and nul-ish  text"
    assert client.get(f"/api/backlogs/{backlog.pk}.pdf").status_code == 200


def test_reference_data_installer_and_demo_filler_are_idempotent(tenant):
    SprintStoryStatus.objects.all().delete()
    install_account_defaults(tenant.account)
    install_account_defaults(tenant.account)
    assert list(SprintStoryStatus.objects.values_list("code", flat=True)) == ["T", "P", "R", "D"]
    fill_demo_backlog(tenant.account)
    fill_demo_backlog(tenant.account)
    demo = Backlog.objects.get(account=tenant.account, name=DEMO_NAME)
    assert Story.objects.filter(theme__backlog=demo).count() == 4 and demo.sprints.count() == 1
