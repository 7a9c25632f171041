"""The dispatcher: a loop, run by the `webhooks.dispatch` task, that claims due deliveries in batches,
posts them per endpoint in parallel and records the results in bulk, until nothing is due.

- Only the loop's own thread touches the database; the pool's threads sign and POST.
- Each endpoint has a queue served by at most WEBHOOKS_ENDPOINT_CONCURRENCY lanes at a time, over the
  endpoint's kept-alive connection pool (`transport.pools`). A lane posts one delivery per turn, then
  queues its next turn behind every other lane waiting for a thread: threads go round robin across
  endpoints, so neither a slow endpoint nor a bursting one holds the others.
- An endpoint with enough work queued here is left out of the next claims (`busy`), and every claim
  takes at most WEBHOOKS_ENDPOINT_BATCH deliveries per endpoint, round robin across endpoints: one
  account's burst cannot starve another account's event.
- A delivery that waited in its queue until its lease is about to run out is given back unposted.
- Results are recorded as they come in, all those finished at each turn of the loop in one transaction.
"""

import logging
import queue
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from django.utils import timezone

from . import delivery as engine
from . import signing, transport
from .conf import setting

log = logging.getLogger(__name__)

_local = threading.local()
_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def executor() -> ThreadPoolExecutor:
    """One thread pool per process (a prefork child makes its own on first use)."""
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(int(setting("WEBHOOKS_DISPATCH_THREADS")), thread_name_prefix="webhooks")
        return _executor


def running_here() -> bool:
    """A dispatcher loop is running in this thread (an eager wake-up inside it has nothing to add)."""
    return getattr(_local, "running", False)


def _headers(delivery, body: str, now) -> dict[str, str]:
    webhook = delivery.webhook
    return signing.signed_headers(webhook=webhook, message_id=delivery.event.message_id, body=body, now=now)


def post_one(delivery, body: str | None = None, parallel: int = 1):
    """Sign and POST one claimed delivery: (result, when it was attempted)."""
    now = timezone.now()
    body = body if body is not None else signing.event_body(delivery.event)
    result = transport.post(delivery.webhook.url, body, _headers(delivery, body, now), parallel=parallel)
    return result, now


class Endpoint:
    """Claimed deliveries of one endpoint waiting to be posted, and the threads posting them."""

    def __init__(self, webhook_id: int):
        self.webhook_id = webhook_id
        self.waiting: deque = deque()
        self.lanes = 0  # this queue's lanes: each a turn running in the pool or waiting for a thread
        self.in_flight = 0  # claimed here and not recorded yet


