"""The JSON pieces every BOSSDesk family embeds: people, named lookups, stamped rows."""

from accounts.models import Membership

from .formats import timestamp as ts


def person(membership: Membership | None, *, username: bool = True) -> dict | None:
    """A user as tickets, comments and tasks embed them (needs `user` selected)."""
    if membership is None:
        return None
    user = membership.user
    body = {
        "id": user.id,
        "friendly_id": membership.friendly_id,
        "first_name": user.first_name,
        "last_name": user.last_name,
    }
    if username:
        body["username"] = user.username
    return body


def profile_of(membership: Membership):
    """The member's profile, or None when it has none yet (select_related leaves it unset)."""
    try:
        return membership.profile
    except Membership.profile.RelatedObjectDoesNotExist:
        return None


def named(obj, *extra: str) -> dict | None:
    if obj is None:
        return None
    body = {"id": obj.pk, "name": obj.name}
    for name in extra:
        body[name] = getattr(obj, name)
    return body


def stamped(obj, *fields: str) -> dict:
    """A lookup as its list shows it: id, name, the given fields and the timestamps."""
    body = {"id": obj.pk, "name": obj.name}
    for name in fields:
        body[name] = getattr(obj, name)
    body["created_at"] = ts(obj.created_at)
    body["updated_at"] = ts(obj.updated_at)
    return body
