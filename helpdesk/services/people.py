"""BOSSDesk users: a login `User` (shared between accounts), its `Membership` in the account and the
`MemberProfile` (phone, group, roles, tags…)."""

from django.db import transaction

from accounts.models import Account, MemberProfile, Membership, Role, User
from accounts.services import membership_create
from backlog_site.api.errors import Refused

USER_FIELDS = ["username", "email", "first_name", "last_name"]
PROFILE_FIELDS = ["domain_name", "designation", "phone", "mobile", "other_email", "time_zone", "location", "group"]


def _username_taken(username: str, *, except_user: User | None = None) -> bool:
    taken = User.objects.filter(username__iexact=username)
    if except_user is not None:
        taken = taken.exclude(pk=except_user.pk)
    return taken.exists()


def _profile_apply(membership: Membership, fields: dict, roles, tags) -> MemberProfile:
    profile, _ = MemberProfile.objects.get_or_create(membership=membership)
    changed = [name for name in PROFILE_FIELDS if name in fields]
    for name in changed:
        setattr(profile, name, fields[name])
    if changed:
        profile.save()
    if roles is not None:
        profile.roles.set(roles)
    if tags is not None:
        profile.tags.set(tags)
    return profile


@transaction.atomic
def user_create(*, account: Account, fields: dict, roles=None, tags=None) -> Membership:
    """A new end user of the account. Usernames are logins, so they are unique across the site."""
    username = fields["username"]
    if _username_taken(username):
        raise Refused("taken", field="username")
    user = User(**{name: fields[name] for name in USER_FIELDS if name in fields})
    user.set_unusable_password()
    user.save()
    membership = membership_create(account=account, user=user, role=Role.END_USER)
    _profile_apply(membership, fields, roles, tags)
    return membership


@transaction.atomic
def user_update(*, membership: Membership, fields: dict, roles=None, tags=None) -> Membership:
    user = membership.user
    login_changes = {
        name: fields[name] for name in USER_FIELDS if name in fields and fields[name] != getattr(user, name)
    }
    if login_changes:
        if Membership.objects.filter(user=user).exclude(account_id=membership.account_id).exists():
            # The login is shared with another account: one tenant must not rename another's user.
            field = next(iter(login_changes))
            raise Refused("shared_login", field=field)
        if "username" in login_changes and _username_taken(login_changes["username"], except_user=user):
            raise Refused("taken", field="username")
        for name, value in login_changes.items():
            setattr(user, name, value)
        user.save(update_fields=list(login_changes))
    _profile_apply(membership, fields, roles, tags)
    membership.save(update_fields=["updated_at"])
    return membership
