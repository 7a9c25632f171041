"""Webhook delivery benchmark: events per second from commit to receipt, through PostgreSQL, Redis and
one Celery worker running the batched dispatcher, with the latency from commit to receipt.

    .venv/bin/python bench/bench_webhooks.py \\
        [--events 60000] [--rate 1000] [--runs steady,kills,fairness] [--burst 50000] \\
        [--producers 3] [--per-tx 5] [--concurrency 1] [--kill-every 5] \\
        [--database-url postgres://postgres@127.0.0.1:5432/wt_hooks_bench?conn_max_age=600] \\
        [--broker redis://127.0.0.1:6379/11] [--port 8610]

    (a small version: --events 3000 --rate 500 --burst 3000)

Each run migrates and flushes the scratch database (created if missing), empties the broker's Redis
database, and starts:
- a receiver in its own process: a keep-alive HTTP/1.1 server on 127.0.0.1 (asyncio) that checks every
  Standard Webhooks signature and writes down each webhook-id with its arrival time;
- the worker: `celery worker -P solo` (or `-P prefork -c N` with --concurrency N);
- producers: --producers processes, each committing its share of --rate with `events_emit` (the bulk
  form of `event_emit`: one INSERT of events and one of deliveries), --per-tx events per transaction;
  each event's commit time is taken by an on-commit callback registered before the events' own (their
  wake-up). Each prints the rate it achieved.
This process plays beat: it runs the outbox sweep every second.

Runs:
- steady: --events at --rate; prints sustained events/s (received / (last receipt - first commit)),
  p50/p99 commit-to-receipt, lost and duplicated counts;
- kills: the same with `kill -9` of the worker every --kill-every seconds (restarted at once), shorter
  leases (8 s) and timeouts; 0 lost expected, duplicates only with their original webhook-id;
- fairness: account A commits --burst events as fast as the producers can, while account B commits one
  event every 100 ms to its own endpoint; prints B's p50/p99 and A's drain time.
"""

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))] if ordered else float("nan")


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


# --- the receiver (its own process) -------------------------------------------------------------------


def receiver_main(port: int, secrets_json: str, out: str) -> None:
    """Answer 200 to every POST; write `webhook-id<TAB>arrival<TAB>signature ok` lines to `out`."""
    keys = {path: base64.b64decode(secret.removeprefix("whsec_")) for path, secret in json.loads(secrets_json).items()}
    lines: list[str] = []

    def verified(path: str, headers: dict, body: bytes) -> bool:
        key = keys.get(path)
        if key is None:
            return False
        signed = f"{headers.get('webhook-id')}.{headers.get('webhook-timestamp')}.".encode() + body
        expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        return any(hmac.compare_digest(s, expected) for s in headers.get("webhook-signature", "").split(" "))

    async def handle(reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                request_line, *header_lines = head.decode("latin-1").split("\r\n")
                headers = {}
                for line in header_lines:
                    if ":" in line:
                        name, _, value = line.partition(":")
                        headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length") or 0))
                arrived = time.time()
                path = request_line.split(" ")[1]
                lines.append(f"{headers.get('webhook-id')}\t{arrived:.6f}\t{int(verified(path, headers, body))}\n")
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-type: text/plain\r\n\r\nok")
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def flush_forever():
        with open(out, "a") as sink:
            while True:
                await asyncio.sleep(0.2)
                chunk, lines[:] = "".join(lines), []
                sink.write(chunk)
                sink.flush()

    async def serve():
        server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=256)
        async with server:
            await asyncio.gather(server.serve_forever(), flush_forever())

    asyncio.run(serve())


# --- a producer (its own process) ---------------------------------------------------------------------


def producer_main(account_slug: str, count: int, rate: float, per_tx: int, start_at: float, out: str) -> None:
    import django

    django.setup()
    from django.db import transaction

    from accounts.models import Account
    from webhooks.services import events_emit

    account = Account.objects.get(slug=account_slug)
    done: list[tuple[str, float]] = []
    while time.time() < start_at:
        time.sleep(0.005)
    began = time.time()
    sent = 0
    while sent < count:
        if rate > 0:
            due = began + sent / rate
            pause = due - time.time()
            if pause > 0:
                time.sleep(pause)
        ids: list[str] = []
        with transaction.atomic():
            committed = len(done)
            transaction.on_commit(lambda ids=ids: done.extend((i, time.time()) for i in ids))
            batch = [{"n": n} for n in range(sent, sent + min(per_tx, count - sent))]
            ids.extend(e.message_id for e in events_emit(account=account, event_type="ticket_created", data_list=batch))
            sent += len(batch)
        assert len(done) > committed
    elapsed = time.time() - began
    Path(out).write_text("".join(f"{i}\t{t:.6f}\n" for i, t in done))
    print(json.dumps({"events": len(done), "seconds": round(elapsed, 2), "rate": round(len(done) / elapsed, 1)}))


