"""Stories (and the `/api/stories/{id}` shortcut) and acceptance criteria."""

from decimal import Decimal
from xml.etree import ElementTree as ET

import pytest

from accounts.models import ScoringRule
from backlog_site.api.testing import (
    assert_constant_queries,
    assert_other_tenant_not_found,
    assert_rejects_malformed,
    assert_requires_key,
)
from backlogs.models import AcceptanceCriterion, Story
from backlogs.planning.stories import criterion_create

from .conftest import easybacklog_error, make_backlog, make_story, make_theme

pytestmark = pytest.mark.django_db
STORY_FIELDS = {
    "as_a",
    "color",
    "comments",
    "created_at",
    "i_want_to",
    "id",
    "position",
    "so_i_can",
    "theme_id",
    "unique_id",
    "updated_at",
    "score",
}


@pytest.fixture
def theme(backlog):
    return make_theme(backlog)


def test_endpoints_require_a_key(theme):
    story = make_story(theme)
    criterion = criterion_create(story=story, fields={"criterion": "c"})
    for method, url in [
        ("get", f"/api/themes/{theme.pk}/stories"),
        ("post", f"/api/themes/{theme.pk}/stories"),
        ("get", f"/api/themes/{theme.pk}/stories/{story.pk}"),
        ("put", f"/api/themes/{theme.pk}/stories/{story.pk}"),
        ("delete", f"/api/themes/{theme.pk}/stories/{story.pk}"),
        ("get", f"/api/stories/{story.pk}"),
        ("get", f"/api/stories/{story.pk}/acceptance-criteria"),
        ("post", f"/api/stories/{story.pk}/acceptance-criteria"),
        ("get", f"/api/stories/{story.pk}/acceptance-criteria/{criterion.pk}"),
        ("put", f"/api/stories/{story.pk}/acceptance-criteria/{criterion.pk}"),
        ("delete", f"/api/stories/{story.pk}/acceptance-criteria/{criterion.pk}"),
    ]:
        assert_requires_key(method, url, easybacklog_error)


def test_another_tenants_stories_and_criteria_are_not_found(client, theme, other_backlog):
    their_theme = make_theme(other_backlog)
    story = make_story(their_theme)
    criterion = criterion_create(story=story, fields={"criterion": "theirs"})
    for method, url in [
        ("get", f"/api/themes/{their_theme.pk}/stories"),
        ("post", f"/api/themes/{their_theme.pk}/stories"),
        ("get", f"/api/themes/{their_theme.pk}/stories/{story.pk}"),
        ("put", f"/api/themes/{their_theme.pk}/stories/{story.pk}"),
        ("delete", f"/api/themes/{their_theme.pk}/stories/{story.pk}"),
        ("get", f"/api/themes/{theme.pk}/stories/{story.pk}"),
        ("get", f"/api/stories/{story.pk}"),
        ("get", f"/api/stories/{story.pk}/acceptance-criteria"),
        ("post", f"/api/stories/{story.pk}/acceptance-criteria"),
        ("get", f"/api/stories/{story.pk}/acceptance-criteria/{criterion.pk}"),
        ("put", f"/api/stories/{story.pk}/acceptance-criteria/{criterion.pk}"),
        ("delete", f"/api/stories/{story.pk}/acceptance-criteria/{criterion.pk}"),
    ]:
        assert_other_tenant_not_found(client, method, url, data={"as_a": "x", "criterion": "x"}, format="json")
    assert Story.objects.get(pk=story.pk).as_a == "user"
    assert AcceptanceCriterion.objects.get(pk=criterion.pk).criterion == "theirs"


def test_malformed_bodies(client, theme):
    story = make_story(theme)
    criterion = criterion_create(story=story, fields={"criterion": "c"})
    assert_rejects_malformed(client, "post", f"/api/themes/{theme.pk}/stories", easybacklog_error)
    assert_rejects_malformed(client, "put", f"/api/themes/{theme.pk}/stories/{story.pk}", easybacklog_error)
    assert_rejects_malformed(client, "post", f"/api/stories/{story.pk}/acceptance-criteria", easybacklog_error)
    assert_rejects_malformed(
        client, "put", f"/api/stories/{story.pk}/acceptance-criteria/{criterion.pk}", easybacklog_error
    )
    bad = [
        ("application/json", '{"color": "red"}'),
        ("application/json", '{"color": "ff00zz"}'),
        ("application/json", '{"score": "lots"}'),
        ("application/json", '{"unique_id": 0}'),
        ("application/json", '{"position": -1}'),
    ]
    assert_rejects_malformed(client, "post", f"/api/themes/{theme.pk}/stories", easybacklog_error, bodies=bad)
    assert Story.objects.count() == 1


