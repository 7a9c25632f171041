"""`links` in each family's full read shape (backlog_site.api.extensions, registered by links.api.shapes):
a BOSSDesk ticket and CI, the Tickets API's ticket detail, an easyBacklog story read with
include_associated_data, an Issue Tracker issue read with `with[]=links`."""

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from backlog_site.api.testing import count_queries
from backlogs.tests.planning.conftest import easybacklog_error
from backlogs.tests.tickets.conftest import org_error
from helpdesk.tests.conftest import bossdesk_error
from issues.tests.conftest import laravel_error, make_category, make_company, make_issue
from links import services
from links.ends import End

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Shape:
    name: str
    end: str  # the World attribute whose read shows the links
    client: str  # the fixture of the tenant's client of the family
    other_client: str
    error: object

    def url(self, world) -> str:
        obj = getattr(world, self.end)
        return {
            "bossdesk.ticket": lambda: f"/api/v1/tickets/{obj.friendly_id}",
            "bossdesk.ci": lambda: f"/api/v1/cis/{obj.friendly_id}",
            "orgtickets.ticket": lambda: f"/api/v1/ext/orgs/{world.account.slug}/tickets/{obj.slug}",
            "easybacklog.story": lambda: f"/api/stories/{obj.pk}?include_associated_data=true",
            "issuetracker.issue": lambda: f"/api/issues/{obj.pk}?with[]=links",
        }[self.name]()

    def links(self, response) -> list[dict]:
        body = response.json()
        return (body["ticket"] if self.name == "orgtickets.ticket" else body)["links"]


SHAPES = [
    Shape("bossdesk.ticket", "desk", "bd", "other_bd", bossdesk_error),
    Shape("bossdesk.ci", "ci", "bd", "other_bd", bossdesk_error),
    Shape("orgtickets.ticket", "dev", "org", "other_org", org_error),
    Shape("easybacklog.story", "story", "client", "other_client", easybacklog_error),
    Shape("issuetracker.issue", "issue", "it_client", "it_other_client", laravel_error),
]
IDS = [shape.name for shape in SHAPES]


def link_to_new_tickets(world, shape: Shape, n: int) -> list:
    """`n` links from the shape's object, `blocks`, to new dev tickets (desk tickets from a dev ticket)."""
    made = []
    for i in range(n):
        other = world.desk_ticket(f"desk {i}") if shape.end == "dev" else world.dev_ticket(f"dev {i}")
        made.append(
            services.link_create(
                account=world.account, source=world.end(shape.end), kind="blocks", target=End.of(other), creator=None
            )
        )
    return made


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_the_full_shape_shows_its_links_read_from_its_side(request, world, shape):
    client = request.getfixturevalue(shape.client)
    url = shape.url(world)
    assert shape.links(client.get(url)) == []
    (link,) = link_to_new_tickets(world, shape, 1)
    (shown,) = shape.links(client.get(url))
    assert shown["id"] == link.pk and shown["kind"] == "blocks"
    assert set(shown) == {"id", "kind", "target", "created_at"} and shown["created_at"]
    other = shown["target"]
    assert other["type"] == ("desk_ticket" if shape.end == "dev" else "dev_ticket")
    assert other["title"] in ("desk 0", "dev 0")


def test_each_end_reads_the_kind_from_its_own_side(bd, org, world):
    services.link_create(
        account=world.account, source=world.end("desk"), kind="blocks", target=world.end("dev"), creator=None
    )
    (from_desk,) = bd.get(f"/api/v1/tickets/{world.desk.friendly_id}").json()["links"]
    (from_dev,) = org.get(f"/api/v1/ext/orgs/acme/tickets/{world.dev.slug}").json()["ticket"]["links"]
    assert (from_desk["kind"], from_desk["target"]["ref"]) == ("blocks", world.dev.slug)
    assert (from_dev["kind"], from_dev["target"]["ref"]) == ("blocked_by", f"desk_ticket:{world.desk.friendly_id}")


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_links_cost_a_fixed_number_of_queries(request, world, shape):
    """One query for the links and one for the family at their other ends, for 1 link as for 4."""
    client = request.getfixturevalue(shape.client)
    url = shape.url(world)
    client.get(url)  # the key's first use records last_used_at
    none = count_queries(lambda: client.get(url))
    link_to_new_tickets(world, shape, 1)
    one = count_queries(lambda: client.get(url))
    link_to_new_tickets(world, shape, 3)
    several = count_queries(lambda: client.get(url))
    assert len(shape.links(client.get(url))) == 4
    assert (one, several) == (none + 1, none + 1)


def test_every_family_at_the_other_ends_costs_one_query_at_most(bd, world):
    url = f"/api/v1/tickets/{world.desk.friendly_id}"
    bd.get(url)
    none = count_queries(lambda: bd.get(url))
    for name in ("dev", "story", "ci", "issue"):
        services.link_create(
            account=world.account, source=world.end("desk"), kind="relates_to", target=world.end(name), creator=None
        )
    services.link_create(
        account=world.account,
        source=world.end("desk"),
        kind="relates_to",
        target=End.of(world.desk_ticket("another")),
        creator=None,
    )
    assert len(bd.get(url).json()["links"]) == 5
    assert count_queries(lambda: bd.get(url)) == none + 5  # five families at the other ends


