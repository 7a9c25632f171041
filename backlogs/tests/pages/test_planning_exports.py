"""The XLS workbook and PDF story cards served to signed-in members: the API's exports, same bytes
of content, without an API key."""

import pytest
from django.test import Client

from backlog_site.page_testing import assert_page_queries_constant, signed_in

from .planning_data import fill_backlog, make_backlog, make_sprint, make_story, make_theme, xls_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def backlog(tenant):
    backlog = make_backlog(tenant, "Corporate website")
    theme = make_theme(backlog, "Home page")
    make_story(theme, 3, ["Uses a lightbox"], i_want_to="view screen shots")
    make_story(make_theme(backlog, "Search"), 8, i_want_to="find <things> & more")
    make_sprint(backlog)
    return backlog


def test_xls_is_the_apis_workbook(tenant, client, backlog):
    response = signed_in(tenant).get(f"/backlogs/{backlog.pk}/export.xls")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.ms-excel"
    assert response["Content-Disposition"] == 'attachment; filename="corporate-website.xls"'
    api = client.get(f"/api/backlogs/{backlog.pk}.xls")
    assert xls_rows(response.content) == xls_rows(api.content)
    story_row = next(row for row in xls_rows(response.content) if row[0] == "HOP1")
    assert story_row[:3] == ["HOP1", "user", "view screen shots"]


def test_pdf_cards_with_the_apis_options(tenant, backlog):
    client = signed_in(tenant)
    url = f"/backlogs/{backlog.pk}/cards.pdf"
    whole = client.get(url)
    assert whole.status_code == 200 and whole["Content-Type"] == "application/pdf"
    assert whole["Content-Disposition"] == 'attachment; filename="corporate-website-cards.pdf"'
    assert whole.content.startswith(b"%PDF") and b"/MediaBox [ 0 0 595.2756 841.8898 ]" in whole.content
    sprint, theme = backlog.sprints.get(), backlog.themes.first()
    letter = client.get(url, {"page_size": "letter", "fold_side": "short", "print_scope": f"sprint-{sprint.pk}"})
    assert letter.status_code == 200 and b"/MediaBox [ 0 0 612 792 ]" in letter.content
    by_theme = client.get(url, {"print_scope": f"theme-{theme.pk}", "page_size": "A4", "fold_side": "long"})
    assert by_theme.status_code == 200


def test_bad_print_options_are_a_400_saying_which(tenant, other_tenant, backlog):
    client = signed_in(tenant)
    url = f"/backlogs/{backlog.pk}/cards.pdf"
    their_theme = make_theme(make_backlog(other_tenant, "Theirs"), "Secret")
    for params, message in (
        ({"page_size": "A3"}, "Page size must be A4 or letter"),
        ({"fold_side": "diagonal"}, "Fold side must be short or long"),
        ({"print_scope": "everything"}, "Print scope must be"),
        ({"print_scope": f"theme-{their_theme.pk}"}, "Theme does not exist in this backlog"),
    ):
        response = client.get(url, params)
        assert response.status_code == 400, params
        assert message in response.content.decode()


def test_exports_need_a_signed_in_member(backlog):
    for url in (f"/backlogs/{backlog.pk}/export.xls", f"/backlogs/{backlog.pk}/cards.pdf"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_export_query_counts_are_fixed(tenant):
    backlog = make_backlog(tenant)
    for url in (f"/backlogs/{backlog.pk}/export.xls", f"/backlogs/{backlog.pk}/cards.pdf"):
        assert_page_queries_constant(signed_in(tenant), url, lambda n: fill_backlog(backlog, n), small=2, large=5)
