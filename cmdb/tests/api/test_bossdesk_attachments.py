"""The three upload steps without S3 (the app's own signed endpoints), for CIs, tickets and comments."""

import re
from urllib.parse import urlparse

import pytest
from django.core.files.storage import default_storage
from rest_framework.test import APIClient

from backlog_site.api.testing import assert_rejects_malformed, assert_requires_key
from cmdb.attachments import services, storage
from cmdb.models import Attachment
from helpdesk.services.tickets import comment_create

from ..attachments.helpers import named_file, upload_local
from ..conftest import bossdesk_error

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 not really a pdf\n" * 10


def attach(client, base: str, key: str, description="Uploaded from mobile device"):
    return client.post(
        f"{base}/attachments", {"attachment": {"tmp_key": key, "description": description}}, format="json"
    )


def test_step_one_answers_a_signed_form_for_this_account(bd, make_ci, tenant):
    ci = make_ci()
    body = bd.get(f"/api/v1/cis/{ci.friendly_id}/attachments/new").json()
    assert body["post_url"] == "http://testserver/api/v1/uploads"
    fields = body["post_fields"]
    assert fields["key"].startswith(f"uploads/tmp/attachments/{tenant.account_id}/")
    assert fields["key"].endswith("/${filename}") and fields["success_action_status"] == "201"
    assert fields["policy"] and fields["acl"] == "private"


def test_three_steps_attach_a_file_to_a_ci(bd, make_ci, tenant, django_capture_on_commit_callbacks):
    ci = make_ci()
    base = f"/api/v1/cis/{ci.friendly_id}"
    key = upload_local(bd, f"{base}/attachments/new", "myfile.pdf", PDF)
    assert key.endswith("/myfile.pdf") and default_storage.exists(key)
    with django_capture_on_commit_callbacks(execute=True):
        response = attach(bd, base, key)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "myfile.pdf" and body["size"] == len(PDF)
    assert body["description"] == "Uploaded from mobile device" and body["secure_url_expire_time_in_mins"] == 10
    assert body["created_by"]["id"] == tenant.user_id and body["created_by"]["username"] == tenant.user.username
    assert not default_storage.exists(key)  # the tmp upload was moved, not copied
    download = APIClient().get(urlparse(body["secure_url"]).path)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert 'filename="myfile.pdf"' in download["Content-Disposition"]
    retrieved = bd.get(f"{base}/attachments/{body['id']}").json()
    assert {k: v for k, v in retrieved.items() if k != "secure_url"} == {
        k: v for k, v in body.items() if k != "secure_url"
    }


def test_retrying_step_three_loses_nothing(bd, make_ci, tenant, monkeypatch, django_capture_on_commit_callbacks):
    ci = make_ci()
    base = f"/api/v1/cis/{ci.friendly_id}"
    key = upload_local(bd, f"{base}/attachments/new", "report.txt", b"twelve bytes")
    real_create = Attachment.objects.create

    def crash(**kwargs):
        raise ConnectionError("database went away")

    monkeypatch.setattr(Attachment.objects, "create", crash)
    with pytest.raises(ConnectionError):
        services.attachment_create(account=tenant.account, actor=tenant, owner={"ci": ci}, tmp_key=key)
    monkeypatch.setattr(Attachment.objects, "create", real_create)
    with django_capture_on_commit_callbacks(execute=True):
        first = attach(bd, base, key)
    second = attach(bd, base, key)
    assert first.status_code == 201 and second.status_code == 201
    assert first.json()["id"] == second.json()["id"] and Attachment.objects.filter(ci=ci).count() == 1
    attachment = Attachment.objects.get(ci=ci)
    assert default_storage.open(attachment.storage_key).read() == b"twelve bytes"


def test_a_key_not_issued_for_this_account_is_refused(bd, other_bd, make_ci, tenant, other_tenant):
    ci = make_ci()
    theirs = make_ci(account=other_tenant.account, actor=other_tenant, name="theirs")
    foreign_key = upload_local(other_bd, f"/api/v1/cis/{theirs.friendly_id}/attachments/new", "secret.txt", b"secret")
    base = f"/api/v1/cis/{ci.friendly_id}"
    response = attach(bd, base, foreign_key)
    assert response.status_code == 422 and response.json() == {"errors": {"key": ["is invalid"]}}
    mine = upload_local(bd, f"{base}/attachments/new", "a.txt", b"mine")
    forged = re.sub(r"-[0-9a-f]{20}/", "-" + "0" * 20 + "/", mine)
    assert attach(bd, base, forged).status_code == 422
    never_uploaded = storage.new_tmp_prefix(tenant.account_id) + "ghost.txt"
    assert attach(bd, base, never_uploaded).status_code == 422
    for junk in ["", "../../etc/passwd", 42, None, ["x"]]:
        response = bd.post(f"{base}/attachments", {"attachment": {"tmp_key": junk}}, format="json")
        assert response.status_code == 422, (junk, response.content)
    assert not Attachment.objects.exists()