# --- the conductor ------------------------------------------------------------------------------------


class Bench:
    def __init__(self, args, workdir: Path):
        from webhooks.tests.stack import Stack

        self.args = args
        self.workdir = workdir
        self.stack = Stack(workdir, broker_url=args.broker, database_url=args.database_url)
        os.environ.update(self.stack.env)

    def python(self, *argv, env=None):
        return subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), *argv],
            cwd=ROOT,
            env={**self.stack.env, **(env or {})},
            stdout=subprocess.PIPE,
            text=True,
        )

    def prepare(self, accounts: list[str], worker_env: dict):
        import django

        self.stack.env.update(worker_env)
        os.environ.update(worker_env)
        self.stack.purge_broker()
        self.stack.manage("migrate", "--noinput")
        self.stack.manage("flush", "--noinput")
        django.setup()
        from accounts.services import account_create
        from webhooks import services

        secrets = {}
        for slug in accounts:
            account = account_create(
                slug=slug, name=slug, owner_username=slug, owner_email=f"{slug}@example.com", owner_password="pw"
            )
            user = account.memberships.get().user
            url = f"http://127.0.0.1:{self.args.port}/{slug}"
            _, secrets[f"/{slug}"] = services.webhook_create(
                account=account, user=user, url=url, events=["ticket_created"]
            )
        self.receipts = self.workdir / f"receipts-{time.time():.0f}.tsv"
        self.receiver = self.python("receiver", str(self.args.port), json.dumps(secrets), str(self.receipts))
        time.sleep(1)
        self.stack.start_worker(concurrency=self.args.concurrency)

    def received(self) -> list[tuple[str, float, bool]]:
        if not self.receipts.exists():
            return []
        rows = []
        for line in self.receipts.read_text().splitlines():
            message_id, at, ok = line.split("\t")
            rows.append((message_id, float(at), ok == "1"))
        return rows

    def produce(self, slug: str, count: int, rate: float, producers: int, per_tx: int, start_in: float = 3.0):
        start_at = time.time() + start_in
        processes = []
        for n in range(producers):
            share = count // producers + (1 if n < count % producers else 0)
            out = self.workdir / f"commits-{slug}-{n}-{start_at:.0f}.tsv"
            process = self.python(
                "produce", slug, str(share), str(rate / producers), str(per_tx), str(start_at), str(out)
            )
            processes.append((process, out))
        return processes

    @staticmethod
    def collect(processes):
        commits, reports = {}, []
        for process, out in processes:
            stdout, _ = process.communicate(timeout=3600)
            reports.append(json.loads(stdout.strip().splitlines()[-1]))
            for line in out.read_text().splitlines():
                message_id, at = line.split("\t")
                commits[message_id] = float(at)
        return commits, reports

    def beat(self, stop: threading.Event):
        from webhooks import tasks

        while not stop.wait(1.0):
            try:
                tasks.outbox_sweep()
            except Exception as failure:  # the database restarting, say: try again in a second
                print(f"  sweep failed: {failure}", file=sys.stderr)

    def wait_received(self, expected: set[str], timeout: float) -> dict[str, list[float]]:
        deadline = time.monotonic() + timeout
        while True:
            arrivals: dict[str, list[float]] = {}
            for message_id, at, _ in self.received():
                arrivals.setdefault(message_id, []).append(at)
            if expected <= arrivals.keys() or time.monotonic() > deadline:
                return arrivals
            time.sleep(0.5)

    def finish(self):
        self.stack.stop_worker()
        self.receiver.terminate()
        self.receiver.wait(10)


