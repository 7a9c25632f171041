import threading

import pytest
from django.db import connection

from accounts.services import sequence_next


@pytest.mark.django_db
def test_sequence_counts_per_account_and_name(tenant, other_tenant):
    first = sequence_next(account=tenant.account, name="ticket")
    assert sequence_next(account=tenant.account, name="ticket") == first + 1
    assert sequence_next(account=other_tenant.account, name="ticket") == 1
    assert sequence_next(account=tenant.account, name="other") == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_callers_never_share_a_number(tenant):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is exercised against PostgreSQL (SQLite serialises every writer)")
    account = tenant.account
    results, errors = [], []

    def worker():
        try:
            for _ in range(10):
                results.append(sequence_next(account=account, name="race"))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == list(range(1, 81))
