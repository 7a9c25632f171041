"""Backlogs: list/retrieve/create/update/delete, archive lock, duplicate, include_associated_data."""

import re
from decimal import Decimal
from xml.etree import ElementTree as ET

import pytest

from backlog_site.api.testing import (
    assert_constant_queries,
    assert_other_tenant_not_found,
    assert_rejects_malformed,
    assert_requires_key,
)
from backlogs.models import AcceptanceCriterion, Backlog, Sprint, Story, Theme
from backlogs.planning.stories import criterion_create

from .conftest import easybacklog_error, make_backlog, make_sprint, make_story, make_theme

pytestmark = pytest.mark.django_db

ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
BACKLOG_FIELDS = {
    "account_id",
    "archived",
    "author_id",
    "company_id",
    "created_at",
    "id",
    "last_modified_user_id",
    "name",
    "rate",
    "scoring_rule_id",
    "updated_at",
    "use_50_90",
    "velocity",
}


def urls(account_id, backlog_id=None):
    """The document's path and the issue's path of the same resource."""
    tail = "" if backlog_id is None else f"/{backlog_id}"
    return [f"/api/accounts/{account_id}/backlogs{tail}", f"/api/backlogs{tail}"]


def test_every_backlog_endpoint_requires_a_key(backlog):
    for url in urls(backlog.account_id) + urls(backlog.account_id, backlog.pk):
        for method in ("get", "post", "put", "delete"):
            if url.endswith("backlogs") and method in ("put", "delete"):
                continue
            if not url.endswith("backlogs") and method == "post":
                continue
            assert_requires_key(method, url, easybacklog_error)
    assert_requires_key("post", f"/api/backlogs/{backlog.pk}/duplicate", easybacklog_error)
    assert_requires_key("get", f"/api/backlogs/{backlog.pk}/stats", easybacklog_error)


def test_list_hides_archived_unless_asked(client, tenant):
    live = make_backlog(tenant, name="Live")
    archived = make_backlog(tenant, name="Old")
    Backlog.objects.filter(pk=archived.pk).update(archived=True)
    for url in urls(tenant.account_id):
        body = client.get(url).json()
        assert [b["id"] for b in body] == [live.pk]
        assert set(body[0]) == BACKLOG_FIELDS
        assert body[0]["velocity"] == "3.0" and ISO_Z.match(body[0]["created_at"])
        everything = client.get(url, {"include_archived": "true"}).json()
        assert {b["id"] for b in everything} == {live.pk, archived.pk}


def test_list_and_retrieve_of_another_tenant_are_not_found(client, tenant, other_backlog, other_tenant):
    assert client.get(f"/api/accounts/{other_tenant.account_id}/backlogs").status_code == 404
    for url in urls(tenant.account_id, other_backlog.pk):
        response = assert_other_tenant_not_found(client, "get", url)
        easybacklog_error(response)
        assert_other_tenant_not_found(client, "put", url, data={"name": "x"}, format="json")
        assert_other_tenant_not_found(client, "delete", url)
    assert_other_tenant_not_found(client, "post", f"/api/backlogs/{other_backlog.pk}/duplicate", data={})
    assert_other_tenant_not_found(client, "get", f"/api/backlogs/{other_backlog.pk}/stats")
    assert Backlog.objects.filter(pk=other_backlog.pk, name="Theirs").exists()


