"""Sprints, sprint stories and the reference data (scoring rules, sprint story statuses)."""

import datetime
from decimal import Decimal
from xml.etree import ElementTree as ET

import pytest

from backlog_site.api.testing import (
    assert_constant_queries,
    assert_other_tenant_not_found,
    assert_rejects_malformed,
    assert_requires_key,
)
from backlogs.models import Backlog, Sprint, SprintStory
from backlogs.planning.sprints import sprint_story_create

from .conftest import easybacklog_error, make_backlog, make_sprint, make_story, make_theme

pytestmark = pytest.mark.django_db
SPRINT_FIELDS = {
    "backlog_id",
    "completed_at",
    "created_at",
    "duration_days",
    "explicit_velocity",
    "id",
    "iteration",
    "number_team_members",
    "start_on",
    "updated_at",
    "completed?",
    "deletable?",
    "total_allocated_points",
    "total_expected_points",
    "total_completed_points",
}
SPRINT_STORY_FIELDS = {"created_at", "id", "position", "sprint_id", "sprint_story_status_id", "story_id", "updated_at"}
TODO, IN_PROGRESS, COMPLETED, ACCEPTED = 1, 2, 3, 4


def future(weeks=4):
    return datetime.date.today() + datetime.timedelta(weeks=weeks)


def test_endpoints_require_a_key(backlog):
    sprint = make_sprint(backlog)
    ss = sprint_story_create(sprint=sprint, story=make_story(make_theme(backlog)), status_=None, position=None)
    for method, url in [
        ("get", f"/api/backlogs/{backlog.pk}/sprints"),
        ("post", f"/api/backlogs/{backlog.pk}/sprints"),
        ("get", f"/api/backlogs/{backlog.pk}/sprints/{sprint.pk}"),
        ("put", f"/api/backlogs/{backlog.pk}/sprints/{sprint.pk}"),
        ("delete", f"/api/backlogs/{backlog.pk}/sprints/{sprint.pk}"),
        ("get", f"/api/sprints/{sprint.pk}/sprint-stories"),
        ("post", f"/api/sprints/{sprint.pk}/sprint-stories"),
        ("get", f"/api/sprints/{sprint.pk}/sprint-stories/{ss.pk}"),
        ("put", f"/api/sprints/{sprint.pk}/sprint-stories/{ss.pk}"),
        ("delete", f"/api/sprints/{sprint.pk}/sprint-stories/{ss.pk}"),
        ("get", "/api/scoring-rules"),
        ("get", "/api/scoring-rules/1"),
        ("get", "/api/sprint-story-statuses"),
        ("get", "/api/sprint-story-statuses/1"),
    ]:
        assert_requires_key(method, url, easybacklog_error)


def test_another_tenants_sprints_are_not_found(client, backlog, other_backlog):
    sprint = make_sprint(other_backlog)
    ss = sprint_story_create(sprint=sprint, story=make_story(make_theme(other_backlog)), status_=None, position=None)
    for method, url in [
        ("get", f"/api/backlogs/{other_backlog.pk}/sprints"),
        ("post", f"/api/backlogs/{other_backlog.pk}/sprints"),
        ("get", f"/api/backlogs/{other_backlog.pk}/sprints/{sprint.pk}"),
        ("put", f"/api/backlogs/{other_backlog.pk}/sprints/{sprint.pk}"),
        ("delete", f"/api/backlogs/{other_backlog.pk}/sprints/{sprint.pk}"),
        ("get", f"/api/backlogs/{backlog.pk}/sprints/{sprint.pk}"),
        ("get", f"/api/sprints/{sprint.pk}/sprint-stories"),
        ("post", f"/api/sprints/{sprint.pk}/sprint-stories"),
        ("get", f"/api/sprints/{sprint.pk}/sprint-stories/{ss.pk}"),
        ("put", f"/api/sprints/{sprint.pk}/sprint-stories/{ss.pk}"),
        ("delete", f"/api/sprints/{sprint.pk}/sprint-stories/{ss.pk}"),
    ]:
        assert_other_tenant_not_found(client, method, url, data={"duration_days": 9, "story_id": 1}, format="json")
    assert Sprint.objects.get(pk=sprint.pk).duration_days == 5 and SprintStory.objects.filter(pk=ss.pk).exists()
    # Their story cannot be put in my sprint, nor my sprint story moved to their sprint.
    mine = make_sprint(backlog)
    my_ss = sprint_story_create(sprint=mine, story=make_story(make_theme(backlog)), status_=None, position=None)
    response = client.post(f"/api/sprints/{mine.pk}/sprint-stories", {"story_id": ss.story_id}, format="json")
    assert response.status_code == 404
    response = client.put(
        f"/api/sprints/{mine.pk}/sprint-stories/{my_ss.pk}", {"move_to_sprint_id": sprint.pk}, format="json"
    )
    assert response.status_code == 404
    assert SprintStory.objects.get(pk=my_ss.pk).sprint_id == mine.pk


