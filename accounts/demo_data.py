"""Demo data registry: each app registers a filler (in AppConfig.ready) that `seed_demo` runs.

Fillers take the demo account and must be idempotent: `seed_demo` may run on every `make run`.
"""

from collections.abc import Callable

_fillers: list[Callable] = []


def register(filler: Callable) -> Callable:
    if filler not in _fillers:
        _fillers.append(filler)
    return filler


def fill(account) -> None:
    for filler in _fillers:
        filler(account)
