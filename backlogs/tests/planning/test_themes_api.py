"""Themes: CRUD with codes and positions, grab-story, move-to-backlog."""

from xml.etree import ElementTree as ET

import pytest

from backlog_site.api.testing import (
    assert_constant_queries,
    assert_other_tenant_not_found,
    assert_rejects_malformed,
    assert_requires_key,
)
from backlogs.models import Story, Theme
from backlogs.planning.sprints import sprint_story_create
from backlogs.planning.stories import criterion_create
from backlogs.planning.themes import code_from_name, free_code

from .conftest import easybacklog_error, make_backlog, make_sprint, make_story, make_theme

pytestmark = pytest.mark.django_db
THEME_FIELDS = {"backlog_id", "code", "created_at", "id", "name", "position", "updated_at"}


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Home page", "HOP"),
        ("New theme", "NET"),
        ("Search and find", "SAF"),
        ("Finance", "FIN"),
        ("A list", "ALI"),
        ("Go", "GO1"),
        ("X", "X01"),
        ("!!", "THM"),
    ],
)
def test_code_from_name(name, code):
    assert code_from_name(name) == code


def test_free_code_walks_easybacklogs_sequence():
    assert free_code("HOP", {"HOP"}) == "HO1"
    assert free_code("HOP", {"HOP", "HO1", "HO2"}) == "HO3"
    assert free_code("HOP", {"HOP"} | {f"HO{i}" for i in range(1, 10)}) == "H10"


def test_endpoints_require_a_key(backlog):
    theme = make_theme(backlog)
    base = f"/api/backlogs/{backlog.pk}/themes"
    for method, url in [
        ("get", base),
        ("post", base),
        ("get", f"{base}/{theme.pk}"),
        ("put", f"{base}/{theme.pk}"),
        ("delete", f"{base}/{theme.pk}"),
        ("post", f"{base}/{theme.pk}/grab-story"),
        ("post", f"{base}/{theme.pk}/move-to-backlog"),
    ]:
        assert_requires_key(method, url, easybacklog_error)


def test_another_tenants_themes_are_not_found(client, backlog, other_backlog):
    theirs = make_theme(other_backlog)
    base = f"/api/backlogs/{other_backlog.pk}/themes"
    assert_other_tenant_not_found(client, "get", base)
    assert_other_tenant_not_found(client, "post", base, data={"name": "x"}, format="json")
    assert_other_tenant_not_found(client, "get", f"{base}/{theirs.pk}")
    assert_other_tenant_not_found(client, "put", f"{base}/{theirs.pk}", data={"name": "x"}, format="json")
    assert_other_tenant_not_found(client, "delete", f"{base}/{theirs.pk}")
    # Their theme through my backlog's path is not found either.
    assert_other_tenant_not_found(client, "get", f"/api/backlogs/{backlog.pk}/themes/{theirs.pk}")
    mine = make_theme(backlog)
    url = f"/api/backlogs/{backlog.pk}/themes/{mine.pk}"
    their_story = make_story(theirs)
    assert_other_tenant_not_found(client, "post", f"{url}/grab-story", data={"story_id": their_story.pk}, format="json")
    response = client.post(f"{url}/move-to-backlog", {"target_backlog_id": other_backlog.pk}, format="json")
    assert response.status_code == 404
    assert Theme.objects.get(pk=theirs.pk).name == "Home page" and Story.objects.get(pk=their_story.pk).theme == theirs


def test_malformed_bodies(client, backlog):
    theme = make_theme(backlog)
    base = f"/api/backlogs/{backlog.pk}/themes"
    assert_rejects_malformed(client, "post", base, easybacklog_error)
    assert_rejects_malformed(client, "put", f"{base}/{theme.pk}", easybacklog_error)
    assert_rejects_malformed(client, "post", f"{base}/{theme.pk}/grab-story", easybacklog_error)
    assert_rejects_malformed(client, "post", f"{base}/{theme.pk}/move-to-backlog", easybacklog_error)
    bad = [
        ("application/json", '{"name": "x", "code": "TOOLONG"}'),
        ("application/json", '{"name": "x", "code": "a-b"}'),
    ]
    assert_rejects_malformed(client, "post", base, easybacklog_error, bodies=bad)
    assert Theme.objects.count() == 1


def test_create_generates_codes_and_appends(client, backlog):
    base = f"/api/backlogs/{backlog.pk}/themes"
    first = client.post(base, "name=Home+page", content_type="application/x-www-form-urlencoded")
    assert first.status_code == 201
    body = first.json()
    assert set(body) == THEME_FIELDS and (body["code"], body["position"]) == ("HOP", 1)
    second = client.post(base, {"name": "Home pages"}, format="json").json()
    assert (second["code"], second["position"]) == ("HO1", 2)
    given = client.post(base, {"name": "Other", "code": "abc"}, format="json").json()
    assert given["code"] == "ABC"
    clash = client.post(base, {"name": "Another", "code": "ABC"}, format="json")
    assert clash.status_code == 422
    easybacklog_error(clash)


