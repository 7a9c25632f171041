"""The target of a new link, as a client writes it: a dev ticket's slug (`AM-42`) or `<type>:<id>`, the
type one of desk_ticket, dev_ticket, story, ci, issue and the id as that family shows it (a BOSSDesk
friendly id, a dev ticket's id or slug, a story's id, a CI's friendly id, an issue's id)."""

import re

from accounts.models import Account

from .ends import FAMILIES, End, EndType, end_find
from .errors import EndNotFound, LinkRefused

SLUG = re.compile(r"^([A-Za-z][A-Za-z0-9]*)-([0-9]{1,9})$")
TYPED = re.compile(r"^([a-z_]+):(.+)$")


def dev_ticket_by_slug(account: Account, slug: str) -> End:
    """The dev ticket `PREFIX-n` of the account (prefix in any case)."""
    match = SLUG.match(slug)
    if match is None:
        raise LinkRefused("target", "malformed")
    prefix, number = match.groups()
    if prefix.upper() != account.ticket_prefix.upper():
        raise EndNotFound(slug)
    found = end_find(EndType.DEV_TICKET, account_id=account.pk, number=int(number))
    if found is None:
        raise EndNotFound(slug)
    return found


def target_resolve(*, account: Account, target) -> End:
    """The end `target` names in `account`. Raises LinkRefused("target", …) when it is not written as a
    target ("malformed", "unknown_type") and EndNotFound when it names nothing of the account's."""
    if not isinstance(target, str) or not target.strip():
        raise LinkRefused("target", "blank" if not target else "malformed")
    target = target.strip()
    typed = TYPED.match(target)
    if typed is None:
        return dev_ticket_by_slug(account, target)
    end_type, shown = typed.groups()
    if end_type not in FAMILIES:
        raise LinkRefused("target", "unknown_type")
    if end_type == EndType.DEV_TICKET and not shown.isdigit():
        return dev_ticket_by_slug(account, shown)
    if not shown.isdigit() or len(shown) > 19:
        raise LinkRefused("target", "malformed")
    found = end_find(end_type, account_id=account.pk, shown_id=int(shown))
    if found is None:
        raise EndNotFound(target)
    return found
