"""The Celery app: `celery -A backlog_site worker` (and `beat` for periodic work)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backlog_site.settings")

app = Celery("backlog_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="backlog_site.ping")
def ping():
    """A round trip through the broker, used by `make run` and the end-to-end tests to see a live worker."""
    return "pong"
