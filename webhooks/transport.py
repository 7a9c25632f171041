"""HTTP POSTs to webhooks over kept-alive connections: one urllib3 pool per endpoint origin, cached per
worker process, each connection made to the address the SSRF guard has just checked.

Every time a pool opens a connection, `ssrf.resolve` looks the host up again and the socket goes to that
checked address (a second lookup could otherwise swap in a private one); the TLS handshake and the Host
header still use the host name. A kept-alive connection stays on the address it was checked for. Short
timeouts (3 s connect, 10 s read), no redirects followed, at most WEBHOOKS_RESPONSE_BODY_LIMIT bytes of
the answer read.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError
from urllib3.util import connection as socket_connection

from . import ssrf
from .conf import setting

# After reading the first WEBHOOKS_RESPONSE_BODY_LIMIT bytes, a remainder up to this size is drained so
# that the connection can be reused; a longer one costs the connection instead.
DRAIN_LIMIT = 64 * 1024


@dataclass
class PostResult:
    status: int | None
    body: str
    error: str
    duration_ms: int
    # The SSRF guard refused the target (it resolves to a non-public address, or its URL is not valid):
    # trying again on the retry schedule cannot help.
    unsafe: bool = False

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def gone(self) -> bool:
        """410 Gone: the receiver asks (Standard Webhooks) that the endpoint be disabled."""
        return self.status == 410


class RefusedTarget(Exception):
    """The guard refused the address at connect time; `permanent` unless the host just did not resolve."""

    def __init__(self, refused: ssrf.UnsafeTarget):
        super().__init__(str(refused))
        # ssrf.resolve says "could not be resolved" for a DNS failure, which may pass: that one retries.
        self.permanent = "could not be resolved" not in str(refused)


class GuardedConnectionMixin:
    """Resolve and check the host when the connection is made, then connect to the checked address."""

    guard_url = ""  # set per pool (a subclass per origin), see `_connection_class`

    def _new_conn(self):
        try:
            target = ssrf.resolve(self.guard_url)
        except ssrf.UnsafeTarget as refused:
            raise RefusedTarget(refused) from None
        try:
            return socket_connection.create_connection(
                (target.addresses[0], self.port),
                self.timeout,
                source_address=self.source_address,
                socket_options=self.socket_options,
            )
        except TimeoutError as failure:
            raise urllib3.exceptions.ConnectTimeoutError(
                self, f"Connection to {self.host} timed out (connect timeout={self.timeout})"
            ) from failure
        except OSError as failure:
            raise urllib3.exceptions.NewConnectionError(self, f"Failed to connect: {failure}") from failure


def _connection_class(scheme: str, origin_url: str):
    base = HTTPSConnection if scheme == "https" else HTTPConnection
    return type(f"Guarded{base.__name__}", (GuardedConnectionMixin, base), {"guard_url": origin_url})


def _origin_url(scheme: str, host: str, port: int) -> str:
    return f"{scheme}://{f'[{host}]' if ':' in host else host}:{port}/"


class Pools:
    """Connection pools by origin (scheme, host, port), least recently used dropped beyond `capacity`."""

    def __init__(self, capacity: int = 256):
        self.capacity = capacity
        self.lock = threading.Lock()
        self.pools: OrderedDict[tuple, urllib3.HTTPConnectionPool] = OrderedDict()
        self.opened = 0  # connections opened since start (the tests read it to see reuse)

    def get(self, scheme: str, host: str, port: int, maxsize: int) -> urllib3.HTTPConnectionPool:
        key = (scheme, host, port)
        with self.lock:
            pool = self.pools.get(key)
            if pool is not None and pool.pool is not None and pool.pool.maxsize >= maxsize:
                self.pools.move_to_end(key)
                return pool
            pool = self._new_pool(scheme, host, port, maxsize)
            old = self.pools.pop(key, None)
            self.pools[key] = pool
            while len(self.pools) > self.capacity:
                _, dropped = self.pools.popitem(last=False)
                dropped.close()
        if old is not None:
            old.close()
        return pool

    def _new_pool(self, scheme, host, port, maxsize):
        timeout = urllib3.Timeout(
            connect=float(setting("WEBHOOKS_CONNECT_TIMEOUT")), read=float(setting("WEBHOOKS_READ_TIMEOUT"))
        )
        counting = self

        class Connection(_connection_class(scheme, _origin_url(scheme, host, port))):
            def _new_conn(self):
                sock = super()._new_conn()
                with counting.lock:
                    counting.opened += 1
                return sock

        options = {"port": port, "timeout": timeout, "retries": False, "maxsize": maxsize, "block": True}
        base = urllib3.HTTPSConnectionPool if scheme == "https" else urllib3.HTTPConnectionPool
        pool_class = type(f"Guarded{base.__name__}", (base,), {"ConnectionCls": Connection})
        if scheme == "https":
            options["cert_reqs"] = "CERT_REQUIRED"
        return pool_class(host, **options)

    def clear(self) -> None:
        with self.lock:
            pools, self.pools, self.opened = list(self.pools.values()), OrderedDict(), 0
        for pool in pools:
            pool.close()


pools = Pools()


def post(url: str, body: str, headers: dict[str, str], *, parallel: int = 1) -> PostResult:
    """POST `body` to `url` over the process's pool for its origin (`parallel`: the pool's size)."""
    started = time.monotonic()

    def result(status=None, text="", error="", unsafe=False):
        return PostResult(status, text, error[:500], int((time.monotonic() - started) * 1000), unsafe)

    try:
        scheme, host, port, path = ssrf.parse(url)
    except ssrf.UnsafeTarget as refused:
        return result(error=f"refused: {refused}", unsafe=True)
    host_header = ssrf.Target(scheme=scheme, host=host, port=port, path=path, addresses=()).host_header
    pool = pools.get(scheme, host, port, parallel)
    limit = int(setting("WEBHOOKS_RESPONSE_BODY_LIMIT"))
    try:
        response = pool.urlopen(
            "POST",
            path,
            body=body.encode(),
            headers={**headers, "host": host_header},
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
            pool_timeout=float(setting("WEBHOOKS_CONNECT_TIMEOUT")) + float(setting("WEBHOOKS_READ_TIMEOUT")),
        )
        try:
            text = response.read(limit, decode_content=True).decode("utf-8", "replace")
            remaining = response.length_remaining
            if remaining is not None and remaining <= DRAIN_LIMIT:
                response.drain_conn()
            elif not response.isclosed():
                response.close()  # a long (or unsized) remainder: drop this connection
        finally:
            response.release_conn()
        return result(status=response.status, text=text)
    except RefusedTarget as refused:
        return result(error=f"refused: {refused}", unsafe=refused.permanent)
    except (HTTPError, OSError) as failure:
        return result(error=f"{type(failure).__name__}: {failure}")
