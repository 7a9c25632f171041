"""BOSSDesk: a desk ticket's links, `GET|POST /api/v1/tickets/{id}/links`, `DELETE …/links/{id}`."""

import pytest

from backlog_site.api.testing import assert_rejects_malformed, assert_requires_key
from helpdesk.tests.conftest import bossdesk_error
from links import services
from links.ends import End
from links.models import Link

pytestmark = pytest.mark.django_db


def links_url(world):
    return f"/api/v1/tickets/{world.desk.friendly_id}/links"


def post(client, world, **link):
    return client.post(links_url(world), {"link": link}, format="json")


@pytest.mark.parametrize(
    "method,url",
    [("get", "/api/v1/tickets/1/links"), ("post", "/api/v1/tickets/1/links"), ("delete", "/api/v1/tickets/1/links/1")],
)
def test_a_key_is_required(method, url):
    assert_requires_key(method, url, bossdesk_error)


def test_a_link_is_made_and_read_from_both_ends(bd, org, world):
    response = post(bd, world, kind="blocks", target=world.dev.slug)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "blocks"
    assert body["target"] == {
        "type": "dev_ticket",
        "id": world.dev.pk,
        "title": world.dev.title,
        "slug": world.dev.slug,
        "ref": world.dev.slug,
    }
    assert set(body) == {"id", "kind", "target", "created_at"}

    listed = bd.get(links_url(world))
    assert listed.status_code == 200
    assert listed.json() == [body]
    assert listed["X-Total-Count"] == "1"

    from_dev = org.get(f"/api/v1/ext/orgs/acme/tickets/{world.dev.slug}/links").json()["links"]
    assert [(r["id"], r["kind"], r["target"]["type"], r["target"]["id"]) for r in from_dev] == [
        (body["id"], "blocked_by", "desk_ticket", world.desk.friendly_id)
    ]


@pytest.mark.parametrize(
    "target,kind,shown",
    [
        ("story:{story}", "relates_to", "relates_to"),
        ("ci:{ci}", "affected_by", "affected_by"),
        ("issue:{issue}", "causes", "causes"),
    ],
)
def test_every_family_can_be_a_target(bd, world, target, kind, shown):
    names = {"story": world.story.pk, "ci": world.ci.friendly_id, "issue": world.issue.pk}
    response = post(bd, world, kind=kind, target=target.format(**names))
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == shown
    assert response.json()["target"]["ref"] == target.format(**names)


def test_a_link_is_deleted(bd, world):
    link_id = post(bd, world, kind="relates_to", target=world.dev.slug).json()["id"]
    response = bd.delete(f"{links_url(world)}/{link_id}")
    assert response.status_code == 204
    assert not Link.objects.exists()
    assert bd.delete(f"{links_url(world)}/{link_id}").status_code == 404


def test_a_link_is_deleted_only_through_one_of_its_ends(bd, world):
    link_id = post(bd, world, kind="relates_to", target=world.dev.slug).json()["id"]
    elsewhere = world.desk_ticket("Another")
    response = bd.delete(f"/api/v1/tickets/{elsewhere.friendly_id}/links/{link_id}")
    assert response.status_code == 404
    bossdesk_error(response)
    assert Link.objects.count() == 1


def test_another_tenants_ticket_is_not_found(other_bd, world, other_world):
    link_id = post_link(world)
    for method, url, body in (
        ("get", links_url(world), None),
        ("post", links_url(world), {"link": {"kind": "blocks", "target": world.dev.slug}}),
        ("delete", f"{links_url(world)}/{link_id}", None),
    ):
        # The other tenant's own desk ticket #1 exists, so the numbers are shifted past it.
        url = url.replace(f"/tickets/{world.desk.friendly_id}/", f"/tickets/{world.desk.friendly_id + 100}/")
        response = getattr(other_bd, method)(url, body, format="json")
        assert response.status_code == 404, (method, url, response.content)
        bossdesk_error(response)
    assert Link.objects.count() == 1


def post_link(world):
    return services.link_create(
        account=world.account, source=world.end("desk"), kind="blocks", target=world.end("dev"), creator=None
    ).pk


def test_another_tenants_link_is_not_found(bd, world, other_world):
    foreign = services.link_create(
        account=other_world.account,
        source=other_world.end("desk"),
        kind="blocks",
        target=other_world.end("dev"),
        creator=None,
    )
    # The tenant's own ticket with the other tenant's link id.
    assert bd.delete(f"{links_url(world)}/{foreign.pk}").status_code == 404
    assert Link.objects.filter(pk=foreign.pk).exists()


def test_another_tenants_target_is_not_found(bd, world, other_world):
    for target in (other_world.dev.slug, f"story:{other_world.story.pk}", f"issue:{other_world.issue.pk}"):
        response = post(bd, world, kind="blocks", target=target)
        assert response.status_code == 404, (target, response.content)
        bossdesk_error(response)
    assert not Link.objects.exists()


@pytest.mark.parametrize(
    "body,field,message",
    [
        ({"kind": "blocks"}, "target", "can't be blank"),
        ({"target": "AM-1"}, "kind", "can't be blank"),
        ({"kind": "loves", "target": "AM-1"}, "kind", "is not included in the list"),
        ({"kind": "blocks", "target": "AM1"}, "target", "is invalid"),
        ({"kind": "blocks", "target": "printer:4"}, "target", "has an unknown type"),
        ({"kind": "blocks", "target": "desk_ticket:1"}, "target", "can't be the ticket itself"),
        ({"kind": "blocks", "target": ["AM-1"]}, "target", "is invalid"),
    ],
)
def test_malformed_links_answer_422_in_bossdesks_shape(bd, world, body, field, message):
    response = bd.post(links_url(world), {"link": body}, format="json")
    assert response.status_code == 422, response.content
    bossdesk_error(response)
    assert response.json()["errors"][field][0].startswith(message), response.json()
    assert not Link.objects.exists()


def test_a_second_link_of_one_kind_is_taken(bd, world):
    assert post(bd, world, kind="blocks", target=world.dev.slug).status_code == 201
    response = post(bd, world, kind="blocks", target=f"dev_ticket:{world.dev.pk}")
    assert response.status_code == 422
    assert response.json() == {"errors": {"target": ["has already been taken"]}}


def test_malformed_bodies_are_4xx(bd, world):
    assert_rejects_malformed(bd, "post", links_url(world), bossdesk_error)
    response = bd.post(links_url(world), {"kind": "blocks", "target": "AM-1"}, format="json")  # not wrapped
    assert response.status_code == 422
    bossdesk_error(response)


def test_an_end_user_may_not_link(world, tenant):
    from helpdesk.tests.conftest import add_member, bossdesk_client

    client = bossdesk_client(add_member(tenant.account, "jackpot"))
    assert client.get(links_url(world)).status_code == 403
    assert post(client, world, kind="blocks", target=world.dev.slug).status_code == 403


def test_reading_one_link_or_many_costs_the_same_queries(bd, world, django_assert_num_queries):
    post_link(world)
    bd.get(links_url(world))  # the key's first use records last_used_at
    # The key, the ticket, the page's count and ids, its links, the dev tickets at their other ends.
    with django_assert_num_queries(5):
        assert len(bd.get(links_url(world)).json()) == 1
    for n in range(10):
        services.link_create(
            account=world.account,
            source=world.end("desk"),
            kind="relates_to",
            target=End.of(world.dev_ticket(f"dev {n}")),
            creator=None,
        )
    with django_assert_num_queries(5):
        assert len(bd.get(links_url(world)).json()) == 11
