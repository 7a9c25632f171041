"""The backlogs list and a backlog's page: scoping, content, totals equal to the API's, query counts."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import Company, Role
from accounts.services import membership_create
from backlog_site.page_testing import assert_page_queries_constant, signed_in
from backlogs.planning.backlogs import backlog_update
from backlogs.planning.snapshots import snapshot_create

from .planning_data import fill_backlog, make_backlog, make_sprint, make_story, make_theme, xls_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(tenant):
    backlog = make_backlog(tenant)
    home, search = make_theme(backlog, "Home page"), make_theme(backlog, "Search")
    make_story(home, 3, ["Uses a lightbox"], i_want_to="view screen shots", so_i_can="see the product")
    make_story(home, 5, i_want_to="read news")
    make_story(search, 8, i_want_to="find things")
    make_sprint(backlog)
    return backlog


def test_list_groups_live_backlogs_by_company_with_points_and_archived_apart(tenant, other_tenant, filled):
    acme_inc = Company.objects.create(account=tenant.account, name="Acme Inc")
    intranet = make_backlog(tenant, "Intranet", company=acme_inc)
    make_story(make_theme(intranet, "Login"), 13)
    old = make_backlog(tenant, "Old site")
    backlog_update(backlog=old, user=tenant.user, fields={"archived": True})
    snapshot_create(backlog=filled, name="Before the launch")
    make_backlog(other_tenant, "Their secret plan")

    html = signed_in(tenant).get("/backlogs/").content.decode()

    assert "Before the launch" not in html and "Their secret plan" not in html
    not_in_company, company, archived = (html.index(t) for t in ("Not in a company", "Acme Inc", "Archived backlogs"))
    assert not_in_company < html.index("Website") < company < html.index("Intranet") < archived < html.index("Old site")
    assert f'href="/backlogs/{filled.pk}/"' in html
    website_row = html[html.index("Website") :]
    assert ">16<" in website_row[: website_row.index("</tr>")]  # 3 + 5 + 8


def test_list_points_are_the_points_the_stats_api_starts_the_burn_down_with(tenant, client, filled):
    backlog = make_backlog(tenant, "Fifty ninety", use_50_90=True)
    theme = make_theme(backlog, "Risky")
    make_story(theme, score_50=Decimal(2), score_90=Decimal(5))
    make_story(theme, score_50=Decimal(1), score_90=Decimal(5))
    make_sprint(backlog)
    html = signed_in(tenant).get("/backlogs/").content.decode()
    stats = client.get(f"/api/backlogs/{backlog.pk}/stats").json()
    start = stats["burn_down"]["trend"][0]["points"]
    assert start == 8.0  # (2 + 1) + sqrt(3² + 4²)
    row = html[html.index("Fifty ninety") :]
    assert f">{start:g}<" in row[: row.index("</tr>")]


def test_list_page_and_xls_agree_when_a_backlog_left_the_50_90_rule(tenant, client):
    """Scores kept from the 50/90 rule: the story's score is its 90% score, as the API reads it."""
    backlog = make_backlog(tenant, "Formerly risky", use_50_90=True)
    theme = make_theme(backlog, "Risky")
    make_story(theme, score_50=Decimal(2), score_90=Decimal(5))
    make_story(theme, score_50=Decimal(1), score_90=Decimal(5))
    backlog_update(backlog=backlog, user=tenant.user, fields={"use_50_90": False})
    rows = xls_rows(client.get(f"/api/backlogs/{backlog.pk}.xls").content)
    total = next(row for row in rows if row[0] == "Backlog total")[-3]
    assert total == 10
    listed = signed_in(tenant).get("/backlogs/").content.decode()
    row = listed[listed.index("Formerly risky") :]
    assert ">10<" in row[: row.index("</tr>")]
    page = signed_in(tenant).get(f"/backlogs/{backlog.pk}/").content.decode()
    assert '<dd class="points">10</dd>' in page and "Score: <strong>5</strong>" in page


def test_backlog_page_shows_themes_stories_criteria_and_sprints(tenant, filled):
    html = signed_in(tenant).get(f"/backlogs/{filled.pk}/").content.decode()
    assert "<title>Website · Backlogs · Worktrack</title>" in html
    assert html.index("HOP1") < html.index("HOP2") < html.index("SEA1")
    assert "view screen shots" in html and "see the product" in html and "Uses a lightbox" in html
    assert "Score: <strong>3</strong>" in html and "50%" not in html
    sprint = filled.sprints.get()
    assert f'href="/backlogs/{filled.pk}/sprints/{sprint.pk}/"' in html and "Sprint 1" in html
    assert f'href="/backlogs/{filled.pk}/export.xls"' in html and f'action="/backlogs/{filled.pk}/cards.pdf"' in html


def test_a_50_90_backlog_shows_both_scores(tenant):
    backlog = make_backlog(tenant, "Fifty ninety", use_50_90=True)
    make_story(make_theme(backlog, "Risky"), score_50=Decimal("0.5"), score_90=Decimal(8))
    html = signed_in(tenant).get(f"/backlogs/{backlog.pk}/").content.decode()
    assert "50%: <strong>0.5</strong>" in html and "90%: <strong>8</strong>" in html


def test_totals_are_the_xls_exports_totals(tenant, client, filled):
    """Points, days (points ÷ velocity, one decimal) and cost (days × rate, no decimals) per theme
    and for the backlog, as the API's XLS export adds them up."""
    rows = xls_rows(client.get(f"/api/backlogs/{filled.pk}.xls").content)
    theme_totals = [row[-3:] for row in rows if row[0] == "Theme total"]
    backlog_total = next(row[-3:] for row in rows if row[0] == "Backlog total")
    html = signed_in(tenant).get(f"/backlogs/{filled.pk}/").content.decode()
    shown = [html[html.index(f'id="theme-{t.pk}"') :] for t in filled.themes.order_by("position")]
    for (points, days, cost), theme_html in zip(theme_totals, shown, strict=True):
        assert f'<dd class="points">{points:g}</dd>' in theme_html
        assert f'<dd class="days">{days:0.1f}</dd>' in theme_html
        assert f'<dd class="cost">${cost:,.0f}</dd>' in theme_html
    points, days, cost = backlog_total
    totals = html[html.index('id="totals-heading"') : html.index('id="downloads-heading"')]
    assert (points, f"{days:0.1f}", f"{cost:,.0f}") == (16, "5.3", "4,267")
    assert f'<dd class="points">{points:g}</dd>' in totals and '<dd class="days">5.3</dd>' in totals
    assert '<dd class="cost">$4,267</dd>' in totals


def test_days_and_cost_are_left_out_without_velocity_or_rate(tenant):
    backlog = make_backlog(tenant, "No estimates", velocity=None, rate=None)
    make_story(make_theme(backlog), 5)
    html = signed_in(tenant).get(f"/backlogs/{backlog.pk}/").content.decode()
    assert '<dd class="points">5</dd>' in html and 'class="days"' not in html and 'class="cost"' not in html
    backlog_update(backlog=backlog, user=tenant.user, fields={"velocity": Decimal(2)})
    html = signed_in(tenant).get(f"/backlogs/{backlog.pk}/").content.decode()
    assert '<dd class="days">2.5</dd>' in html and 'class="cost"' not in html


def test_story_text_is_escaped(tenant):
    backlog = make_backlog(tenant)
    make_story(make_theme(backlog), i_want_to='<script>alert("x")</script>', so_i_can='<img src=x onerror="alert(1)">')
    html = signed_in(tenant).get(f"/backlogs/{backlog.pk}/").content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in html and "&lt;img src=x onerror=" in html


def test_another_accounts_backlog_a_snapshot_or_a_missing_one_is_404(tenant, other_tenant, filled):
    theirs = make_backlog(other_tenant, "Theirs")
    snapshot = snapshot_create(backlog=filled, name="Frozen")
    client = signed_in(tenant)
    for pk in (theirs.pk, snapshot.pk, 999999):
        for url in (f"/backlogs/{pk}/", f"/backlogs/{pk}/export.xls", f"/backlogs/{pk}/cards.pdf"):
            assert client.get(url).status_code == 404, url
    assert signed_in(other_tenant).get(f"/backlogs/{filled.pk}/").status_code == 404


def test_planning_pages_are_for_signed_in_members_not_end_users(tenant, filled):
    url = f"/backlogs/{filled.pk}/"
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    user = get_user_model().objects.create_user(username="end-user", password="pw")
    end_user = membership_create(account=tenant.account, user=user, role=Role.END_USER)
    for page in ("/backlogs/", url, f"{url}export.xls"):
        response = signed_in(end_user).get(page)
        assert response.status_code == 302 and response["Location"] == "/portal/", page


def test_list_query_count_is_fixed(tenant):
    def make_rows(n):
        for i in range(tenant.account.backlogs.count(), n):
            fill_backlog(make_backlog(tenant, f"Backlog {i}"), 2)

    assert_page_queries_constant(signed_in(tenant), "/backlogs/", make_rows, small=2, large=6)


def test_backlog_page_query_count_is_fixed(tenant):
    backlog = make_backlog(tenant)
    assert_page_queries_constant(
        signed_in(tenant), f"/backlogs/{backlog.pk}/", lambda n: fill_backlog(backlog, n), small=2, large=8
    )
