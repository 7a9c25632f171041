"""The link services and selectors: ends of one account, kinds read both ways, one row per fact,
webhook events in the change's transaction, and the links of many objects in a fixed number of queries."""

import pytest
from django.db import IntegrityError, transaction

from links import selectors, services
from links.ends import End
from links.errors import EndNotFound, LinkRefused
from links.models import Link
from links.targets import target_resolve
from links.tests.conftest import make_webhook
from webhooks.models import Event

pytestmark = pytest.mark.django_db


def link(world, source, kind, target, creator=None):
    return services.link_create(
        account=world.account, source=world.end(source), kind=kind, target=world.end(target), creator=creator
    )


def read_from(world, name):
    obj = getattr(world, name)
    end = world.end(name)
    return selectors.links_by_end(account_id=world.account.pk, end_type=end.type, objects=[obj])[obj.pk]


def test_a_link_reads_the_right_way_round_from_each_end(world):
    link(world, "dev", "blocks", "desk")
    (from_dev,) = read_from(world, "dev")
    (from_desk,) = read_from(world, "desk")
    assert (from_dev.kind, from_dev.other.type, from_dev.other.pk) == ("blocks", "desk_ticket", world.desk.pk)
    assert (from_desk.kind, from_desk.other.type, from_desk.other.pk) == ("blocked_by", "dev_ticket", world.dev.pk)


@pytest.mark.parametrize(
    "kind,inverse",
    [
        ("relates_to", "relates_to"),
        ("blocks", "blocked_by"),
        ("duplicates", "duplicated_by"),
        ("caused_by", "causes"),
        ("fixes", "fixed_by"),
        ("affects", "affected_by"),
    ],
)
def test_every_kind_has_its_inverse_reading(world, kind, inverse):
    link(world, "ci", kind, "issue")
    assert [r.kind for r in read_from(world, "ci")] == [kind]
    assert [r.kind for r in read_from(world, "issue")] == [inverse]


def test_an_inverse_reading_is_stored_as_its_kind_with_the_ends_swapped(world):
    row = link(world, "desk", "blocked_by", "dev")
    assert (row.kind, row.source_type, row.source_dev_ticket_id, row.target_type, row.target_desk_ticket_id) == (
        "blocks",
        "dev_ticket",
        world.dev.pk,
        "desk_ticket",
        world.desk.pk,
    )


@pytest.mark.parametrize(
    "first,second",
    [
        (("dev", "blocks", "desk"), ("dev", "blocks", "desk")),
        (("dev", "blocks", "desk"), ("desk", "blocked_by", "dev")),
        (("dev", "blocks", "desk"), ("desk", "blocks", "dev")),
        (("story", "relates_to", "ci"), ("ci", "relates_to", "story")),
    ],
)
def test_one_link_per_pair_and_kind_either_way_round(world, first, second):
    link(world, *first)
    with pytest.raises(LinkRefused) as refused:
        link(world, *second)
    assert (refused.value.field, refused.value.code) == ("target", "taken")
    assert Link.objects.count() == 1


def test_the_database_refuses_a_second_row_of_one_link(world):
    row = link(world, "story", "relates_to", "ci")
    row.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_two_kinds_between_the_same_pair_are_two_links(world):
    link(world, "dev", "fixes", "issue")
    link(world, "dev", "relates_to", "issue")
    assert sorted(r.kind for r in read_from(world, "issue")) == ["fixed_by", "relates_to"]


def test_an_unknown_kind_and_a_link_to_itself_are_refused(world):
    with pytest.raises(LinkRefused) as refused:
        link(world, "dev", "loves", "desk")
    assert (refused.value.field, refused.value.code) == ("kind", "unknown")
    with pytest.raises(LinkRefused) as refused:
        link(world, "dev", "relates_to", "dev")
    assert (refused.value.field, refused.value.code) == ("target", "self")
    assert not Link.objects.exists()


def test_an_end_of_another_account_is_not_found(world, other_world):
    with pytest.raises(EndNotFound):
        services.link_create(
            account=world.account,
            source=world.end("desk"),
            kind="relates_to",
            target=other_world.end("dev"),
            creator=None,
        )
    assert not Link.objects.exists()


def test_deleting_an_end_deletes_its_links(world):
    link(world, "dev", "fixes", "issue")
    world.issue.delete()
    assert not Link.objects.exists()


@pytest.mark.parametrize(
    "text,expected",
    [
        ("AM-{dev_number}", ("dev_ticket", "dev")),
        ("am-{dev_number}", ("dev_ticket", "dev")),
        ("dev_ticket:{dev_pk}", ("dev_ticket", "dev")),
        ("dev_ticket:AM-{dev_number}", ("dev_ticket", "dev")),
        ("desk_ticket:{desk_friendly}", ("desk_ticket", "desk")),
        ("story:{story_pk}", ("story", "story")),
        ("ci:{ci_friendly}", ("ci", "ci")),
        ("issue:{issue_pk}", ("issue", "issue")),
    ],
)
def test_targets_name_ends_as_their_families_show_them(world, text, expected):
    names = {
        "dev_number": world.dev.number,
        "dev_pk": world.dev.pk,
        "desk_friendly": world.desk.friendly_id,
        "story_pk": world.story.pk,
        "ci_friendly": world.ci.friendly_id,
        "issue_pk": world.issue.pk,
    }
    end = target_resolve(account=world.account, target=text.format(**names))
    assert (end.type, end.pk) == (expected[0], getattr(world, expected[1]).pk)


