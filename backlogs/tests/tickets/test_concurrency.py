"""Concurrent creates never share a slug and never make two default backlogs (PostgreSQL only:
SQLite serialises every writer, so a race cannot happen there)."""

import threading

import pytest
from django.db import connection

from backlogs.models import Backlog, Ticket, TicketType
from backlogs.tickets import services

from .conftest import org_client

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8
PER_THREAD = 6


def run_in_threads(work) -> list:
    errors, barrier = [], threading.Barrier(THREADS)

    def worker():
        try:
            barrier.wait()
            for _ in range(PER_THREAD):
                work()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is exercised against PostgreSQL (SQLite serialises every writer)")


def test_concurrent_service_creates_get_distinct_numbers_and_one_default_backlog(tenant):
    account = tenant.account
    bug = TicketType.objects.get(account=account, key="bug")

    def create():
        services.ticket_create(account=account, user=tenant.user, fields={"title": "race", "ticket_type": bug})

    assert run_in_threads(create) == []
    numbers = sorted(Ticket.objects.filter(account=account).values_list("number", flat=True))
    assert numbers == list(range(1, THREADS * PER_THREAD + 1))
    assert Backlog.objects.filter(account=account).count() == 1


def test_concurrent_api_creates_answer_distinct_slugs(tenant):
    url = f"/api/v1/ext/orgs/{tenant.account.slug}/tickets"
    slugs, statuses = [], []
    clients = threading.local()

    def create():
        if not hasattr(clients, "client"):
            clients.client = org_client(tenant)
        response = clients.client.post(url, {"title": "race", "type": "feature"}, format="json")
        statuses.append(response.status_code)
        if response.status_code == 201:
            slugs.append(response.json()["ticket"]["slug"])

    assert run_in_threads(create) == []
    assert set(statuses) == {201}
    assert len(slugs) == len(set(slugs)) == THREADS * PER_THREAD