@pytest.mark.parametrize("shape", [s for s in SHAPES if s.name != "issuetracker.issue"], ids=IDS[:-1])
def test_a_key_is_required(world, shape):
    response = APIClient().get(shape.url(world))
    assert response.status_code == 401
    shape.error(response)


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_another_tenants_object_is_not_found(request, world, shape):
    link_to_new_tickets(world, shape, 1)
    response = request.getfixturevalue(shape.other_client).get(shape.url(world))
    assert response.status_code == 404
    shape.error(response)


@pytest.mark.parametrize(
    "client_name,url,error",
    [
        ("bd", "/api/v1/tickets/99999999999999999999", bossdesk_error),
        ("bd", "/api/v1/cis/99999999999999999999", bossdesk_error),
        ("org", "/api/v1/ext/orgs/acme/tickets/ACME-99999999999999999999", org_error),
        ("client", "/api/stories/99999999999999999999?include_associated_data=true", easybacklog_error),
        ("it_client", "/api/issues/99999999999999999999?with[]=links", laravel_error),
    ],
)
def test_a_malformed_id_is_not_found(request, world, client_name, url, error):
    response = request.getfixturevalue(client_name).get(url)
    assert response.status_code == 404
    error(response)


def test_an_issue_list_does_not_take_links_and_says_so(it_client, world):
    """`with[]=links` is one issue's read: a list's rows would each cost a read."""
    response = it_client.get("/api/issues", {"with[]": "links"})
    assert response.status_code == 422
    laravel_error(response)
    assert "with" in response.json()["errors"]


def test_links_come_only_when_asked_for(bd, client, it_client, world):
    link_to_new_tickets(world, SHAPES[3], 1)
    link_to_new_tickets(world, SHAPES[4], 1)
    assert "links" not in client.get(f"/api/stories/{world.story.pk}").json()
    assert "links" not in it_client.get(f"/api/issues/{world.issue.pk}").json()
    # Lists are untouched.
    assert all("links" not in row for row in bd.get("/api/v1/tickets").json())
    assert all("links" not in row for row in client.get(f"/api/themes/{world.story.theme_id}/stories").json())


def test_an_anonymous_read_shows_only_links_to_public_issues(it_client, world):
    account = world.account
    public = make_issue(make_category(make_company(account, "Status Co")), name="Also public")
    private = make_issue(make_category(make_company(account, "Private Co", is_public=False)), name="Internal")
    for target in (world.end("desk"), world.end("dev"), End.of(public), End.of(private)):
        services.link_create(account=account, source=world.end("issue"), kind="relates_to", target=target, creator=None)
    url = f"/api/issues/{world.issue.pk}?with[]=links"

    anonymous = APIClient().get(url)
    assert anonymous.status_code == 200
    assert [(r["target"]["type"], r["target"]["id"]) for r in anonymous.json()["links"]] == [("issue", public.pk)]
    keyed = it_client.get(url).json()["links"]
    assert {r["target"]["type"] for r in keyed} == {"desk_ticket", "dev_ticket", "issue"} and len(keyed) == 4


def test_a_story_shows_its_links_in_rails_xml(client, world):
    link_to_new_tickets(world, SHAPES[3], 1)
    response = client.get(f"/api/stories/{world.story.pk}.xml?include_associated_data=true")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<links type="array"><link><id type="integer">' in body
    assert "<kind>blocks</kind>" in body and '<created-at type="datetime">' in body


def test_writes_answer_the_full_shape_with_its_links(bd, org, world):
    services.link_create(
        account=world.account, source=world.end("desk"), kind="blocks", target=world.end("dev"), creator=None
    )
    closed = bd.patch(f"/api/v1/tickets/{world.desk.friendly_id}/close")
    assert closed.status_code == 200 and [r["kind"] for r in closed.json()["links"]] == ["blocks"]
    updated = org.put(f"/api/v1/ext/orgs/acme/tickets/{world.dev.slug}", {"title": "Renamed"}, format="json")
    assert updated.status_code == 200 and [r["kind"] for r in updated.json()["ticket"]["links"]] == ["blocked_by"]


def test_the_openapi_declares_links_in_each_extended_shape():
    from drf_spectacular.generators import SchemaGenerator

    components = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    for name in ("OrgTicketDetail", "BossDeskTicket", "BossDeskCI", "StoryOutput", "IssueTrackerIssue"):
        links = components[name]["properties"]["links"]
        assert links["items"] == {"$ref": "#/components/schemas/LinkOutput"}, name
    # Always in the full shape, so required; on easyBacklog and the Issue Tracker only when asked for.
    for name in ("OrgTicketDetail", "BossDeskTicket", "BossDeskCI"):
        assert "links" in components[name]["required"], name
    for name in ("StoryOutput", "IssueTrackerIssue"):
        assert "links" not in components[name]["required"], name
    assert set(components["LinkOutput"]["properties"]) == {"id", "kind", "target", "created_at"}


def test_a_view_that_renders_its_shape_extends_its_declared_output():
    """A BOSSDesk view renders without its serializer: declaring `extended_shape` extends the serializer
    that documents it, under the same name (its OpenAPI component)."""
    from rest_framework import serializers

    from backlog_site.api.dialects.bossdesk.viewsets import BossDeskViewSet
    from backlog_site.api.extensions import ExtendedShape

    class TicketShape(serializers.Serializer):
        id = serializers.IntegerField()

    class View(BossDeskViewSet):
        output_serializer_class = TicketShape
        extended_shape = "bossdesk.ticket"

    declared = View.output_serializer_class
    assert issubclass(declared, ExtendedShape) and declared.__name__ == "TicketShape"
    assert set(declared().fields) == {"id", "links"}
    assert declared().to_representation({"id": 1}) == {"id": 1}  # outside a view nothing is read
