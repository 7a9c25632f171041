"""XLS and PDF reads of a backlog or snapshot."""

import io

import pytest
from openpyxl import load_workbook

from backlog_site.api.testing import assert_constant_queries, assert_other_tenant_not_found, assert_requires_key
from backlogs.planning.snapshots import snapshot_create
from backlogs.planning.sprints import sprint_story_create
from backlogs.planning.stories import criterion_create

from .conftest import make_sprint, make_story, make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(backlog):
    backlog.rate = 800
    backlog.save()
    home, search = make_theme(backlog, name="Home page"), make_theme(backlog, name="Search")
    first = make_story(home, score=3, i_want_to="view screen shots")
    criterion_create(story=first, fields={"criterion": "Uses a lightbox"})
    make_story(home, score=5, i_want_to="read news")
    in_sprint = make_story(search, score=8, i_want_to="find <things> & more")
    sprint = make_sprint(backlog)
    sprint_story_create(sprint=sprint, story=in_sprint, status_=None, position=None)
    return backlog, home, sprint


def test_xls_by_suffix_and_by_accept(client, filled):
    backlog, _, _ = filled
    url = f"/api/accounts/{backlog.account_id}/backlogs/{backlog.pk}"
    for response in (
        client.get(f"{url}.xls"),
        client.get(url, HTTP_ACCEPT="application/vnd.ms-excel"),
        client.get(url, HTTP_ACCEPT="application/vnd.easybacklog+xls; version=1.0"),
    ):
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["Backlog", "Stories"]
    layout, stories = book["Backlog"], book["Stories"]
    rows = [list(row) for row in layout.iter_rows(values_only=True)]
    assert rows[0][0] == "Website"
    assert next(r for r in rows if r[0] == "HOP1") == [
        "HOP1",
        "user",
        "view screen shots",
        None,
        None,
        "Uses a lightbox",
        3,
        3,
        1,
        800,
    ]
    home_total = next(r for r in rows if r[0] == "Theme total")
    assert home_total[-3] == 8 and home_total[-2:] == pytest.approx([8 / 3, 8 / 3 * 800])
    assert next(r for r in rows if r[0] == "Backlog total")[-3] == 16
    assert stories.auto_filter.ref == "A1:K4"
    assert [r[1] for r in stories.iter_rows(min_row=2, values_only=True)] == ["HOP1", "HOP2", "SEA1"]


def test_pdf_cards_with_options(client, filled):
    backlog, home, sprint = filled
    url = f"/api/backlogs/{backlog.pk}"
    whole = client.get(f"{url}.pdf")
    assert whole.status_code == 200 and whole["Content-Type"] == "application/pdf"
    assert whole.content.startswith(b"%PDF")
    letter = client.get(url, {"page_size": "letter", "fold_side": "short"}, HTTP_ACCEPT="application/pdf")
    assert letter.status_code == 200 and b"/MediaBox [ 0 0 612 792 ]" in letter.content
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in whole.content
    by_theme = client.get(f"{url}.pdf", {"print_scope": f"theme-{home.pk}"})
    by_sprint = client.get(url, {"print_scope": f"sprint-{sprint.pk}"}, HTTP_ACCEPT="application/vnd.easybacklog+pdf")
    assert by_theme.status_code == by_sprint.status_code == 200
    for bad in ({"page_size": "A3"}, {"fold_side": "diagonal"}, {"print_scope": "theme-999999"}, {"print_scope": "x"}):
        response = client.get(f"{url}.pdf", bad)
        assert response.status_code == 422, bad
        assert response.json()["status"] == "error"


def test_snapshot_supports_the_same_formats(client, filled):
    backlog, _, _ = filled
    snapshot = snapshot_create(backlog=backlog, name="Before")
    url = f"/api/backlogs/{backlog.pk}/snapshots/{snapshot.pk}"
    book = load_workbook(io.BytesIO(client.get(f"{url}.xls").content))
    assert book["Stories"].max_row == 4
    assert client.get(f"{url}.pdf").content.startswith(b"%PDF")


def test_exports_need_a_key_and_the_tenant(client, other_client, filled):
    backlog, _, _ = filled
    assert_requires_key("get", f"/api/backlogs/{backlog.pk}.xls")
    assert_requires_key("get", f"/api/backlogs/{backlog.pk}.pdf")
    response = assert_other_tenant_not_found(other_client, "get", f"/api/backlogs/{backlog.pk}.xls")
    assert response.json()["status"] == "error"
    assert client.get("/api/backlogs.xls").status_code == 404  # lists have no spreadsheet form


def test_exports_run_constant_queries(client, filled):
    backlog, home, _ = filled

    def more(n):
        while home.stories.count() < n:
            criterion_create(story=make_story(home), fields={"criterion": "c"})

    assert_constant_queries(more, lambda: client.get(f"/api/backlogs/{backlog.pk}.xls"))
    assert_constant_queries(more, lambda: client.get(f"/api/backlogs/{backlog.pk}.pdf"))
