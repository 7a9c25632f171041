import pytest

from backlog_site.api.testing import api_client, issue_key
from webhooks.tests.receiver import Receiver


def bearer(membership):
    key = issue_key(membership)
    return api_client(key, value=f"Bearer {key}")


@pytest.fixture
def it_client(tenant):
    return bearer(tenant)


@pytest.fixture
def it_other_client(other_tenant):
    return bearer(other_tenant)


@pytest.fixture
def private_ok(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    settings.WEBHOOKS_RETRY_SCHEDULE = [0, 0]
    return settings


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


@pytest.fixture
def celery_eager():
    from backlog_site.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


def laravel_error(response):
    body = response.json()
    assert set(body) <= {"message", "errors"} and body["message"], body
