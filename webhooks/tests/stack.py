"""A real stack for end-to-end tests and the benchmark: a database file migrated from scratch, a Celery
worker process on Redis, and a driver process that acts on the same database."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BROKER = "redis://127.0.0.1:6379/8"


def redis_reachable(url: str) -> str | None:
    """None when Redis answers, else why not."""
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return None
    except Exception as failure:  # any reason at all means "skip", with the reason shown
        return f"{type(failure).__name__}: {failure}"


class Stack:
    def __init__(self, workdir: Path, *, broker_url: str = DEFAULT_BROKER, database_url: str | None = None, env=None):
        self.workdir = Path(workdir)
        self.broker_url = broker_url
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "backlog_site.settings",
            # Two processes write the file: IMMEDIATE transactions wait for the lock instead of deadlocking.
            "DATABASE_URL": database_url
            or f"sqlite:///{self.workdir / 'e2e.sqlite3'}?transaction_mode=IMMEDIATE&timeout=20",
            "CELERY_BROKER_URL": broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.workdir / "mail"),
            "WEBHOOKS_ALLOW_PRIVATE_TARGETS": "true",
            "PYTHONPATH": str(ROOT),
            **(env or {}),
        }
        self.worker: subprocess.Popen | None = None
        self.worker_log: list[str] = []

    def purge_broker(self) -> None:
        import redis

        redis.Redis.from_url(self.broker_url).flushdb()

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def driver(self, *args: str, module: str = "webhooks.tests.e2e_driver") -> dict:
        """One command of a driver module (its last line of output is the JSON answer)."""
        done = subprocess.run(
            [sys.executable, "-m", module, *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode:
            raise RuntimeError(f"driver {args} failed:\n{done.stdout}\n{done.stderr}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def start_worker(self, timeout: float = 60, concurrency: int = 1) -> None:
        """Start one worker (solo pool by default: the process that runs the task is the one we may kill)."""
        pool = ["-P", "solo"] if concurrency == 1 else ["-P", "prefork", "-c", str(concurrency)]
        command = [sys.executable, "-m", "celery", "-A", "backlog_site", "worker", *pool, "-l", "info"]
        command += [
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"e2e-{uuid.uuid4().hex[:8]}@%h",
        ]
        self.worker = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        ready = threading.Event()

        def read(stream, log):
            for line in stream:
                log.append(line)
                if " ready." in line:
                    ready.set()

        threading.Thread(target=read, args=(self.worker.stdout, self.worker_log), daemon=True).start()
        if not ready.wait(timeout):
            self.kill_worker()
            raise RuntimeError("the worker did not start:\n" + "".join(self.worker_log[-40:]))

    def kill_worker(self) -> None:
        """SIGKILL, as when a machine or container dies: no cleanup, no ack."""
        if self.worker and self.worker.poll() is None:
            os.killpg(self.worker.pid, signal.SIGKILL)
            self.worker.wait(10)
        self.worker = None

    def stop_worker(self) -> None:
        if self.worker and self.worker.poll() is None:
            os.killpg(self.worker.pid, signal.SIGTERM)
            try:
                self.worker.wait(20)
            except subprocess.TimeoutExpired:
                self.kill_worker()
        self.worker = None

    def mail_subjects(self) -> list[str]:
        folder = Path(self.env["EMAIL_FILE_PATH"])
        subjects = []
        for path in sorted(folder.glob("*.log")) if folder.exists() else []:
            subjects += [
                line[len("Subject: ") :].strip()
                for line in path.read_text().splitlines()
                if line.startswith("Subject: ")
            ]
        return subjects

    def __enter__(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc):
        self.stop_worker()


def wait_until(predicate, timeout: float = 20.0, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()