def test_malformed_bodies(client, backlog):
    sprint = make_sprint(backlog)
    ss = sprint_story_create(sprint=sprint, story=make_story(make_theme(backlog)), status_=None, position=None)
    assert_rejects_malformed(client, "post", f"/api/backlogs/{backlog.pk}/sprints", easybacklog_error)
    assert_rejects_malformed(client, "put", f"/api/backlogs/{backlog.pk}/sprints/{sprint.pk}", easybacklog_error)
    assert_rejects_malformed(client, "post", f"/api/sprints/{sprint.pk}/sprint-stories", easybacklog_error)
    assert_rejects_malformed(client, "put", f"/api/sprints/{sprint.pk}/sprint-stories/{ss.pk}", easybacklog_error)
    bad = [
        ("application/json", '{"start_on": "tomorrow", "duration_days": 5, "explicit_velocity": 3}'),
        ("application/json", '{"start_on": "2031-01-01", "duration_days": 0, "explicit_velocity": 3}'),
        ("application/json", '{"start_on": "2031-01-01", "duration_days": 5, "explicit_velocity": "x"}'),
        ("application/json", '{"start_on": "2031-01-01", "duration_days": 5, "complete": "maybe"}'),
    ]
    assert_rejects_malformed(client, "post", f"/api/backlogs/{backlog.pk}/sprints", easybacklog_error, bodies=bad)
    bad = [("application/json", '{"story_id": 1, "sprint_story_status_id": 99}')]
    assert_rejects_malformed(client, "post", f"/api/sprints/{sprint.pk}/sprint-stories", easybacklog_error, bodies=bad)
    assert Sprint.objects.count() == 1