def test_a_key_attached_to_one_owner_cannot_be_reused_on_another(bd, make_ci):
    first, second = make_ci(name="A"), make_ci(name="B")
    key = upload_local(bd, f"/api/v1/cis/{first.friendly_id}/attachments/new", "a.txt", b"data")
    assert attach(bd, f"/api/v1/cis/{first.friendly_id}", key).status_code == 201
    response = attach(bd, f"/api/v1/cis/{second.friendly_id}", key)
    assert response.status_code == 422 and Attachment.objects.count() == 1


def test_the_file_name_is_sanitised(bd, make_ci):
    ci = make_ci()
    base = f"/api/v1/cis/{ci.friendly_id}"
    key = upload_local(bd, f"{base}/attachments/new", "..\\..\\evil;rm -rf $HOME.pdf", b"x")
    assert "/.." not in key and '"' not in key and ";" not in key and "$" not in key
    body = attach(bd, base, key).json()
    assert body["name"] == "evil_rm -rf _HOME.pdf"
    assert storage.sanitise_filename("") == "file" and storage.sanitise_filename("a/../../b.txt") == "b.txt"
    assert storage.sanitise_filename('x"\r\n<y>.pdf') == "x_y_.pdf" and storage.sanitise_filename("..") == "file"
    assert len(storage.sanitise_filename("a" * 300 + ".pdf")) == 200


def test_the_size_limit_is_enforced(bd, make_ci, settings):
    settings.ATTACHMENT_MAX_BYTES = 16
    ci = make_ci()
    body = bd.get(f"/api/v1/cis/{ci.friendly_id}/attachments/new").json()
    too_big = APIClient().post(
        "/api/v1/uploads", {**body["post_fields"], "file": named_file("big.bin", b"x" * 17)}, format="multipart"
    )
    assert too_big.status_code == 400 and b"<Code>EntityTooLarge</Code>" in too_big.content
    fits = APIClient().post(
        "/api/v1/uploads", {**body["post_fields"], "file": named_file("ok.bin", b"x" * 16)}, format="multipart"
    )
    assert fits.status_code == 201


def test_the_upload_endpoint_refuses_bad_policies_and_bodies(bd, make_ci, monkeypatch):
    ci = make_ci()
    fields = bd.get(f"/api/v1/cis/{ci.friendly_id}/attachments/new").json()["post_fields"]
    client = APIClient()
    tampered = {**fields, "policy": fields["policy"][:-2] + "xx", "file": named_file("a.txt", b"a")}
    assert client.post("/api/v1/uploads", tampered, format="multipart").status_code == 403
    elsewhere = {**fields, "key": "uploads/attachments/1/x/${filename}", "file": named_file("a.txt", b"a")}
    assert client.post("/api/v1/uploads", elsewhere, format="multipart").status_code == 403
    assert client.post("/api/v1/uploads", {**fields}, format="multipart").status_code == 400
    assert client.post("/api/v1/uploads", "{not json", content_type="application/json").status_code == 400
    assert (
        client.post("/api/v1/uploads", "--x\r\nbroken", content_type="multipart/form-data; boundary=x").status_code
        < 500
    )
    assert client.get("/api/v1/uploads").status_code == 405
    monkeypatch.setattr(storage, "UPLOAD_EXPIRES_SECONDS", -1)
    expired = client.post("/api/v1/uploads", {**fields, "file": named_file("a.txt", b"a")}, format="multipart")
    assert expired.status_code == 403 and b"expired" in expired.content


def test_secure_url_expires(bd, make_ci, monkeypatch):
    ci = make_ci()
    base = f"/api/v1/cis/{ci.friendly_id}"
    url = attach(bd, base, upload_local(bd, f"{base}/attachments/new", "a.txt", b"a")).json()["secure_url"]
    monkeypatch.setattr(storage, "SECURE_URL_EXPIRE_MINUTES", -1)
    assert APIClient().get(urlparse(url).path).status_code == 403
    assert APIClient().get("/api/v1/attachments/download/not-a-token").status_code == 404


