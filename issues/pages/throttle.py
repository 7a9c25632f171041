"""A cap on subscribe requests from one address: the status page needs no login, so without it anyone
could make the site send confirmation e-mails to many addresses."""

import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def subscription_allowed(request) -> bool:
    """Counts this request; False once the address has made more than the hourly allowance."""
    window = int(time.time() // WINDOW_SECONDS)
    key = f"status-subscribe:{request.META.get('REMOTE_ADDR', '')}:{window}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= settings.STATUS_SUBSCRIBE_RATE_PER_HOUR
