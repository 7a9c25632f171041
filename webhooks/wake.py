"""Waking a dispatcher without one broker message per event.

After a commit that wrote deliveries, `wake()` sets a short-lived flag in Redis (SET NX) and sends a
`webhooks.dispatch` task only if the flag was not already set. A dispatcher clears the flag when it
finds nothing due, then looks once more before it stops, so no wake-up is lost: an event committed
before the flag was cleared is seen by that last look, and one committed after sets the flag anew and
sends a task. The flag expires by itself (WEBHOOKS_WAKE_TTL_SECONDS), so a dispatcher killed mid-run
delays the next wake-up by at most that long; its leased deliveries are claimed again when the leases
run out, and the beat sweep wakes a dispatcher for anything overdue.

With a broker other than Redis (the filesystem broker of `make run`), every commit sends its own task.
Retries wake a dispatcher at their due time: one delayed task per second of due time, at most.
"""

import logging
import math
import time
from functools import lru_cache

from .conf import setting

log = logging.getLogger(__name__)

FLAG = "webhooks:dispatch:wake"
LATER = "webhooks:dispatch:at:{}"


@lru_cache(maxsize=4)
def _client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


def _redis():
    from backlog_site.celery import app

    url = str(app.conf.broker_url or "")
    if app.conf.task_always_eager or not url.startswith(("redis://", "rediss://")):
        return None
    return _client(url)


def _first(key: str, ttl: int) -> bool:
    """True when this call set `key` (nobody had), or when Redis cannot say (then send anyway)."""
    client = _redis()
    if client is None:
        return True
    try:
        return bool(client.set(key, b"1", nx=True, ex=max(1, ttl)))
    except Exception:  # the broker's Redis is down: the task send will report it, if anything
        log.warning("webhooks: wake-up flag unavailable", exc_info=True)
        return True


def wake(*, force: bool = False) -> None:
    """Make sure a dispatcher runs soon (`force`: send a task even if the flag is set)."""
    from .tasks import dispatch

    if force or _first(FLAG, int(setting("WEBHOOKS_WAKE_TTL_SECONDS"))):
        dispatch.delay()


def wake_later(delay: float) -> None:
    """A dispatcher run `delay` seconds from now (for retries); zero needs none: the running loop sees it."""
    if delay <= 0:
        return
    from .tasks import dispatch

    due = math.ceil(time.time() + delay)
    if _first(LATER.format(due), int(delay) + 60):
        dispatch.apply_async(eta=_utc(due))


def _utc(epoch: float):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(epoch, UTC)


def clear() -> None:
    client = _redis()
    if client is None:
        return
    try:
        client.delete(FLAG)
    except Exception:
        log.warning("webhooks: could not clear the wake-up flag", exc_info=True)
