"""Snapshots: manual (create, list, read, delete) and sprint ones (taken by the beat task, kept)."""

import datetime
from xml.etree import ElementTree as ET

import pytest

from backlog_site.api.testing import (
    assert_constant_queries,
    assert_other_tenant_not_found,
    assert_rejects_malformed,
    assert_requires_key,
)
from backlogs.models import Backlog, Sprint, Story
from backlogs.planning.snapshots import snapshot_create
from backlogs.planning.stories import criterion_create
from backlogs.tasks import snapshot_started_sprints

from .conftest import easybacklog_error, make_sprint, make_story, make_theme

pytestmark = pytest.mark.django_db
SNAPSHOT_FIELDS = {"created_at", "id", "name", "rate", "scoring_rule_id", "use_50_90", "velocity"}


def base(backlog):
    return f"/api/accounts/{backlog.account_id}/backlogs/{backlog.pk}/snapshots"


def test_endpoints_require_a_key(backlog):
    snapshot = snapshot_create(backlog=backlog, name="s")
    for method, url in [
        ("get", base(backlog)),
        ("post", base(backlog)),
        ("get", f"{base(backlog)}/{snapshot.pk}"),
        ("delete", f"{base(backlog)}/{snapshot.pk}"),
        ("get", f"/api/backlogs/{backlog.pk}/snapshots/{snapshot.pk}"),
    ]:
        assert_requires_key(method, url, easybacklog_error)


def test_another_tenants_snapshots_are_not_found(client, backlog, other_backlog):
    theirs = snapshot_create(backlog=other_backlog, name="theirs")
    for method, url in [
        ("get", base(other_backlog)),
        ("post", base(other_backlog)),
        ("get", f"{base(other_backlog)}/{theirs.pk}"),
        ("delete", f"{base(other_backlog)}/{theirs.pk}"),
        ("get", f"/api/backlogs/{backlog.pk}/snapshots/{theirs.pk}"),
        ("get", f"/api/backlogs/{theirs.pk}"),
    ]:
        assert_other_tenant_not_found(client, method, url, data={"name": "x"}, format="json")
    assert Backlog.objects.filter(pk=theirs.pk).exists()


def test_malformed_bodies(client, backlog):
    assert_rejects_malformed(client, "post", base(backlog), easybacklog_error)
    assert not Backlog.objects.snapshots().exists()


def test_create_copies_everything_and_is_immutable(client, backlog):
    theme = make_theme(backlog)
    story = make_story(theme, comments="before")
    criterion_create(story=story, fields={"criterion": "c"})
    response = client.post(base(backlog), "name=New+snapshot+name", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == SNAPSHOT_FIELDS | {"parent_backlog_id"}
    assert (body["name"], body["parent_backlog_id"], body["velocity"]) == ("New snapshot name", backlog.pk, "3.0")
    # The backlog changes later; the snapshot does not.
    story.comments = "after"
    story.save()
    tree = client.get(f"{base(backlog)}/{body['id']}", {"include_associated_data": "true"}).json()
    (copied,) = tree["themes"][0]["stories"]
    assert copied["comments"] == "before" and copied["acceptance_criteria"][0]["criterion"] == "c"
    assert "sprints" not in tree
    # Its themes and stories answer through the ordinary routes, read-only.
    snapshot_theme = tree["themes"][0]["id"]
    assert client.get(f"/api/backlogs/{body['id']}/themes/{snapshot_theme}").status_code == 200
    refused = client.post(f"/api/backlogs/{body['id']}/themes", {"name": "x"}, format="json")
    assert refused.status_code == 403
    assert client.put(f"/api/backlogs/{body['id']}", {"name": "x"}, format="json").status_code == 404
    # Snapshots are not backlogs in the list.
    assert [b["id"] for b in client.get("/api/backlogs").json()] == [backlog.pk]


def test_list_groups_manual_and_sprint_snapshots_and_only_manual_ones_delete(client, backlog):
    manual = snapshot_create(backlog=backlog, name="Manual")
    sprint = make_sprint(backlog, start_on=datetime.date.today())
    body = client.get(base(backlog)).json()
    assert [s["id"] for s in body["manual_snapshots"]] == [manual.pk]
    (sprint_snapshot,) = body["sprint_snapshots"]
    assert (sprint_snapshot["name"], sprint_snapshot["parent_sprint_id"]) == ("Sprint 1", sprint.pk)
    assert "parent_backlog_id" not in sprint_snapshot
    refused = client.delete(f"{base(backlog)}/{sprint_snapshot['id']}")
    assert refused.status_code == 403
    easybacklog_error(refused)
    assert client.delete(f"{base(backlog)}/{manual.pk}").status_code == 204
    assert list(Backlog.objects.snapshots().values_list("pk", flat=True)) == [sprint_snapshot["id"]]


def test_xml_list_and_tree(client, backlog):
    make_story(make_theme(backlog))
    snapshot = snapshot_create(backlog=backlog, name="s")
    root = ET.fromstring(client.get(f"{base(backlog)}.xml").content)
    assert root.tag == "snapshots" and root.find("manual-snapshots/manual-snapshot/name").text == "s"
    root = ET.fromstring(client.get(f"{base(backlog)}/{snapshot.pk}.xml", {"include_associated_data": "true"}).content)
    assert root.tag == "snapshot" and root.find("parent-backlog-id").text == str(backlog.pk)
    assert root.find("themes/theme/stories/story/score").text == "3.0"


def test_tree_read_in_constant_queries(client, backlog):
    snapshot_ids = []

    def make(n):
        while backlog.themes.count() < n:
            criterion_create(
                story=make_story(make_theme(backlog, name=f"T{backlog.themes.count()}")), fields={"criterion": "c"}
            )
        Backlog.objects.filter(pk__in=snapshot_ids).delete()
        snapshot_ids[:] = [snapshot_create(backlog=backlog, name="s").pk]

    def read():
        return client.get(f"{base(backlog)}/{snapshot_ids[0]}?include_associated_data=true")

    assert_constant_queries(make, read)
    assert len(read().json()["themes"]) == 20
    assert_constant_queries(lambda n: None, lambda: client.get(base(backlog)))


def test_beat_task_snapshots_sprints_that_started_once(backlog):
    make_story(make_theme(backlog))
    sprint = make_sprint(backlog)
    assert not Backlog.objects.snapshots().exists()
    Sprint.objects.filter(pk=sprint.pk).update(start_on=datetime.date.today())
    assert snapshot_started_sprints() == 1
    assert snapshot_started_sprints() == 0
    snapshot = Backlog.objects.get(snapshot_for_sprint=sprint)
    assert snapshot.name == "Sprint 1" and Story.objects.filter(theme__backlog=snapshot).count() == 1
