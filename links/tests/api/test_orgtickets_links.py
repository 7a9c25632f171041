"""The Tickets API: a dev ticket's links, `GET|POST /api/v1/ext/orgs/{org}/tickets/{slug}/links`,
`DELETE …/links/{id}`."""

import pytest

from backlog_site.api.testing import assert_rejects_malformed, assert_requires_key
from backlogs.tests.tickets.conftest import org_client, org_error
from issues.tests.conftest import make_issue
from links import services
from links.ends import End
from links.models import Link

pytestmark = pytest.mark.django_db


def links_url(world, org="acme"):
    return f"/api/v1/ext/orgs/{org}/tickets/{world.dev.slug}/links"


@pytest.mark.parametrize(
    "method,url",
    [
        ("get", "/api/v1/ext/orgs/acme/tickets/AM-1/links"),
        ("post", "/api/v1/ext/orgs/acme/tickets/AM-1/links"),
        ("delete", "/api/v1/ext/orgs/acme/tickets/AM-1/links/1"),
    ],
)
def test_a_key_is_required(method, url):
    assert_requires_key(method, url, org_error)


def test_a_link_is_made_flat_and_read_from_both_ends(org, bd, world):
    response = org.post(links_url(world), {"kind": "relates_to", "target": f"desk_ticket:{world.desk.friendly_id}"})
    assert response.status_code == 201, response.content
    link = response.json()["link"]
    assert link["kind"] == "relates_to"
    assert link["target"] == {
        "type": "desk_ticket",
        "id": world.desk.friendly_id,
        "title": world.desk.title,
        "ref": f"desk_ticket:{world.desk.friendly_id}",
    }
    assert link["created_at"].endswith("Z")

    listed = org.get(links_url(world)).json()
    assert listed == {"links": [link], "total": 1, "limit": 20, "offset": 0}
    from_desk = bd.get(f"/api/v1/tickets/{world.desk.friendly_id}/links").json()
    assert [(r["id"], r["kind"], r["target"]["slug"]) for r in from_desk] == [
        (link["id"], "relates_to", world.dev.slug)
    ]


def test_a_link_is_deleted(org, world):
    link_id = org.post(links_url(world), {"kind": "fixes", "target": f"issue:{world.issue.pk}"}).json()["link"]["id"]
    response = org.delete(f"{links_url(world)}/{link_id}")
    assert response.status_code == 200
    assert response.json() == {"message": "Link deleted"}
    assert not Link.objects.exists()


def test_another_tenants_ticket_is_not_found(other_org, org, world, other_world):
    link = services.link_create(
        account=world.account, source=world.end("dev"), kind="fixes", target=world.end("issue"), creator=None
    )
    # The other key on this organisation's slug, and on its own slug with this ticket's number shifted past its own.
    shifted = f"/api/v1/ext/orgs/globex/tickets/GX-{world.dev.number + 100}/links"
    for method, url in (
        ("get", links_url(world)),
        ("post", links_url(world)),
        ("delete", f"{links_url(world)}/{link.pk}"),
        ("get", shifted),
        ("delete", f"{shifted}/{link.pk}"),
        ("delete", f"/api/v1/ext/orgs/globex/tickets/{other_world.dev.slug}/links/{link.pk}"),
    ):
        response = getattr(other_org, method)(url, {"kind": "relates_to", "target": "AM-1"}, format="json")
        assert response.status_code == 404, (method, url, response.content)
        org_error(response, "not_found")
    assert Link.objects.count() == 1


def test_another_tenants_target_is_not_found(org, world, other_world):
    for target in (
        other_world.dev.slug,
        f"desk_ticket:{other_world.desk.friendly_id + 100}",
        f"ci:{other_world.ci.friendly_id + 100}",
    ):
        response = org.post(links_url(world), {"kind": "relates_to", "target": target})
        assert response.status_code == 404, (target, response.content)
        org_error(response, "not_found")
    assert not Link.objects.exists()


@pytest.mark.parametrize(
    "body,field",
    [
        ({"kind": "relates_to"}, "target"),
        ({"target": "desk_ticket:1"}, "kind"),
        ({"kind": "loves", "target": "desk_ticket:1"}, "kind"),
        ({"kind": "relates_to", "target": "desk ticket 1"}, "target"),
        ({"kind": "relates_to", "target": "printer:1"}, "target"),
        ({"kind": "relates_to", "target": "AM-1"}, "target"),  # itself
        ({"kind": "relates_to", "target": {"type": "ci"}}, "target"),
    ],
)
def test_malformed_links_answer_422_in_the_tickets_api_shape(org, world, body, field):
    response = org.post(links_url(world), body, format="json")
    assert response.status_code == 422, response.content
    error = org_error(response, "validation_error")
    assert list(error["fields"]) == [field], error
    assert not Link.objects.exists()


def test_malformed_bodies_are_4xx(org, world):
    assert_rejects_malformed(org, "post", links_url(world), org_error)


def test_a_read_only_key_may_read_but_not_link(tenant, world):
    client = org_client(tenant, scopes=["tickets:read"])
    assert client.get(links_url(world)).status_code == 200
    response = client.post(links_url(world), {"kind": "relates_to", "target": f"issue:{world.issue.pk}"})
    assert response.status_code == 403
    org_error(response)


def test_reading_one_link_or_many_costs_the_same_queries(org, world, django_assert_num_queries):
    services.link_create(
        account=world.account, source=world.end("dev"), kind="fixes", target=world.end("issue"), creator=None
    )
    org.get(links_url(world))  # the key's first use records last_used_at
    # The key, the ticket, the total, the page's links, the issues at their other ends.
    with django_assert_num_queries(5):
        assert org.get(links_url(world)).json()["total"] == 1
    for n in range(10):
        services.link_create(
            account=world.account,
            source=world.end("dev"),
            kind="fixes",
            target=End.of(make_issue_like(world, n)),
            creator=None,
        )
    with django_assert_num_queries(5):
        assert org.get(links_url(world)).json()["total"] == 11


def make_issue_like(world, n):
    return make_issue(world.issue.categories.get(), name=f"issue {n}")
