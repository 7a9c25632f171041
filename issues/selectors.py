"""Read helpers of the issues app for the public status pages (no key, no login).

"Public" means what an anonymous read of the Issue Tracker API sees: companies with `is_public`,
their categories, and issues filed in at least one of those categories. Every helper here is narrowed
to one account and runs a fixed number of queries whatever the number of rows.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from accounts.models import Account, Company

from .models import Category, Issue, IssueEvent, Severity

RECENTLY_CLOSED_DAYS = 30
FEED_ITEMS = 50


def public_account(*, slug: str) -> Account | None:
    """The account with this slug, if it shows anything publicly (at least one public company)."""
    public_company = Company.objects.filter(account=OuterRef("pk"), is_public=True)
    return Account.objects.filter(slug=slug).filter(Exists(public_company)).first()


def public_companies(*, account: Account) -> QuerySet[Company]:
    # The status page lists each company's categories: prefetch them (one query for all companies).
    return Company.objects.filter(account=account, is_public=True).prefetch_related(
        Prefetch("issue_categories", queryset=Category.objects.order_by("name", "id"))
    )


def public_categories(*, account: Account) -> QuerySet[Category]:
    return Category.objects.filter(company__account=account, company__is_public=True)


def public_issues(*, account: Account) -> QuerySet[Issue]:
    """The account's issues filed in at least one public category; each carries its public categories
    (prefetched with their company, for `issue.categories.all`) and its last event, annotated as
    `last_event_kind`, `last_event_description` and `last_event_at`."""
    public_link = Issue.categories.through.objects.filter(issue_id=OuterRef("pk"), category__company__is_public=True)
    last_event = IssueEvent.objects.filter(issue_id=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        Issue.objects.filter(account=account)
        .filter(Exists(public_link))
        .annotate(
            last_event_kind=Subquery(last_event.values("kind")[:1]),
            last_event_description=Subquery(last_event.values("description")[:1]),
            last_event_at=Subquery(last_event.values("created_at")[:1]),
        )
        # Each issue lists the categories it is filed in — only public ones, never a private company's.
        .prefetch_related(
            Prefetch(
                "categories",
                queryset=public_categories(account=account).select_related("company").order_by("name", "id"),
            )
        )
    )


def status_overview(*, account: Account) -> dict:
    """What the status page shows: public companies with their categories, open issues grouped by
    severity (most recently updated first) and the issues closed in the last 30 days."""
    companies = list(public_companies(account=account))
    issues = public_issues(account=account)
    open_issues = list(issues.filter(closed_at__isnull=True).order_by("-updated_at", "-id"))
    since = timezone.now() - timedelta(days=RECENTLY_CLOSED_DAYS)
    closed = list(issues.filter(closed_at__gte=since).order_by("-closed_at", "-id"))
    groups = [
        {
            "severity": value,
            "label": label,
            "issues": [issue for issue in open_issues if issue.severity == value],
        }
        for value, label in Severity.choices
    ]
    return {
        "companies": companies,
        "severity_groups": groups,
        "open_count": len(open_issues),
        "recently_closed": closed,
        "recently_closed_days": RECENTLY_CLOSED_DAYS,
    }


def public_issue(*, account: Account, issue_id: int) -> Issue | None:
    """One public issue of the account with its history (`issue.events.all`, oldest first)."""
    # The issue page lists every event of the issue's history.
    events = Prefetch("events", queryset=IssueEvent.objects.order_by("created_at", "id"))
    return public_issues(account=account).prefetch_related(events).filter(pk=issue_id).first()


def public_category(*, account: Account, category_id) -> Category | None:
    return public_categories(account=account).select_related("company").filter(pk=category_id).first()


def feed_issues(*, account: Account) -> list[Issue]:
    """The account's public issues for the Atom feed, most recently updated first."""
    return list(public_issues(account=account).order_by("-updated_at", "-id")[:FEED_ITEMS])
