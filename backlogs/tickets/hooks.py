"""What other apps do when a dev ticket moves to another board column, and what they add to its card on
the board page. They register here from their AppConfig.ready() (the links app's flows and its count of
linked desk tickets), so that backlogs imports none of them. A move's listener runs inside the change's
transaction, so what it writes commits or rolls back with the move."""

from collections.abc import Callable

_workflow_listeners: list[Callable] = []


def workflow_listen(listener: Callable) -> Callable:
    """`listener(ticket=…, user=…, old=…, new=…)` is called after each move, `old`/`new` board columns."""
    if listener not in _workflow_listeners:
        _workflow_listeners.append(listener)
    return listener


def workflow_changed(*, ticket, user, old: str | None, new: str) -> None:
    for listener in _workflow_listeners:
        listener(ticket=ticket, user=user, old=old, new=new)


_card_readers: list[Callable] = []


def card_notes_add(reader: Callable) -> Callable:
    """`reader(account=…, ticket_ids=[…])` answers {ticket id: a short text} for the cards of a whole board
    page, in a fixed number of queries whatever the number of cards."""
    if reader not in _card_readers:
        _card_readers.append(reader)
    return reader


def card_notes(*, account, ticket_ids: list[int]) -> dict[int, list[str]]:
    """Each card's notes from every reader (none read when the page has no cards)."""
    notes: dict[int, list[str]] = {pk: [] for pk in ticket_ids}
    if not ticket_ids:
        return notes
    for reader in _card_readers:
        for pk, text in reader(account=account, ticket_ids=ticket_ids).items():
            notes[pk].append(text)
    return notes
