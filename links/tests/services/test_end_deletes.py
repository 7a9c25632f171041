"""Deleting an end takes its links with it, and each is announced `link_deleted` in the deletion's
transaction, in bulk."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backlogs.planning import stories
from backlogs.tickets import services as dev_services
from cmdb.services import ci_delete
from issues.services import issue_delete
from links import services
from links.ends import End
from links.models import Link
from links.tests.conftest import make_webhook
from webhooks.models import Event

pytestmark = pytest.mark.django_db


def link(world, source, kind, target):
    return services.link_create(
        account=world.account, source=world.end(source), kind=kind, target=world.end(target), creator=None
    )


def deleted_events():
    return list(Event.objects.filter(event_type="link_deleted").order_by("id"))


@pytest.mark.parametrize(
    "end,delete",
    [
        ("dev", lambda world: dev_services.ticket_delete(ticket=world.dev, user=world.membership.user)),
        ("story", lambda world: stories.story_delete(story=world.story)),
        ("ci", lambda world: ci_delete(ci=world.ci)),
        ("issue", lambda world: issue_delete(issue=world.issue)),
        ("desk", lambda world: world.desk.delete()),
    ],
)
def test_an_ends_deletion_announces_each_of_its_links(world, end, delete):
    make_webhook(world, ["link_deleted"])
    others = [name for name in ("desk", "dev", "story", "ci", "issue") if name != end][:2]
    made = [link(world, end, "relates_to", other) for other in others]
    delete(world)
    assert not Link.objects.exists()
    events = deleted_events()
    assert sorted(e.data["link"]["id"] for e in events) == sorted(m.pk for m in made)
    shown = {e.data["link"]["source"]["type"] for e in events} | {e.data["link"]["target"]["type"] for e in events}
    family = {"desk": "desk_ticket", "dev": "dev_ticket"}.get(end, end)
    assert family in shown and all(e.data["actor_id"] is None for e in events)


def test_a_rolled_back_deletion_announces_nothing(world):
    from django.db import transaction

    make_webhook(world, ["link_deleted"])
    link(world, "dev", "fixes", "issue")
    with pytest.raises(RuntimeError), transaction.atomic():
        issue_delete(issue=world.issue)
        raise RuntimeError("the caller's change fails")
    assert Link.objects.count() == 1 and deleted_events() == []


def test_many_links_are_announced_in_a_fixed_number_of_queries(world):
    make_webhook(world, ["link_deleted"])

    def count_deleting(n):
        issue = world.issue
        while Link.objects.count() < n:
            target = End.of(world.dev_ticket(f"fixer {Link.objects.count()}"))
            services.link_create(account=world.account, source=target, kind="fixes", target=End.of(issue), creator=None)
        with CaptureQueriesContext(connection) as queries:
            issue_delete(issue=issue)
        return len(queries)

    few = count_deleting(2)
    from issues.tests.conftest import make_category, make_company, make_issue

    world.issue = make_issue(make_category(make_company(world.account, "Again Co")), name="Again")
    Event.objects.all().delete()
    many = count_deleting(12)
    assert few == many and len(deleted_events()) == 12


def test_a_link_between_two_deleted_ends_is_announced_once(world):
    from backlogs.models import Theme

    make_webhook(world, ["link_deleted"])
    theme = world.story.theme
    other = stories.story_create(theme=theme, fields={"as_a": "user", "i_want_to": "a second story"})
    services.link_create(
        account=world.account, source=world.end("story"), kind="blocks", target=End.of(other), creator=None
    )
    Theme.objects.filter(pk=theme.pk).delete()  # both stories go with their theme
    assert not Link.objects.exists() and len(deleted_events()) == 1


def test_the_admins_confirmation_page_announces_nothing(world, admin_client):
    make_webhook(world, ["link_deleted"])
    link(world, "ci", "affects", "desk")
    page = admin_client.get(f"/admin/cmdb/ci/{world.ci.pk}/delete/")
    assert page.status_code == 200 and deleted_events() == []
    assert Link.objects.count() == 1


def test_staff_delete_an_end_with_links_in_the_admin_and_each_link_is_announced(world, admin_client):
    make_webhook(world, ["link_deleted"])
    made = link(world, "ci", "affects", "desk")
    response = admin_client.post(f"/admin/cmdb/ci/{world.ci.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Link.objects.exists() and [e.data["link"]["id"] for e in deleted_events()] == [made.pk]


def test_staff_remove_a_link_in_the_admin_and_it_is_announced(world, admin_client):
    make_webhook(world, ["link_deleted"])
    made = link(world, "dev", "fixes", "issue")
    response = admin_client.post(f"/admin/links/link/{made.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Link.objects.exists() and [e.data["link"]["id"] for e in deleted_events()] == [made.pk]
