"""A real worker process on the configured broker (Redis in CI, the embedded filesystem broker by default)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backlog_site.celery import ping

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.e2e
def test_a_real_worker_answers_through_the_configured_broker():
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "backlog_site",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        result = ping.delay()
        while not result.ready() and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.2)
        assert worker.poll() is None, worker.stdout.read().decode()[-2000:]
        assert result.get(timeout=5) == "pong"
    finally:
        worker.terminate()
        worker.wait(timeout=20)
