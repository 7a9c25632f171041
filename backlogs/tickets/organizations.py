"""Organisation users of the Public Backlog (`add-organization-user`): a person, by e-mail, becomes a
member of the organisation; an e-mail that is already a member's is refused, never duplicated."""

from django.db import IntegrityError, transaction
from rest_framework import status

from accounts.models import Account, Membership, Role, User
from accounts.services import membership_create
from backlog_site.api.errors import ApplicationError

ALREADY_MEMBER = "A user with this email already belongs to the organization."


@transaction.atomic
def organization_user_add(*, account: Account, email: str, first_name: str, last_name: str = "") -> Membership:
    """Add the user with `email` (created, without a usable password, when unknown) as an end user."""
    email = User.objects.normalize_email(email.strip())
    if Membership.objects.filter(account=account, user__email__iexact=email).exists():
        raise ApplicationError(ALREADY_MEMBER, status_code=status.HTTP_409_CONFLICT, field="email")
    try:
        with transaction.atomic():
            user = User.objects.filter(email__iexact=email).order_by("id").first()
            if user is None:
                user = User.objects.create_user(
                    username=_free_username(email), email=email, first_name=first_name, last_name=last_name
                )
            return membership_create(account=account, user=user, role=Role.END_USER)
    except IntegrityError:
        # The same e-mail added by a concurrent request: the unique constraints refused the second one.
        raise ApplicationError(ALREADY_MEMBER, status_code=status.HTTP_409_CONFLICT, field="email")


def _free_username(email: str) -> str:
    base = email.lower()[:140]
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate
