"""A member plans in a real browser: backlogs list → backlog (story, totals) → sprint (burn-down)
→ the XLS download; an injected script in a story fires nothing."""

import pytest
from playwright.sync_api import expect

from backlog_site.page_testing import sign_in_through_the_form
from backlogs.planning.sprints import sprint_story_create

from .planning_data import make_backlog, make_sprint, make_story, make_theme, status


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_opens_a_backlog_and_a_sprints_burn_down_and_downloads_the_xls(page, live_server, tenant):
    backlog = make_backlog(tenant, "Corporate website")
    home = make_theme(backlog, "Home page")
    story = make_story(home, 3, ["Uses a lightbox"], i_want_to="view screen shots", so_i_can="see the product")
    make_story(home, 5, i_want_to='<script>alert("story")</script>', so_i_can='<img src=x onerror="alert(1)">')
    sprint = make_sprint(backlog)
    sprint_story_create(sprint=sprint, story=story, status_=status("P"), position=None)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    sign_in_through_the_form(page, live_server.url, "acme-owner", "pw-acme")
    page.goto(f"{live_server.url}/backlogs/")
    expect(page).to_have_title("Backlogs · Worktrack")
    page.get_by_role("link", name="Corporate website").click()

    expect(page).to_have_title("Corporate website · Backlogs · Worktrack")
    expect(page.get_by_role("heading", name="HOP1")).to_be_visible()
    expect(page.locator("#story-" + str(story.pk))).to_contain_text("view screen shots")
    expect(page.locator("#story-" + str(story.pk))).to_contain_text("Uses a lightbox")
    totals = page.locator(".totals")
    expect(totals.locator(".points")).to_have_text("8")
    expect(totals.locator(".days")).to_have_text("2.7")  # 8 points ÷ 3 a day
    expect(totals.locator(".cost")).to_have_text("$2,133")  # × 800 a day
    expect(page.get_by_text('<script>alert("story")</script>')).to_be_visible()

    page.get_by_role("link", name="Sprint 1").click()
    expect(page).to_have_title("Sprint 1 · Corporate website · Worktrack")
    chart = page.get_by_role("img", name="Burn-down of Corporate website")
    expect(chart).to_be_visible()
    expect(chart.locator("polyline").first).to_be_attached()
    expect(page.locator("#status-P + table")).to_contain_text("HOP1")
    expect(page.get_by_role("table", name="Burn-down data: points left after each sprint")).to_be_visible()

    page.get_by_role("link", name="Corporate website").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Spreadsheet of the backlog (XLS)").click()
    download = download_info.value
    assert download.suggested_filename == "corporate-website.xls"
    response = page.request.get(f"{live_server.url}/backlogs/{backlog.pk}/export.xls")
    assert response.ok and response.headers["content-type"] == "application/vnd.ms-excel"
    assert response.body()[:2] == b"PK"  # an Office Open XML workbook is a zip
    assert dialogs == []
