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
