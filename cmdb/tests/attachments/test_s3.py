"""The three upload steps against a real S3-compatible server (SeaweedFS started by the tests):
a real presigned POST with its size limit and key prefix, a real copy, a real presigned GET."""

import time
import uuid
from urllib.parse import parse_qs, urlparse

import boto3
import pytest
import urllib3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from cmdb.attachments import storage
from cmdb.models import Attachment

from .. import seaweedfs
from .helpers import post_response_key


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory):
    try:
        server = seaweedfs.start(tmp_path_factory.mktemp("seaweedfs"))
    except seaweedfs.CannotStart as exc:
        pytest.skip(f"S3 tests need SeaweedFS: {exc}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def s3_client(seaweed):
    """A client of the real server and the tests' bucket (one per session: each bucket is a
    SeaweedFS collection with its own volumes)."""
    client = boto3.client(
        "s3",
        endpoint_url=seaweed.endpoint,
        aws_access_key_id=seaweedfs.ACCESS_KEY,
        aws_secret_access_key=seaweedfs.SECRET_KEY,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
    )
    client.bucket = f"bossdesk-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=client.bucket)
    # The S3 gateway answers before the volume server takes writes: wait for a write to succeed.
    deadline = time.monotonic() + 30
    while True:
        try:
            client.put_object(Bucket=client.bucket, Key="probe", Body=b"probe")
            break
        except (BotoCoreError, ClientError):
            if time.monotonic() > deadline:
                pytest.skip(f"SeaweedFS takes no writes; see {seaweed.log_path}")
            time.sleep(0.5)
    return client


@pytest.fixture
def s3(s3_client, seaweed, settings):
    """The bucket, emptied, and settings pointing the app at it (read by the app at call time)."""
    for key in keys(s3_client):
        s3_client.delete_object(Bucket=s3_client.bucket, Key=key)
    settings.AWS_STORAGE_BUCKET_NAME = s3_client.bucket
    settings.AWS_S3_ENDPOINT_URL = seaweed.endpoint
    settings.AWS_ACCESS_KEY_ID = seaweedfs.ACCESS_KEY
    settings.AWS_SECRET_ACCESS_KEY = seaweedfs.SECRET_KEY
    settings.AWS_S3_REGION_NAME = "us-east-1"
    return s3_client


def keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=client.bucket).get("Contents", [])}


def direct_upload(form: dict, name: str, content: bytes):
    """Step 2 as a browser does it: the fields, then the file, as multipart to `post_url`."""
    return urllib3.request("POST", form["post_url"], fields={**form["post_fields"], "file": (name, content)})


def upload(client, base: str, name: str, content: bytes) -> str:
    form = client.get(f"{base}/attachments/new").json()
    response = direct_upload(form, name, content)
    assert response.status == 201, response.data
    return post_response_key(response.data)


def attach(client, base: str, key: str):
    return client.post(f"{base}/attachments", {"attachment": {"tmp_key": key, "description": "d"}}, format="json")


@pytest.mark.django_db
def test_three_steps_through_s3(s3, seaweed, bd, make_ci, tenant, django_capture_on_commit_callbacks):
    ci = make_ci()
    base = f"/api/v1/cis/{ci.friendly_id}"
    form = bd.get(f"{base}/attachments/new").json()
    assert form["post_url"] == f"{seaweed.endpoint}/{s3.bucket}"
    fields = form["post_fields"]
    assert fields["key"].startswith(f"uploads/tmp/attachments/{tenant.account_id}/")
    assert fields["key"].endswith("/${filename}")
    assert fields["x-amz-algorithm"] == "AWS4-HMAC-SHA256" and fields["x-amz-signature"] and fields["policy"]
    response = direct_upload(form, "myfile.pdf", b"%PDF real bytes")
    assert response.status == 201
    xml = response.data.decode()
    assert "<PostResponse>" in xml and f"<Bucket>{s3.bucket}</Bucket>" in xml and "<ETag>" in xml
    tmp_key = post_response_key(response.data)
    assert tmp_key.endswith("/myfile.pdf") and tmp_key in keys(s3)
    with django_capture_on_commit_callbacks(execute=True):
        created = attach(bd, base, tmp_key)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["name"] == "myfile.pdf" and body["size"] == len(b"%PDF real bytes")
    attachment = Attachment.objects.get(pk=body["id"])
    assert keys(s3) == {attachment.storage_key}  # moved: the tmp object is gone
    secure = urlparse(body["secure_url"])
    assert parse_qs(secure.query)["X-Amz-Expires"] == [str(storage.SECURE_URL_EXPIRE_MINUTES * 60)]
    download = urllib3.request("GET", body["secure_url"])
    assert download.status == 200 and download.data == b"%PDF real bytes"
    assert urllib3.request("GET", f"{seaweed.endpoint}/{s3.bucket}/{attachment.storage_key}").status == 403
    # Retrying step 3 answers the same attachment, even though the tmp object is gone now.
    again = attach(bd, base, tmp_key)
    assert again.status_code == 201 and again.json()["id"] == body["id"]
    with django_capture_on_commit_callbacks(execute=True):
        assert bd.delete(f"{base}/attachments/{body['id']}").status_code == 200
    assert keys(s3) == set()


@pytest.mark.django_db
def test_s3_enforces_the_size_limit_and_the_key_prefix(s3, bd, make_ci, settings):
    settings.ATTACHMENT_MAX_BYTES = 16
    ci = make_ci()
    form = bd.get(f"/api/v1/cis/{ci.friendly_id}/attachments/new").json()
    too_big = direct_upload(form, "big.bin", b"x" * 17)
    assert too_big.status == 400 and b"EntityTooLarge" in too_big.data
    elsewhere = {**form, "post_fields": {**form["post_fields"], "key": "uploads/attachments/evil.bin"}}
    assert direct_upload(elsewhere, "evil.bin", b"x").status == 403
    assert keys(s3) == set()


@pytest.mark.django_db
def test_s3_refuses_a_key_of_another_account(s3, bd, other_bd, make_ci, other_tenant):
    mine = make_ci()
    theirs = make_ci(account=other_tenant.account, actor=other_tenant, name="theirs")
    foreign = upload(other_bd, f"/api/v1/cis/{theirs.friendly_id}", "secret.txt", b"secret")
    response = attach(bd, f"/api/v1/cis/{mine.friendly_id}", foreign)
    assert response.status_code == 422 and response.json() == {"errors": {"key": ["is invalid"]}}
    assert foreign in keys(s3) and not Attachment.objects.exists()


@pytest.mark.django_db
def test_s3_ticket_attachment_and_sanitised_name(s3, bd, make_ticket):
    ticket = make_ticket()
    base = f"/api/v1/tickets/{ticket.friendly_id}"
    key = upload(bd, base, "rep&ort;$1.txt", b"ticket file")
    body = attach(bd, base, key).json()
    assert body["name"] == "rep_ort_1.txt"
    assert Attachment.objects.get(pk=body["id"]).storage_key.endswith("/rep_ort_1.txt")
    assert urllib3.request("GET", body["secure_url"]).data == b"ticket file"


@pytest.mark.django_db
def test_s3_purges_stale_uploads(s3, bd, make_ci):
    import datetime

    from cmdb.attachments.services import stale_uploads_purge

    ci = make_ci()
    upload(bd, f"/api/v1/cis/{ci.friendly_id}", "forgotten.txt", b"old")
    assert stale_uploads_purge(older_than=datetime.timedelta(hours=1)) == 0
    assert stale_uploads_purge(older_than=datetime.timedelta(seconds=-60)) == 1
    assert keys(s3) == set()
