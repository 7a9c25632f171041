"""One authentication class for every API family: it reads each documented way of sending a key.

| form                                   | documented by            |
|----------------------------------------|--------------------------|
| `Authorization: token K`               | easyBacklog              |
| `Authorization: Basic base64(ID:K)`    | easyBacklog (user id)    |
| `?api_key=K`                           | easyBacklog              |
| `Authorization: Token token="K"`       | BOSSDesk                 |
| `Authorization: Bearer K`              | Issue Tracker            |
| `apiKey: K`                            | Public Backlog           |
| `X-API-Key: K`                         | org-scoped Tickets API   |

A valid key authenticates as its user, in its account: `request.auth` is the `ApiKey`, and
`request.account` the tenant every queryset of the request is narrowed to.
"""

import base64
import binascii
from datetime import timedelta

from django.db.models import F, FilteredRelation, Q
from django.utils import timezone
from rest_framework import authentication, exceptions

from accounts.keys import key_matches, key_prefix, key_well_formed
from accounts.models import ApiKey
from backlog_site.prepared import Prepared

from .tenancy import membership_remember

# Writing last_used_at on every request would turn each read into a write; a minute's precision is plenty.
LAST_USED_PRECISION = timedelta(minutes=1)


def credentials_from_request(request) -> tuple[str | None, str | None]:
    """(raw key, basic-auth user id or None) as sent in any of the documented forms, or (None, None)."""
    meta = request.META
    header = meta.get("HTTP_AUTHORIZATION", "").strip()
    if header:
        scheme, _, rest = header.partition(" ")
        scheme, rest = scheme.lower(), rest.strip()
        if scheme == "basic":
            try:
                decoded = base64.b64decode(rest, validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                raise exceptions.AuthenticationFailed("Invalid basic authentication header")
            user_id, sep, key = decoded.partition(":")
            if not sep:
                raise exceptions.AuthenticationFailed("Invalid basic authentication header")
            return key.strip(), user_id.strip()
        if scheme == "token":
            if rest.lower().startswith("token="):
                rest = rest[len("token=") :].strip().strip('"')
            return rest or None, None
        if scheme == "bearer":
            return rest or None, None
        return None, None
    for name in ("HTTP_X_API_KEY", "HTTP_APIKEY"):
        if meta.get(name):
            return meta[name].strip(), None
    if request.GET.get("api_key"):
        return request.GET["api_key"].strip(), None
    return None, None


# Compiled once per process (backlog_site.prepared): building this join's SQL on every request cost
# more than running it.
_KEYS = Prepared(
    lambda prefix: (
        ApiKey.objects.annotate(
            member=FilteredRelation("user__memberships", condition=Q(user__memberships__account=F("account")))
        )
        .select_related("account", "user", "member")
        .filter(revoked_at__isnull=True, prefix=prefix)
        .order_by("pk")[:1]
    ),
    prefix=str,
)


def key_with_membership(prefix: str) -> ApiKey | None:
    """The live key of `prefix` with its account, its user and `member` (the user's membership in the
    key's account, or None), in one query: every request needs all four, and the permission checks
    then read the membership from the request instead of querying again."""
    api_key = _KEYS.first(prefix=prefix)
    if api_key is None:
        return None
    # A user without a membership there: the outer join leaves the attribute unset.
    api_key.member = getattr(api_key, "member", None)
    if api_key.member is not None:
        # The same objects as the key's, so that membership.account / .user cost no query.
        api_key.member.account, api_key.member.user = api_key.account, api_key.user
    return api_key


class ApiKeyAuthentication(authentication.BaseAuthentication):
    www_authenticate = 'Token realm="api"'

    def authenticate(self, request):
        raw_key, basic_user_id = credentials_from_request(request)
        if raw_key is None:
            return None
        if not key_well_formed(raw_key):
            raise exceptions.AuthenticationFailed("Invalid authentication details")
        api_key = key_with_membership(key_prefix(raw_key))
        if api_key is None or not key_matches(raw_key, api_key.key_hash) or not api_key.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid authentication details")
        if basic_user_id is not None and basic_user_id != str(api_key.user_id):
            raise exceptions.AuthenticationFailed("Invalid authentication details")
        self._touch(api_key)
        request._request.account = api_key.account
        membership_remember(request._request, api_key.member)
        return api_key.user, api_key

    def authenticate_header(self, request):
        return self.www_authenticate

    @staticmethod
    def _touch(api_key: ApiKey) -> None:
        now = timezone.now()
        if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_PRECISION:
            ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
            api_key.last_used_at = now
