"""Operations on tenants and identity, used by every surface (API, admin, commands)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from . import keys
from .models import Account, AccountSequence, ApiKey, Company, Locale, Membership, Role, User, default_permissions


def sequence_next(*, account: Account, name: str) -> int:
    """The next number of a per-account counter. Safe under concurrency: the increment is a single
    UPDATE, which PostgreSQL serialises on the row lock (SQLite serialises every writer)."""
    with transaction.atomic():
        updated = AccountSequence.objects.filter(account=account, name=name).update(last_value=F("last_value") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    AccountSequence.objects.create(account=account, name=name, last_value=1)
                    return 1
            except IntegrityError:
                # Another transaction created the counter first: increment it like everyone else.
                AccountSequence.objects.filter(account=account, name=name).update(last_value=F("last_value") + 1)
        return AccountSequence.objects.filter(account=account, name=name).values_list("last_value", flat=True).get()


def membership_create(*, account: Account, user: User, role: str = Role.END_USER, permissions=None) -> Membership:
    return Membership.objects.create(
        account=account,
        user=user,
        role=role,
        permissions=default_permissions(role) if permissions is None else permissions,
        friendly_id=sequence_next(account=account, name="user"),
    )


@transaction.atomic
def account_create(
    *, slug: str, name: str, owner_username: str, owner_email: str, owner_password: str, ticket_prefix: str = ""
) -> Account:
    """A tenant with its owner (admin and agent, every permission) and its default reference data."""
    account = Account(
        slug=slug,
        name=name,
        ticket_prefix=ticket_prefix or _prefix_from_slug(slug),
        locale=Locale.objects.order_by("position").first(),
    )
    account.full_clean()
    account.save()
    owner = User.objects.filter(username=owner_username).first()
    if owner is None:
        owner = User.objects.create_user(username=owner_username, email=owner_email, password=owner_password)
    membership_create(account=account, user=owner, role=Role.ADMIN)
    from .reference_data import install_account_defaults

    install_account_defaults(account)
    return account


def _prefix_from_slug(slug: str) -> str:
    letters = "".join(part[:1] for part in slug.replace("_", "-").split("-") if part).upper()
    if len(letters) < 2:
        letters = "".join(ch for ch in slug.upper() if ch.isalnum())[:2]
    if not letters or not letters[0].isalpha():
        letters = "T" + letters
    return letters[:10]


@dataclass
class IssuedKey:
    api_key: ApiKey
    raw_key: str


def api_key_issue(*, account: Account, user: User, name: str = "", scopes=None) -> IssuedKey:
    """Issue a key; the raw key exists only in the return value, to be shown once."""
    raw = keys.generate_raw_key()
    api_key = ApiKey.objects.create(
        account=account,
        user=user,
        name=name,
        prefix=keys.key_prefix(raw),
        key_hash=keys.key_hash(raw),
        scopes=list(scopes or []),
    )
    return IssuedKey(api_key=api_key, raw_key=raw)


def api_key_revoke(*, api_key: ApiKey) -> ApiKey:
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
    return api_key


def company_save(*, company: Company, fields: dict) -> Company:
    for name, value in fields.items():
        setattr(company, name, value)
    company.full_clean()
    company.save()
    return company


def account_update(*, account: Account, fields: dict) -> Account:
    for name, value in fields.items():
        setattr(account, name, value)
    account.full_clean()
    account.save()
    return account
