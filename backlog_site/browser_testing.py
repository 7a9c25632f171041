"""Real-browser tests: Playwright for Python driving Debian's Chromium (`/usr/bin/chromium`).

Playwright's own browser download cannot be reached from here, so the system Chromium is used;
without it the browser tests skip with a message saying how to install it. On failure a
screenshot is saved under var/test-artifacts/.

Every page a browser test opens must work under the site's Content-Security-Policy: a violation that
Chromium reports in the console fails the test (`csp_violations` holds them while it runs).
"""

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "var" / "test-artifacts"
# Without these, Chromium keeps trying to reach Google's services from a machine with no network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_missing_reason() -> str | None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (make test installs it from requirements-dev.txt)"
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium` (.ci/run does)"
    return None


@pytest.fixture(scope="session")
def chromium():
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the test
    # itself (fixtures, assertions) are still synchronous and safe there.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Chromium's console wording for a blocked script, style, image, frame, form target or connection.
CSP_VIOLATION = re.compile(r"violates the following Content Security Policy directive", re.I)


@pytest.fixture
def csp_violations() -> list[str]:
    """The Content-Security-Policy violations the browser reported so far in this test."""
    return []


def _record_csp_violation(violations: list[str], message) -> None:
    if CSP_VIOLATION.search(message.text):
        violations.append(f"{message.text} ({message.location.get('url', '')})")


@pytest.fixture
def page(chromium, request, csp_violations):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda message: _record_csp_violation(csp_violations, message))
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    if csp_violations and not (report is not None and report.failed):
        pytest.fail("Content-Security-Policy violations in the console:\n" + "\n".join(csp_violations))
