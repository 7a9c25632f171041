"""Attaching a file in a real browser: an end user attaches a file on their request's page, sees it
listed and downloads it through its expiring link; a too-large file is refused next to the input."""

import pytest
from playwright.sync_api import expect

from backlog_site.page_testing import sign_in_through_the_form
from cmdb.models import Attachment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_end_user_attaches_a_file_on_their_request_page(page, live_server, make_ticket, end_user, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    ticket = make_ticket(actor=end_user, requester=end_user, title="Scanner jams")
    sign_in_through_the_form(page, live_server.url, "jackpot", "x")
    page.goto(f"{live_server.url}/portal/requests/{ticket.friendly_id}/")
    section = page.locator("#attachments")
    expect(section).to_contain_text("No files attached.")

    big = {"name": "huge.log", "mimeType": "text/plain", "buffer": b"x" * 2048}
    section.get_by_label("File").set_input_files(big)
    section.get_by_label("Description (optional)").fill("The scanner's log")
    section.get_by_role("button", name="Attach file").click()
    expect(section.locator(".has-error")).to_contain_text("too large")
    expect(section.get_by_label("File")).to_be_focused()
    expect(section.get_by_label("Description (optional)")).to_have_value("The scanner's log")

    small = {"name": "scan log.txt", "mimeType": "text/plain", "buffer": b"paper jam at tray 2"}
    section.get_by_label("File").set_input_files(small)
    section.get_by_role("button", name="Attach file").click()
    expect(page.get_by_text("“scan log.txt” attached.")).to_be_visible()
    link = page.locator("#attachments").get_by_role("link", name="scan log.txt")
    expect(link).to_be_visible()
    expect(page.locator("#attachments")).to_contain_text("The scanner's log")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "scan log.txt"
    with open(download.path(), "rb") as handle:
        assert handle.read() == b"paper jam at tray 2"
    assert Attachment.objects.get().ticket_id == ticket.pk
