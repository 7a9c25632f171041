import datetime
import os
import time

import pytest
from django.core.files.storage import default_storage
from rest_framework.test import APIClient

from cmdb import tasks
from cmdb.attachments import services

from .attachments.helpers import upload_local

pytestmark = pytest.mark.django_db


def test_uploads_never_attached_are_purged_after_a_day(bd, make_ci):
    ci = make_ci()
    base = f"/api/v1/cis/{ci.friendly_id}"
    stale = upload_local(bd, f"{base}/attachments/new", "forgotten.txt", b"old")
    fresh = upload_local(bd, f"{base}/attachments/new", "fresh.txt", b"new")
    attached = upload_local(bd, f"{base}/attachments/new", "kept.txt", b"kept")
    bd.post(f"{base}/attachments", {"attachment": {"tmp_key": attached}}, format="json")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(default_storage.path(stale), (two_days_ago, two_days_ago))
    assert tasks.purge_stale_uploads() == 1
    assert not default_storage.exists(stale) and default_storage.exists(fresh)
    assert tasks.purge_stale_uploads() == 0  # a second run has nothing to do
    assert APIClient().get(bd.get(f"{base}/attachments").json()[0]["secure_url"]).status_code == 200


def test_purge_with_nothing_uploaded_yet():
    assert services.stale_uploads_purge(older_than=datetime.timedelta(hours=1)) == 0
