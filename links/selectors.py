"""Reads of links that need care: the links of a page of objects in a fixed number of queries.

One query reads the links touching the objects; one more per family found at their other ends reads
those objects (only the columns a link shows). A page of 1 or 30 objects, with 1 or 100 links, costs
the same: 1 + the number of families at the other ends (at most 6).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .ends import End, end_queryset
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


def links_read(links: Iterable[Link], *, account_id: int, readers: Iterable[tuple[str, int]]) -> list[LinkRead]:
    """Each link once per reader it touches (a link between two readers is read from both), in link order,
    with its other end loaded: one query per family at the other ends."""
    readers = set(readers)
    pending = []
    for link in links:
        for side in SIDES:
            key = (getattr(link, f"{side}_type"), link_end_id(link, side))
            if key in readers:
                other_side = "target" if side == "source" else "source"
                pending.append((link, key, side == "source", other_side))
    wanted = defaultdict(set)
    for link, _, _, other_side in pending:
        wanted[getattr(link, f"{other_side}_type")].add(link_end_id(link, other_side))
    loaded = {
        (end_type, obj.pk): End(end_type, obj, obj.link_account_id)
        for end_type, ids in sorted(wanted.items())
        for obj in end_queryset(end_type, account_id=account_id).filter(pk__in=ids)
    }
    return [
        LinkRead(
            link=link,
            reader=key,
            kind=reading_of(link.kind, from_source=from_source),
            other=loaded[(getattr(link, f"{other_side}_type"), link_end_id(link, other_side))],
        )
        for link, key, from_source, other_side in pending
    ]


def links_by_end(*, account_id: int, end_type: str, objects: Iterable) -> dict[int, list[LinkRead]]:
    """The links of a page of objects of one family, by object id (every id present, maybe empty)."""
    ids = [obj.pk for obj in objects]
    readers = [(end_type, pk) for pk in ids]
    found = links_read(
        links_touching(account_id=account_id, end_type=end_type, ids=ids), account_id=account_id, readers=readers
    )
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
