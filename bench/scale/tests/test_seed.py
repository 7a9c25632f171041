"""The bench's rows must be rows the app accepts, and its floor must be reachable: checked at a tiny N.

The seeder writes with COPY (PostgreSQL) or batched INSERTs (SQLite), bypassing the services, so these
tests read the rows back through the APIs and then let the services create the next rows."""

import importlib
import math

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.urls import resolve, reverse

from accounts.models import Account, Membership, Role
from accounts.services import membership_create
from backlog_site.api.testing import api_client
from bench.scale import seed as seeding
from bench.scale.driver import _cursor

N, OTHER_N, STORIES = 50, 20, 120


@pytest.fixture
def seeded(db):
    # Foreign-key checks stay on (trusted=False) and are forced at the end, so a dangling id fails here.
    manifest = seeding.seed(n=N, second_n=OTHER_N, stories=STORIES, trusted=False)
    connection.check_constraints()
    return manifest


def test_every_list_shows_the_seeded_rows_of_its_account_only(seeded):
    client = api_client(seeded["account"]["key"])
    desk = client.get("/api/v1/tickets?per_page=30")
    assert desk.status_code == 200
    assert desk["X-Total-Count"] == str(N)
    assert [t["id"] for t in desk.json()] == list(range(N, N - 30, -1))

    dev = client.get("/api/v1/ext/orgs/bench/tickets?limit=100").json()
    assert dev["total"] == N
    assert sorted(t["slug"] for t in dev["tickets"]) == sorted(f"BN-{i}" for i in range(1, N + 1))

    issues = client.get("/api/issues").json()
    assert issues["total"] == N
    anonymous = api_client().get("/api/issues").json()
    public = seeded["account"]["issues"]["public_count"] + seeded["other_account"]["issues"]["public_count"]
    assert 0 < anonymous["total"] == public < N + OTHER_N  # private companies' issues stay hidden

    other = api_client(seeded["other_account"]["key"])
    assert other.get("/api/v1/tickets")["X-Total-Count"] == str(OTHER_N)
    assert other.get(f"/api/v1/tickets/{N}").status_code == 404  # the bench account's ticket number N


def test_detail_reads_and_the_big_backlog_answer(seeded):
    account = seeded["account"]
    client = api_client(account["key"])
    assert client.get(f"/api/v1/tickets/{N // 2}").json()["id"] == N // 2
    assert client.get(f"/api/v1/ext/orgs/bench/tickets/BN-{N // 2}").status_code == 200
    assert client.get(f"/api/issues/{account['issues']['public_middle_id']}").status_code == 200
    backlog = client.get(f"/api/backlogs/{account['backlog']['id']}?include_associated_data=true").json()
    stories = [story for theme in backlog["themes"] for story in theme["stories"]]
    assert len(stories) == STORIES
    assert all(len(story["acceptance_criteria"]) == 2 for story in stories)
    assert sum(len(sprint["sprint_stories"]) for sprint in backlog["sprints"]) == STORIES


def test_the_services_number_the_next_rows_after_the_seeded_ones(seeded):
    from backlogs.tickets.services import ticket_create as dev_ticket_create
    from helpdesk.models import Ticket as DeskTicket
    from helpdesk.models import TicketType
    from helpdesk.services.tickets import ticket_create as desk_ticket_create
    from issues.models import Issue

    account = Account.objects.get(slug="bench")
    owner = Membership.objects.select_related("user").get(account=account, role=Role.ADMIN)
    desk = desk_ticket_create(
        account=account,
        actor=owner,
        fields={"title": "After the seed", "type": TicketType.objects.filter(account=account).first()},
    )
    assert desk.friendly_id == N + 1
    assert desk.pk > max(
        seeded["account"]["desk_tickets"]["last_id"], seeded["other_account"]["desk_tickets"]["last_id"]
    )
    dev = dev_ticket_create(account=account, user=owner.user, fields={"title": "After the seed"})
    assert dev.number == N + 1 and dev.slug == f"BN-{N + 1}"
    member = membership_create(account=account, user=_user("bench-late"), role=Role.AGENT)
    assert member.friendly_id == Membership.objects.filter(account=account).count()
    issue = Issue.objects.create(account=account, name="After the seed", description="-", severity="info")
    assert issue.pk == seeded["other_account"]["issues"]["last_id"] + 1
    assert DeskTicket.objects.filter(account=account).count() == N + 1


def test_a_rare_word_titles_a_few_tickets(seeded):
    client = api_client(seeded["account"]["key"])
    found = client.get(f"/api/v1/tickets?q[title_cont]={seeding.RARE_WORD}")
    assert found.status_code == 200
    assert 1 <= int(found["X-Total-Count"]) <= math.ceil(N / seeding.rare_every(N))


def _user(username):
    from accounts.models import User

    return User.objects.create_user(username=username, password="x")


@pytest.mark.urls("bench.scale.urls")
def test_the_floor_serves_one_account_per_url(seeded, client, settings):
    settings.MIDDLEWARE = ["bench.scale.middleware.QueryCountMiddleware", *settings.MIDDLEWARE]
    account = seeded["account"]
    assert resolve(f"/bench/floor/{account['id']}/issues/cursor").url_name == "floor-issues-cursor"
    assert resolve("/api/v1/tickets").url_name == "bd-tickets"  # the project's URLs are all still there

    numbered = client.get(reverse("floor-desk-tickets-numbered", args=[account["id"]]) + "?page=2")
    assert numbered.status_code == 200
    assert numbered.json()["count"] == N and len(numbered.json()["results"]) == N - 30
    cursor = client.get(reverse("floor-dev-tickets-cursor", args=[account["id"]]))
    assert len(cursor.json()["results"]) == 30 and "count" not in cursor.json()
    assert cursor["X-Bench-Queries"] == "1"  # a cursor page is one query: no COUNT(*)
    first = account["desk_tickets"]["first_id"]
    deep = client.get(reverse("floor-desk-tickets-cursor", args=[account["id"]]) + f"?cursor={_cursor(first + 30)}")
    assert [row["id"] for row in deep.json()["results"]] == list(range(first + 29, first - 1, -1))

    other_id = seeded["other_account"]["issues"]["first_id"]
    assert client.get(reverse("floor-issues-detail", args=[account["id"], other_id])).status_code == 404
    assert client.get(reverse("floor-issues-detail", args=[seeded["other_account"]["id"], other_id])).status_code == 200


def test_the_bench_settings_load_only_when_named():
    with pytest.raises(ImproperlyConfigured):
        importlib.import_module("bench.scale.settings")
