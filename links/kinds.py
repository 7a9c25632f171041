"""What a link says, and how it reads from each of its ends.

A link is stored once, as "source <kind> target", with one of six kinds. Each kind has a reading from
the target's side (its inverse); `relates_to` is symmetric and reads the same both ways:

| stored kind (source → target) | read from the target |
|---|---|
| relates_to | relates_to |
| blocks     | blocked_by |
| duplicates | duplicated_by |
| caused_by  | causes |
| fixes      | fixed_by |
| affects    | affected_by |

A link may be created with any of the eleven readings: an inverse one swaps the ends and stores the
kind (`A blocked_by B` is stored as `B blocks A`), so each fact has exactly one row.
"""

from django.db import models


class Kind(models.TextChoices):
    RELATES_TO = "relates_to", "relates to"
    BLOCKS = "blocks", "blocks"
    DUPLICATES = "duplicates", "duplicates"
    CAUSED_BY = "caused_by", "caused by"
    FIXES = "fixes", "fixes"
    AFFECTS = "affects", "affects"


INVERSE = {
    Kind.RELATES_TO: "relates_to",
    Kind.BLOCKS: "blocked_by",
    Kind.DUPLICATES: "duplicated_by",
    Kind.CAUSED_BY: "causes",
    Kind.FIXES: "fixed_by",
    Kind.AFFECTS: "affected_by",
}
SYMMETRIC = frozenset({Kind.RELATES_TO})

# Every reading a client may send or see -> (stored kind, whether the ends are swapped).
READINGS: dict[str, tuple[str, bool]] = {
    **{str(kind): (str(kind), False) for kind in Kind},
    **{inverse: (str(kind), True) for kind, inverse in INVERSE.items() if kind not in SYMMETRIC},
}


def reading_parse(reading: str) -> tuple[str, bool] | None:
    """(stored kind, swapped) of a reading, or None when it is none of the eleven."""
    return READINGS.get(reading) if isinstance(reading, str) else None


def reading_of(kind: str, *, from_source: bool) -> str:
    """The kind as the end reading it says it: the stored kind from the source, its inverse from the target."""
    return kind if from_source else INVERSE[Kind(kind)]
