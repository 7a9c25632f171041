"""Making and removing links. Both ends must belong to the link's account: another account's object is
refused exactly like a missing one (EndNotFound). Each change is announced to the account's webhooks
(`link_created`, `link_deleted`) in its own transaction, through the outbox."""

from django.db import IntegrityError, transaction
from django.db.models import Q

from accounts.models import Account, Membership
from webhooks.services import event_emit, events_emit

from .ends import End, end_data, end_queryset
from .errors import EndNotFound, LinkRefused
from .kinds import SYMMETRIC, reading_parse
from .models import SIDES, Link, end_column, link_end_id
from .selectors import link_ends


def _joins(source: End, target: End) -> Q:
    return Q(
        **{
            "source_type": source.type,
            f"{end_column('source', source.type)}": source.pk,
            "target_type": target.type,
            f"{end_column('target', target.type)}": target.pk,
        }
    )


def link_data(link: Link, ends: dict[str, End], *, ticket_prefix: str) -> dict:
    """A link in the webhook events: its stored reading (source kind target), both ends."""
    return {
        "id": link.pk,
        "kind": link.kind,
        "source": end_data(ends["source"].type, ends["source"].obj, ticket_prefix=ticket_prefix),
        "target": end_data(ends["target"].type, ends["target"].obj, ticket_prefix=ticket_prefix),
        "created_at": link.created_at,
    }


def _announce(event_type: str, link: Link, ends: dict[str, End], *, account: Account, actor) -> None:
    event_emit(
        account=account,
        event_type=event_type,
        data={
            "link": link_data(link, ends, ticket_prefix=account.ticket_prefix),
            "actor_id": actor.user_id if actor else None,
        },
    )


@transaction.atomic
def link_create(*, account: Account, source: End, kind: str, target: End, creator: Membership | None) -> Link:
    """`source <kind> target`, where `kind` is any reading (`blocked_by` swaps the ends and stores `blocks`).

    Refuses (LinkRefused) an unknown kind, a link of an object to itself and a second link of one kind
    between the same two objects (either way round); EndNotFound when an end is not the account's."""
    parsed = reading_parse(kind)
    if parsed is None:
        raise LinkRefused("kind", "unknown")
    if source.account_id != account.pk or target.account_id != account.pk:
        raise EndNotFound("an end of the link is not in the account")
    if source.key == target.key:
        raise LinkRefused("target", "self")
    kind, swapped = parsed
    if swapped or (kind in SYMMETRIC and source.key > target.key):
        source, target = target, source  # relates_to is kept in one order, so its unique index holds both ways
    if Link.objects.filter(_joins(source, target) | _joins(target, source), kind=kind).exists():
        raise LinkRefused("target", "taken")
    link = Link(account=account, kind=kind, source_type=source.type, target_type=target.type, created_by=creator)
    setattr(link, end_column("source", source.type), source.obj)
    setattr(link, end_column("target", target.type), target.obj)
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError as exc:  # the same link made at the same moment by another request
        raise LinkRefused("target", "taken") from exc
    _announce("link_created", link, {"source": source, "target": target}, account=account, actor=creator)
    return link


@transaction.atomic
def link_delete(*, link: Link, actor: Membership | None) -> None:
    ends = link_ends(link)
    _announce("link_deleted", link, ends, account=link.account, actor=actor)
    link.delete()


def links_deleted_announce(links: list[Link]) -> None:
    """`link_deleted` for links an end's deletion takes (links.models.cascade_announced), in bulk: one
    query per family at their ends, one for their accounts, and one `events_emit` per account."""
    if not links:
        return
    wanted: dict[str, set[int]] = {}
    for link in links:
        for side in SIDES:
            wanted.setdefault(getattr(link, f"{side}_type"), set()).add(link_end_id(link, side))
    ends = {}
    for end_type, ids in wanted.items():
        for obj in end_queryset(end_type, account_id=None).filter(pk__in=ids):
            ends[(end_type, obj.pk)] = End(end_type, obj, obj.link_account_id)
    accounts = Account.objects.in_bulk({link.account_id for link in links})
    by_account: dict[int, list[dict]] = {}
    for link in links:
        account = accounts[link.account_id]
        both = {side: ends[(getattr(link, f"{side}_type"), link_end_id(link, side))] for side in SIDES}
        data = {"link": link_data(link, both, ticket_prefix=account.ticket_prefix), "actor_id": None}
        by_account.setdefault(account.pk, []).append(data)
    for account_id, data_list in by_account.items():
        events_emit(account=accounts[account_id], event_type="link_deleted", data_list=data_list)
