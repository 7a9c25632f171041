"""Webhook delivery benchmark: events per second from commit to a local receiver through Redis and one
Celery worker, and the latency from commit to receipt (median, p99).

    /work/main/.venv/bin/python bench/bench_webhooks.py [--events 1000] [--paced 200] [--concurrency 1]
        [--database-url postgres://postgres@127.0.0.1:5432/wt_issue8_bench?conn_max_age=600]
        [--broker redis://127.0.0.1:6379/8]

It migrates and flushes a scratch database (created if missing), starts one worker (`celery worker -P
solo`), and in this process runs the receiver (a threaded http.server on 127.0.0.1) and the emitter: each
event is `event_emit` in its own transaction; its commit time is taken by an on-commit callback
registered before the event's. Two runs:

- burst: all events committed as fast as possible; throughput = events / (last receipt - first commit),
  latency includes time spent queued behind earlier events;
- paced: one event at a time, the next only after the previous was received: latency without queueing.
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def ensure_postgres_database(url: str) -> None:
    import environ
    import psycopg

    config = environ.Env.db_url_config(url)
    admin = psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000, help="events in the burst run")
    parser.add_argument("--paced", type=int, default=200, help="events in the paced (one at a time) run")
    # Workers keep their database connection between tasks (CONN_MAX_AGE); with 0, Celery's Django fix-up
    # reconnects after every task, which halves throughput. SQLite cannot take a burst from two writers.
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/wt_issue8_bench?conn_max_age=600")
    parser.add_argument("--concurrency", type=int, default=1, help="worker processes (1: the solo pool)")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/8")
    args = parser.parse_args()

    from webhooks.tests.receiver import Receiver
    from webhooks.tests.stack import Stack, redis_reachable

    unreachable = redis_reachable(args.broker)
    if unreachable:
        raise SystemExit(f"Redis is needed at {args.broker}: {unreachable}")
    workdir = Path(tempfile.mkdtemp(prefix="bench-webhooks-"))
    if args.database_url and args.database_url.startswith("postgres"):
        ensure_postgres_database(args.database_url)
    stack = Stack(workdir, broker_url=args.broker, database_url=args.database_url)
    os.environ.update(stack.env)
    stack.purge_broker()
    stack.manage("migrate", "--noinput")
    stack.manage("flush", "--noinput")

    import django

    django.setup()
    from django.db import transaction

    from accounts.services import account_create
    from webhooks import services
    from webhooks.models import Event

    received: dict[str, float] = {}
    lock = threading.Lock()
    arrived = threading.Condition(lock)

    def on_request(record):
        with lock:
            received.setdefault(record["headers"]["webhook-id"], time.time())
            arrived.notify_all()

    with Receiver(on_request=on_request) as receiver, stack:
        account = account_create(
            slug="bench", name="Bench", owner_username="bench", owner_email="bench@example.com", owner_password="pw"
        )
        user = account.memberships.get().user
        services.webhook_create(account=account, user=user, url=receiver.url, events=["ticket_created"])
        stack.start_worker(concurrency=args.concurrency)

        def emit(n, committed):
            with transaction.atomic():
                transaction.on_commit(lambda: committed.append(time.time()))
                event = services.event_emit(account=account, event_type="ticket_created", data={"n": n})
            return event.message_id

        def wait_for(ids, timeout):
            deadline = time.monotonic() + timeout
            with lock:
                while not all(i in received for i in ids) and time.monotonic() < deadline:
                    arrived.wait(0.5)
                return [i for i in ids if i not in received]

        # Warm up: the first delivery pays for imports and connections.
        warm = []
        wait_for([emit(-1, warm)], 30)

        committed: list[float] = []
        ids = [emit(n, committed) for n in range(args.events)]
        emit_seconds = committed[-1] - committed[0]
        missing = wait_for(ids, 600)
        burst_latency = [(received[i] - t) * 1000 for i, t in zip(ids, committed, strict=True) if i in received]
        span = max(received[i] for i in ids if i in received) - committed[0]

        paced_latency = []
        for n in range(args.paced):
            when: list[float] = []
            message_id = emit(n, when)
            if wait_for([message_id], 30):
                break
            paced_latency.append((received[message_id] - when[0]) * 1000)

    engine = stack.env["DATABASE_URL"].split(":", 1)[0]
    pool = "-P solo" if args.concurrency == 1 else f"-P prefork -c {args.concurrency}"
    print(f"database: {engine}; broker: {args.broker}; one worker ({pool}); events in outbox: {Event.objects.count()}")
    print(
        f"burst: {args.events} events committed in {emit_seconds:.2f} s, "
        f"all received {span:.2f} s after the first commit"
    )
    print(f"  throughput: {len(burst_latency) / span:.0f} events/s (missing: {len(missing)})")
    print(
        f"  commit-to-receipt latency under burst: median {statistics.median(burst_latency):.0f} ms, "
        f"p99 {percentile(burst_latency, 99):.0f} ms"
    )
    print(
        f"paced: {len(paced_latency)} events one at a time: median {statistics.median(paced_latency):.1f} ms, "
        f"p99 {percentile(paced_latency, 99):.1f} ms"
    )


if __name__ == "__main__":
    main()
