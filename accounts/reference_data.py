"""Default reference data a new tenant starts with.

Each app registers an installer here (in its AppConfig.ready) so that `create_account` gives the
tenant what every app needs — ticket types, priorities, statuses, CI types… — without this app
knowing the other apps' tables.
"""

from collections.abc import Callable

_installers: list[Callable] = []


def register(installer: Callable) -> Callable:
    """Register `installer(account)`; it must be idempotent (get_or_create), `seed_demo` re-runs it."""
    if installer not in _installers:
        _installers.append(installer)
    return installer


def install_account_defaults(account) -> None:
    for installer in _installers:
        installer(account)
