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
    # The sweep wakes a dispatcher for pending deliveries this overdue (younger ones have one coming).
    "WEBHOOKS_SWEEP_GRACE_SECONDS": 30,
    "WEBHOOKS_SWEEP_INTERVAL_SECONDS": 60,
    # After a secret rotation the old secret signs too, for this long.
    "WEBHOOKS_ROTATION_GRACE_SECONDS": 24 * 3600,
    "WEBHOOKS_RESPONSE_BODY_LIMIT": 2048,
    "WEBHOOKS_ALLOW_PRIVATE_TARGETS": False,
    # The dispatcher: at most this many deliveries claimed and not yet recorded, in all...
    "WEBHOOKS_DISPATCH_BATCH": 400,
    # ...at most this many of them per endpoint in one claim (fairness across endpoints)...
    "WEBHOOKS_ENDPOINT_BATCH": 100,
    # ...posted by at most this many lanes (kept-alive connections) at once per endpoint: one endpoint
    # reaches 1,000 posts a second over loopback with 16 (4 gave 788/s: each post waits for the receiver)...
    "WEBHOOKS_ENDPOINT_CONCURRENCY": 16,
    # ...out of this many posting threads per worker process (lanes take turns at them, one post a turn).
    "WEBHOOKS_DISPATCH_THREADS": 64,
    # A dispatch run with work left hands over to a new run after this long (other tasks get a turn).
    "WEBHOOKS_DISPATCH_MAX_SECONDS": 20,
    # Wake-ups within this long of one another share one dispatch task (at most; a dispatcher that
    # finds nothing due clears it at once).
    "WEBHOOKS_WAKE_TTL_SECONDS": 2,
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