def test_update_and_delete(bd, make_ci, django_capture_on_commit_callbacks):
    ci = make_ci()
    base = f"/api/v1/cis/{ci.friendly_id}"
    body = attach(bd, base, upload_local(bd, f"{base}/attachments/new", "a.txt", b"a")).json()
    url = f"{base}/attachments/{body['id']}"
    updated = bd.patch(url, {"attachment": {"description": "New description"}}, format="json")
    assert updated.status_code == 200 and updated.json()["description"] == "New description"
    assert bd.patch(url, {"attachment": {"description": ["x"]}}, format="json").status_code == 422
    assert [a["id"] for a in bd.get(f"{base}/attachments").json()] == [body["id"]]
    storage_key = Attachment.objects.get(pk=body["id"]).storage_key
    with django_capture_on_commit_callbacks(execute=True):
        deleted = bd.delete(url)
    assert deleted.status_code == 200 and deleted.json()["description"] == "New description"
    assert not Attachment.objects.exists() and not default_storage.exists(storage_key)
    assert bd.get(url).status_code == 404


def test_deleting_a_ci_deletes_its_files(bd, make_ci, django_capture_on_commit_callbacks):
    ci = make_ci()
    base = f"/api/v1/cis/{ci.friendly_id}"
    attach(bd, base, upload_local(bd, f"{base}/attachments/new", "a.txt", b"a"))
    storage_key = Attachment.objects.get().storage_key
    with django_capture_on_commit_callbacks(execute=True):
        assert bd.delete(base).status_code == 204
    assert not default_storage.exists(storage_key)


def test_ticket_and_comment_attachments(bd, make_ticket, tenant):
    from cmdb.selectors import attachments_for_tickets

    ticket = make_ticket()
    comment = comment_create(ticket=ticket, actor=tenant, body="see attached", is_public=True)
    base = f"/api/v1/tickets/{ticket.friendly_id}"
    on_ticket = attach(bd, base, upload_local(bd, f"{base}/attachments/new", "screenshot.jpg", b"jpg")).json()
    comment_base = f"{base}/comments/{comment.pk}"
    on_comment = attach(bd, comment_base, upload_local(bd, f"{comment_base}/attachments/new", "image.jpg", b"j")).json()
    assert bd.get(f"{base}/attachments/{on_ticket['id']}").json()["name"] == "screenshot.jpg"
    assert bd.get(f"{comment_base}/attachments/{on_comment['id']}").json()["name"] == "image.jpg"
    assert bd.get(f"{base}/attachments/{on_comment['id']}").status_code == 404  # a comment's, not the ticket's
    grouped = attachments_for_tickets([ticket.pk])
    assert [a.pk for a in grouped[(ticket.pk, None)]] == [on_ticket["id"]]
    assert [a.pk for a in grouped[(ticket.pk, comment.pk)]] == [on_comment["id"]]
    # The ticket's own routes are untouched by these.
    assert bd.get(base).status_code == 200


def test_my_tickets_attachments_are_the_requesters_own(bd, end_user, end_user_client, make_ticket, tenant):
    mine = make_ticket(requester=end_user)
    someone_elses = make_ticket()
    internal = comment_create(ticket=mine, actor=tenant, body="internal", is_public=False)
    base = f"/api/v1/my/tickets/{mine.friendly_id}"
    body = attach(end_user_client, base, upload_local(end_user_client, f"{base}/attachments/new", "a.txt", b"a"))
    assert body.status_code == 201, body.content
    assert end_user_client.get(f"{base}/attachments/{body.json()['id']}").status_code == 200
    assert end_user_client.get(f"/api/v1/my/tickets/{someone_elses.friendly_id}/attachments/new").status_code == 404
    agent_side = f"/api/v1/tickets/{mine.friendly_id}/comments/{internal.pk}"
    hidden = attach(bd, agent_side, upload_local(bd, f"{agent_side}/attachments/new", "b.txt", b"b")).json()
    my_side = f"{base}/comments/{internal.pk}/attachments/{hidden['id']}"
    assert end_user_client.get(my_side).status_code == 404
    assert end_user_client.get(f"/api/v1/tickets/{mine.friendly_id}/attachments/new").status_code == 403


ENDPOINTS = [
    ("get", "/api/v1/cis/1/attachments/new"),
    ("get", "/api/v1/cis/1/attachments"),
    ("post", "/api/v1/cis/1/attachments"),
    ("get", "/api/v1/cis/1/attachments/1"),
    ("patch", "/api/v1/cis/1/attachments/1"),
    ("delete", "/api/v1/cis/1/attachments/1"),
    ("get", "/api/v1/tickets/1/attachments/new"),
    ("post", "/api/v1/tickets/1/attachments"),
    ("get", "/api/v1/tickets/1/attachments/1"),
    ("patch", "/api/v1/tickets/1/attachments/1"),
    ("delete", "/api/v1/tickets/1/attachments/1"),
    ("get", "/api/v1/tickets/1/comments/1/attachments/1"),
    ("get", "/api/v1/my/tickets/1/attachments/new"),
    ("post", "/api/v1/my/tickets/1/attachments"),
    ("get", "/api/v1/my/tickets/1/attachments/1"),
    ("get", "/api/v1/my/tickets/1/comments/1/attachments/1"),
]


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_attachment_endpoints_require_a_key(method, url):
    assert_requires_key(method, url, bossdesk_error)


