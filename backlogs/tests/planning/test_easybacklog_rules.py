"""easyBacklog's own rules (mattheworiordan/easybacklog's models), each through the API: the
status, the body in easyBacklog's error shape and the figure."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import ScoringRule
from backlog_site.page_testing import signed_in
from backlogs.models import AcceptanceCriterion, Backlog, SprintStory, SprintStoryStatus, Story
from backlogs.planning import stories
from backlogs.planning.sprints import sprint_complete, sprint_story_create
from backlogs.planning.stories import criterion_create
from backlogs.tests.pages.planning_data import xls_rows

from .conftest import easybacklog_error, make_backlog, make_sprint, make_story, make_theme

pytestmark = pytest.mark.django_db
FORM = "application/x-www-form-urlencoded"


def refused(response, status: int, message: str) -> None:
    assert response.status_code == status, response.content
    easybacklog_error(response)
    assert response.json()["message"] == message


def status_id(code: str) -> int:
    return SprintStoryStatus.objects.get(code=code).pk


# --- backlog totals add up themes -----------------------------------------------------------


def fifty_ninety_story(theme, low, high):
    return stories.story_create(theme=theme, fields={"score_50": Decimal(low), "score_90": Decimal(high)})


def test_backlog_points_are_the_sum_of_theme_totals_in_stats_xls_and_pages(tenant, client):
    """Theme A: (1, 5) and (2, 5) are 3 + √(4² + 3²) = 8; theme B: (3, 8) and (8, 20) are
    11 + √(5² + 12²) = 24. The backlog is 8 + 24 = 32, not 14 + √194 ≈ 27.9 (one root-sum-square
    over every story)."""
    backlog = make_backlog(tenant, "Risky", use_50_90=True, velocity=Decimal(3), rate=800)
    theme_a, theme_b = make_theme(backlog, "Alpha"), make_theme(backlog, "Beta")
    accepted = fifty_ninety_story(theme_a, 1, 5)
    fifty_ninety_story(theme_a, 2, 5)
    fifty_ninety_story(theme_b, 3, 8)
    fifty_ninety_story(theme_b, 8, 20)
    sprint = make_sprint(backlog)
    sprint_story_create(sprint=sprint, story=accepted, status_=SprintStoryStatus.objects.get(code="D"), position=None)
    sprint_complete(sprint=sprint)  # 1 + √4² = 5 points done; the snapshot is taken now

    stats = client.get(f"/api/backlogs/{backlog.pk}/stats").json()
    burn_down, burn_up = stats["burn_down"], stats["burn_up"]
    assert burn_down["trend"][0]["points"] == 32.0
    assert burn_down["actual"][0]["points"] == 32.0 and burn_down["actual"][1]["points"] == 27.0
    assert burn_down["projected"][0]["points"] == 27.0  # the projection starts after the completed sprint
    assert burn_up["total"][0]["total_points"] == 32.0  # the sprint's snapshot, added up the same way
    assert burn_up["total"][-1]["total_points"] == 32.0

    rows = xls_rows(client.get(f"/api/backlogs/{backlog.pk}.xls").content)
    assert [row[-3] for row in rows if row and row[0] == "Theme total"] == [8, 24]
    total = next(row for row in rows if row and row[0] == "Backlog total")
    assert total[-3:] == pytest.approx([32, 32 / 3, 32 / 3 * 800])

    page = signed_in(tenant).get(f"/backlogs/{backlog.pk}/").content.decode()
    totals = page[page.index('id="totals-heading"') : page.index('id="downloads-heading"')]
    assert '<dd class="points">32</dd>' in totals and '<dd class="days">10.7</dd>' in totals
    assert '<dd class="cost">$8,533</dd>' in totals
    listed = signed_in(tenant).get("/backlogs/").content.decode()
    row = listed[listed.index("Risky") :]
    assert ">32<" in row[: row.index("</tr>")]


# --- accepted stories are locked ------------------------------------------------------------


@pytest.fixture
def accepted_story(backlog):
    theme = make_theme(backlog, "Home page")
    story = make_story(theme, score=3, i_want_to="log in", color="ff0000")
    criterion_create(story=story, fields={"criterion": "Remembers me"})
    make_story(theme, score=5)
    sprint = make_sprint(backlog)
    sprint_story_create(sprint=sprint, story=story, status_=SprintStoryStatus.objects.get(code="D"), position=None)
    return story


LOCKED = "Changes to an accepted story are not allowed"


@pytest.mark.parametrize(
    "body",
    [
        {"i_want_to": "log out"},
        {"as_a": "admin"},
        {"comments": "later"},
        {"score": 5},
        {"score": None},
        {"color": "00ff00"},
    ],
)
def test_an_accepted_story_refuses_edits_to_text_scores_and_colour(client, accepted_story, body):
    url = f"/api/themes/{accepted_story.theme_id}/stories/{accepted_story.pk}"
    refused(client.put(url, body, format="json"), 422, LOCKED)
    assert client.put(url, body, format="json").json()["errors"] == [LOCKED]
    story = Story.objects.get(pk=accepted_story.pk)
    assert (story.i_want_to, story.as_a, story.comments, story.score, story.color) == (
        "log in",
        "user",
        None,
        Decimal(3),
        "ff0000",
    )


def test_an_accepted_story_can_still_be_moved(client, backlog, accepted_story):
    url = f"/api/themes/{accepted_story.theme_id}/stories/{accepted_story.pk}"
    assert client.put(url, {"position": 2}, format="json").status_code == 204
    # a client echoing the story back with its position changed is no edit either
    echoed = {"i_want_to": "log in", "as_a": "user", "comments": "", "score": "3.0", "position": 1}
    assert client.put(url, echoed, format="json").status_code == 204
    other = make_theme(backlog, "Elsewhere")
    make_story(other)  # takes unique id 1 there: the moved story gets 2
    grabbed = client.post(f"/api/backlogs/{backlog.pk}/themes/{other.pk}/grab-story", {"story_id": accepted_story.pk})
    assert grabbed.status_code == 204
    story = Story.objects.get(pk=accepted_story.pk)
    assert (story.theme_id, story.unique_id, story.i_want_to) == (other.pk, 2, "log in")


def test_an_accepted_storys_criteria_cannot_be_added_edited_or_deleted(client, accepted_story):
    criterion = accepted_story.acceptance_criteria.get()
    url = f"/api/stories/{accepted_story.pk}/acceptance-criteria"
    message = "Acceptance criteria cannot be changed as the story is accepted and therefore locked"
    refused(client.post(url, {"criterion": "Another"}, format="json"), 422, message)
    refused(client.put(f"{url}/{criterion.pk}", {"criterion": "Changed"}, format="json"), 422, message)
    refused(
        client.delete(f"{url}/{criterion.pk}"),
        403,
        "Acceptance criteria cannot be deleted as the story is accepted and therefore locked",
    )
    assert list(AcceptanceCriterion.objects.values_list("criterion", flat=True)) == ["Remembers me"]


def test_an_accepted_story_stays_in_its_sprint_and_is_not_deleted(client, backlog, accepted_story):
    sprint_story = SprintStory.objects.get(story=accepted_story)
    url = f"/api/sprints/{sprint_story.sprint_id}/sprint-stories/{sprint_story.pk}"
    message = "Story cannot be removed from its sprint as it is accepted"
    refused(client.delete(url), 403, message)
    refused(
        client.delete(f"/api/themes/{accepted_story.theme_id}/stories/{accepted_story.pk}"),
        403,
        "Stories that are accepted or in a completed sprint cannot be deleted",
    )
    refused(
        client.delete(f"/api/backlogs/{backlog.pk}/themes/{accepted_story.theme_id}"),
        403,
        "Stories that are accepted or in a completed sprint cannot be deleted",
    )
    assert SprintStory.objects.get(pk=sprint_story.pk).sprint_id == sprint_story.sprint_id
    assert Story.objects.filter(pk=accepted_story.pk).exists()
    # moving it to another open sprint keeps it in a sprint: allowed, as easyBacklog's spec does
    later = make_sprint(backlog, start_on=sprint_story.sprint.start_on + datetime.timedelta(days=7))
    assert client.put(url, {"move_to_sprint_id": later.pk}, format="json").status_code == 204
    assert SprintStory.objects.get(pk=sprint_story.pk).sprint_id == later.pk


def test_un_accepting_lifts_the_lock(client, accepted_story):
    sprint_story = SprintStory.objects.get(story=accepted_story)
    url = f"/api/sprints/{sprint_story.sprint_id}/sprint-stories/{sprint_story.pk}"
    assert client.put(url, {"sprint_story_status_id": status_id("P")}, format="json").status_code == 204
    story_url = f"/api/themes/{accepted_story.theme_id}/stories/{accepted_story.pk}"
    assert client.put(story_url, {"i_want_to": "log out"}, format="json").status_code == 204
    assert Story.objects.get(pk=accepted_story.pk).i_want_to == "log out"
    assert client.delete(url).status_code == 204


def test_a_completed_but_not_accepted_story_is_not_locked(client, backlog):
    story = make_story(make_theme(backlog))
    sprint_story_create(sprint=make_sprint(backlog), story=story, status_=None, position=None)
    SprintStory.objects.filter(story=story).update(sprint_story_status_id=status_id("R"))
    url = f"/api/themes/{story.theme_id}/stories/{story.pk}"
    assert client.put(url, {"i_want_to": "still open"}, format="json").status_code == 204


# --- the default scoring rule ---------------------------------------------------------------


def test_without_any_rule_modified_fibonacci_applies(client, tenant):
    backlog = make_backlog(tenant, "No rule")
    assert backlog.scoring_rule_id is None and tenant.account.scoring_rule_id is None
    url = f"/api/themes/{make_theme(backlog).pk}/stories"
    refused(
        client.post(url, {"score": 4}, format="json"),
        422,
        "Score is not valid according to the Modified Fibonacci scoring rule "
        "(0, 0.5, 1, 2, 3, 5, 8, 13, 20, 21, 40, 60, 100)",
    )
    assert client.post(url, {"score": "0.5"}, format="json").status_code == 201
    assert client.post(url, {"score": 40}, format="json").json()["score"] == "40.0"
    assert Story.objects.count() == 2


def test_only_a_changed_score_must_fit_the_rule(client, tenant):
    """A story scored 4 under "Any value" stays editable after the backlog moves to a stricter rule."""
    anything, strict = ScoringRule.objects.get(code="A"), ScoringRule.objects.get(code="F")
    backlog = make_backlog(tenant, "Loose", scoring_rule=anything)
    story = make_story(make_theme(backlog), score=4)
    client.put(
        f"/api/accounts/{tenant.account_id}/backlogs/{backlog.pk}", {"scoring_rule_id": strict.pk}, format="json"
    )
    url = f"/api/themes/{story.theme_id}/stories/{story.pk}"
    assert client.put(url, {"score": "4.0", "as_a": "admin"}, format="json").status_code == 204
    refused(
        client.put(url, {"score": 6}, format="json"),
        422,
        "Score is not valid according to the Strict Fibonacci scoring rule (0, 1, 2, 3, 5, 8, 13, 21, 34)",
    )
    story.refresh_from_db()
    assert (story.as_a, story.score) == ("admin", Decimal(4))


def test_the_first_backlog_saved_with_a_rule_sets_the_accounts_default(client, tenant):
    account_id = tenant.account_id
    strict, anything = ScoringRule.objects.get(code="F"), ScoringRule.objects.get(code="A")
    url = f"/api/accounts/{account_id}/backlogs"
    assert client.post(url, {"name": "Plain"}, format="json").json()["scoring_rule_id"] is None
    assert client.get(f"/api/accounts/{account_id}").json()["scoring_rule_id"] is None
    created = client.post(url, {"name": "Strict", "scoring_rule_id": strict.pk}, format="json")
    assert created.status_code == 201
    assert client.get(f"/api/accounts/{account_id}").json()["scoring_rule_id"] == strict.pk
    client.post(url, {"name": "Loose", "scoring_rule_id": anything.pk}, format="json")
    assert client.get(f"/api/accounts/{account_id}").json()["scoring_rule_id"] == strict.pk  # only if none yet
    # a new backlog naming no rule now gets the account's
    assert client.post(url, {"name": "Later"}, format="json").json()["scoring_rule_id"] == strict.pk


# --- story ids fill gaps --------------------------------------------------------------------


def test_story_ids_fill_gaps_then_go_one_higher(client, backlog):
    theme = make_theme(backlog)
    url = f"/api/themes/{theme.pk}/stories"
    ids = [client.post(url, {}, format="json").json()["unique_id"] for _ in range(3)]
    assert ids == [1, 2, 3]
    second = Story.objects.get(theme=theme, unique_id=2)
    assert client.delete(f"{url}/{second.pk}").status_code == 204
    assert client.post(url, {}, format="json").json()["unique_id"] == 2  # the gap
    assert client.post(url, {}, format="json").json()["unique_id"] == 4  # none free: highest + 1
    assert client.post(url, {"unique_id": 9}, format="json").json()["unique_id"] == 9  # kept
    assert client.post(url, {}, format="json").json()["unique_id"] == 5
    refused(client.post(url, {"unique_id": 9}, format="json"), 422, "Unique ID has already been taken")
    zero = client.post(url, {"unique_id": 0}, format="json")
    assert zero.status_code == 422
    easybacklog_error(zero)
    assert sorted(Story.objects.filter(theme=theme).values_list("unique_id", flat=True)) == [1, 2, 3, 4, 5, 9]


# --- velocity and rate are greater than 0 ---------------------------------------------------


def test_backlog_velocity_and_rate_must_be_greater_than_zero(client, tenant):
    url = f"/api/accounts/{tenant.account_id}/backlogs"
    refused(client.post(url, {"name": "Zero", "velocity": 0}, format="json"), 422, "Velocity must be greater than 0")
    refused(client.post(url, {"name": "Neg", "velocity": "-1"}, format="json"), 422, "Velocity must be greater than 0")
    refused(
        client.post(url, {"name": "Free", "velocity": 3, "rate": 0}, format="json"), 422, "Rate must be greater than 0"
    )
    assert not Backlog.objects.filter(name__in=["Zero", "Neg", "Free"]).exists()
    # blank means "no time estimates": allowed, stored as null
    blank = client.post(url, "name=Untimed&velocity=&rate=", content_type=FORM)
    assert blank.status_code == 201 and (blank.json()["velocity"], blank.json()["rate"]) == (None, None)
    backlog = make_backlog(tenant, "Timed", velocity=Decimal(3), rate=800)
    detail = f"{url}/{backlog.pk}"
    refused(client.put(detail, {"velocity": 0}, format="json"), 422, "Velocity must be greater than 0")
    refused(client.put(detail, "rate=0", content_type=FORM), 422, "Rate must be greater than 0")
    backlog.refresh_from_db()
    assert (backlog.velocity, backlog.rate) == (Decimal(3), 800)


def test_the_score_a_request_changes_is_the_one_blamed(client, tenant):
    backlog = make_backlog(tenant, "Fifty ninety", use_50_90=True)
    theme = make_theme(backlog)
    story = fifty_ninety_story(theme, 3, 8)
    url = f"/api/themes/{theme.pk}/stories/{story.pk}"
    message = "Score 90 must be greater than or equal to score 50"
    refused(client.put(url, {"score_90": 2}, format="json"), 422, message)
    refused(client.put(url, {"score_50": 13}, format="json"), 422, "Score 50 must be less than or equal to score 90")
    refused(
        client.put(url, {"score": 5}, format="json"), 422, "Score cannot be used as this backlog uses the 50/90 rule"
    )
    story.refresh_from_db()
    assert (story.score_50, story.score_90) == (Decimal(3), Decimal(8))
    single = make_story(make_theme(make_backlog(tenant, "Single")))
    refused(
        client.put(f"/api/themes/{single.theme_id}/stories/{single.pk}", {"score_50": 3}, format="json"),
        422,
        "Score 50 cannot be used as this backlog does not use the 50/90 rule",
    )


def test_sprint_velocity_and_team_size_must_be_greater_than_zero(client, backlog):
    url = f"/api/backlogs/{backlog.pk}/sprints"
    start = {"start_on": "2031-01-06", "duration_days": 5}
    refused(
        client.post(url, {**start, "explicit_velocity": 0}, format="json"),
        422,
        "Explicit velocity must be greater than 0",
    )
    refused(
        client.post(url, {**start, "number_team_members": 0}, format="json"),
        422,
        "Number team members must be greater than 0",
    )
    assert not backlog.sprints.exists()
