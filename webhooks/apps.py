from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"

    def ready(self):
        from backlog_site.celery import app

        from .conf import setting

        # beat runs the sweep that re-queues deliveries whose task was lost (e.g. a worker killed mid-post).
        app.conf.beat_schedule = {
            **(app.conf.beat_schedule or {}),
            "webhooks-outbox-sweep": {
                "task": "webhooks.outbox_sweep",
                "schedule": float(setting("WEBHOOKS_SWEEP_INTERVAL_SECONDS")),
            },
        }