def test_create_form_encoded_generates_unique_ids_and_appends(client, theme):
    make_story(theme)
    response = client.post(
        f"/api/themes/{theme.pk}/stories",
        "as_a=user&comments=tbc&color=ff0000",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == STORY_FIELDS
    assert (body["unique_id"], body["position"], body["color"], body["comments"]) == (2, 2, "ff0000", "tbc")
    assert body["i_want_to"] is None and body["score"] is None
    clash = client.post(f"/api/themes/{theme.pk}/stories", {"unique_id": 2}, format="json")
    assert clash.status_code == 422
    chosen = client.post(f"/api/themes/{theme.pk}/stories", {"unique_id": 10}, format="json").json()
    assert chosen["unique_id"] == 10
    # ids 1, 2 and 10 are taken: the next story fills the first gap (easyBacklog), not 11
    assert client.post(f"/api/themes/{theme.pk}/stories", {}, format="json").json()["unique_id"] == 3


def test_scores_follow_the_scoring_rule(client, theme, backlog):
    backlog.scoring_rule = ScoringRule.objects.get(code="F")  # 0, 1, 2, 3, 5, 8, 13, 21, 34
    backlog.save()
    url = f"/api/themes/{theme.pk}/stories"
    assert client.post(url, {"score": 8}, format="json").json()["score"] == "8.0"
    refused = client.post(url, {"score": 4}, format="json")
    assert refused.status_code == 422 and "scoring rule" in refused.json()["message"]
    assert client.post(url, {"score_50": 3}, format="json").status_code == 422
    assert Story.objects.count() == 1


def test_fifty_ninety_scores(client, theme, backlog):
    backlog.use_50_90 = True
    backlog.save()
    url = f"/api/themes/{theme.pk}/stories"
    response = client.post(url, {"score_50": "2", "score_90": "5"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["score_50"], body["score_90"]) == ("2.0", "5.0") and "score" not in body
    assert client.post(url, {"score": 3}, format="json").status_code == 422
    assert client.post(url, {"score_50": 8, "score_90": 5}, format="json").status_code == 422


def test_update_story_and_positions(client, theme):
    a, b = make_story(theme), make_story(theme)
    url = f"/api/themes/{theme.pk}/stories/{b.pk}"
    response = client.put(url, "as_a=student&position=1&score=", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 204
    b.refresh_from_db()
    a.refresh_from_db()
    assert (b.as_a, b.position, b.score, a.position) == ("student", 1, None, 2)
    assert client.get(f"/api/stories/{b.pk}").json()["as_a"] == "student"


def test_delete_story_closes_the_gap(client, theme):
    a, b, c = make_story(theme), make_story(theme), make_story(theme)
    assert client.delete(f"/api/themes/{theme.pk}/stories/{b.pk}").status_code == 204
    assert list(Story.objects.values_list("pk", "position")) == [(a.pk, 1), (c.pk, 2)]


def test_list_with_criteria_in_constant_queries(client, theme):
    def make(n):
        while theme.stories.count() < n:
            criterion_create(story=make_story(theme), fields={"criterion": "c"})

    url = f"/api/themes/{theme.pk}/stories?include_associated_data=true"
    assert_constant_queries(make, lambda: client.get(url))
    body = client.get(url).json()
    assert body[0]["acceptance_criteria"][0]["criterion"] == "c"
    story_id = body[0]["id"]
    assert client.get(f"/api/stories/{story_id}?include_associated_data=true").json()["acceptance_criteria"]
    assert_constant_queries(make, lambda: client.get(f"/api/stories/{story_id}/acceptance-criteria"))


def test_criteria_crud_and_positions(client, theme):
    story = make_story(theme)
    url = f"/api/stories/{story.pk}/acceptance-criteria"
    response = client.post(
        url, "criterion=Must+validate+user+details", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 201
    first = response.json()
    assert first == {"criterion": "Must validate user details", "id": first["id"], "position": 1, "story_id": story.pk}
    second = client.post(url, {"criterion": "Second", "position": 1}, format="json").json()
    assert second["position"] == 1
    assert [c["criterion"] for c in client.get(url).json()] == ["Second", "Must validate user details"]
    assert client.put(f"{url}/{first['id']}", {"criterion": "Changed"}, format="json").status_code == 204
    assert client.get(f"{url}/{first['id']}").json()["criterion"] == "Changed"
    assert client.delete(f"{url}/{second['id']}").status_code == 204
    assert client.get(f"{url}/{first['id']}").json()["position"] == 1


def test_xml_story_and_criteria(client, theme):
    story = make_story(theme, score=Decimal("0.5"))
    criterion_create(story=story, fields={"criterion": "c"})
    root = ET.fromstring(client.get(f"/api/stories/{story.pk}.xml").content)
    assert root.tag == "story" and root.find("score").text == "0.5" and root.find("score").get("type") == "decimal"
    root = ET.fromstring(client.get(f"/api/stories/{story.pk}/acceptance-criteria.xml").content)
    assert root.tag == "acceptance-criteria" and root.find("acceptance-criterion/criterion").text == "c"


def test_story_of_a_snapshot_cannot_change(client, backlog):
    from backlogs.planning.snapshots import snapshot_create

    make_story(make_theme(backlog))
    snapshot = snapshot_create(backlog=backlog, name="s")
    story = Story.objects.get(theme__backlog=snapshot)
    response = client.put(f"/api/themes/{story.theme_id}/stories/{story.pk}", {"as_a": "x"}, format="json")
    assert response.status_code == 403
    assert client.get(f"/api/stories/{story.pk}").json()["as_a"] == "user"
    assert make_backlog  # the builder is shared with the other modules
