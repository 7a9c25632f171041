"""The three upload steps and the attachment's life: `upload_form` (step 1), `upload_receive` (step 2
when the app serves uploads itself), `attachment_create` (step 3), update and delete."""

import datetime
import mimetypes
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from accounts.models import Account, Membership
from backlog_site.api.errors import Refused

from . import storage
from .models import Attachment


def upload_form(*, request, account: Account) -> dict:
    """Step 1: where and how to POST a file: `post_url` and `post_fields` for a fresh tmp prefix."""
    prefix = storage.new_tmp_prefix(account.pk)
    return storage.backend().upload_form(request=request, prefix=prefix, account_id=account.pk)


class UploadRefused(Exception):
    """Step 2 refused the upload; `code` and `status` as S3 would answer."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Upload:
    key: str
    etag: str


def upload_receive(*, policy, key, file) -> Upload:
    """Step 2 without S3: checks the signed policy (not expired, key under its prefix, size within its
    limit), puts the sanitised file name in the key and stores the file there."""
    if not isinstance(policy, str) or not policy:
        raise UploadRefused("InvalidPolicyDocument", "Missing policy", 400)
    try:
        data = signing.loads(policy, salt=storage.UPLOAD_SALT, max_age=storage.UPLOAD_EXPIRES_SECONDS)
    except signing.SignatureExpired:
        raise UploadRefused("AccessDenied", "Invalid according to Policy: Policy expired.", 403) from None
    except signing.BadSignature:
        raise UploadRefused("AccessDenied", "Invalid according to Policy: bad signature.", 403) from None
    prefix = data["p"]
    if not isinstance(key, str) or not key.startswith(prefix):
        raise UploadRefused("AccessDenied", "Invalid according to Policy: Policy Condition failed: key", 403)
    if file is None:
        raise UploadRefused("InvalidArgument", "POST requires exactly one file upload per request.", 400)
    if file.size > data["m"]:
        raise UploadRefused("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", 400)
    if file.size < 1:
        raise UploadRefused("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size", 400)
    rest = key[len(prefix) :]
    name = (
        file.name
        if rest in ("", storage.FILENAME_PLACEHOLDER)
        else rest.replace(storage.FILENAME_PLACEHOLDER, file.name)
    )
    final_key = prefix + storage.sanitise_filename(name)
    if storage.tmp_key_parse(final_key, account_id=data["a"]) is None:
        raise UploadRefused("AccessDenied", "Invalid according to Policy: Policy Condition failed: key", 403)
    etag = storage.LocalBackend().save(final_key, file)
    return Upload(key=final_key, etag=etag)


def _same_owner(attachment: Attachment, owner: dict) -> bool:
    return all(getattr(attachment, f"{name}_id") == (obj.pk if obj else None) for name, obj in owner.items())


def attachment_create(
    *, account: Account, actor: Membership | None, owner: dict, tmp_key, description: str | None = None
) -> Attachment:
    """Step 3: moves the upload at `tmp_key` to its final key and records it on `owner`
    ({"ci": ci} or {"ticket": ticket, "comment": comment-or-None}).

    Safe to retry: the final key is derived from the tmp key, the tmp object is deleted only after
    the row is committed, and a second call with the same key answers the same attachment."""
    tmp = storage.tmp_key_parse(tmp_key, account_id=account.pk)
    if tmp is None:
        raise Refused("invalid", field="key")
    owner = {"ci": None, "ticket": None, "comment": None, **owner}
    existing = Attachment.objects.filter(account=account, tmp_key=tmp.key).first()
    if existing is not None:
        if not _same_owner(existing, owner):
            raise ValidationError({"key": ["has already been attached"]})
        return existing
    store = storage.backend()
    if store.exists(tmp.key):
        size = store.size(tmp.key)
        if size > storage.max_upload_bytes():
            store.delete(tmp.key)
            raise ValidationError({"key": ["is too large"]})
        store.copy(tmp.key, tmp.final_key)
    elif not store.exists(tmp.final_key):
        raise Refused("invalid", field="key")  # nothing was uploaded under this key
    size = store.size(tmp.final_key)
    name = storage.sanitise_filename(tmp.name)
    try:
        with transaction.atomic():
            attachment = Attachment.objects.create(
                account=account,
                **owner,
                name=name,
                description=description,
                size=size,
                content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
                tmp_key=tmp.key,
                storage_key=tmp.final_key,
                created_by=actor,
            )
            transaction.on_commit(lambda: store.delete(tmp.key))
    except IntegrityError:
        # A concurrent retry of the same step 3 won: answer its attachment.
        attachment = Attachment.objects.filter(account=account, tmp_key=tmp.key).first()
        if attachment is None or not _same_owner(attachment, owner):
            raise ValidationError({"key": ["has already been attached"]}) from None
    return attachment


@transaction.atomic
def attachment_update(*, attachment: Attachment, description: str | None) -> Attachment:
    attachment.description = description
    attachment.save(update_fields=["description", "updated_at"])
    return attachment


def attachments_files_delete(*, attachments: list[Attachment]) -> None:
    """Deletes the attachments' files once the surrounding transaction commits."""
    keys = [attachment.storage_key for attachment in attachments]
    if keys:
        transaction.on_commit(lambda: _delete_keys(keys))


def _delete_keys(keys: list[str]) -> None:
    store = storage.backend()
    for key in keys:
        store.delete(key)


def stale_uploads_purge(*, older_than: datetime.timedelta) -> int:
    """Deletes uploads that were never attached (step 2 without step 3) once they are `older_than`
    old; answers how many. Attached uploads are moved out of the tmp prefix, so none is touched."""
    cutoff = timezone.now() - older_than
    store = storage.backend()
    stale = [key for key, modified in store.tmp_uploads() if modified < cutoff]
    for key in stale:
        store.delete(key)
    return len(stale)


@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> Attachment:
    attachment_id = attachment.pk
    attachments_files_delete(attachments=[attachment])
    attachment.delete()
    attachment.pk = attachment_id  # the deleted attachment is answered with its id
    return attachment


def upload_store(*, account: Account, file) -> str:
    """Step 2 done by the server for a file it received itself (the portal's multipart form): the same
    size limits and file-name sanitising as `upload_receive`, stored under a fresh tmp prefix of
    `account` in the configured storage; answers the tmp key to hand to `attachment_create`."""
    if file is None:
        raise ValidationError({"file": ["No file was submitted."]})
    max_bytes = storage.max_upload_bytes()
    if file.size > max_bytes:
        raise ValidationError({"file": [f"The file is too large (at most {filesizeformat(max_bytes)})."]})
    if file.size < 1:
        raise ValidationError({"file": ["The file is empty."]})
    key = storage.new_tmp_prefix(account.pk) + storage.sanitise_filename(file.name)
    store = storage.backend()
    if isinstance(store, storage.LocalBackend):
        store.save(key, file)
    else:
        saved = store.storage.save(key, file)  # file_overwrite: S3 keeps the exact key
        if saved != key:
            raise OSError(f"storage saved {key!r} as {saved!r}")
    return key


@transaction.atomic
def attachment_upload(
    *, account: Account, actor: Membership | None, owner: dict, file, description: str | None = None
) -> Attachment:
    """Steps 2 and 3 at once for a file the app received itself: `upload_store`, then
    `attachment_create` (the same tmp key → final key move as the attachments API)."""
    tmp_key = upload_store(account=account, file=file)
    return attachment_create(account=account, actor=actor, owner=owner, tmp_key=tmp_key, description=description)
