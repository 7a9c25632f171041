"""The Atom feed of an account's public issues: /status/<slug>/feed/."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from issues import services
from issues.tests.conftest import make_category, make_company, make_issue

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_feed_lists_public_issues_newest_update_first_with_links_to_their_pages(tenant, other_tenant, category):
    first = make_issue(category, name="Logins time out", severity="critical", description="Down")
    second = make_issue(category, name="Slow VPN", severity="info")
    services.issue_close(issue=second, description="Resolved <b>now</b>")
    make_issue(make_category(make_company(tenant.account, "Secret Labs", is_public=False)), name="Secret outage")
    make_issue(make_category(make_company(other_tenant.account, "Globex Co")), name="Globex issue")

    response = Client().get("/status/acme/feed/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}title").text == "Acme status"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == ["[Closed] Slow VPN", "[Critical] Logins time out"]
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert links == [
        f"http://testserver/status/acme/issues/{second.pk}/",
        f"http://testserver/status/acme/issues/{first.pk}/",
    ]
    summary = entries[0].find(f"{ATOM}summary").text
    assert "Closed" in summary and "Resolved &lt;b&gt;now&lt;/b&gt;" in summary
    assert [c.get("term") for c in entries[1].findall(f"{ATOM}category")] == ["ConnectNow › IT department"]
    assert Client().get(f"/status/acme/issues/{first.pk}/").status_code == 200


def test_status_pages_advertise_the_feed(tenant, category):
    html = Client().get("/status/acme/").content.decode()
    assert 'type="application/atom+xml"' in html and 'href="/status/acme/feed/"' in html


def test_feed_names_its_author_as_rfc_4287_asks(tenant, category):
    import feedparser

    make_issue(category, name="Logins time out", severity="critical")
    parsed = feedparser.parse(Client().get("/status/acme/feed/").content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    # §4.1.1: atom:feed carries an atom:author unless every entry has one.
    assert parsed.feed.author_detail.name == "Acme"
    assert [entry.title for entry in parsed.entries] == ["[Critical] Logins time out"]
