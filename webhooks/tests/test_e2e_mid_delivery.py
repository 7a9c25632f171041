"""Deleting a webhook, or rotating its secret, while a real worker is delivering to it, on PostgreSQL:
never a 5xx, never a deadlock (issue 16, item 9).

The race that answered 500: a webhook delete collected its deliveries' attempts, deleted them, then
waited on a delivery row; meanwhile the worker recorded a new attempt for another of its deliveries and
committed; the delete then removed that delivery, and its commit failed on the attempt's foreign key.
The test makes the delete wait exactly there, by holding a lock on one delivery row from outside."""

import os
import threading
import time

import pytest

from webhooks.tests.receiver import Receiver
from webhooks.tests.stack import DEFAULT_BROKER, Stack, redis_reachable, wait_until

BROKER = os.environ.get("E2E_CELERY_BROKER_URL", DEFAULT_BROKER)


def scratch_database(base_url: str):
    """A fresh database next to the test one (the worker cannot see pytest's): (url, admin, name)."""
    import environ
    import psycopg

    config = environ.Env.db_url_config(base_url)
    name = f"test_{config['NAME'].removeprefix('test_')}_e2e"
    params = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"] or "postgres",
        "password": config["PASSWORD"] or None,
    }
    admin = psycopg.connect(**params, dbname="postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    host = f"{params['user']}@{params['host']}:{params['port']}"
    return f"postgres://{host}/{name}", admin, name, lambda: psycopg.connect(**params, dbname=name)


@pytest.mark.e2e
def test_delete_and_rotate_while_a_worker_is_mid_delivery_on_postgresql(tmp_path):
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    unreachable = redis_reachable(BROKER)
    if unreachable:
        pytest.skip(f"needs Redis at {BROKER} (set E2E_CELERY_BROKER_URL): {unreachable}")
    url, admin, name, connect = scratch_database(base)
    entered, release = threading.Event(), threading.Event()
    hold = {"on": False}

    def held(record):
        if hold["on"]:
            hold["on"] = False
            entered.set()
            release.wait(30)

    try:
        with Receiver(on_request=held) as receiver, Stack(tmp_path, broker_url=BROKER, database_url=url) as stack:
            stack.purge_broker()
            stack.manage("migrate", "--noinput")
            stack.start_worker()
            setup = stack.driver("setup", receiver.url)
            key, webhook_id = setup["key"], str(setup["webhook_id"])
            assert receiver.wait_for(1, timeout=30)  # webhook_created, delivered

            # Rotation while the worker is mid-post: answered at once.
            hold["on"] = True
            stack.driver("emit", "1")
            assert entered.wait(30)
            started = time.monotonic()
            assert stack.driver("rotate", key, webhook_id)["status"] == 200
            assert time.monotonic() - started < 20
            release.set()
            assert wait_until(lambda: stack.driver("status")["deliveries"][-1]["status"] == "succeeded", timeout=30)

            # Deletion: hold the first delivery's row from outside, so the delete waits in the middle...
            entered.clear()
            release.clear()
            with connect() as outside:
                first = outside.execute("SELECT min(id) FROM webhooks_delivery").fetchone()[0]
                outside.execute("SELECT id FROM webhooks_delivery WHERE id = %s FOR UPDATE", [first])
                hold["on"] = True
                stack.driver("emit", "1")
                assert entered.wait(30), "the worker never posted"
                answer = {}
                deleting = threading.Thread(target=lambda: answer.update(stack.driver("delete", key, webhook_id)))
                deleting.start()
                # Wait until the delete is really waiting on the held row (its process takes a while to start).
                with connect() as watcher:
                    watcher.autocommit = True
                    waiting = wait_until(
                        lambda: watcher.execute(
                            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                            " AND wait_event_type = 'Lock'"
                        ).fetchone()[0],
                        timeout=60,
                    )
                assert waiting, "the delete never reached the held row"
                # ...while the worker finishes its post and records the attempt.
                release.set()
                with connect() as watcher:
                    recorded = wait_until(
                        lambda: (
                            watcher.execute(
                                "SELECT count(*) FROM webhooks_deliveryattempt a JOIN webhooks_delivery d"
                                " ON d.id = a.delivery_id WHERE d.attempts = 1 AND d.status = 'succeeded'"
                            ).fetchone()[0]
                            >= 3
                        ),
                        timeout=10,
                    )
                outside.rollback()  # let the delete go on
            deleting.join(60)
            assert not deleting.is_alive(), "the delete never finished (deadlock?)"
            assert answer["status"] in (200, 204), answer
            assert recorded is not None
            assert stack.driver("status")["deliveries"] == []
            # The worker is alive and well: a new webhook gets its webhook_created event.
            assert stack.worker and stack.worker.poll() is None
            assert not any("Traceback" in line for line in stack.worker_log), "".join(stack.worker_log[-40:])
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
