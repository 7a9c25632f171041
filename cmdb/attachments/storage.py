"""Where attachment files live, decided at call time from settings: an S3-compatible bucket when
`AWS_STORAGE_BUCKET_NAME` is set (presigned POST for uploads, presigned GET for downloads), else
Django's default storage with this app's own signed upload and download endpoints.

Keys: uploads land under `uploads/tmp/attachments/<account id>/<nonce>-<signature>/<file name>`;
the signature binds the nonce to the account, so a key that was not issued for an account is
recognised without any table. Attachments are moved to `uploads/attachments/<account id>/<nonce>/`.
"""

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

TMP_PREFIX = "uploads/tmp/attachments"
FINAL_PREFIX = "uploads/attachments"
FILENAME_PLACEHOLDER = "${filename}"
UPLOAD_SALT = "cmdb.attachments.upload"
DOWNLOAD_SALT = "cmdb.attachments.download"
UPLOAD_EXPIRES_SECONDS = 60 * 60
SECURE_URL_EXPIRE_MINUTES = 10
TMP_KEY = re.compile(
    rf"^{re.escape(TMP_PREFIX)}/(?P<account>[0-9]+)/(?P<nonce>[0-9a-f]{{32}})-(?P<sig>[0-9a-f]{{20}})/(?P<name>[^/]+)$"
)


def max_upload_bytes() -> int:
    return int(settings.ATTACHMENT_MAX_BYTES)


def s3_configured() -> bool:
    return bool(getattr(settings, "AWS_STORAGE_BUCKET_NAME", ""))


def sanitise_filename(name: str) -> str:
    """A file name safe in a key, a path and a Content-Disposition: no directories, no control or
    shell-special characters, at most 200 characters, never empty."""
    name = unicodedata.normalize("NFKC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[^\w.\- ()]+", "_", name, flags=re.UNICODE).strip(" .")
    name = re.sub(r"_{2,}", "_", name)
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 200 - len(ext) - 1] + "." + ext) if dot and len(ext) <= 16 else name[:200]
    return name or "file"


def _nonce_signature(account_id: int, nonce: str) -> str:
    return salted_hmac(UPLOAD_SALT, f"{account_id}:{nonce}", algorithm="sha256").hexdigest()[:20]


def new_tmp_prefix(account_id: int) -> str:
    nonce = secrets.token_hex(16)
    return f"{TMP_PREFIX}/{account_id}/{nonce}-{_nonce_signature(account_id, nonce)}/"


@dataclass(frozen=True)
class TmpKey:
    key: str
    account_id: int
    nonce: str
    name: str

    @property
    def final_key(self) -> str:
        """Derived from the tmp key, so a retried attach writes the same object, never a second one."""
        return f"{FINAL_PREFIX}/{self.account_id}/{self.nonce}/{sanitise_filename(self.name)}"


def tmp_key_parse(key, *, account_id: int) -> TmpKey | None:
    """The parts of a tmp key issued for `account_id`, or None for anything else."""
    if not isinstance(key, str):
        return None
    match = TMP_KEY.match(key)
    if match is None or int(match["account"]) != account_id:
        return None
    if not constant_time_compare(match["sig"], _nonce_signature(account_id, match["nonce"])):
        return None
    return TmpKey(key=key, account_id=account_id, nonce=match["nonce"], name=match["name"])


