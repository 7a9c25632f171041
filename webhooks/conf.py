"""Tunables of the delivery engine: Django settings first, then the environment (so a worker process
started by a test or the benchmark can be tuned), then the defaults below."""

import json
import os

from django.conf import settings

DEFAULTS = {
    # Seconds to wait before each retry after the first attempt: about 27 hours in all (Svix's schedule).
    "WEBHOOKS_RETRY_SCHEDULE": [5, 300, 1800, 7200, 18000, 36000, 36000],
    "WEBHOOKS_CONNECT_TIMEOUT": 3.0,
    "WEBHOOKS_READ_TIMEOUT": 10.0,
    # How long a worker holds a delivery while posting it; a dead worker's lease expires after this.
    "WEBHOOKS_LEASE_SECONDS": 60,
    # The sweep re-queues pending deliveries this overdue (younger ones still have their task queued).
    "WEBHOOKS_SWEEP_GRACE_SECONDS": 30,
    "WEBHOOKS_SWEEP_INTERVAL_SECONDS": 60,
    # After a secret rotation the old secret signs too, for this long.
    "WEBHOOKS_ROTATION_GRACE_SECONDS": 24 * 3600,
    "WEBHOOKS_RESPONSE_BODY_LIMIT": 2048,
    "WEBHOOKS_ALLOW_PRIVATE_TARGETS": False,
}


def setting(name: str):
    value = getattr(settings, name, None)
    if value is not None:
        return value
    raw = os.environ.get(name)
    if raw is not None:
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return DEFAULTS[name]


def allow_private_targets() -> bool:
    value = setting("WEBHOOKS_ALLOW_PRIVATE_TARGETS")
    return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes", "on")
