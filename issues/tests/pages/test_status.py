"""The public status page /status/<slug>/ and an issue's page /status/<slug>/issues/<id>/."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from backlog_site.page_testing import assert_page_queries_constant
from issues import services
from issues.models import Category, Issue, IssueEvent, Subscription
from issues.tests.conftest import make_category, make_company, make_issue

pytestmark = pytest.mark.django_db


def h_levels(html):
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def assert_headings_in_order(html):
    levels = h_levels(html)
    assert levels[0] == 1 and levels.count(1) == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


@pytest.fixture
def private_category(tenant):
    return make_category(make_company(tenant.account, "Secret Labs", is_public=False), "Hidden team")


def test_status_page_shows_public_companies_categories_and_open_issues_by_severity(tenant, category, private_category):
    make_issue(category, name="Logins time out", severity="critical")
    make_issue(category, name="Slow VPN", severity="important")
    make_issue(category, name="New printer", severity="info")
    make_issue(private_category, name="Secret outage", severity="critical")
    response = Client().get("/status/acme/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Status of Acme · Worktrack</title>" in html
    assert "ConnectNow" in html and "IT department" in html
    order = [
        html.index(text) for text in ["Critical", "Logins time out", "Important", "Slow VPN", "Info", "New printer"]
    ]
    assert order == sorted(order)
    assert "Secret" not in html and "Hidden team" not in html
    assert "3 open issues" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert_headings_in_order(html)


def test_last_update_is_the_newest_event(tenant, category):
    issue = make_issue(category, name="Logins time out", description="First words")
    services.issue_update(issue=issue, name=issue.name, description="Fixed for most users", severity="important")
    html = Client().get("/status/acme/").content.decode()
    assert "Last update: Updated" in html and "Fixed for most users" in html and "First words" not in html
    assert html.index("Important") < html.index("Logins time out") < html.index("Info")


def test_closed_issues_of_the_last_30_days_are_listed_apart(tenant, category):
    recent = make_issue(category, name="Fixed yesterday")
    services.issue_close(issue=recent, description="All good")
    make_issue(category, name="Fixed long ago", closed_at=timezone.now() - timedelta(days=31))
    make_issue(category, name="Still broken")
    html = Client().get("/status/acme/").content.decode()
    closed_section = html[html.index("Closed in the last 30 days") :]
    open_section = html[html.index("Open issues") : html.index("Closed in the last 30 days")]
    assert "Fixed yesterday" in closed_section and "Fixed yesterday" not in open_section
    assert "Still broken" in open_section and "Fixed long ago" not in html
    assert "1 open issue." in html


def test_unknown_slug_and_account_with_nothing_public_are_404(tenant, other_tenant, private_category):
    assert Client().get("/status/nobody/").status_code == 404
    # acme has only a private company, globex has no company at all.
    assert Client().get("/status/acme/").status_code == 404
    assert Client().get("/status/globex/").status_code == 404
    assert Client().get("/status/acme/feed/").status_code == 404


def test_issue_page_shows_the_history_and_hides_private_categories(tenant, category, private_category):
    issue = make_issue(category, name="Logins time out", description="Users cannot log in")
    issue.categories.add(private_category)
    services.issue_update(issue=issue, name=issue.name, description="Workaround: use VPN", severity="critical")
    services.issue_close(issue=issue, description="Server replaced")
    response = Client().get(f"/status/acme/issues/{issue.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Logins time out · Status of Acme · Worktrack</title>" in html
    for text in ["Created", "Users cannot log in", "Updated", "Workaround: use VPN", "Closed", "Server replaced"]:
        assert text in html
    # Newest first.
    assert html.index("Server replaced") < html.index("Workaround: use VPN") < html.index("Users cannot log in")
    assert "ConnectNow › IT department" in html and "Hidden team" not in html
    assert "no more updates" in html  # closed: no subscribe form
    assert_headings_in_order(html)


def test_issue_pages_of_private_or_other_accounts_issues_are_404(tenant, other_tenant, category, private_category):
    secret = make_issue(private_category, name="Secret outage")
    other = make_issue(make_category(make_company(other_tenant.account, "Globex Co")), name="Globex issue")
    assert Client().get(f"/status/acme/issues/{secret.pk}/").status_code == 404
    assert Client().get(f"/status/acme/issues/{other.pk}/").status_code == 404
    assert Client().get(f"/status/globex/issues/{other.pk}/").status_code == 200
    assert Client().get("/status/acme/issues/999999/").status_code == 404
    # Subscribing to them is refused the same way and creates nothing.
    assert Client().post(f"/status/acme/issues/{other.pk}/", {"email": "a@b.example"}).status_code == 404
    assert not Subscription.objects.exists()


def test_descriptions_are_escaped(tenant, category):
    issue = make_issue(
        category, name="<b>Bold</b>", description='<script>alert(1)</script><img src=x onerror="alert(2)">'
    )
    for url in ["/status/acme/", f"/status/acme/issues/{issue.pk}/", "/status/acme/feed/"]:
        body = Client().get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body and "<b>Bold" not in body, url


def make_rows(account, n):
    company = make_company(account, "ConnectNow") if not account.companies.exists() else account.companies.first()
    have = Issue.objects.filter(account=account).count()
    for i in range(have, n):
        category = Category.objects.create(company=company, name=f"Category {i}")
        issue = make_issue(category, name=f"Issue {i}", severity=["critical", "important", "info"][i % 3])
        other_category = make_category(make_company(account, f"Company {i}", is_public=i % 2 == 0), f"Other {i}")
        issue.categories.add(other_category)
        IssueEvent.objects.create(issue=issue, kind="updated", description=f"Update {i}")
        if i % 4 == 0:
            services.issue_close(issue=issue, description="Done")


def test_status_page_query_count_is_fixed(tenant):
    assert_page_queries_constant(Client(), "/status/acme/", lambda n: make_rows(tenant.account, n))


def test_issue_page_query_count_is_fixed(tenant, category):
    issue = make_issue(category)

    def grow(n):
        make_rows(tenant.account, n)
        for i in range(issue.events.count(), n):
            IssueEvent.objects.create(issue=issue, kind="updated", description=f"Event {i}")
            issue.categories.add(make_category(category.company, f"Extra {i}"))

    assert_page_queries_constant(Client(), f"/status/acme/issues/{issue.pk}/", grow)


def test_feed_query_count_is_fixed(tenant):
    assert_page_queries_constant(Client(), "/status/acme/feed/", lambda n: make_rows(tenant.account, n))


def test_status_page_is_usable_at_phone_width(tenant, category):
    html = Client().get("/status/acme/").content.decode()
    assert 'name="viewport" content="width=device-width' in html and "css/status.css" in html


# Subscribing.


def post_category(client, category, email, capture):
    with capture(execute=True):
        return client.post("/status/acme/", {"category": category.pk, "email": email}, follow=True)


def test_subscribing_to_a_category_sends_one_confirmation_then_nothing(
    tenant, category, celery_eager, django_capture_on_commit_callbacks
):
    client = Client()
    response = post_category(client, category, "Fan@Example.com", django_capture_on_commit_callbacks)
    assert response.redirect_chain == [("/status/acme/#subscribe", 302)]
    assert "we sent a confirmation e-mail to Fan@Example.com" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["fan@example.com"] and "/api/subscriptions/confirm/" in message.body
    subscription = Subscription.objects.get()
    assert subscription.category == category and subscription.confirmed_at is None

    again = post_category(client, category, "fan@example.com", django_capture_on_commit_callbacks)
    html = again.content.decode()
    assert "already asked for updates" in html and "no new e-mail was sent" in html
    assert "confirmed" not in html.lower().replace("confirmation", "")  # does not tell whether it was confirmed
    assert len(mail.outbox) == 1 and Subscription.objects.count() == 1


def test_subscribe_errors_show_next_to_the_field_and_keep_what_was_typed(tenant, category):
    response = Client().post("/status/acme/", {"category": category.pk, "email": "not-an-address"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="not-an-address"' in html and "Enter a valid email address." in html
    field = html[html.index('class="field has-error"') :]
    assert field.index("Enter a valid email address.") < field.index("not-an-address")
    assert re.search(rf'<option value="{category.pk}" selected>', html)
    assert not Subscription.objects.exists() and not mail.outbox

    missing = Client().post("/status/acme/", {"email": "fan@example.com"}).content.decode()
    assert "This field is required." in missing and 'value="fan@example.com"' in missing


def test_subscribing_to_a_private_or_other_accounts_category_is_refused(
    tenant, other_tenant, category, private_category, other_category
):
    for target in (private_category, other_category, "nonsense", ""):
        pk = getattr(target, "pk", target)
        response = Client().post("/status/acme/", {"category": pk, "email": "fan@example.com"})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode() or "required" in response.content.decode()
    assert not Subscription.objects.exists()


def test_subscribe_form_needs_a_csrf_token(tenant, category):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/status/acme/", {"category": category.pk, "email": "fan@example.com"})
    assert response.status_code == 403 and not Subscription.objects.exists()
    page = client.get("/status/acme/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        "/status/acme/", {"category": category.pk, "email": "fan@example.com", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302 and Subscription.objects.count() == 1


def test_follow_link_preselects_the_category(tenant, category):
    html = Client().get(f"/status/acme/?category={category.pk}").content.decode()
    assert re.search(rf'<option value="{category.pk}" selected>', html)


def test_subscribing_to_an_issue(tenant, category, celery_eager, django_capture_on_commit_callbacks):
    issue = make_issue(category, name="Logins time out")
    url = f"/status/acme/issues/{issue.pk}/"
    bad = Client().post(url, {"email": "nope"})
    assert bad.status_code == 200 and 'value="nope"' in bad.content.decode() and not Subscription.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(url, {"email": "fan@example.com"}, follow=True)
    assert response.redirect_chain == [(f"{url}#subscribe", 302)]
    assert "we sent a confirmation e-mail" in response.content.decode()
    assert Subscription.objects.get().issue == issue and len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        again = Client().post(url, {"email": "fan@example.com"}, follow=True)
    assert "no new e-mail was sent" in again.content.decode() and len(mail.outbox) == 1


def test_one_address_may_only_ask_so_often(
    tenant, category, settings, celery_eager, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    cache.clear()
    settings.STATUS_SUBSCRIBE_RATE_PER_HOUR = 2
    client = Client()
    for n in range(2):
        post_category(client, category, f"fan{n}@example.com", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/status/acme/", {"category": category.pk, "email": "fan9@example.com"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many subscription requests" in html and 'value="fan9@example.com"' in html
    assert Subscription.objects.count() == 2 and len(mail.outbox) == 2
    other_address = Client(REMOTE_ADDR="10.1.2.3")
    assert post_category(other_address, category, "fan9@example.com", django_capture_on_commit_callbacks)
    assert Subscription.objects.count() == 3
