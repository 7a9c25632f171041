"""DJANGO_DEBUG=0 behind gunicorn: allowed hosts enforced, Swagger UI and its assets served by whitenoise."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url, host=None):
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


@pytest.mark.e2e
def test_gunicorn_serves_the_docs_with_debug_off(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "backlog_site.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                status, page = fetch(f"{base}/api/docs/")
                break
            except OSError:
                time.sleep(0.1)
        assert status == 200 and "swagger-ui" in page
        asset = page.split('src="')[1].split('"')[0]
        assert asset.startswith("/static/"), asset
        assert fetch(base + asset)[0] == 200
        assert fetch(f"{base}/api/docs/", host="evil.example")[0] == 400
    finally:
        server.terminate()
        server.wait(timeout=20)
