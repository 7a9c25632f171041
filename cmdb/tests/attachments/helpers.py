"""The three documented upload steps, as a client performs them."""

from urllib.parse import urlparse
from xml.etree import ElementTree

from rest_framework.test import APIClient


def upload_local(client, new_url: str, name: str, content: bytes, **extra) -> str:
    """Steps 1 and 2 against this app's own upload endpoint; answers the tmp key."""
    form = client.get(new_url)
    assert form.status_code == 200, form.content
    body = form.json()
    post = APIClient().post(
        urlparse(body["post_url"]).path,
        {**body["post_fields"], **extra, "file": named_file(name, content)},
        format="multipart",
    )
    assert post.status_code == 201, post.content
    assert post["Content-Type"].startswith("application/xml")
    return post_response_key(post.content)


def named_file(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def post_response_key(xml: bytes) -> str:
    """The `Key` of S3's XML `PostResponse`."""
    root = ElementTree.fromstring(xml)
    assert root.tag == "PostResponse", xml
    return root.findtext("Key")
