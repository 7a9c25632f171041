"""Sign-in pages: login, account choice kept in the session, password reset by e-mail."""

import pytest
from django.core import mail
from django.test import Client

from accounts.models import Role
from accounts.pages import SESSION_KEY
from accounts.services import membership_create

pytestmark = pytest.mark.django_db


def test_single_account_user_signs_in_and_lands_on_next(tenant):
    browser = Client()
    page = browser.get("/accounts/login/?next=/")
    assert page.status_code == 200 and b'<label for="id_username">' in page.content
    response = browser.post(
        "/accounts/login/", {"username": "acme-owner", "password": "pw-acme", "next": "/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert browser.session[SESSION_KEY] == tenant.account_id
    assert b"Acme" in response.content


def test_wrong_password_shows_the_error_and_keeps_the_username(tenant):
    response = Client().post("/accounts/login/", {"username": "acme-owner", "password": "nope"})
    assert response.status_code == 200
    assert b'role="alert"' in response.content and b'value="acme-owner"' in response.content


def test_user_in_two_accounts_picks_one(tenant, other_tenant):
    membership_create(account=other_tenant.account, user=tenant.user, role=Role.AGENT)
    browser = Client()
    response = browser.post("/accounts/login/", {"username": "acme-owner", "password": "pw-acme"}, follow=True)
    assert b"Choose an account" in response.content and b"Globex" in response.content
    response = browser.post("/accounts/choose/", {"account": other_tenant.account_id, "next": "/"})
    assert response.status_code == 302 and browser.session[SESSION_KEY] == other_tenant.account_id


def test_cannot_choose_an_account_one_does_not_belong_to(tenant, other_tenant):
    browser = Client()
    browser.force_login(tenant.user)
    response = browser.post("/accounts/choose/", {"account": other_tenant.account_id})
    assert response.status_code == 400
    assert SESSION_KEY not in browser.session


def test_next_may_not_leave_the_site(tenant):
    browser = Client()
    browser.force_login(tenant.user)
    response = browser.get("/accounts/choose/?next=https://evil.example/")
    assert response.status_code == 302 and response["Location"] == "/"


def test_password_reset_by_email(tenant):
    tenant.user.email = "owner@acme.example"
    tenant.user.save()
    browser = Client()
    assert browser.post("/accounts/password_reset/", {"email": "owner@acme.example"}).status_code == 302
    (message,) = mail.outbox
    link = next(word for word in message.body.split() if "/accounts/reset/" in word)
    path = link.split("testserver", 1)[1]
    form_page = browser.get(path, follow=True)
    assert b"Choose a new password" in form_page.content
    response = browser.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "N3w-passw0rd!", "new_password2": "N3w-passw0rd!"},
        follow=True,
    )
    assert b"Password changed" in response.content
    tenant.user.refresh_from_db()
    assert tenant.user.check_password("N3w-passw0rd!")