def report(name, commits, arrivals, rows, reports, load):
    received = [message_id for message_id in commits if message_id in arrivals]
    lost = len(commits) - len(received)
    duplicates = sum(len(arrivals[m]) - 1 for m in received)
    foreign = [m for m in arrivals if m not in commits]
    latencies = [(min(arrivals[m]) - commits[m]) * 1000 for m in received]
    first_commit = min(commits.values())
    last_receipt = max(min(arrivals[m]) for m in received) if received else first_commit
    emitted = sum(r["events"] for r in reports) / max(r["seconds"] for r in reports)
    bad = sum(1 for _, _, ok in rows if not ok)
    print(f"{name}: {len(commits)} events committed at {emitted:.0f}/s ({len(reports)} producers)")
    print(
        f"  sustained {len(received) / (last_receipt - first_commit):.0f} events/s commit-to-receipt over "
        f"{last_receipt - first_commit:.1f} s; latency p50 {statistics.median(latencies):.0f} ms, "
        f"p99 {percentile(latencies, 99):.0f} ms, max {max(latencies):.0f} ms"
    )
    print(
        f"  lost {lost}, duplicated {duplicates} (all with their original webhook-id: "
        f"{'yes' if not foreign else f'no, {len(foreign)} unknown ids'}), bad signatures {bad}; loadavg {load}"
    )


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run_steady(bench: Bench, args, kills: bool):
    env = {}
    if kills:
        env = {
            "WEBHOOKS_LEASE_SECONDS": "8",
            "WEBHOOKS_CONNECT_TIMEOUT": "1",
            "WEBHOOKS_READ_TIMEOUT": "2",
            "WEBHOOKS_SWEEP_GRACE_SECONDS": "0",
        }
    bench.prepare(["bench"], env)
    stop = threading.Event()
    threading.Thread(target=bench.beat, args=(stop,), daemon=True).start()
    kill_count = [0]

    def killer():
        while not stop.wait(args.kill_every):
            bench.stack.kill_worker()
            kill_count[0] += 1
            bench.stack.start_worker(concurrency=args.concurrency)

    processes = bench.produce("bench", args.events, args.rate, args.producers, args.per_tx)
    if kills:
        threading.Thread(target=killer, daemon=True).start()
    commits, reports = bench.collect(processes)
    load = loadavg()
    if kills:
        time.sleep(1)
        stop.set()
    arrivals = bench.wait_received(set(commits), timeout=120)
    stop.set()
    rows = bench.received()
    bench.finish()
    report("kills" if kills else "steady", commits, arrivals, rows, reports, load)
    if kills:
        print(f"  the worker was killed {kill_count[0]} times (kill -9, every {args.kill_every} s)")


def run_fairness(bench: Bench, args):
    bench.prepare(["burst", "quiet"], {})
    stop = threading.Event()
    threading.Thread(target=bench.beat, args=(stop,), daemon=True).start()
    burst = bench.produce("burst", args.burst, 0, args.producers, args.per_tx)
    # B commits one event every 100 ms while A's burst is being committed and drained.
    quiet = bench.produce("quiet", int(args.burst / max(args.rate, 1) * 10) + 20, 10, 1, 1)
    burst_commits, burst_reports = bench.collect(burst)
    quiet_commits, _ = bench.collect(quiet)
    load = loadavg()
    arrivals = bench.wait_received(set(burst_commits) | set(quiet_commits), timeout=300)
    stop.set()
    bench.finish()
    latencies = [(min(arrivals[m]) - t) * 1000 for m, t in quiet_commits.items() if m in arrivals]
    drained = max(min(arrivals[m]) for m in burst_commits if m in arrivals) - min(burst_commits.values())
    emitted = sum(r["events"] for r in burst_reports) / max(r["seconds"] for r in burst_reports)
    print(
        f"fairness: account A burst {len(burst_commits)} events (committed at {emitted:.0f}/s), "
        f"drained in {drained:.1f} s"
    )
    print(
        f"  account B: {len(quiet_commits)} single events during it, p50 {statistics.median(latencies):.0f} ms, "
        f"p99 {percentile(latencies, 99):.0f} ms, max {max(latencies):.0f} ms; "
        f"lost A {len(set(burst_commits) - arrivals.keys())}, B {len(set(quiet_commits) - arrivals.keys())}; "
        f"loadavg {load}"
    )


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "receiver":
        return receiver_main(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    if len(sys.argv) > 1 and sys.argv[1] == "produce":
        slug, count, rate, per_tx, start_at, out = sys.argv[2:8]
        return producer_main(slug, int(count), float(rate), int(per_tx), float(start_at), out)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=60000, help="events in the steady and kills runs")
    parser.add_argument("--rate", type=float, default=1000, help="events per second the producers commit")
    parser.add_argument("--runs", default="steady,kills,fairness")
    parser.add_argument("--burst", type=int, default=50000, help="account A's burst in the fairness run")
    parser.add_argument("--producers", type=int, default=3, help="producer processes")
    parser.add_argument("--per-tx", type=int, default=5, help="events per producer transaction")
    parser.add_argument("--concurrency", type=int, default=1, help="worker processes (1: the solo pool)")
    parser.add_argument("--kill-every", type=float, default=5.0, help="seconds between kills (kills run)")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/wt_hooks_bench?conn_max_age=600")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--port", type=int, default=8610, help="the receiver's port")
    args = parser.parse_args()

    from webhooks.tests.stack import redis_reachable

    unreachable = redis_reachable(args.broker)
    if unreachable:
        raise SystemExit(f"Redis is needed at {args.broker}: {unreachable}")
    if args.database_url.startswith("postgres"):
        ensure_postgres_database(args.database_url)
    pool = "-P solo" if args.concurrency == 1 else f"-P prefork -c {args.concurrency}"
    print(f"PostgreSQL + Redis; one worker ({pool}); {os.cpu_count()} CPUs; loadavg at start {loadavg()}")
    for name in args.runs.split(","):
        bench = Bench(args, Path(tempfile.mkdtemp(prefix=f"bench-webhooks-{name}-")))
        if name == "fairness":
            run_fairness(bench, args)
        else:
            run_steady(bench, args, kills=name == "kills")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