class Dispatcher:
    WINDOW = 0.02  # seconds over which finished posts are gathered into one recording transaction

    def __init__(self):
        self.batch = int(setting("WEBHOOKS_DISPATCH_BATCH"))
        self.per_endpoint = int(setting("WEBHOOKS_ENDPOINT_BATCH"))
        self.parallel = int(setting("WEBHOOKS_ENDPOINT_CONCURRENCY"))
        # A delivery that has waited in its endpoint's queue for more than half its lease is given back
        # unposted: a post (up to connect + read timeouts) must not outlive the lease, or a second
        # dispatcher could post it at the same time.
        self.lease_margin = int(setting("WEBHOOKS_LEASE_SECONDS")) / 2
        self.claimer = engine.Claimer()
        self.endpoints: dict[int, Endpoint] = {}
        self.finished: queue.Queue = queue.Queue()
        self.lock = threading.Lock()
        self.pool = executor()
        self.delivered = 0

    def busy(self) -> list[int]:
        """Endpoints that still have at least half a batch here: the next claim leaves them out."""
        low_water = max(1, self.per_endpoint // 2)
        return [e.webhook_id for e in self.endpoints.values() if e.in_flight >= low_water]

    def in_flight(self) -> int:
        return sum(e.in_flight for e in self.endpoints.values())

    def run(self, max_seconds: float) -> int:
        """Deliver until nothing is due (answers how many were recorded), or until `max_seconds` have
        passed with work left: then answers -1, and the caller queues another run."""
        from . import wake

        _local.running = True
        deadline = time.monotonic() + max_seconds
        try:
            while True:
                if time.monotonic() > deadline:
                    self.drain()
                    return -1
                claimed = self.claim()
                if self.in_flight():
                    # Results are recorded a few at a time: whatever finished within one short window.
                    self.record_finished(wait=0 if claimed else 0.05)
                    continue
                if claimed:
                    continue
                # Nothing due and nothing in flight. Clear the wake-up flag, then look once more: an event
                # committed before the flag was cleared is seen now; one after it sends a new wake-up.
                wake.clear()
                if not self.claim():
                    return self.delivered
        finally:
            _local.running = False

    def drain(self) -> None:
        while self.in_flight():
            self.record_finished(wait=0.05)

    def claim(self) -> int:
        room = self.batch - self.in_flight()
        if room <= 0:
            return 0
        claimed = self.claimer.claim(limit=room, per_endpoint=self.per_endpoint, busy=self.busy())
        if not claimed:
            return 0
        disabled = [d for d in claimed if not d.webhook.is_active]
        if disabled:
            engine.release_disabled(disabled)
        bodies: dict[int, str] = {}
        for webhook_id, group in engine.by_endpoint([d for d in claimed if d.webhook.is_active]).items():
            for delivery in group:
                if delivery.event_id not in bodies:
                    bodies[delivery.event_id] = signing.event_body(delivery.event)
            self.enqueue(webhook_id, [(d, bodies[d.event_id]) for d in group])
        return len(claimed)

    def enqueue(self, webhook_id: int, items) -> None:
        with self.lock:
            endpoint = self.endpoints.setdefault(webhook_id, Endpoint(webhook_id))
            endpoint.waiting.extend(items)
            endpoint.in_flight += len(items)
            start = min(self.parallel - endpoint.lanes, len(endpoint.waiting))
            endpoint.lanes += start
        for _ in range(start):
            self.pool.submit(self.serve, endpoint)

    def serve(self, endpoint: Endpoint) -> None:
        """One turn of an endpoint's lane: post its next waiting delivery, then queue the lane's next turn
        behind whatever the pool has waiting. The pool's queue is first come, first served, so lanes of
        all endpoints take turns at the threads: one endpoint's burst, even with as many lanes as there
        are threads, cannot keep another endpoint's lane waiting for more than one post."""
        with self.lock:
            if not endpoint.waiting:
                endpoint.lanes -= 1
                if not endpoint.lanes and not endpoint.in_flight:
                    self.endpoints.pop(endpoint.webhook_id, None)
                return
            delivery, body = endpoint.waiting.popleft()
        try:
            if (delivery.lease_until - timezone.now()).total_seconds() < self.lease_margin:
                result, at = None, None  # too late to post under this lease: given back unposted
            else:
                result, at = post_one(delivery, body, parallel=self.parallel)
        except Exception as failure:  # a bug must not strand the delivery: it is logged and retried
            log.exception("webhook delivery %s crashed", delivery.pk)
            result = transport.PostResult(None, "", f"{type(failure).__name__}: {failure}", 0)
            at = timezone.now()
        self.finished.put((delivery, result, at))
        self.pool.submit(self.serve, endpoint)

    def record_finished(self, wait: float) -> None:
        """Record what has finished: wait up to `wait` for a first result, then gather more for up to
        WINDOW seconds, so that a transaction records many attempts (one INSERT, one UPDATE)."""
        items = []
        try:
            items.append(self.finished.get(timeout=wait) if wait else self.finished.get_nowait())
        except queue.Empty:
            return
        until = time.monotonic() + self.WINDOW
        while len(items) < self.in_flight():
            try:
                items.append(self.finished.get(timeout=max(0.0, until - time.monotonic())))
            except queue.Empty:
                break
        posted = [(d, r, at) for d, r, at in items if r is not None]
        engine.release([d for d, r, _ in items if r is None])
        engine.record_many(posted)
        self.delivered += len(posted)
        with self.lock:
            for delivery, _, _ in items:
                endpoint = self.endpoints[delivery.webhook_id]
                endpoint.in_flight -= 1
                if not endpoint.in_flight and not endpoint.lanes:
                    del self.endpoints[delivery.webhook_id]


def dispatch(max_seconds: float | None = None) -> int:
    if running_here():
        return 0
    seconds = float(max_seconds if max_seconds is not None else setting("WEBHOOKS_DISPATCH_MAX_SECONDS"))
    return Dispatcher().run(seconds)