class LocalBackend:
    """Django's default storage (MEDIA_ROOT by default) with this app's signed endpoints."""

    def __init__(self):
        self.storage = default_storage

    def upload_form(self, *, request, prefix: str, account_id: int) -> dict:
        max_bytes = max_upload_bytes()
        policy = signing.dumps({"a": account_id, "p": prefix, "m": max_bytes}, salt=UPLOAD_SALT, compress=True)
        return {
            "post_url": request.build_absolute_uri(reverse("bd-uploads")),
            "post_fields": {
                "key": prefix + FILENAME_PLACEHOLDER,
                "acl": "private",
                "success_action_status": "201",
                "policy": policy,
            },
        }

    def exists(self, key: str) -> bool:
        return self.storage.exists(key)

    def size(self, key: str) -> int:
        return self.storage.size(key)

    def save(self, key: str, content) -> str:
        """Writes `content` at exactly `key` (replacing what was there) and answers its ETag (MD5)."""
        digest = hashlib.md5(usedforsecurity=False)
        for chunk in content.chunks() if hasattr(content, "chunks") else [content.read()]:
            digest.update(chunk)
        content.seek(0)
        if self.storage.exists(key):
            self.storage.delete(key)
        saved = self.storage.save(key, File(content))
        if saved != key:  # the storage renamed it: the key handed to the client would be wrong
            self.storage.delete(saved)
            raise OSError(f"storage saved {key!r} as {saved!r}")
        return digest.hexdigest()

    def copy(self, source: str, target: str) -> None:
        with self.storage.open(source, "rb") as handle:
            self.save(target, File(handle))

    def delete(self, key: str) -> None:
        if self.storage.exists(key):
            self.storage.delete(key)

    def open(self, key: str):
        return self.storage.open(key, "rb")

    def tmp_uploads(self):
        """(key, modified time) of every upload still under the tmp prefix."""
        pending = [TMP_PREFIX]
        while pending:
            folder = pending.pop()
            try:
                folders, files = self.storage.listdir(folder)
            except FileNotFoundError:
                continue
            pending.extend(f"{folder}/{name}" for name in folders)
            for name in files:
                key = f"{folder}/{name}"
                yield key, self.storage.get_modified_time(key)

    def secure_url(self, *, request, key: str, name: str) -> str:
        token = signing.dumps({"k": key, "n": name}, salt=DOWNLOAD_SALT, compress=True)
        return request.build_absolute_uri(reverse("bd-attachment-download", kwargs={"token": token}))


class S3Backend:
    """An S3-compatible bucket through django-storages and boto3, configured from settings now."""

    def __init__(self):
        from storages.backends.s3 import S3Storage

        endpoint = getattr(settings, "AWS_S3_ENDPOINT_URL", None) or None
        self.bucket = settings.AWS_STORAGE_BUCKET_NAME
        self.storage = S3Storage(
            bucket_name=self.bucket,
            endpoint_url=endpoint,
            access_key=getattr(settings, "AWS_ACCESS_KEY_ID", None),
            secret_key=getattr(settings, "AWS_SECRET_ACCESS_KEY", None),
            region_name=getattr(settings, "AWS_S3_REGION_NAME", None) or "us-east-1",
            addressing_style="path" if endpoint else None,
            signature_version="s3v4",
            default_acl=None,
            querystring_auth=True,
            file_overwrite=True,
        )
        self.client = self.storage.connection.meta.client

    def upload_form(self, *, request, prefix: str, account_id: int) -> dict:
        post = self.client.generate_presigned_post(
            Bucket=self.bucket,
            Key=prefix + FILENAME_PLACEHOLDER,
            Fields={"acl": "private", "success_action_status": "201"},
            Conditions=[
                {"acl": "private"},
                {"success_action_status": "201"},
                ["starts-with", "$key", prefix],
                ["content-length-range", 1, max_upload_bytes()],
            ],
            ExpiresIn=UPLOAD_EXPIRES_SECONDS,
        )
        return {"post_url": post["url"], "post_fields": post["fields"]}

    def exists(self, key: str) -> bool:
        return self.storage.exists(key)

    def size(self, key: str) -> int:
        return self.storage.size(key)

    def copy(self, source: str, target: str) -> None:
        self.client.copy_object(Bucket=self.bucket, Key=target, CopySource={"Bucket": self.bucket, "Key": source})

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=key)

    def open(self, key: str):
        return self.storage.open(key, "rb")

    def tmp_uploads(self):
        """(key, modified time) of every upload still under the tmp prefix."""
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=TMP_PREFIX + "/"):
            for item in page.get("Contents", []):
                yield item["Key"], item["LastModified"]

    def secure_url(self, *, request, key: str, name: str) -> str:
        return self.client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ResponseContentDisposition": f'attachment; filename="{name}"',
            },
            ExpiresIn=SECURE_URL_EXPIRE_MINUTES * 60,
        )


def backend() -> LocalBackend | S3Backend:
    return S3Backend() if s3_configured() else LocalBackend()
