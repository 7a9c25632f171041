"""A URL under an API prefix that routes nowhere answers the family's 404 body in JSON; pages keep their HTML 404."""

import pytest

from backlog_site.tests.security.families import BY_NAME

pytestmark = pytest.mark.django_db

UNROUTED = {
    "easybacklog": "/api/backlogs/1/nothing",
    "public_backlog": "/v1/tickets/nothing",
    "org_tickets": "/api/v1/ext/orgs/acme/nothing",
    "bossdesk": "/api/v1/tickets/1/nothing",
    "issue_tracker": "/api/issues/1/nothing",
}


@pytest.mark.parametrize("family", UNROUTED)
def test_an_unrouted_api_url_answers_the_familys_json_404(client, family):
    response = client.get(UNROUTED[family])
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    BY_NAME[family].error_shape(response.json())


def test_an_unrouted_page_keeps_the_html_404(client):
    response = client.get("/portal/nothing/at/all")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_under_debug_too(client, settings):
    settings.DEBUG = True  # `make run`: Django's technical 404 page would answer otherwise
    response = client.get(UNROUTED["bossdesk"])
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    BY_NAME["bossdesk"].error_shape(response.json())


def test_a_missing_slash_is_still_redirected(client):
    # `/api/docs` is under easyBacklog's prefix: its JSON 404 still reaches CommonMiddleware's APPEND_SLASH.
    response = client.get("/api/docs")
    assert response.status_code == 301 and response["Location"] == "/api/docs/"