def test_create_numbers_iterations_and_answers_the_document_fields(client, backlog):
    url = f"/api/backlogs/{backlog.pk}/sprints"
    response = client.post(
        url,
        "start_on=2031-01-06&explicit_velocity=30&duration_days=5",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == SPRINT_FIELDS
    assert (body["iteration"], body["explicit_velocity"], body["total_expected_points"]) == (1, "30.0", "30.0")
    assert (body["completed?"], body["deletable?"], body["total_allocated_points"]) == (False, True, 0.0)
    assert body["start_on"] == "2031-01-06" and body["completed_at"] is None
    second = client.post(url, {"start_on": "2031-01-13", "duration_days": 5, "number_team_members": 2}, format="json")
    assert second.json()["iteration"] == 2 and second.json()["total_expected_points"] == "30.0"  # 3 × 2 × 5
    assert client.get(f"{url}/{body['id']}").json()["deletable?"] is False  # only the latest may go


def test_team_members_and_velocity_rules(client, tenant, backlog):
    url = f"/api/backlogs/{backlog.pk}/sprints"
    neither = client.post(url, {"start_on": "2031-01-06", "duration_days": 5}, format="json")
    assert neither.status_code == 422
    easybacklog_error(neither)
    no_velocity = make_backlog(tenant, name="No velocity", velocity=None)
    refused = client.post(
        f"/api/backlogs/{no_velocity.pk}/sprints",
        {"start_on": "2031-01-06", "duration_days": 5, "number_team_members": 1},
        format="json",
    )
    assert refused.status_code == 422 and "velocity" in refused.json()["message"]
    overlap = make_sprint(backlog, start_on=datetime.date(2031, 1, 6))
    clash = client.post(url, {"start_on": "2031-01-08", "duration_days": 5, "explicit_velocity": 3}, format="json")
    assert clash.status_code == 422 and "overlaps" in clash.json()["message"]
    assert Sprint.objects.filter(backlog=backlog).get() == overlap


def test_starting_sprint_takes_a_snapshot(client, backlog):
    make_story(make_theme(backlog))
    url = f"/api/backlogs/{backlog.pk}/sprints"
    started = client.post(
        url, {"start_on": str(datetime.date.today()), "duration_days": 5, "explicit_velocity": 5}, format="json"
    )
    assert started.status_code == 201
    snapshot = Backlog.objects.get(snapshot_for_sprint_id=started.json()["id"])
    assert snapshot.name == "Sprint 1" and snapshot.themes.get().stories.count() == 1
    client.post(url, {"start_on": str(future()), "duration_days": 5, "explicit_velocity": 5}, format="json")
    assert Backlog.objects.snapshots().count() == 1


def test_update_delete_and_completion(client, backlog):
    sprint = make_sprint(backlog)
    story = make_story(make_theme(backlog), score=5)
    ss = sprint_story_create(sprint=sprint, story=story, status_=None, position=None)
    url = f"/api/backlogs/{backlog.pk}/sprints/{sprint.pk}"
    assert client.put(url, "duration_days=10", content_type="application/x-www-form-urlencoded").status_code == 204
    assert client.get(url).json()["total_expected_points"] == "30.0"
    # Not every story is done: completing is refused.
    refused = client.put(url, "complete=true", content_type="application/x-www-form-urlencoded")
    assert refused.status_code == 422 and client.get(url).json()["completed?"] is False
    client.put(f"/api/sprints/{sprint.pk}/sprint-stories/{ss.pk}", {"sprint_story_status_id": COMPLETED}, format="json")
    assert client.put(url, "complete=true", content_type="application/x-www-form-urlencoded").status_code == 204
    body = client.get(url).json()
    assert body["completed?"] is True and body["completed_at"] and body["deletable?"] is False
    assert body["total_completed_points"] == 5.0 and body["total_allocated_points"] == 5.0
    # A completed sprint is read-only.
    assert client.put(url, {"duration_days": 3}, format="json").status_code == 403
    assert client.delete(url).status_code == 403
    assert (
        client.put(f"/api/sprints/{sprint.pk}/sprint-stories/{ss.pk}", {"sprint_story_status_id": TODO}).status_code
        == 403
    )
    # Reopen with completed=false; other arguments are ignored.
    assert client.put(url, {"completed": False, "duration_days": 3}, format="json").status_code == 204
    body = client.get(url).json()
    assert (body["completed?"], body["completed_at"], body["duration_days"]) == (False, None, 10)
    assert client.delete(url).status_code == 204
    assert not Sprint.objects.filter(pk=sprint.pk).exists()


def test_only_the_latest_sprint_can_be_deleted(client, backlog):
    first = make_sprint(backlog, start_on=future(4))
    make_sprint(backlog, start_on=future(6))
    response = client.delete(f"/api/backlogs/{backlog.pk}/sprints/{first.pk}")
    assert response.status_code == 403
    easybacklog_error(response)


def test_sprint_stories(client, backlog):
    theme = make_theme(backlog)
    first, second = make_sprint(backlog, start_on=future(4)), make_sprint(backlog, start_on=future(6))
    a, b = make_story(theme), make_story(theme)
    url = f"/api/sprints/{first.pk}/sprint-stories"
    response = client.post(
        url, f"story_id={a.pk}&sprint_story_status_id=1", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 201
    created = response.json()
    assert set(created) == SPRINT_STORY_FIELDS and (created["position"], created["sprint_story_status_id"]) == (1, TODO)
    second_ss = client.post(url, {"story_id": b.pk, "position": 1}, format="json").json()
    assert second_ss["position"] == 1 and second_ss["sprint_story_status_id"] == TODO
    assert [ss["story_id"] for ss in client.get(url).json()] == [b.pk, a.pk]
    # A story is in at most one incomplete sprint.
    refused = client.post(f"/api/sprints/{second.pk}/sprint-stories", {"story_id": a.pk}, format="json")
    assert refused.status_code == 422
    # move_to_sprint_id moves it.
    moved = client.put(
        f"{url}/{created['id']}", {"move_to_sprint_id": second.pk, "sprint_story_status_id": 2}, format="json"
    )
    assert moved.status_code == 204
    ss = SprintStory.objects.get(pk=created["id"])
    assert (ss.sprint_id, ss.position, ss.sprint_story_status_id) == (second.pk, 1, IN_PROGRESS)
    assert client.get(f"/api/sprints/{second.pk}/sprint-stories/{ss.pk}").json()["story_id"] == a.pk
    assert client.get(f"{url}/{ss.pk}").status_code == 404
    assert client.delete(f"{url}/{second_ss['id']}").status_code == 204
    assert not SprintStory.objects.filter(sprint=first).exists()


def test_sprint_list_with_associated_data_in_constant_queries(client, backlog):
    theme = make_theme(backlog)

    def make(n):
        while backlog.sprints.count() < n:
            sprint = make_sprint(backlog, start_on=future(4 + 2 * backlog.sprints.count()))
            sprint_story_create(sprint=sprint, story=make_story(theme), status_=None, position=None)

    url = f"/api/backlogs/{backlog.pk}/sprints?include_associated_data=true"
    assert_constant_queries(make, lambda: client.get(url))
    body = client.get(url).json()
    assert body[0]["sprint_stories"][0]["story_id"] and body[0]["total_allocated_points"] == 3.0
    assert "sprint_stories" not in client.get(f"/api/backlogs/{backlog.pk}/sprints").json()[0]
    assert_constant_queries(make, lambda: client.get(f"/api/backlogs/{backlog.pk}/sprints"))
    sprint_id = body[0]["id"]
    assert_constant_queries(lambda n: None, lambda: client.get(f"/api/sprints/{sprint_id}/sprint-stories"))


def test_sprint_xml_leaves_out_question_mark_keys(client, backlog):
    sprint = make_sprint(backlog)
    root = ET.fromstring(client.get(f"/api/backlogs/{backlog.pk}/sprints/{sprint.pk}.xml").content)
    assert root.tag == "sprint" and root.find("start-on").get("type") == "date"
    assert root.find("number-team-members").text == "1.0" and root.find("total-expected-points").text == "15.0"
    assert all("?" not in child.tag for child in root)


def test_reference_data(client):
    rules = client.get("/api/scoring-rules").json()
    assert [r["title"] for r in rules][:2] == ["Modified Fibonacci", "Strict Fibonacci"]
    assert set(rules[0]) == {"code", "description", "id", "position", "title"}
    assert client.get(f"/api/scoring-rules/{rules[1]['id']}").json()["code"] == "F"
    statuses = client.get("/api/sprint-story-statuses").json()
    assert [(s["id"], s["code"], s["status"]) for s in statuses] == [
        (1, "T", "To do"),
        (2, "P", "In progress"),
        (3, "R", "Completed"),
        (4, "D", "Accepted"),
    ]
    assert client.get("/api/sprint-story-statuses/1").json() == {"code": "T", "id": 1, "position": 1, "status": "To do"}
    assert client.get("/api/sprint-story-statuses/99").status_code == 404
    root = ET.fromstring(client.get("/api/sprint-story-statuses.xml").content)
    assert root.tag == "sprint-story-statuses" and root.find("sprint-story-status/code").text == "T"
    assert Decimal(1)  # keep the import used by builders elsewhere


def test_moving_a_started_sprint_into_the_future_drops_its_snapshot(client, backlog):
    sprint = make_sprint(backlog, start_on=datetime.date.today())
    assert Backlog.objects.filter(snapshot_for_sprint=sprint).exists()
    url = f"/api/backlogs/{backlog.pk}/sprints/{sprint.pk}"
    assert client.put(url, {"start_on": str(future())}, format="json").status_code == 204
    assert not Backlog.objects.filter(snapshot_for_sprint=sprint).exists()


def test_key_scopes_and_membership_permissions(backlog, tenant):
    from accounts.models import Role, User
    from accounts.services import membership_create
    from backlog_site.api.testing import api_client, issue_key

    read_only = api_client(issue_key(tenant, scopes=["backlogs:read"]))
    assert read_only.get(f"/api/backlogs/{backlog.pk}/sprints").status_code == 200
    refused = read_only.post(f"/api/backlogs/{backlog.pk}/sprints", {"start_on": "2031-01-06"}, format="json")
    assert refused.status_code == 403
    easybacklog_error(refused)
    end_user = membership_create(account=tenant.account, user=User.objects.create(username="eu"), role=Role.END_USER)
    assert api_client(issue_key(end_user)).get(f"/api/backlogs/{backlog.pk}/sprints").status_code == 403
