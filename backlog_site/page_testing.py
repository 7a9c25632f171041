"""Helpers for tests of server-rendered pages."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.pages import SESSION_KEY


def signed_in(membership) -> Client:
    """A browser-like client signed in as the membership's user, with its account chosen."""
    client = Client()
    client.force_login(membership.user)
    session = client.session
    session[SESSION_KEY] = membership.account_id
    session.save()
    return client


def page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def assert_page_queries_constant(client, url, make_rows, small: int = 2, large: int = 20) -> int:
    """The page runs as many SQL queries showing `large` rows as showing `small` rows."""
    make_rows(small)
    client.get(url)
    few = page_queries(client, url)
    make_rows(large)
    many = page_queries(client, url)
    assert few == many, f"{few} queries for {small} rows but {many} for {large}"
    return many


def sign_in_through_the_form(page, base_url: str, username: str, password: str) -> None:
    """Sign in with a real browser (Playwright page) through the login form."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
