"""Writing the outbox: `events_emit` writes a bulk change's events with a fixed number of statements, and a
transaction wakes the dispatcher once however many events it emits."""

from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from webhooks import services, wake
from webhooks.models import Delivery, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_hooks(tenant, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    hooks = [
        services.webhook_create(
            account=tenant.account, user=tenant.user, url=f"http://127.0.0.1:9/{n}", events=["ticket_created"]
        )[0]
        for n in range(2)
    ]
    Event.objects.all().delete()
    return hooks


def bulk(tenant, n):
    return services.events_emit(
        account=tenant.account, event_type="ticket_created", data_list=[{"n": i} for i in range(n)]
    )


@pytest.mark.parametrize("n", [1, 40])
def test_a_bulk_emit_costs_the_same_statements_for_one_event_or_forty(tenant, two_hooks, n):
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        events = bulk(tenant, n)
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("SELECT", "INSERT"))]
    assert len(writes) == 3  # the targets, the events, the deliveries
    assert [e.data for e in events] == [{"n": i} for i in range(n)]
    assert len({e.message_id for e in events}) == n and all(e.message_id.startswith("msg_") for e in events)
    assert Delivery.objects.filter(event__in=events).count() == 2 * n
    assert set(Delivery.objects.values_list("webhook_id", flat=True)) == {h.pk for h in two_hooks}


def test_no_webhook_wants_it_stores_nothing(tenant, two_hooks):
    assert services.events_emit(account=tenant.account, event_type="issue_created", data_list=[{"n": 1}]) == []
    assert not Event.objects.exists()


def test_one_wake_up_per_commit_however_many_events(tenant, two_hooks, django_capture_on_commit_callbacks):
    with mock.patch.object(wake, "wake") as woken:
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                for n in range(5):
                    services.event_emit(account=tenant.account, event_type="ticket_created", data={"n": n})
                bulk(tenant, 10)
        assert woken.call_count == 1
        # The next commit wakes again.
        with django_capture_on_commit_callbacks(execute=True):
            services.event_emit(account=tenant.account, event_type="ticket_created", data={"n": 99})
        assert woken.call_count == 2


def test_a_rolled_back_savepoint_keeps_the_wake_up_of_what_commits(
    tenant, two_hooks, django_capture_on_commit_callbacks
):
    with mock.patch.object(wake, "wake") as woken:
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        services.event_emit(account=tenant.account, event_type="ticket_created", data={"n": 1})
                        raise RuntimeError("this part fails")
                except RuntimeError:
                    pass
                services.event_emit(account=tenant.account, event_type="ticket_created", data={"n": 2})
        assert woken.call_count == 1
    assert list(Event.objects.values_list("data", flat=True)) == [{"n": 2}]
