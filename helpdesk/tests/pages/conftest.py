"""Fixtures of the portal pages' tests: signed-in clients and a category with a required custom field."""

import pytest
from django.test import Client

from accounts.models import CustomField
from backlog_site.page_testing import signed_in
from helpdesk.models import CustomFieldCategory, HelpdeskCategory


@pytest.fixture
def end_user_page(end_user) -> Client:
    return signed_in(end_user)


@pytest.fixture
def agent_page(agent) -> Client:
    return signed_in(agent)


@pytest.fixture
def hardware(tenant):
    return HelpdeskCategory.objects.get(account=tenant.account, name="Hardware")


@pytest.fixture
def serial_field(tenant, hardware):
    """A required custom field that applies only to Hardware requests."""
    field = CustomField.objects.create(
        account=tenant.account,
        name="Serial number",
        owner_class="ticket",
        type_id=CustomField.Kind.STRING,
        required=True,
    )
    CustomFieldCategory.objects.create(custom_field=field, category=hardware)
    return field
