"""1-based positions among siblings (themes of a backlog, stories of a theme, criteria of a story,
stories of a sprint). Creating appends unless a position is given; giving a position moves the row
there and renumbers its siblings 1..n in one bulk update."""


def next_position(siblings) -> int:
    """The position that appends after `siblings` (a queryset of the rows sharing the parent)."""
    last = siblings.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


def place(obj, siblings, position: int | None) -> None:
    """Put the saved `obj` at `position` (clamped to 1..n) among `siblings` (which include it) and
    renumber everyone so positions are 1..n without gaps."""
    rows = [row for row in siblings.order_by("position", "id") if row.pk != obj.pk]
    index = len(rows) if position is None else max(0, min(int(position) - 1, len(rows)))
    rows.insert(index, obj)
    renumber(rows, model=type(obj))


def renumber(rows, *, model) -> None:
    changed = []
    for number, row in enumerate(rows, start=1):
        if row.position != number:
            row.position = number
            changed.append(row)
    if changed:
        model.objects.bulk_update(changed, ["position"])


def close_gap(siblings) -> None:
    """After a delete: renumber what is left."""
    rows = list(siblings.order_by("position", "id"))
    if rows:
        renumber(rows, model=type(rows[0]))
