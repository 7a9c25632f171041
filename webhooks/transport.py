"""One HTTP POST to a webhook: to the address the SSRF guard checked, with short timeouts, no redirects
followed and at most a few kilobytes of the answer read."""

import time
from dataclasses import dataclass

import urllib3
from urllib3.exceptions import HTTPError

from . import ssrf
from .conf import setting


@dataclass
class PostResult:
    status: int | None
    body: str
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def post(url: str, body: str, headers: dict[str, str]) -> PostResult:
    started = time.monotonic()

    def result(status=None, text="", error=""):
        return PostResult(status, text, error[:500], int((time.monotonic() - started) * 1000))

    try:
        target = ssrf.resolve(url)
    except ssrf.UnsafeTarget as refused:
        return result(error=f"refused: {refused}")
    timeout = urllib3.Timeout(
        connect=float(setting("WEBHOOKS_CONNECT_TIMEOUT")), read=float(setting("WEBHOOKS_READ_TIMEOUT"))
    )
    options = {"port": target.port, "timeout": timeout, "retries": False, "maxsize": 1}
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            target.addresses[0],
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
            **options,
        )
    else:
        pool = urllib3.HTTPConnectionPool(target.addresses[0], **options)
    limit = int(setting("WEBHOOKS_RESPONSE_BODY_LIMIT"))
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body.encode(),
            headers={**headers, "host": target.host_header},
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
        try:
            text = response.read(limit, decode_content=True).decode("utf-8", "replace")
        finally:
            response.release_conn()
        return result(status=response.status, text=text)
    except (HTTPError, OSError) as failure:
        return result(error=f"{type(failure).__name__}: {failure}")
    finally:
        pool.close()