def test_positions_reorder_siblings(client, backlog):
    a, b, c = (make_theme(backlog, name=n) for n in ("Alpha", "Beta", "Gamma"))
    response = client.put(f"/api/backlogs/{backlog.pk}/themes/{c.pk}", {"position": 1}, format="json")
    assert response.status_code == 204
    listed = client.get(f"/api/backlogs/{backlog.pk}/themes").json()
    assert [(t["name"], t["position"]) for t in listed] == [("Gamma", 1), ("Alpha", 2), ("Beta", 3)]
    inserted = client.post(f"/api/backlogs/{backlog.pk}/themes", {"name": "Delta", "position": 2}, format="json").json()
    assert inserted["position"] == 2
    assert list(Theme.objects.filter(backlog=backlog).values_list("name", "position")) == [
        ("Gamma", 1),
        ("Delta", 2),
        ("Alpha", 3),
        ("Beta", 4),
    ]
    assert client.delete(f"/api/backlogs/{backlog.pk}/themes/{a.pk}").status_code == 204
    assert list(Theme.objects.filter(backlog=backlog).values_list("position", flat=True)) == [1, 2, 3]
    assert b.pk in Theme.objects.values_list("pk", flat=True)


def test_update_code_and_name(client, backlog):
    theme = make_theme(backlog)
    url = f"/api/backlogs/{backlog.pk}/themes/{theme.pk}"
    response = client.put(url, "name=New+theme+name&code=NTM", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 204
    body = client.get(url).json()
    assert (body["name"], body["code"]) == ("New theme name", "NTM")


def test_list_with_associated_data_in_constant_queries(client, backlog):
    def make(n):
        while backlog.themes.count() < n:
            story = make_story(make_theme(backlog, name=f"T{backlog.themes.count()}"))
            criterion_create(story=story, fields={"criterion": "c"})

    url = f"/api/backlogs/{backlog.pk}/themes?include_associated_data=true"
    assert_constant_queries(make, lambda: client.get(url))
    body = client.get(url).json()
    assert body[0]["stories"][0]["acceptance_criteria"][0]["criterion"] == "c"
    assert "stories" not in client.get(f"/api/backlogs/{backlog.pk}/themes").json()[0]
    one = client.get(f"/api/backlogs/{backlog.pk}/themes/{body[0]['id']}", {"include_associated_data": "true"}).json()
    assert len(one["stories"]) == 1


def test_xml_list(client, backlog):
    make_theme(backlog)
    root = ET.fromstring(client.get(f"/api/backlogs/{backlog.pk}/themes.xml").content)
    assert root.tag == "themes" and root.find("theme/code").text == "HOP"
    assert root.find("theme/position").get("type") == "integer"


def test_grab_story_from_another_theme_of_the_same_backlog(client, backlog, tenant):
    source, target = make_theme(backlog, name="Source"), make_theme(backlog, name="Target")
    moving, staying = make_story(source), make_story(source)
    make_story(target)  # unique id 1 taken in the target
    url = f"/api/backlogs/{backlog.pk}/themes/{target.pk}/grab-story"
    response = client.post(url, f"story_id={moving.pk}", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 204
    moving.refresh_from_db()
    staying.refresh_from_db()
    assert (moving.theme_id, moving.unique_id, moving.position) == (target.pk, 2, 2)
    assert staying.position == 1
    elsewhere = make_story(make_theme(make_backlog(tenant, name="Elsewhere")))
    refused = client.post(url, {"story_id": elsewhere.pk}, format="json")
    assert refused.status_code == 422
    easybacklog_error(refused)
    assert Story.objects.get(pk=elsewhere.pk).theme.backlog.name == "Elsewhere"


def test_move_to_backlog(client, backlog, tenant):
    theme = make_theme(backlog)
    story = make_story(theme)
    criterion_create(story=story, fields={"criterion": "c"})
    target = make_backlog(tenant, name="Target")
    make_theme(target)  # same name and code already there
    url = f"/api/backlogs/{backlog.pk}/themes/{theme.pk}/move-to-backlog"
    assert client.post(url, {"target_backlog_id": target.pk}, format="json").status_code == 204
    theme.refresh_from_db()
    assert (theme.backlog_id, theme.name, theme.code, theme.position) == (target.pk, "Home page 1", "HO1", 2)
    assert story.acceptance_criteria.count() == 1


def test_move_to_backlog_refused_when_a_story_is_in_a_sprint(client, backlog, tenant):
    theme = make_theme(backlog)
    sprint_story_create(sprint=make_sprint(backlog), story=make_story(theme), status_=None, position=None)
    target = make_backlog(tenant, name="Target")
    url = f"/api/backlogs/{backlog.pk}/themes/{theme.pk}/move-to-backlog"
    response = client.post(url, {"target_backlog_id": target.pk}, format="json")
    assert response.status_code == 403
    assert "sprint" in response.json()["message"]
    theme.refresh_from_db()
    assert theme.backlog_id == backlog.pk


def test_names_are_unique_within_a_backlog(client, backlog):
    make_theme(backlog, name="Home page")
    response = client.post(f"/api/backlogs/{backlog.pk}/themes", {"name": "Home page"}, format="json")
    assert response.status_code == 422 and "Name" in response.json()["message"]


def test_xml_body_creates_a_theme(client, backlog):
    response = client.post(
        f"/api/backlogs/{backlog.pk}/themes.xml",
        "<theme><name>From XML</name><code>XML</code></theme>",
        content_type="application/xml",
    )
    assert response.status_code == 201, response.content
    root = ET.fromstring(response.content)
    assert (root.tag, root.find("code").text, root.find("name").text) == ("theme", "XML", "From XML")
