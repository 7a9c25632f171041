"""HTTP POSTs to webhooks over kept-alive connections: per endpoint origin, a stack of idle `http.client`
connections, cached per worker process, each one opened to the address the SSRF guard has just checked.

Every time a connection is opened, `ssrf.resolve` looks the host up again and the socket goes to that
checked address (a second lookup could otherwise swap in a private one); the TLS handshake and the Host
header still use the host name. A kept-alive connection stays on the address it was checked for. Short
timeouts (3 s connect, 10 s read), no redirects followed, at most WEBHOOKS_RESPONSE_BODY_LIMIT bytes of
the answer read.

Why the standard library's `http.client` and not urllib3's pools (used here before): on the 2-core machine
one loopback POST cost 595 µs of CPU through urllib3 against 210 µs through `http.client`
(`bench/bench_http_clients.py`), and the dispatcher's throughput is bound by that CPU. What urllib3 gave
us — reuse of idle connections, dropping a connection the server closed, a guarded connect — is the
small `Pools` below.
"""

import http.client
import select
import socket
import ssl
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

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


@lru_cache(maxsize=1)
def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()  # certificates and host names verified


def _origin_url(scheme: str, host: str, port: int) -> str:
    return f"{scheme}://{f'[{host}]' if ':' in host else host}:{port}/"


class GuardedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection that resolves and checks its host when it connects, then connects to the
    checked address."""

    def __init__(self, scheme: str, host: str, port: int, on_open):
        super().__init__(host, port, timeout=float(setting("WEBHOOKS_CONNECT_TIMEOUT")))
        self.scheme = scheme
        self.guard_url = _origin_url(scheme, host, port)
        self.read_timeout = float(setting("WEBHOOKS_READ_TIMEOUT"))
        self.on_open = on_open
        self.hold_head = False
        self.held = b""

    def send(self, data):
        """`http.client` writes a request's head and its body separately; held back, the head goes out with
        the body in one write, which costs the receiver one wake-up instead of two (and this process one
        system call)."""
        if self.hold_head:
            self.hold_head, self.held = False, data
            return
        data, self.held = self.held + data, b""
        super().send(data)

    def request_in_one_write(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> None:
        self.hold_head = True
        try:
            self.request(method, path, body=body, headers=headers)
        finally:
            self.hold_head = False
        if self.held:  # only a head was written (no body): send it now
            self.send(b"")

    def connect(self):
        try:
            target = ssrf.resolve(self.guard_url)
        except ssrf.UnsafeTarget as refused:
            raise RefusedTarget(refused) from None
        sock = socket.create_connection((target.addresses[0], self.port), self.timeout)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(self.read_timeout)
            if self.scheme == "https":
                sock = _tls_context().wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise
        self.sock = sock
        self.on_open()


def _dropped(connection: GuardedConnection) -> bool:
    """The server closed this idle connection (or sent something unasked): readable means it is done."""
    if connection.sock is None:
        return True
    poller = select.poll()
    poller.register(connection.sock, select.POLLIN | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))


class Pools:
    """Idle kept-alive connections by origin (scheme, host, port), at most `maxsize` kept per origin,
    least recently used origins dropped beyond `capacity`. The dispatcher bounds how many posts run at once
    per endpoint; this only keeps the connections between them."""

    def __init__(self, capacity: int = 256):
        self.capacity = capacity
        self.lock = threading.Lock()
        self.idle: OrderedDict[tuple, list[GuardedConnection]] = OrderedDict()
        self.opened = 0  # connections opened since start (the tests read it to see reuse)

    def _count_open(self) -> None:
        with self.lock:
            self.opened += 1

    def take(self, scheme: str, host: str, port: int) -> tuple[GuardedConnection, bool]:
        """A connection to the origin and whether it is a kept-alive one (else not yet connected)."""
        key = (scheme, host, port)
        while True:
            with self.lock:
                stack = self.idle.get(key)
                connection = stack.pop() if stack else None
            if connection is None:
                return GuardedConnection(scheme, host, port, self._count_open), False
            if not _dropped(connection):
                return connection, True
            connection.close()

    def give_back(self, connection: GuardedConnection, maxsize: int) -> None:
        key = (connection.scheme, connection.host, connection.port)
        dropped = []
        with self.lock:
            stack = self.idle.setdefault(key, [])
            self.idle.move_to_end(key)
            if len(stack) < maxsize:
                stack.append(connection)
            else:
                dropped.append(connection)
            while len(self.idle) > self.capacity:
                dropped += self.idle.popitem(last=False)[1]
        for extra in dropped:
            extra.close()

    def clear(self) -> None:
        with self.lock:
            stacks, self.idle, self.opened = list(self.idle.values()), OrderedDict(), 0
        for stack in stacks:
            for connection in stack:
                connection.close()


pools = Pools()


def _read_answer(response: http.client.HTTPResponse, limit: int) -> tuple[str, bool]:
    """The first `limit` bytes of the answer as text, and whether the connection can be kept."""
    text = response.read(limit).decode("utf-8", "replace")
    if not response.isclosed():
        remaining = response.length  # None when chunked or read until close
        if remaining is None or remaining > DRAIN_LIMIT:
            return text, False
        response.read()
    return text, not response.will_close


def post(url: str, body: str, headers: dict[str, str], *, parallel: int = 1) -> PostResult:
    """POST `body` to `url` over a kept-alive connection to its origin (`parallel`: how many to keep)."""
    started = time.monotonic()

    def result(status=None, text="", error="", unsafe=False):
        return PostResult(status, text, error[:500], int((time.monotonic() - started) * 1000), unsafe)

    try:
        scheme, host, port, path = ssrf.parse(url)
    except ssrf.UnsafeTarget as refused:
        return result(error=f"refused: {refused}", unsafe=True)
    host_header = ssrf.Target(scheme=scheme, host=host, port=port, path=path, addresses=()).host_header
    connection, _ = pools.take(scheme, host, port)
    keep = False
    try:
        connection.request_in_one_write("POST", path, body.encode(), {**headers, "host": host_header})
        response = connection.getresponse()
        text, keep = _read_answer(response, int(setting("WEBHOOKS_RESPONSE_BODY_LIMIT")))
        return result(status=response.status, text=text)
    except RefusedTarget as refused:
        return result(error=f"refused: {refused}", unsafe=refused.permanent)
    except TimeoutError as failure:
        return result(error=f"timed out: {failure or 'no answer within the timeout'}")
    except (http.client.HTTPException, OSError) as failure:
        return result(error=f"{type(failure).__name__}: {failure}")
    finally:
        if keep:
            pools.give_back(connection, parallel)
        else:
            connection.close()
