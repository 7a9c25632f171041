"""Attach a file on a request's page (end user) and a ticket's page (agent): stored through the
attachments service (tmp key → final key, size limit, sanitised name), listed with a working expiring
download link, refused next to the file input, scoped to one's own requests and account."""

import re

import pytest
import urllib3
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from backlog_site.page_testing import signed_in
from cmdb.attachments import storage
from cmdb.models import Attachment
from cmdb.tests.attachments.test_s3 import keys as s3_keys
from cmdb.tests.attachments.test_s3 import s3, s3_client, seaweed  # noqa: F401  (a real S3-compatible server)
from helpdesk.services.tickets import comment_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_of(make_ticket, end_user):
    return make_ticket(actor=end_user, requester=end_user, title="Screen flickers")


def upload(name="notes.txt", content=b"hello portal"):
    return SimpleUploadedFile(name, content, content_type="text/plain")


def request_url(ticket, action=""):
    return f"/portal/requests/{ticket.friendly_id}/{action}"


def ticket_url(ticket, action=""):
    return f"/portal/tickets/{ticket.friendly_id}/{action}"


def download_links(html: str) -> dict[str, str]:
    """{file name: href} of the attachment links on a page."""
    return {
        name: href.replace("&amp;", "&")
        for href, name in re.findall(r'<a href="([^"]+)" download="[^"]*">([^<]+)</a>', html)
    }


def error_field(html: str) -> str:
    """The HTML of the first field shown with an error (up to the next field or the form's end)."""
    start = html.index('<div class="field has-error">')
    ends = [i for i in (html.find('<div class="field', start + 1), html.find("</form>", start)) if i != -1]
    return html[start : min(ends)]


