"""Reads of links that need care: the links of a page of objects in a fixed number of queries.

One query reads the links touching the objects; one more per family found at their other ends reads
those objects (only the columns a link shows). A page of 1 or 30 objects, with 1 or 100 links, costs
the same: 1 + the number of families at the other ends (at most 6).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .ends import End, EndType, end_queryset, public_issues
from .kinds import reading_of
from .models import SIDES, Link, end_column, link_end_id


def touching(end_type: str, ids: Iterable[int]) -> Q:
    """Links with an end among `ids` of the family `end_type` (on either side)."""
    ids = list(ids)
    return Q(**{f"{end_column('source', end_type)}__in": ids}) | Q(**{f"{end_column('target', end_type)}__in": ids})


def links_touching(*, account_id: int, end_type: str, ids: Iterable[int]) -> QuerySet[Link]:
    """The account's links with an end among `ids` of the family `end_type`."""
    return Link.objects.filter(touching(end_type, ids), account_id=account_id)


@dataclass(frozen=True)
class LinkRead:
    """A link as one of its ends reads it: the kind from that end's side, and the other end."""

    link: Link
    reader: tuple[str, int]
    kind: str
    other: End


def links_read(
    links: Iterable[Link], *, account_id: int | None, readers: Iterable[tuple[str, int]], public_only: bool = False
) -> list[LinkRead]:
    """Each link once per reader it touches (a link between two readers is read from both), in link order,
    with its other end loaded: one query per family at the other ends. `public_only` (an anonymous read)
    keeps only links whose other end is a public issue: no other family is ever public."""
    readers = set(readers)
    pending = []  # (link, the reader's end, whether the reader is the source, the other end)
    for link in links:
        ends = {side: (getattr(link, f"{side}_type"), link_end_id(link, side)) for side in SIDES}
        for side, other_side in (("source", "target"), ("target", "source")):
            other = ends[other_side]
            if ends[side] in readers and not (public_only and other[0] != EndType.ISSUE):
                pending.append((link, ends[side], side == "source", other))
    wanted = defaultdict(set)
    for *_, (end_type, pk) in pending:
        wanted[end_type].add(pk)
    loaded = {}
    for end_type, ids in sorted(wanted.items()):
        queryset = end_queryset(end_type, account_id=account_id).filter(pk__in=ids)
        if public_only:
            queryset = public_issues(queryset)
        loaded.update({(end_type, obj.pk): End(end_type, obj, obj.link_account_id) for obj in queryset})
    return [
        LinkRead(link=link, reader=reader, kind=reading_of(link.kind, from_source=from_source), other=loaded[other])
        for link, reader, from_source, other in pending
        if other in loaded  # a public read drops links to issues that are not public
    ]


def links_by_end(
    *,
    account_id: int | None,
    end_type: str,
    objects: Iterable = (),
    ids: Iterable[int] = (),
    public_only: bool = False,
) -> dict[int, list[LinkRead]]:
    """The links of a page of objects of one family (`objects`, or their `ids`), by object id (every id
    present, maybe empty). `account_id` None with `public_only` for anonymous reads, whose pages span
    accounts."""
    ids = [*(obj.pk for obj in objects), *ids]
    readers = [(end_type, pk) for pk in ids]
    rows = Link.objects.filter(touching(end_type, ids))
    if account_id is not None:
        rows = rows.filter(account_id=account_id)
    found = links_read(rows, account_id=account_id, readers=readers, public_only=public_only)
    by_end: dict[int, list[LinkRead]] = {pk: [] for pk in ids}
    for read in found:
        by_end[read.reader[1]].append(read)
    return by_end


def link_ends(link: Link) -> dict[str, End]:
    """Both ends of one link (for its webhook events): one query per family."""
    ends = {}
    for side in SIDES:
        end_type = getattr(link, f"{side}_type")
        obj = end_queryset(end_type, account_id=link.account_id).get(pk=link_end_id(link, side))
        ends[side] = End(end_type, obj, obj.link_account_id)
    return ends


def desk_tickets_linked(*, account_id: int, dev_ticket_ids: list[int]) -> dict[int, int]:
    """{dev ticket id: how many desk tickets it is linked to (whatever the kind)} for a board's cards, in
    one query."""
    dev, desk = EndType.DEV_TICKET, EndType.DESK_TICKET
    rows = Link.objects.filter(
        Q(source_type=dev, target_type=desk, source_dev_ticket_id__in=dev_ticket_ids)
        | Q(source_type=desk, target_type=dev, target_dev_ticket_id__in=dev_ticket_ids),
        account_id=account_id,
    ).values_list("source_dev_ticket_id", "target_dev_ticket_id", "source_desk_ticket_id", "target_desk_ticket_id")
    linked = defaultdict(set)
    for source_dev, target_dev, source_desk, target_desk in rows:
        linked[source_dev or target_dev].add(source_desk or target_desk)
    return {pk: len(desks) for pk, desks in linked.items()}
