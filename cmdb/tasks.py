"""Periodic work of the CMDB: uploads that were never attached are deleted after a day (run it from
Celery beat, e.g. hourly: `cmdb.purge_stale_uploads`). A second run finds nothing more to do."""

import datetime

from celery import shared_task

from .attachments.services import stale_uploads_purge

STALE_AFTER = datetime.timedelta(hours=24)


@shared_task(name="cmdb.purge_stale_uploads")
def purge_stale_uploads() -> int:
    return stale_uploads_purge(older_than=STALE_AFTER)
