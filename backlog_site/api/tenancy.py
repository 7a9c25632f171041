"""Tenant scoping, applied in exactly one place: API views start from querysets narrowed to the
account of the request's key, so another tenant's row cannot be reached by guessing an id."""

from functools import cached_property

from django.core.exceptions import ImproperlyConfigured
from rest_framework.exceptions import NotFound

from accounts.models import Membership


class TenantScopedMixin:
    # The lookup from the view's model to its Account's id, e.g. "account_id" or "backlog__account_id".
    tenant_lookup = "account_id"
    # The URL keyword naming the parent account in parent-scoped routes (/api/accounts/{account_id}/…).
    parent_account_kwarg = "account_id"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Checked here, before any handler, so that every verb of every parent-scoped route refuses another
        # account's id alike: it looks like a missing account (404), whatever the rest of the URL names.
        named = kwargs.get(self.parent_account_kwarg)
        account = getattr(request, "account", None)
        if named is not None and (account is None or str(named) != str(account.pk)):
            raise NotFound()

    def get_queryset(self):
        if self.queryset is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a queryset")
        return self.queryset.filter(**{self.tenant_lookup: self.request.account.pk})

    @cached_property
    def membership(self) -> Membership | None:
        return request_membership(self.request)


def membership_remember(request, membership: Membership | None) -> None:
    """Authentication already read the membership of the key's user in the key's account (with the key)."""
    request._membership_cache = membership


def request_membership(request) -> Membership | None:
    """The membership of the key's user in the key's account (cached on the request)."""
    cached = getattr(request, "_membership_cache", False)
    if cached is False:
        cached = None
        if getattr(request, "account", None) is not None and request.user is not None:
            cached = (
                Membership.objects.select_related("account", "user")
                .filter(account=request.account, user=request.user)
                .first()
            )
        request._membership_cache = cached
    return cached
