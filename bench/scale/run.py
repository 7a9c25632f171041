"""`make bench`: seed, serve, drive, report — every read of issue 18 at N rows, beside a DRF floor.

    python -m bench.scale.run --n 100000 [--requests 200] [--budget 20] [--port 8670]

1. (Re)creates the PostgreSQL database of BENCH_DATABASE_URL (its name must contain "bench": it is
   dropped) and migrates it with the checkout's migrations.
2. Seeds it (bench/scale/seed.py): N rows per big table in one account, a small second account.
3. Starts gunicorn -w 2 with DJANGO_DEBUG=0 and bench/scale/settings.py (the project's URLs plus the
   floor views, and a per-request SQL query count) on 127.0.0.1:PORT.
4. Drives it from a second process (bench/scale/driver.py), then stops it.
5. Prints one table and the phase timings, writes bench/results/<date>-n<N>.json.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from . import report

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "var" / "bench"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/worktrack_bench"
SERVER_START_TIMEOUT = 90


def loadavg() -> list[float]:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return [round(x, 2) for x in os.getloadavg()]


def database_recreate(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: the bench database's name must contain 'bench'")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def environment(database_url: str, settings: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": settings}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "make-bench-only-" + "x" * 40),
        DJANGO_LOG_LEVEL="ERROR",
    )
    return env


class Phases:
    def __init__(self):
        self.seconds: dict[str, float] = {}

    def run(self, name: str, fn, *args, **kwargs):
        print(f"== {name}", file=sys.stderr, flush=True)
        started = time.perf_counter()
        result = fn(*args, **kwargs)
        self.seconds[name] = round(time.perf_counter() - started, 1)
        print(f"   {name}: {self.seconds[name]} s", file=sys.stderr, flush=True)
        return result


def server_start(env: dict, port: int, workers: int, probe: str) -> subprocess.Popen:
    import urllib3

    WORK.mkdir(parents=True, exist_ok=True)
    log = open(WORK / "gunicorn.log", "w")  # noqa: SIM115 (kept open for the server's life)
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "backlog_site.wsgi",
            "-w", str(workers), "-b", f"127.0.0.1:{port}",
            "-c", str(Path(__file__).with_name("gunicorn_conf.py")),
            "--timeout", "900", "--graceful-timeout", "5",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    pool = urllib3.HTTPConnectionPool("127.0.0.1", port, retries=False, timeout=5)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited ({server.returncode}); see {WORK / 'gunicorn.log'}")
        try:
            if pool.request("GET", probe).status == 200:
                return server
        except urllib3.exceptions.HTTPError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer {probe} within {SERVER_START_TIMEOUT} s")


def server_stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def commit() -> str:
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + ("+dirty" if git("status", "--porcelain", "--untracked-files=no") else "")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="rows per big table (default 100,000)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per endpoint, at most")
    parser.add_argument("--budget", type=float, default=15.0, help="seconds of timed requests per endpoint, at most")
    parser.add_argument("--port", type=int, default=8670)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--reuse-data", action="store_true", help="skip database and seeding: reuse the last seed of N")
    parser.add_argument("--only", default="", help="measure only endpoints whose name contains this")
    parser.add_argument("--skip", default="", help="skip endpoints whose name contains any of these (comma-separated)")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args(argv)

    phases = Phases()
    load_start = loadavg()
    started_at = datetime.now(UTC)
    manifest_path = WORK / f"manifest-n{args.n}.json"
    python = sys.executable
    migrate_env = environment(args.database_url, "backlog_site.settings")
    bench_env = environment(args.database_url, "bench.scale.settings")
    if not (args.reuse_data and manifest_path.exists()):
        phases.run("database", database_recreate, args.database_url)
        phases.run("migrate", subprocess.run, [python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT,
                   env=migrate_env, check=True)  # fmt: skip
        seed_command = [python, "-m", "bench.scale.seed", "--n", str(args.n), "--manifest", str(manifest_path)]
        phases.run("seed", subprocess.run, seed_command, cwd=ROOT, env=bench_env, check=True)
    manifest = json.loads(manifest_path.read_text())
    probe = f"/bench/floor/{manifest['account']['id']}/issues/cursor"
    server = phases.run("server start", server_start, bench_env, args.port, args.workers, probe)
    try:
        load_drive_start = loadavg()
        drive_out = WORK / "drive.json"
        drive = [python, "-m", "bench.scale.driver", "--manifest", str(manifest_path), "--port", str(args.port),
                 "--requests", str(args.requests), "--budget", str(args.budget), "--out", str(drive_out)]  # fmt: skip
        if args.only:
            drive += ["--only", args.only]
        if args.skip:
            drive += ["--skip", args.skip]
        phases.run("drive", subprocess.run, drive, cwd=ROOT, check=True)
        load_drive_end = loadavg()
    finally:
        server_stop(server)
    rows = report.with_ratios(json.loads(drive_out.read_text()))
    phases.seconds["total"] = round(sum(phases.seconds.values()), 1)

    print()
    print(report.table(rows, args.n))
    print()
    print(f"load average: at start {load_start}, driving from {load_drive_start} to {load_drive_end}")
    print(f"seeding: {manifest['timings']}")
    print(f"phases (s): {phases.seconds}")
    result = {
        "date": started_at.isoformat(timespec="seconds"),
        "commit": commit(),
        "n": args.n,
        "cpus": os.cpu_count(),
        "workers": args.workers,
        "requests_per_endpoint": args.requests,
        "budget_per_endpoint_s": args.budget,
        "loadavg": {"start": load_start, "drive_start": load_drive_start, "drive_end": load_drive_end},
        "phases_s": phases.seconds,
        "seed_timings_s": manifest["timings"],
        "endpoints": rows,
    }
    args.results.mkdir(parents=True, exist_ok=True)
    out = args.results / f"{started_at:%Y-%m-%d}-n{args.n}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


if __name__ == "__main__":
    main()
