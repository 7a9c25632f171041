"""What other apps do when a dev ticket moves to another board column. They register here from their
AppConfig.ready() (the links app's flows), so that backlogs imports none of them; each runs inside the
change's transaction, so what it writes commits or rolls back with the move."""

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
