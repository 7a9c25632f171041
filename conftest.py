"""Fixtures shared by every app's tests: two tenants, each with an owner and an API key."""

import pytest
from django.core.cache import cache

from accounts.models import Membership
from accounts.services import account_create
from backlog_site.api.testing import api_client, issue_key

pytest_plugins = ["backlog_site.browser_testing"]


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.STATUS_SUBSCRIBE_RATE_PER_HOUR = 1000


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Failed sign-ins are counted in the cache (per name and per address: every test client is 127.0.0.1), and
    # so are rate limits: each test starts with none of another test's.
    cache.clear()


def make_tenant(slug: str, prefix: str = "") -> Membership:
    account = account_create(
        slug=slug,
        name=slug.title(),
        owner_username=f"{slug}-owner",
        owner_email=f"owner@{slug}.example",
        owner_password="pw-" + slug,
        ticket_prefix=prefix,
    )
    return Membership.objects.select_related("account", "user").get(account=account)


@pytest.fixture
def tenant(db) -> Membership:
    """The owner's membership in the account under test."""
    return make_tenant("acme", "AM")


@pytest.fixture
def other_tenant(db) -> Membership:
    return make_tenant("globex", "GX")


@pytest.fixture
def raw_key(tenant) -> str:
    return issue_key(tenant)


@pytest.fixture
def client(raw_key):
    """An API client authenticated as the tenant's owner (`Authorization: token K`)."""
    return api_client(raw_key)


@pytest.fixture
def other_client(other_tenant):
    return api_client(issue_key(other_tenant))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Lets fixtures see whether the test failed (the browser fixture saves a screenshot then).
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
