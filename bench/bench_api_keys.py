"""How long checking an API key costs, next to what Django's password hasher would cost.

    .venv/bin/python bench/bench_api_keys.py [iterations]

Runs against a throwaway SQLite database (or DATABASE_URL if set): creates a tenant and a key,
then times full authentications (prefix lookup + HMAC) and, for comparison, one PBKDF2 check.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backlog_site.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")  # no query logging while timing
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import check_password, make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from rest_framework.request import Request  # noqa: E402

from accounts.services import account_create, api_key_issue  # noqa: E402
from backlog_site.api.authentication import ApiKeyAuthentication  # noqa: E402


def main(iterations: int) -> None:
    call_command("migrate", verbosity=0)
    account = account_create(
        slug=f"bench-{time.time_ns()}",
        name="Bench",
        owner_username=f"b{time.time_ns()}",
        owner_email="b@example.com",
        owner_password="x",
    )
    user = account.memberships.get().user
    raw = api_key_issue(account=account, user=user).raw_key
    auth = ApiKeyAuthentication()
    factory = RequestFactory()
    samples = []
    for _ in range(iterations):
        request = Request(factory.get("/api/accounts", HTTP_AUTHORIZATION=f"token {raw}"))
        start = time.perf_counter()
        assert auth.authenticate(request)[0] == user
        samples.append(time.perf_counter() - start)
    encoded = make_password("a-password")
    start = time.perf_counter()
    check_password("a-password", encoded)
    pbkdf2 = time.perf_counter() - start
    samples.sort()
    print(f"API key authentications: {iterations}")
    median, p99 = statistics.median(samples), samples[int(len(samples) * 0.99) - 1]
    print(f"  median {median * 1e6:.0f} µs, p99 {p99 * 1e6:.0f} µs (one indexed query + HMAC-SHA-256)")
    print(f"Django password hasher (PBKDF2), one check: {pbkdf2 * 1e3:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
