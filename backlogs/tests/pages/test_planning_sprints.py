"""A sprint's page: stories by status, points equal to the API's sprint read, the burn-down chart
drawn from the stats API's numbers, scoping and query count."""

import re

import pytest

from backlog_site.page_testing import assert_page_queries_constant, signed_in
from backlogs.models import SprintStoryStatus
from backlogs.pages.burndown import BOTTOM, HEIGHT, LEFT, burn_down_chart, nice_ceiling
from backlogs.planning.snapshots import snapshot_create
from backlogs.planning.sprints import sprint_complete, sprint_story_create

from .planning_data import fill_sprint, make_backlog, make_sprint, make_story, make_theme, status

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(tenant):
    """Sprint 1 completed (HOP1 accepted, HOP2 completed); sprint 2 open with SEA1 to do, SEA2 in
    progress and SEA3 completed."""
    backlog = make_backlog(tenant)
    home, search = make_theme(backlog, "Home page"), make_theme(backlog, "Search")
    hop1, hop2 = make_story(home, 3, i_want_to="view screen shots"), make_story(home, 5, i_want_to="read news")
    sea = [make_story(search, score, i_want_to=f"search {score}") for score in (8, 2, 1)]
    make_story(search, 13, i_want_to="not planned yet")
    first, second = make_sprint(backlog), make_sprint(backlog, iteration_offset=1)
    sprint_story_create(sprint=first, story=hop1, status_=status("D"), position=None)
    sprint_story_create(sprint=first, story=hop2, status_=status("R"), position=None)
    sprint_complete(sprint=first)
    for story, code in zip(sea, ("T", "P", "R"), strict=True):
        sprint_story_create(sprint=second, story=story, status_=status(code), position=None)
    return backlog, first, second


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_stories_are_grouped_by_status_in_status_order(tenant, planned):
    backlog, _, second = planned
    html = signed_in(tenant).get(f"/backlogs/{backlog.pk}/sprints/{second.pk}/").content.decode()
    assert f"<title>Sprint 2 · {backlog.name} · Worktrack</title>" in html
    headings = [html.index(f'id="status-{code}"') for code in ("T", "P", "R", "D")]
    assert headings == sorted(headings)
    assert "SEA1" in section(html, "status-T") and "search 8" in section(html, "status-T")
    assert "SEA2" in section(html, "status-P") and "SEA3" in section(html, "status-R")
    assert "No stories." in section(html, "status-D")
    assert "not planned yet" not in html and "HOP1" not in html


def test_sprint_points_are_the_sprint_apis_numbers(tenant, client, planned):
    backlog, first, second = planned
    for sprint in (first, second):
        api = client.get(f"/api/backlogs/{backlog.pk}/sprints/{sprint.pk}").json()
        html = signed_in(tenant).get(f"/backlogs/{backlog.pk}/sprints/{sprint.pk}/").content.decode()
        assert f'<dd class="allocated">{api["total_allocated_points"]:g}</dd>' in html
        assert f'<dd class="expected">{float(api["total_expected_points"]):g}</dd>' in html
        assert f'<dd class="completed">{api["total_completed_points"]:g}</dd>' in html
    assert '<dd class="completed">1</dd>' in html  # SEA3 only: SEA2 is still in progress


def test_burn_down_is_an_accessible_svg_of_the_stats_apis_burn_down(tenant, client, planned):
    backlog, _, second = planned
    html = signed_in(tenant).get(f"/backlogs/{backlog.pk}/sprints/{second.pk}/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="burn-down-title burn-down-desc"' in svg
    assert f'<title id="burn-down-title">Burn-down of {backlog.name}</title>' in svg and "<desc" in svg
    assert 'class="highlight"' in svg and "Sprint 2" in svg
    burn_down = client.get(f"/api/backlogs/{backlog.pk}/stats").json()["burn_down"]
    assert burn_down["actual"] and burn_down["projected"]
    for key in ("trend", "actual", "projected"):
        polyline = re.search(rf'series-{key}">\s*<polyline points="([^"]+)"', html).group(1)
        assert len(polyline.split()) == len(burn_down[key])
    table = html[html.index('class="burn-down-data"') : html.index("</table>", html.index('class="burn-down-data"'))]
    for point in burn_down["actual"]:
        row = table[table.index(f'<th scope="row" data-label="Sprint">{point["iteration"]}</th>') :]
        assert f'data-label="Actual">{point["points"]:g}</td>' in row[: row.index("</tr>")]
    assert f'data-label="Expected">{burn_down["trend"][0]["points"]:g}</td>' in table


def test_chart_geometry():
    assert [nice_ceiling(v) for v in (0, 3, 16, 33, 130)] == [2, 4, 20, 40, 200]
    assert burn_down_chart({"trend": [], "actual": [], "projected": []}) is None
    points = [
        {"iteration": 0, "points": 20.0, "completed_on": None},
        {"iteration": 2, "points": 0.0, "completed_on": None},
    ]
    chart = burn_down_chart({"trend": points}, iteration=1)
    (line,) = chart.lines
    assert line.points == f"{LEFT}.0,16.0 624.0,{HEIGHT - BOTTOM}.0"  # 20 points is the top of a 0-20 axis
    assert chart.highlight == (LEFT, (624 - LEFT) / 2)
    assert [tick.label for tick in chart.y_ticks] == ["0", "5", "10", "15", "20"]


def test_another_accounts_sprint_or_a_sprint_of_another_backlog_is_404(tenant, other_tenant, planned):
    backlog, first, _ = planned
    elsewhere = make_backlog(tenant, "Elsewhere")
    their_backlog = make_backlog(other_tenant, "Theirs")
    theirs = make_sprint(their_backlog)
    snapshot = snapshot_create(backlog=backlog, name="Frozen")
    client = signed_in(tenant)
    for url in (
        f"/backlogs/{their_backlog.pk}/sprints/{theirs.pk}/",
        f"/backlogs/{backlog.pk}/sprints/{theirs.pk}/",
        f"/backlogs/{elsewhere.pk}/sprints/{first.pk}/",
        f"/backlogs/{snapshot.pk}/sprints/{first.pk}/",
        f"/backlogs/{backlog.pk}/sprints/999999/",
    ):
        assert client.get(url).status_code == 404, url
    assert signed_in(other_tenant).get(f"/backlogs/{backlog.pk}/sprints/{first.pk}/").status_code == 404


def test_sprint_page_query_count_is_fixed(tenant):
    backlog = make_backlog(tenant)
    sprint = make_sprint(backlog)
    assert SprintStoryStatus.objects.count() == 4
    assert_page_queries_constant(
        signed_in(tenant), f"/backlogs/{backlog.pk}/sprints/{sprint.pk}/", lambda n: fill_sprint(sprint, n), large=12
    )