def test_an_end_user_attaches_a_file_and_downloads_it(
    end_user_page, request_of, end_user, tenant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = end_user_page.post(request_url(request_of, "attachments/"), {"file": upload(), "description": "Log"})
    assert response.status_code == 302 and response["Location"].endswith("#attachments")
    attachment = Attachment.objects.get()
    assert (attachment.ticket, attachment.comment, attachment.created_by) == (request_of, None, end_user)
    assert attachment.description == "Log" and attachment.size == len(b"hello portal")
    # Same path as the attachments API: moved from the tmp key to the account's final prefix.
    assert attachment.storage_key.startswith(f"{storage.FINAL_PREFIX}/{tenant.account_id}/")
    assert attachment.tmp_key.startswith(f"{storage.TMP_PREFIX}/{tenant.account_id}/")
    assert not storage.backend().exists(attachment.tmp_key) and storage.backend().exists(attachment.storage_key)

    html = end_user_page.get(request_url(request_of)).content.decode()
    section = html[html.index('id="attachments"') :]
    assert "notes.txt" in section and "Log" in section
    href = download_links(html)["notes.txt"]
    download = Client().get(href)  # the signed link works without a session, like a presigned GET
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"hello portal"
    assert 'filename="notes.txt"' in download["Content-Disposition"]


def test_an_end_user_attaches_to_their_own_public_comment_only(end_user_page, request_of, end_user, agent):
    mine = comment_create(ticket=request_of, actor=end_user, body="My comment", is_public=True)
    theirs = comment_create(ticket=request_of, actor=agent, body="Agent reply", is_public=True)
    internal = comment_create(ticket=request_of, actor=agent, body="Secret", is_public=False)
    response = end_user_page.post(request_url(request_of, "attachments/"), {"file": upload(), "target": mine.pk})
    assert response.status_code == 302
    assert Attachment.objects.get().comment == mine
    for other in (theirs, internal):
        response = end_user_page.post(
            request_url(request_of, "attachments/"), {"file": upload("x.txt"), "target": other.pk}
        )
        assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert Attachment.objects.count() == 1
    html = end_user_page.get(request_url(request_of)).content.decode()
    comment = html[html.index(f'id="comment-{mine.pk}"') :]
    assert "notes.txt" in comment[: comment.index("</li>")]


def test_a_too_large_or_empty_file_shows_an_error_next_to_the_file_input(end_user_page, request_of, settings):
    settings.ATTACHMENT_MAX_BYTES = 16
    response = end_user_page.post(
        request_url(request_of, "attachments/"), {"file": upload(content=b"x" * 17), "description": "Kept text"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    field = error_field(html)
    assert 'type="file"' in field and "too large" in field and "16\xa0bytes" in field
    assert 'value="Kept text"' in html
    response = end_user_page.post(request_url(request_of, "attachments/"), {"file": upload(content=b"")})
    field = error_field(response.content.decode())
    assert 'type="file"' in field and "empty" in field
    response = end_user_page.post(request_url(request_of, "attachments/"), {"description": "no file"})
    assert "This field is required." in response.content.decode()
    assert not Attachment.objects.exists()
    assert list(storage.backend().tmp_uploads()) == []  # nothing was stored


def test_file_names_are_sanitised_like_the_apis_uploads(end_user_page, request_of):
    end_user_page.post(request_url(request_of, "attachments/"), {"file": upload('../../a<b>"c".txt')})
    attachment = Attachment.objects.get()
    assert attachment.name == storage.sanitise_filename('a<b>"c".txt') and "/" not in attachment.name
    assert "<b>" not in end_user_page.get(request_url(request_of)).content.decode()


def test_someone_elses_request_and_another_accounts_answer_404(
    end_user_page, make_ticket, tenant, other_tenant, agent_page, end_user
):
    someone_elses = make_ticket(actor=tenant, requester=tenant)
    assert end_user_page.post(request_url(someone_elses, "attachments/"), {"file": upload()}).status_code == 404
    mine = make_ticket(actor=end_user, requester=end_user)
    outsider = signed_in(other_tenant)
    assert outsider.post(request_url(mine, "attachments/"), {"file": upload()}).status_code == 404
    assert outsider.post(ticket_url(mine, "attachments/"), {"file": upload()}).status_code == 404
    # An end user never reaches the agents' form, even for their own request; an agent's own
    # requests page does not reach another's request either.
    assert end_user_page.post(ticket_url(mine, "attachments/"), {"file": upload()}).status_code == 404
    assert agent_page.post(request_url(mine, "attachments/"), {"file": upload()}).status_code == 404
    assert end_user_page.get(request_url(mine, "attachments/")).status_code == 405
    assert not Attachment.objects.exists()


def test_an_agent_attaches_to_the_ticket_and_to_an_internal_note_the_requester_never_sees(
    agent_page, end_user_page, request_of, agent
):
    note = comment_create(ticket=request_of, actor=agent, body="Internal", is_public=False)
    assert agent_page.post(ticket_url(request_of, "attachments/"), {"file": upload("screen.png")}).status_code == 302
    response = agent_page.post(
        ticket_url(request_of, "attachments/"), {"file": upload("secret.txt"), "target": note.pk}
    )
    assert response.status_code == 302
    html = agent_page.get(ticket_url(request_of)).content.decode()
    links = download_links(html)
    assert set(links) == {"screen.png", "secret.txt"}
    assert Client().get(links["secret.txt"]).status_code == 200
    requester_html = end_user_page.get(request_url(request_of)).content.decode()
    assert "screen.png" in requester_html and "secret.txt" not in requester_html


def test_an_agent_too_large_upload_keeps_the_comment_being_typed_elsewhere(agent_page, request_of, settings):
    settings.ATTACHMENT_MAX_BYTES = 4
    response = agent_page.post(ticket_url(request_of, "attachments/"), {"file": upload(), "description": "big"})
    html = response.content.decode()
    assert response.status_code == 200 and "too large" in html and 'value="big"' in html
    assert not Attachment.objects.exists()


def test_an_agent_without_update_permission_cannot_attach(agent, request_of):
    agent.permissions = {**agent.permissions, "tickets": ["index", "show"]}
    agent.save()
    assert signed_in(agent).post(ticket_url(request_of, "attachments/"), {"file": upload()}).status_code == 403
    assert not Attachment.objects.exists()


def test_attaching_needs_the_csrf_token(end_user, request_of):
    client = Client(enforce_csrf_checks=True)
    client.force_login(end_user.user)
    session = client.session
    session["account_id"] = end_user.account_id
    session.save()
    assert client.post(request_url(request_of, "attachments/"), {"file": upload()}).status_code == 403
    assert not Attachment.objects.exists()


def test_with_a_bucket_the_upload_lands_in_s3_and_the_link_is_a_presigned_get(
    s3,  # noqa: F811  (the fixture imported above: the app pointed at a SeaweedFS bucket)
    end_user_page,
    request_of,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = end_user_page.post(request_url(request_of, "attachments/"), {"file": upload("s3 file.txt")})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert s3_keys(s3) == {attachment.storage_key}  # the tmp object was moved, as by the API's step 3
    href = download_links(end_user_page.get(request_url(request_of)).content.decode())["s3 file.txt"]
    assert "X-Amz-Signature=" in href and "X-Amz-Expires=600" in href
    assert urllib3.request("GET", href).data == b"hello portal"
