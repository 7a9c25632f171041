"""BOSSDesk CMDB: a CI's links, `GET|POST /api/v1/cis/{id}/links`, `DELETE …/links/{id}` (beside its
notes and attachments), and `links` in the CI's full shape."""

import pytest

from backlog_site.api.testing import assert_rejects_malformed, assert_requires_key
from helpdesk.tests.conftest import bossdesk_error
from links import services
from links.ends import End
from links.models import Link

pytestmark = pytest.mark.django_db


def links_url(world):
    return f"/api/v1/cis/{world.ci.friendly_id}/links"


@pytest.mark.parametrize(
    "method,url", [("get", "/api/v1/cis/1/links"), ("post", "/api/v1/cis/1/links"), ("delete", "/api/v1/cis/1/links/1")]
)
def test_a_key_is_required(method, url):
    assert_requires_key(method, url, bossdesk_error)


def test_a_ci_is_linked_and_read_from_both_ends(bd, world):
    response = bd.post(
        links_url(world),
        {"link": {"kind": "affects", "target": f"desk_ticket:{world.desk.friendly_id}"}},
        format="json",
    )
    assert response.status_code == 201, response.content
    link = response.json()
    assert link["kind"] == "affects" and link["target"]["ref"] == f"desk_ticket:{world.desk.friendly_id}"
    assert bd.get(links_url(world)).json() == [link]
    assert bd.get(f"/api/v1/cis/{world.ci.friendly_id}").json()["links"] == [link]
    (from_desk,) = bd.get(f"/api/v1/tickets/{world.desk.friendly_id}/links").json()
    assert (from_desk["kind"], from_desk["target"]["ref"]) == ("affected_by", f"ci:{world.ci.friendly_id}")
    assert bd.delete(f"{links_url(world)}/{link['id']}").status_code == 204
    assert not Link.objects.exists()


def test_another_tenants_ci_and_targets_are_not_found(bd, other_bd, world, other_world):
    shifted = f"/api/v1/cis/{world.ci.friendly_id + 100}/links"  # the other tenant's own CI #1 exists
    for method, body in (("get", None), ("post", {"link": {"kind": "affects", "target": world.dev.slug}})):
        response = getattr(other_bd, method)(shifted, body, format="json")
        assert response.status_code == 404, response.content
        bossdesk_error(response)
    response = bd.post(links_url(world), {"link": {"kind": "affects", "target": other_world.dev.slug}}, format="json")
    assert response.status_code == 404
    bossdesk_error(response)
    assert not Link.objects.exists()


@pytest.mark.parametrize(
    "body,errors",
    [
        ({"kind": "affects"}, {"target": ["can't be blank"]}),
        (
            {"kind": "affects", "target": "ci:x"},
            {"target": ["is invalid (a ticket slug such as AM-42, or <type>:<id>)"]},
        ),
        ({"kind": "affects", "target": "ci:1"}, {"target": ["can't be the CI itself"]}),
    ],
)
def test_malformed_links_answer_422_in_bossdesks_shape(bd, world, body, errors):
    response = bd.post(links_url(world), {"link": body}, format="json")
    assert (response.status_code, response.json()) == (422, {"errors": errors})
    assert not Link.objects.exists()


def test_malformed_bodies_are_4xx(bd, world):
    assert_rejects_malformed(bd, "post", links_url(world), bossdesk_error)


def test_reading_one_link_or_many_costs_the_same_queries(bd, world, django_assert_num_queries):
    def link_new_desk_ticket(n):
        target = End.of(world.desk_ticket(f"desk {n}"))
        services.link_create(account=world.account, source=world.end("ci"), kind="affects", target=target, creator=None)

    link_new_desk_ticket(0)
    bd.get(links_url(world))  # the key's first use records last_used_at
    # The key, the CI, the page's count and ids, its links, the desk tickets at their other ends.
    with django_assert_num_queries(5):
        assert len(bd.get(links_url(world)).json()) == 1
    for n in range(1, 6):
        link_new_desk_ticket(n)
    with django_assert_num_queries(5):
        assert len(bd.get(links_url(world)).json()) == 6
