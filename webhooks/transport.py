"""HTTP POSTs to webhooks over kept-alive connections: per endpoint origin, a stack of idle connections,
cached per worker process, each one opened to the address the SSRF guard has just checked.

Every time a connection is opened, `ssrf.resolve` looks the host up again and the socket goes to that
checked address (a second lookup could otherwise swap in a private one); the TLS handshake and the Host
header still use the host name. A kept-alive connection stays on the address it was checked for. Short
timeouts (3 s connect, 10 s read), no redirects followed, at most WEBHOOKS_RESPONSE_BODY_LIMIT bytes of
the answer read.

HTTP/1.1 is spoken by h11 (a sans-I/O protocol library: framing, chunked answers, keep-alive rules),
over a socket of our own. Why not `http.client` or urllib3's pools (used here before): the dispatcher's
throughput is bound by its CPU per post, and on the 2-core machine one loopback POST cost 595 µs of CPU
through urllib3, 368 µs through `http.client`, 240 µs through h11 (`bench/bench_http_clients.py`, beside a
raw-socket floor of 77 µs). What urllib3 gave us — reuse of idle connections, dropping a connection the
server closed, a guarded connect — is the small `Pools` below.
"""

import select
import socket
import ssl
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

import h11

from . import ssrf
from .conf import setting

# After reading the first WEBHOOKS_RESPONSE_BODY_LIMIT bytes, a remainder up to this size is drained so
# that the connection can be reused; a longer one costs the connection instead.
DRAIN_LIMIT = 64 * 1024
MAX_HEAD_SIZE = 16 * 1024  # an answer's status line and headers, at most
RECEIVE_SIZE = 64 * 1024


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


class GuardedConnection:
    """One HTTP/1.1 connection to an origin that resolves and checks its host when it connects, then
    connects to the checked address."""

    def __init__(self, scheme: str, host: str, port: int, on_open):
        self.scheme, self.host, self.port = scheme, host, port
        self.guard_url = _origin_url(scheme, host, port)
        self.on_open = on_open
        self.sock: socket.socket | None = None
        self.http = h11.Connection(h11.CLIENT, max_incomplete_event_size=MAX_HEAD_SIZE)

    def connect(self) -> None:
        try:
            target = ssrf.resolve(self.guard_url)
        except ssrf.UnsafeTarget as refused:
            raise RefusedTarget(refused) from None
        sock = socket.create_connection((target.addresses[0], self.port), float(setting("WEBHOOKS_CONNECT_TIMEOUT")))
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(float(setting("WEBHOOKS_READ_TIMEOUT")))
            if self.scheme == "https":
                sock = _tls_context().wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise
        self.sock = sock
        self.on_open()

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def post(self, path: str, headers: list[tuple[str, str]], body: bytes, limit: int) -> tuple[int, str, bool]:
        """POST and read the answer: its status, its first `limit` bytes as text, and whether the
        connection can carry another request."""
        if self.sock is None:
            self.connect()
        http = self.http
        head = h11.Request(method="POST", target=path, headers=[*headers, ("content-length", str(len(body)))])
        # Head and body in one write: one wake-up of the receiver instead of two, one system call here.
        self.sock.sendall(http.send(head) + http.send(h11.Data(data=body)) + http.send(h11.EndOfMessage()))
        status, kept, size = None, [], 0
        while True:
            event = http.next_event()
            if event is h11.NEED_DATA:
                http.receive_data(self.sock.recv(RECEIVE_SIZE))  # b"" (closed) is how h11 learns of the end
                continue
            kind = type(event)
            if kind is h11.Response:
                status = event.status_code
            elif kind is h11.Data:
                if size < limit:
                    kept.append(event.data)
                size += len(event.data)
                if size > limit + DRAIN_LIMIT:
                    break  # a long answer costs the connection rather than the time to drain it
            elif kind is h11.EndOfMessage or kind is h11.ConnectionClosed:
                break
        if status is None:
            raise h11.RemoteProtocolError("the connection closed before an answer")
        reusable = http.our_state is h11.DONE and http.their_state is h11.DONE
        if reusable:
            http.start_next_cycle()
        return status, b"".join(kept)[:limit].decode("utf-8", "replace"), reusable


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
        status, text, keep = connection.post(
            path,
            [("host", host_header), *headers.items()],
            body.encode(),
            int(setting("WEBHOOKS_RESPONSE_BODY_LIMIT")),
        )
        return result(status=status, text=text)
    except RefusedTarget as refused:
        return result(error=f"refused: {refused}", unsafe=refused.permanent)
    except TimeoutError as failure:
        return result(error=f"timed out: {failure or 'no answer within the timeout'}")
    except (h11.ProtocolError, OSError) as failure:
        return result(error=f"{type(failure).__name__}: {failure}")
    finally:
        if keep:
            pools.give_back(connection, parallel)
        else:
            connection.close()
