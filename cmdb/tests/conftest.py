"""Fixtures of the CMDB tests: the service desk's BOSSDesk clients and members, and CIs."""

import pytest

from cmdb import services
from cmdb.models import CIStatus, CIType
from helpdesk.tests.conftest import (  # noqa: F401  (fixtures shared with the service desk tests)
    add_member,
    agent,
    agent_client,
    bd,
    bossdesk_client,
    bossdesk_error,
    end_user,
    end_user_client,
    make_ticket,
    other_bd,
)


@pytest.fixture
def make_ci(tenant):
    def make(account=None, actor=None, **fields):
        account = account or tenant.account
        fields.setdefault("name", "BOSS-1000")
        fields.setdefault("type", CIType.objects.filter(account=account, name="Computer").first())
        fields.setdefault("status", CIStatus.objects.filter(account=account, name="Active").first())
        extras = {name: fields.pop(name) for name in ("tags", "users", "tickets", "inventory") if name in fields}
        return services.ci_create(account=account, actor=actor or tenant, fields=fields, **extras)

    return make