def test_another_tenant_reaches_no_attachment(bd, other_bd, make_ci, make_ticket, tenant):
    ci = make_ci()
    ticket = make_ticket(requester=tenant)
    comment = comment_create(ticket=ticket, actor=tenant, body="x", is_public=True)
    ids = {}
    for name, base in [
        ("ci", f"/api/v1/cis/{ci.friendly_id}"),
        ("ticket", f"/api/v1/tickets/{ticket.friendly_id}"),
        ("comment", f"/api/v1/tickets/{ticket.friendly_id}/comments/{comment.pk}"),
    ]:
        ids[name] = attach(bd, base, upload_local(bd, f"{base}/attachments/new", "a.txt", b"a")).json()["id"]
    key = upload_local(bd, f"/api/v1/cis/{ci.friendly_id}/attachments/new", "b.txt", b"b")
    urls = [
        ("get", f"/api/v1/cis/{ci.friendly_id}/attachments/new"),
        ("get", f"/api/v1/cis/{ci.friendly_id}/attachments"),
        ("post", f"/api/v1/cis/{ci.friendly_id}/attachments"),
        ("get", f"/api/v1/cis/{ci.friendly_id}/attachments/{ids['ci']}"),
        ("patch", f"/api/v1/cis/{ci.friendly_id}/attachments/{ids['ci']}"),
        ("delete", f"/api/v1/cis/{ci.friendly_id}/attachments/{ids['ci']}"),
        ("get", f"/api/v1/tickets/{ticket.friendly_id}/attachments/{ids['ticket']}"),
        ("delete", f"/api/v1/tickets/{ticket.friendly_id}/attachments/{ids['ticket']}"),
        ("get", f"/api/v1/tickets/{ticket.friendly_id}/comments/{comment.pk}/attachments/{ids['comment']}"),
        ("get", f"/api/v1/my/tickets/{ticket.friendly_id}/attachments/{ids['ticket']}"),
    ]
    for method, url in urls:
        body = {"attachment": {"tmp_key": key, "description": "stolen"}}
        response = getattr(other_bd, method)(url, body, format="json")
        assert response.status_code == 404, (method, url, response.status_code)
    assert Attachment.objects.count() == 3 and not Attachment.objects.filter(description="stolen").exists()


def test_malformed_attachment_bodies_answer_4xx(bd, make_ci):
    ci = make_ci()
    base = f"/api/v1/cis/{ci.friendly_id}"
    body = attach(bd, base, upload_local(bd, f"{base}/attachments/new", "a.txt", b"a")).json()
    assert_rejects_malformed(bd, "post", f"{base}/attachments", bossdesk_error)
    assert_rejects_malformed(bd, "patch", f"{base}/attachments/{body['id']}", bossdesk_error)


def test_requesters_attach_only_to_their_own_comments(bd, end_user, end_user_client, make_ticket, tenant):
    ticket = make_ticket(requester=end_user)
    agents = comment_create(ticket=ticket, actor=tenant, body="public reply", is_public=True)
    own = comment_create(ticket=ticket, actor=end_user, body="thanks", is_public=True)
    base = f"/api/v1/my/tickets/{ticket.friendly_id}/comments"
    assert end_user_client.get(f"{base}/{agents.pk}/attachments/new").status_code == 404
    key = upload_local(end_user_client, f"{base}/{own.pk}/attachments/new", "log.txt", b"log")
    assert attach(end_user_client, f"{base}/{agents.pk}", key).status_code == 404
    created = attach(end_user_client, f"{base}/{own.pk}", key)
    assert created.status_code == 201 and Attachment.objects.get().comment == own


def test_the_attachment_list_runs_a_fixed_number_of_queries(bd, make_ci, tenant):
    from backlog_site.api.testing import assert_constant_queries

    ci = make_ci()
    base = f"/api/v1/cis/{ci.friendly_id}"

    def make_rows(n):
        while Attachment.objects.filter(ci=ci).count() < n:
            index = Attachment.objects.count()
            Attachment.objects.create(
                account=tenant.account,
                ci=ci,
                name=f"{index}.txt",
                tmp_key=f"t{index}",
                storage_key=f"s{index}",
                created_by=tenant,
            )

    assert_constant_queries(make_rows, lambda: bd.get(f"{base}/attachments", {"per_page": 30}), small=2, large=20)