def test_create_form_encoded_answers_201_with_the_object(client, tenant):
    response = client.post(
        f"/api/accounts/{tenant.account_id}/backlogs",
        "name=New+backlog+name&velocity=3.5&rate=800",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == BACKLOG_FIELDS
    assert (body["name"], body["velocity"], body["rate"], body["archived"]) == ("New backlog name", "3.5", 800, False)
    assert body["author_id"] == tenant.user_id and body["account_id"] == tenant.account_id


def test_create_takes_account_defaults_for_what_is_not_given(client, tenant):
    account = tenant.account
    account.default_velocity, account.default_rate, account.default_use_50_90 = Decimal(4), 500, True
    account.save()
    body = client.post("/api/backlogs", {"name": "Defaults"}, format="json").json()
    assert (body["velocity"], body["rate"], body["use_50_90"]) == ("4.0", 500, True)


def test_rate_needs_a_velocity(client, backlog):
    response = client.post("/api/backlogs", {"name": "x", "rate": 800, "velocity": None}, format="json")
    assert response.status_code == 422
    assert "velocity" in response.json()["message"]
    response = client.put(
        f"/api/backlogs/{backlog.pk}", "velocity=&rate=100", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 422
    backlog.refresh_from_db()
    assert backlog.velocity == 3


def test_company_of_another_tenant_is_refused(client, other_tenant):
    from accounts.models import Company

    company = Company.objects.create(account=other_tenant.account, name="Theirs")
    response = client.post("/api/backlogs", {"name": "x", "company_id": company.pk}, format="json")
    assert response.status_code == 422
    assert not Backlog.objects.filter(name="x").exists()


def test_malformed_bodies_answer_4xx(client, backlog):
    assert_rejects_malformed(client, "post", "/api/backlogs", easybacklog_error)
    assert_rejects_malformed(client, "put", f"/api/backlogs/{backlog.pk}", easybacklog_error)
    assert_rejects_malformed(client, "post", f"/api/backlogs/{backlog.pk}/duplicate", easybacklog_error)
    bad = [("application/json", '{"velocity": "fast"}'), ("application/json", '{"scoring_rule_id": 999}')]
    assert_rejects_malformed(client, "put", f"/api/backlogs/{backlog.pk}", easybacklog_error, bodies=bad)
    backlog.refresh_from_db()
    assert backlog.name == "Website"


def test_update_answers_204_and_changes_the_backlog(client, backlog):
    response = client.put(
        f"/api/backlogs/{backlog.pk}", "name=Renamed&rate=800", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 204 and response.content == b""
    backlog.refresh_from_db()
    assert (backlog.name, backlog.rate) == ("Renamed", 800)


def test_archive_locks_the_backlog_and_everything_in_it(client, backlog):
    theme = make_theme(backlog)
    story = make_story(theme)
    assert client.put(f"/api/backlogs/{backlog.pk}", {"archived": True}, format="json").status_code == 204
    refused = [
        client.put(f"/api/backlogs/{backlog.pk}", {"name": "x"}, format="json"),
        client.post(f"/api/backlogs/{backlog.pk}/themes", {"name": "New"}, format="json"),
        client.put(f"/api/backlogs/{backlog.pk}/themes/{theme.pk}", {"name": "x"}, format="json"),
        client.post(f"/api/themes/{theme.pk}/stories", {"as_a": "x"}, format="json"),
        client.put(f"/api/themes/{theme.pk}/stories/{story.pk}", {"as_a": "x"}, format="json"),
        client.delete(f"/api/themes/{theme.pk}/stories/{story.pk}"),
        client.post(f"/api/stories/{story.pk}/acceptance-criteria", {"criterion": "x"}, format="json"),
        client.post(
            f"/api/backlogs/{backlog.pk}/sprints", {"start_on": "2030-01-07", "duration_days": 5}, format="json"
        ),
    ]
    for response in refused:
        assert response.status_code == 403, response.content
        easybacklog_error(response)
    assert Theme.objects.filter(backlog=backlog).count() == 1 and Story.objects.get(pk=story.pk).as_a == "user"
    # Restoring ignores every other argument.
    response = client.put(f"/api/backlogs/{backlog.pk}", {"archived": False, "name": "Ignored"}, format="json")
    assert response.status_code == 204
    backlog.refresh_from_db()
    assert (backlog.archived, backlog.name) == (False, "Website")
    assert client.post(f"/api/backlogs/{backlog.pk}/themes", {"name": "New"}, format="json").status_code == 201


def test_delete_answers_204(client, backlog):
    make_story(make_theme(backlog))
    assert client.delete(f"/api/backlogs/{backlog.pk}").status_code == 204
    assert not Backlog.objects.filter(pk=backlog.pk).exists() and not Story.objects.exists()


def test_duplicate_copies_themes_stories_criteria_but_not_sprints(client, backlog):
    theme = make_theme(backlog)
    story = make_story(theme, score=5, comments="c", color="ff0000")
    criterion_create(story=story, fields={"criterion": "Must work"})
    make_sprint(backlog)
    response = client.post(
        f"/api/backlogs/{backlog.pk}/duplicate",
        "name=New+duplicated+backlog+name",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "New duplicated backlog name" and body["velocity"] == "3.0" and body["id"] != backlog.pk
    copy = Backlog.objects.get(pk=body["id"])
    (copied_theme,) = copy.themes.all()
    (copied_story,) = Story.objects.filter(theme__backlog=copy)
    assert (copied_theme.name, copied_theme.code) == (theme.name, theme.code)
    assert (copied_story.score, copied_story.comments, copied_story.color, copied_story.unique_id) == (
        Decimal(5),
        "c",
        "ff0000",
        story.unique_id,
    )
    assert AcceptanceCriterion.objects.get(story=copied_story).criterion == "Must work"
    assert not Sprint.objects.filter(backlog=copy).exists()
    assert Story.objects.filter(theme__backlog=backlog).count() == 1


def _fill(backlog, n):
    """Bring the backlog to n themes, each with a story with a criterion, and n sprints with a story each."""
    while backlog.themes.count() < n:
        theme = make_theme(backlog, name=f"Theme {backlog.themes.count()}")
        story = make_story(theme)
        criterion_create(story=story, fields={"criterion": "ok"})
    while backlog.sprints.count() < n:
        sprint = make_sprint(backlog, start_on=_date(backlog.sprints.count()))
        story = Story.objects.filter(theme__backlog=backlog, sprint_stories__isnull=True).first()
        from backlogs.planning.sprints import sprint_story_create

        sprint_story_create(sprint=sprint, story=story, status_=None, position=None)


def _date(i):
    import datetime

    return datetime.date(2031, 1, 6) + datetime.timedelta(weeks=i)


def test_include_associated_data_nests_everything_in_constant_queries(client, backlog):
    url = f"/api/backlogs/{backlog.pk}?include_associated_data=true"
    assert_constant_queries(lambda n: _fill(backlog, n), lambda: client.get(url), small=2, large=6)
    body = client.get(url).json()
    assert len(body["themes"]) == 6 and len(body["sprints"]) == 6
    story = body["themes"][0]["stories"][0]
    assert story["score"] == "3.0" and story["acceptance_criteria"][0]["criterion"] == "ok"
    assert body["sprints"][0]["sprint_stories"][0]["sprint_story_status_id"] == 1
    assert body["sprints"][0]["total_allocated_points"] == 3.0


def test_include_associated_data_in_a_form_body_of_a_get(client, backlog):
    _fill(backlog, 1)
    response = client.generic(
        "GET",
        f"/api/backlogs/{backlog.pk}",
        "include_associated_data=true",
        content_type="application/x-www-form-urlencoded",
    )
    assert "themes" in response.json()
    assert "themes" not in client.get(f"/api/backlogs/{backlog.pk}").json()


def test_list_runs_constant_queries(client, tenant):
    def make(n):
        while Backlog.objects.filter(account=tenant.account).count() < n:
            make_backlog(tenant, name=f"B{Backlog.objects.count()}")

    assert_constant_queries(make, lambda: client.get("/api/backlogs"))


def test_xml_with_associated_data(client, backlog):
    _fill(backlog, 1)
    response = client.get(
        f"/api/accounts/{backlog.account_id}/backlogs/{backlog.pk}",
        {"include_associated_data": "true"},
        HTTP_ACCEPT="application/vnd.easybacklog+xml; version=1.0",
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.easybacklog+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "backlog"
    assert root.find("velocity").get("type") == "decimal" and root.find("velocity").text == "3.0"
    assert root.find("themes").get("type") == "array"
    assert root.find("themes/theme/stories/story/unique-id").text == "1"
    sprint = root.find("sprints/sprint")
    assert sprint.find("total-expected-points").text == "15.0"
    assert not [child.tag for child in sprint if "?" in child.tag]


def test_xml_suffix_on_list(client, backlog):
    response = client.get("/api/backlogs.xml")
    root = ET.fromstring(response.content)
    assert root.tag == "backlogs" and root.get("type") == "array"
    assert root.find("backlog/name").text == "Website"


def test_unknown_format_is_not_acceptable(client, backlog):
    response = client.get(f"/api/backlogs/{backlog.pk}", HTTP_ACCEPT="text/html")
    assert response.status_code == 406


def test_the_tree_and_its_exports_read_rows_in_seven_queries_whatever_the_size(client, backlog):
    # key + membership, backlog, sprints, sprint stories, themes, stories, criteria
    for suffix in ("?include_associated_data=true", ".xls"):
        url = f"/api/backlogs/{backlog.pk}{suffix}"
        read = lambda url=url: client.get(url)  # noqa: E731
        assert assert_constant_queries(lambda n: _fill(backlog, n), read, small=2, large=6) == 7
