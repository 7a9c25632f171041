"""The status page in a real browser: a visitor subscribes to a category, confirms from the e-mail,
hears of a new issue, and unsubscribes (once; the second time the page says it was already done)."""

import email
import re
from email import policy
from pathlib import Path

import pytest
from playwright.sync_api import expect

from issues import services
from issues.models import Subscription

SEPARATOR = "\n" + "-" * 79 + "\n"
LINK = re.compile(r"https?://\S+/api/subscriptions/(?:confirm|unsubscribe)/\S+")


def sent_messages(folder: Path) -> list:
    """Every message Django's file e-mail backend wrote into `folder`, oldest first."""
    messages = []
    for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime_ns):
        for chunk in path.read_text().split(SEPARATOR):
            if chunk.strip():
                messages.append(email.message_from_string(chunk.lstrip("\n"), policy=policy.default))
    return messages


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def mail_to_files(settings, tmp_path, live_server, celery_eager):
    """E-mail goes to files; Celery tasks run eagerly (celery_eager restores the app's conf afterwards);
    links in e-mails point at the live server."""
    folder = tmp_path / "mail"
    folder.mkdir()
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(folder)
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.SITE_URL = live_server.url
    return folder


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visitor_subscribes_confirms_hears_of_a_new_issue_and_unsubscribes(
    page, live_server, mail_to_files, tenant, category
):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(f"{live_server.url}/status/acme/")
    expect(page).to_have_title("Status of Acme · Worktrack")
    expect(page.get_by_role("heading", level=1)).to_have_text("Status of Acme")
    # A mistyped address: the error shows next to the field and what was typed stays.
    page.get_by_label("Category").select_option(label="IT department")
    page.get_by_label("E-mail address").fill("fan-at-example.com")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_text("Enter a valid email address.")).to_be_visible()
    expect(page.get_by_label("E-mail address")).to_have_value("fan-at-example.com")
    page.get_by_label("E-mail address").fill("fan@example.com")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("status").filter(has_text="we sent a confirmation e-mail")).to_be_visible()

    (confirmation,) = sent_messages(mail_to_files)
    assert confirmation["To"] == "fan@example.com" and "IT department" in confirmation["Subject"]
    (confirm_link,) = LINK.findall(text_of(confirmation))
    assert confirm_link.startswith(live_server.url)
    page.goto(confirm_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Subscription confirmed")
    assert Subscription.objects.get(email="fan@example.com").confirmed_at is not None

    # Subscribing again sends nothing and says so.
    page.goto(f"{live_server.url}/status/acme/?category={category.pk}")
    page.get_by_label("E-mail address").fill("fan@example.com")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_text("no new e-mail was sent")).to_be_visible()
    assert len(sent_messages(mail_to_files)) == 1

    # An issue is created in the category, as an API user would (same service).
    issue = services.issue_create(
        account=tenant.account,
        category_ids=[category.pk],
        name="Logins time out",
        description='Users cannot log in.<script>alert("xss")</script><img src=x onerror="alert(1)">',
        severity="critical",
    )
    notification = sent_messages(mail_to_files)[-1]
    assert notification["Subject"] == "New issue: Logins time out" and notification["To"] == "fan@example.com"
    assert notification["List-Unsubscribe"]
    (unsubscribe_link,) = LINK.findall(text_of(notification))
    assert "/unsubscribe/" in unsubscribe_link

    # The issue shows on the status page and on its own page; its description runs nothing.
    page.goto(f"{live_server.url}/status/acme/")
    page.get_by_role("link", name="Logins time out").click()
    expect(page).to_have_title("Logins time out · Status of Acme · Worktrack")
    expect(page.get_by_text("Users cannot log in.")).to_be_visible()
    assert page.url == f"{live_server.url}/status/acme/issues/{issue.pk}/"

    # Unsubscribing works once…
    page.goto(unsubscribe_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribe")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribed")
    assert not Subscription.objects.filter(email="fan@example.com").exists()
    # …and a second time says clearly it was already done.
    page.goto(unsubscribe_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Already unsubscribed")
    expect(page.get_by_text("You are already unsubscribed")).to_be_visible()
    assert dialogs == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_status_pages_fit_a_phone_and_work_with_a_keyboard(page, live_server, mail_to_files, tenant, category):
    issue = services.issue_create(
        account=tenant.account,
        category_ids=[category.pk],
        name="A rather long issue name " * 4,
        description="x" * 300,
        severity="info",
    )
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/status/acme/", f"/status/acme/issues/{issue.pk}/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    # Keyboard: the skip link comes first, then the form is reachable and submits with Enter.
    page.goto(f"{live_server.url}/status/acme/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.get_by_label("Category").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("keys@example.com")
    page.keyboard.press("Enter")
    expect(page.get_by_text("we sent a confirmation e-mail to keys@example.com")).to_be_visible()
    assert Subscription.objects.get(email="keys@example.com").category == category
    assert [m["To"] for m in sent_messages(mail_to_files)] == ["keys@example.com"]
