"""Who may read and write the Issue Tracker: anonymous reads see public companies (and their categories
and issues) of every account; a key reads and writes its own account's only."""

from django.db.models import Exists, OuterRef
from rest_framework import permissions

from accounts.models import Company
from backlog_site.api.permissions import API_PERMISSIONS
from backlog_site.api.tenancy import TenantScopedMixin
from issues.models import Category, Issue


class PublicReadKeyWrite(permissions.BasePermission):
    """GET without a key is allowed (public reads); anything else, or any request with a key, must pass
    the usual key and membership checks — a write without a key answers 401."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS and request.auth is None:
            return True
        return all(permission().has_permission(request, view) for permission in API_PERMISSIONS)


def request_account(request):
    return getattr(request, "account", None) if request.auth is not None else None


def visible_companies(request):
    account = request_account(request)
    if account is None:
        return Company.objects.filter(is_public=True)
    return Company.objects.filter(account=account)


def visible_categories(request):
    account = request_account(request)
    if account is None:
        return Category.objects.filter(company__is_public=True)
    return Category.objects.filter(company__account=account)


def visible_issues(request):
    account = request_account(request)
    if account is None:
        public_link = Issue.categories.through.objects.filter(
            issue_id=OuterRef("pk"), category__company__is_public=True
        )
        return Issue.objects.filter(Exists(public_link))
    return Issue.objects.filter(account=account)


class IssueTrackerScopedMixin(TenantScopedMixin):
    """Tenant scoping for the Issue Tracker: the key's account, or the public rows for anonymous reads."""

    permission_classes = [PublicReadKeyWrite]

    def visible(self, request):
        raise NotImplementedError

    def get_queryset(self):
        return self.visible(self.request)