@pytest.mark.parametrize(
    "text,code",
    [
        ("", "blank"),
        ("AM42", "malformed"),
        ("AM-", "malformed"),
        ("desk_ticket:", "malformed"),
        ("desk_ticket:abc", "malformed"),
        ("desk_ticket:-1", "malformed"),
        ("desk_ticket:99999999999999999999", "malformed"),
        ("printer:1", "unknown_type"),
    ],
)
def test_malformed_targets_are_refused(world, text, code):
    with pytest.raises(LinkRefused) as refused:
        target_resolve(account=world.account, target=text)
    assert refused.value.code == code


@pytest.mark.parametrize(
    "text",
    ["GX-1", "AM-999", "desk_ticket:999", "desk_ticket:2147483648", "story:9223372036854775808", "issue:0"],
)
def test_targets_that_name_nothing_of_the_account_are_not_found(world, other_world, text):
    with pytest.raises((EndNotFound, LinkRefused)):
        target_resolve(account=world.account, target=text)


def test_another_accounts_objects_are_not_found_as_targets(world, other_world):
    for text in (
        f"desk_ticket:{other_world.desk.friendly_id + 100}",
        f"story:{other_world.story.pk}",
        f"issue:{other_world.issue.pk}",
        f"dev_ticket:{other_world.dev.pk}",
    ):
        with pytest.raises(EndNotFound):
            target_resolve(account=world.account, target=text)


def test_webhook_events_are_written_with_the_change(world):
    make_webhook(world, ["link_created", "link_deleted"])
    row = link(world, "dev", "fixes", "issue", creator=world.membership)
    created = Event.objects.get(event_type="link_created")
    assert created.data["link"]["kind"] == "fixes"
    assert created.data["link"]["source"] == {
        "type": "dev_ticket",
        "id": world.dev.pk,
        "title": world.dev.title,
        "slug": world.dev.slug,
        "ref": world.dev.slug,
    }
    assert created.data["link"]["target"]["ref"] == f"issue:{world.issue.pk}"
    assert created.data["actor_id"] == world.membership.user_id
    link_id = row.pk
    services.link_delete(link=row, actor=world.membership)
    deleted = Event.objects.get(event_type="link_deleted")
    assert deleted.data["link"]["id"] == link_id
    assert not Link.objects.exists()


def test_a_refused_link_announces_nothing(world):
    make_webhook(world, ["link_created"])
    link(world, "dev", "fixes", "issue")
    with pytest.raises(LinkRefused):
        link(world, "dev", "fixes", "issue")
    assert Event.objects.filter(event_type="link_created").count() == 1


def test_links_of_many_objects_cost_the_same_queries_as_of_one(world, django_assert_num_queries):
    desks = [world.desk, world.desk_ticket("Second"), world.desk_ticket("Third")]
    link(world, "dev", "blocks", "desk")

    def read():
        return selectors.links_by_end(account_id=world.account.pk, end_type="desk_ticket", objects=desks)

    with django_assert_num_queries(2):  # the links, then the dev tickets at their other ends
        assert [len(v) for v in read().values()] == [1, 0, 0]
    for desk in desks[1:]:
        services.link_create(
            account=world.account, source=world.end("dev"), kind="relates_to", target=End.of(desk), creator=None
        )
    for n in range(5):
        other = world.dev_ticket(f"dev {n}")
        services.link_create(
            account=world.account, source=End.of(other), kind="causes", target=world.end("desk"), creator=None
        )
    with django_assert_num_queries(2):
        assert [len(v) for v in read().values()] == [6, 1, 1]


def test_a_link_between_two_objects_of_a_page_is_read_from_both(world):
    second = world.desk_ticket("Second")
    services.link_create(
        account=world.account, source=world.end("desk"), kind="duplicates", target=End.of(second), creator=None
    )
    reads = selectors.links_by_end(account_id=world.account.pk, end_type="desk_ticket", objects=[world.desk, second])
    assert [r.kind for r in reads[world.desk.pk]] == ["duplicates"]
    assert [r.kind for r in reads[second.pk]] == ["duplicated_by"]


def test_a_public_read_shows_only_links_to_public_issues(world):
    from issues.tests.conftest import make_category, make_company, make_issue

    public_other = make_issue(world.issue.categories.get(), name="Public too")
    private = make_issue(make_category(make_company(world.account, "Internal", is_public=False)), name="Private")
    for other in (public_other, private):
        services.link_create(
            account=world.account, source=world.end("issue"), kind="relates_to", target=End.of(other), creator=None
        )
    link(world, "dev", "fixes", "issue")
    everything = selectors.links_by_end(account_id=world.account.pk, end_type="issue", objects=[world.issue])
    assert sorted(r.other.type for r in everything[world.issue.pk]) == ["dev_ticket", "issue", "issue"]
    public = selectors.links_by_end(account_id=None, end_type="issue", objects=[world.issue], public_only=True)
    assert [(r.other.type, r.other.pk) for r in public[world.issue.pk]] == [("issue", public_other.pk)]
