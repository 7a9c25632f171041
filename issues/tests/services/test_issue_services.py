"""issues.services: the rules every surface shares."""

import pytest

from backlog_site.api.errors import ApplicationError
from issues import services
from issues.models import Subscription
from issues.tests.conftest import make_issue

pytestmark = pytest.mark.django_db


def test_issue_close_refuses_a_closed_issue(category):
    issue = services.issue_close(issue=make_issue(category), description="Fixed")
    with pytest.raises(ApplicationError) as refused:
        services.issue_close(issue=issue, description="again")
    assert refused.value.status_code == 403
    assert list(issue.events.values_list("kind", flat=True)) == ["created", "closed"]


def test_subscription_create_is_idempotent_per_address(category):
    first, created = services.subscription_create(
        account=category.company.account, email=" Fan@Example.com", category=category
    )
    again, created_again = services.subscription_create(
        account=category.company.account, email="fan@example.com", category=category
    )
    assert created and not created_again and first.pk == again.pk
    assert Subscription.objects.count() == 1


def test_categories_owned_tells_missing_from_foreign(tenant, category, other_category):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.categories_owned(account=tenant.account, category_ids=[category.pk, 999999])
    with pytest.raises(ApplicationError) as refused:
        services.categories_owned(account=tenant.account, category_ids=[category.pk, other_category.pk])
    assert refused.value.status_code == 403
