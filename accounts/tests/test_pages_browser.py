"""Sign-in in a real browser."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import membership_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_choose_account_and_sign_out(page, live_server, tenant, other_tenant):
    membership_create(account=other_tenant.account, user=tenant.user, role=Role.AGENT)
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.title() == "Sign in · Worktrack"
    page.get_by_label("Username").fill("acme-owner")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.get_by_label("Username").input_value() == "acme-owner"
    page.get_by_label("Password").fill("pw-acme")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Choose an account")).to_be_visible()
    page.get_by_label("Globex").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Current account")).to_have_text("Globex")
    page.get_by_role("button", name="Sign out acme-owner").click()
    expect(page.get_by_role("heading", name="Signed out")).to_be_visible()


def test_keyboard_users_get_a_skip_link_and_visible_focus(page, live_server, db):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_a_content_security_policy_violation_is_reported(page, live_server, db, csp_violations):
    # The check every browser test ends with is live: an inline script is refused and the refusal recorded.
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.ran = 1";
        document.body.append(script);
    }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran") is None
    assert any("script-src" in violation for violation in csp_violations), csp_violations
    csp_violations.clear()


def test_swagger_ui_works_under_the_content_security_policy(page, live_server, db):
    page.goto(f"{live_server.url}/api/docs/")
    # The operations appear once Swagger UI's scripts have fetched and drawn the whole schema (slow when loaded).
    expect(page.locator(".opblock").first).to_be_visible(timeout=30_000)
    assert page.locator(".opblock").count() > 10
