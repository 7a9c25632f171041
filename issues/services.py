"""Operations of the Issue Tracker, used by every surface (API, admin, demo data).

Each is keyword-only and transactional. Notifications (e-mail, webhooks) are queued in the same
transaction and leave only after it commits, so a rolled-back change tells nobody.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from rest_framework import status

from accounts.models import Account, Company
from accounts.services import company_save
from backlog_site.api.errors import ApplicationError, refusal

from . import notifications
from .models import Category, Issue, IssueEvent, Subscription

CLOSED_MESSAGE = "This issue is closed."


def categories_owned(*, account: Account, category_ids: Iterable[int], field: str = "category_ids") -> list[Category]:
    """The named categories, each of which must exist (else 422) and belong to a company of `account`
    (else 403: the key may not act on another account's company)."""
    ids = list(dict.fromkeys(category_ids))
    if not ids:
        raise ValidationError({field: refusal("blank")})
    found = {c.pk: c for c in Category.objects.select_related("company").filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError({field: refusal("unknown", ids=missing)})
    if any(c.company.account_id != account.pk for c in found.values()):
        raise ApplicationError(
            "You do not have access to the company of every category.", status_code=status.HTTP_403_FORBIDDEN
        )
    return [found[i] for i in ids]


def company_owned(*, account: Account, company_id: int) -> Company:
    company = Company.objects.filter(pk=company_id).first()
    if company is None:
        raise ValidationError({"company_id": refusal("unknown")})
    if company.account_id != account.pk:
        raise ApplicationError("You do not have access to this company.", status_code=status.HTTP_403_FORBIDDEN)
    return company


@transaction.atomic
def company_create(*, account: Account, name: str, is_public: bool = True) -> Company:
    return company_save(company=Company(account=account), fields={"name": name, "is_public": is_public})


@transaction.atomic
def company_update(*, company: Company, fields: dict) -> Company:
    return company_save(company=company, fields=fields)


@transaction.atomic
def company_delete(*, company: Company) -> None:
    company.delete()


@transaction.atomic
def category_create(*, account: Account, company_id: int, name: str) -> Category:
    category = Category(company=company_owned(account=account, company_id=company_id), name=name)
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def category_update(*, category: Category, name: str) -> Category:
    category.name = name
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def category_delete(*, category: Category) -> None:
    category.delete()


@transaction.atomic
def issue_create(*, account: Account, category_ids: list[int], name: str, description: str, severity: str) -> Issue:
    categories = categories_owned(account=account, category_ids=category_ids)
    issue = Issue(account=account, name=name, description=description, severity=severity)
    issue.full_clean()
    issue.save()
    issue.categories.set(categories)
    event = IssueEvent.objects.create(issue=issue, kind=IssueEvent.Kind.CREATED, description=description)
    notifications.issue_event_announce(event=event)
    return issue


def _refuse_closed(issue: Issue) -> None:
    if issue.is_closed:
        raise ApplicationError(CLOSED_MESSAGE, status_code=status.HTTP_403_FORBIDDEN)


def _lock(issue: Issue) -> Issue:
    """The issue re-read under a row lock, so that two closes (or a close and an update) serialise."""
    return Issue.objects.select_for_update().get(pk=issue.pk)


@transaction.atomic
def issue_update(
    *, issue: Issue, name: str, description: str, severity: str, category_ids: list[int] | None = None
) -> Issue:
    """Update an open issue; `category_ids`, when given, replaces the issue's categories. The issue is the
    key's account's (tenant scoping), so its current categories are; every new one must be too."""
    issue = _lock(issue)
    _refuse_closed(issue)
    new_categories = None
    if category_ids is not None:
        new_categories = categories_owned(account=issue.account, category_ids=category_ids)
    issue.name, issue.description, issue.severity = name, description, severity
    issue.full_clean()
    issue.save()
    if new_categories is not None:
        issue.categories.set(new_categories)
    event = IssueEvent.objects.create(issue=issue, kind=IssueEvent.Kind.UPDATED, description=description)
    notifications.issue_event_announce(event=event)
    return issue


@transaction.atomic
def issue_close(*, issue: Issue, description: str) -> Issue:
    issue = _lock(issue)
    _refuse_closed(issue)
    issue.closed_at = timezone.now()
    issue.save(update_fields=["closed_at", "updated_at"])
    event = IssueEvent.objects.create(issue=issue, kind=IssueEvent.Kind.CLOSED, description=description)
    notifications.issue_event_announce(event=event)
    return issue


@transaction.atomic
def issue_delete(*, issue: Issue) -> None:
    issue.delete()


@transaction.atomic
def subscription_create(*, account: Account, email: str, category: Category | None = None, issue: Issue | None = None):
    """(subscription, created). A new subscription is e-mailed a confirmation link; an existing one,
    confirmed or not, is left alone and nothing is sent."""
    email = email.strip().lower()
    subscription, created = Subscription.objects.get_or_create(
        category=category, issue=issue, email=email, defaults={"account": account}
    )
    if created:
        notifications.subscription_announce(subscription=subscription)
    return subscription, created


@transaction.atomic
def subscription_confirm(*, subscription: Subscription) -> Subscription:
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


@transaction.atomic
def subscription_delete(*, subscription: Subscription) -> None:
    subscription.delete()
