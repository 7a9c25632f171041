"""Optimistic locking under real concurrency: two agents updating one ticket can never both win.

Needs PostgreSQL (row locks across connections); skipped on SQLite."""

import threading

import pytest
from django.db import connection, transaction

from backlog_site.api.errors import ApplicationError
from helpdesk.models import Ticket
from helpdesk.services.tickets import ticket_update

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_two_concurrent_updates_with_the_same_lock_version_cannot_both_win(make_ticket, tenant, agent):
    ticket = make_ticket()
    first_updated = threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                ticket_update(ticket=ticket, actor=tenant, fields={"title": "First"}, lock_version=0)
                first_updated.set()
                # Hold the transaction open while the second agent reads and tries to write.
                threading.Event().wait(0.5)
            outcome["first"] = "won"
        finally:
            first_updated.set()
            connection.close()

    def second():
        try:
            first_updated.wait(5)
            ticket_update(ticket=ticket, actor=agent, fields={"title": "Second"}, lock_version=0)
            outcome["second"] = "won"
        except ApplicationError as exc:
            outcome["second"] = exc.status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert outcome == {"first": "won", "second": 409}
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert (ticket.title, ticket.lock_version) == ("First", 1)
