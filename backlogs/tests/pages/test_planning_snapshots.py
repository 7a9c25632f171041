"""A snapshot's page (read-only, frozen stories) and its XLS/PDF, listed from its backlog's page."""

import pytest

from backlog_site.page_testing import assert_page_queries_constant, page_queries, signed_in
from backlogs.planning.snapshots import snapshot_create

from .planning_data import fill_backlog, make_backlog, make_sprint, make_story, make_theme, xls_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot(tenant):
    backlog = make_backlog(tenant)
    theme = make_theme(backlog, "Home page")
    make_story(theme, 3, ["Uses a lightbox"], i_want_to="view screen shots")
    make_sprint(backlog)
    snapshot = snapshot_create(backlog=backlog, name="Before the launch")
    make_story(theme, 5, i_want_to="added after the snapshot")
    return snapshot


def test_backlog_page_links_its_snapshots(tenant, snapshot):
    html = signed_in(tenant).get(f"/backlogs/{snapshot.snapshot_master_id}/").content.decode()
    assert f'href="/backlogs/{snapshot.snapshot_master_id}/snapshots/{snapshot.pk}/">Before the launch</a>' in html


def test_snapshot_page_shows_the_frozen_backlog(tenant, client, snapshot):
    url = f"/backlogs/{snapshot.snapshot_master_id}/snapshots/{snapshot.pk}/"
    html = signed_in(tenant).get(url).content.decode()
    assert "<title>Before the launch (snapshot of Website) · Backlogs · Worktrack</title>" in html
    assert "view screen shots" in html and "Uses a lightbox" in html and "added after the snapshot" not in html
    assert '<dd class="points">3</dd>' in html and 'id="sprints-heading"' not in html
    assert f'href="{url}export.xls"' in html and f'action="{url}cards.pdf"' in html
    workbook = signed_in(tenant).get(f"{url}export.xls")
    assert workbook["Content-Type"] == "application/vnd.ms-excel"
    api = client.get(f"/api/backlogs/{snapshot.snapshot_master_id}/snapshots/{snapshot.pk}.xls")
    assert xls_rows(workbook.content) == xls_rows(api.content)
    cards = signed_in(tenant).get(f"{url}cards.pdf")
    assert cards["Content-Type"] == "application/pdf" and cards.content.startswith(b"%PDF")


def test_a_snapshot_is_found_only_under_its_backlog_in_its_account(tenant, other_tenant, snapshot):
    elsewhere = make_backlog(tenant, "Elsewhere")
    theirs = snapshot_create(backlog=make_backlog(other_tenant, "Theirs"), name="Their snapshot")
    client = signed_in(tenant)
    for url in (
        f"/backlogs/{elsewhere.pk}/snapshots/{snapshot.pk}/",
        f"/backlogs/{theirs.snapshot_master_id}/snapshots/{theirs.pk}/",
        f"/backlogs/{snapshot.snapshot_master_id}/snapshots/{theirs.pk}/",
        f"/backlogs/{snapshot.pk}/snapshots/{snapshot.pk}/",
        f"/backlogs/{elsewhere.pk}/snapshots/{snapshot.pk}/export.xls",
        f"/backlogs/{elsewhere.pk}/snapshots/{snapshot.pk}/cards.pdf",
    ):
        assert client.get(url).status_code == 404, url


def test_snapshot_and_backlog_page_query_counts_are_fixed(tenant):
    backlog = make_backlog(tenant)
    fill_backlog(backlog, 2)
    small = snapshot_create(backlog=backlog, name="Small")
    fill_backlog(backlog, 8)
    large = snapshot_create(backlog=backlog, name="Large")
    client = signed_in(tenant)
    urls = [f"/backlogs/{backlog.pk}/snapshots/{snapshot.pk}/" for snapshot in (small, large)]
    client.get(urls[0])
    assert page_queries(client, urls[0]) == page_queries(client, urls[1])

    def make_snapshots(n):
        for i in range(backlog.snapshots.count(), n):
            snapshot_create(backlog=backlog, name=f"Snapshot {i}")

    assert_page_queries_constant(client, f"/backlogs/{backlog.pk}/", make_snapshots, small=3, large=8)
