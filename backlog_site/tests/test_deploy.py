"""Production settings pass Django's deploy check, and every page carries a Content-Security-Policy that the
pages and Swagger UI work under."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="worktrack.example.com",
        # Failed sign-ins are counted in a cache every web worker shares (the check connects to nothing).
        CACHE_URL="redis://127.0.0.1:6379/2",
    )
    env.update(extra)
    return env


def deploy_check(**extra) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(**extra),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.security
def test_the_deploy_check_passes_with_production_settings():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.security
def test_turning_hsts_off_is_reported():
    # The check is live: switching a protection off makes it fail, so the pass above means something.
    result = deploy_check(DJANGO_SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0 and "security.W004" in result.stdout + result.stderr


@pytest.mark.security
def test_a_per_process_cache_is_reported_in_production():
    # Each gunicorn worker would count failed sign-ins on its own, multiplying the allowance.
    result = deploy_check(CACHE_URL="locmemcache://")
    assert result.returncode != 0 and "axes.W001" in result.stdout + result.stderr


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client):
    from django.test import Client

    response = Client().get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_swagger_ui_loads_its_start_up_script_from_this_host():
    from django.test import Client

    client = Client()
    page = client.get("/api/docs/")
    assert page.status_code == 200
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self' 'unsafe-inline'" in policy
    html = page.content.decode()
    assert "<script>" not in html  # no inline script: the start-up code is a file
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
