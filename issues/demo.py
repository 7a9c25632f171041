"""Demo data for `seed_demo`: a public company with two categories and a few issues (idempotent)."""

from accounts.models import Company

from .models import Category, Issue, IssueEvent


def demo_fill(account) -> None:
    company, _ = Company.objects.get_or_create(account=account, name="ConnectNow", defaults={"is_public": True})
    it, _ = Category.objects.get_or_create(company=company, name="IT department")
    facilities, _ = Category.objects.get_or_create(company=company, name="Facilities")
    samples = [
        (it, "Server login issues", "critical", "Logins to the file server time out."),
        (facilities, "Bad printers on floor 2", "info", "The printers on floor 2 jam on A3 paper."),
    ]
    for category, name, severity, description in samples:
        if not Issue.objects.filter(account=account, name=name).exists():
            issue = Issue.objects.create(account=account, name=name, severity=severity, description=description)
            issue.categories.set([category])
            IssueEvent.objects.create(issue=issue, kind=IssueEvent.Kind.CREATED, description=description)
