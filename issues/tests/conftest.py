import pytest

from accounts.models import Company
from backlog_site.api.testing import api_client, issue_key
from issues.models import Category, Issue, IssueEvent


def bearer(membership):
    key = issue_key(membership)
    return api_client(key, value=f"Bearer {key}")


@pytest.fixture
def it_client(tenant):
    return bearer(tenant)


@pytest.fixture
def it_other_client(other_tenant):
    return bearer(other_tenant)


def make_company(account, name="ConnectNow", is_public=True):
    return Company.objects.create(account=account, name=name, is_public=is_public)


def make_category(company, name="IT department"):
    return Category.objects.create(company=company, name=name)


def make_issue(category, name="Server login issues", severity="critical", description="Down", closed_at=None):
    issue = Issue.objects.create(
        account=category.company.account, name=name, severity=severity, description=description, closed_at=closed_at
    )
    issue.categories.set([category])
    IssueEvent.objects.create(issue=issue, kind="created", description=description)
    return issue


@pytest.fixture
def company(tenant):
    return make_company(tenant.account)


@pytest.fixture
def category(company):
    return make_category(company)


@pytest.fixture
def other_category(other_tenant):
    return make_category(make_company(other_tenant.account, "Globex Co"), "Globex IT")


def laravel_error(response):
    body = response.json()
    assert set(body) <= {"message", "errors"} and body["message"], body
    if response.status_code == 422:
        assert isinstance(body["errors"], dict) and body["errors"], body


@pytest.fixture
def celery_eager():
    """Run Celery tasks in-process, as they are queued (after commit)."""
    from backlog_site.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved
