"""SSRF guard: a webhook may only point at public addresses.

A URL is checked when the webhook is saved and again before every attempt (its DNS may have changed);
the attempt then connects to the very address that was checked, so a second lookup cannot swap in a
private one. Loopback, private, link-local (e.g. 169.254.169.254, cloud metadata), shared, multicast,
reserved and unspecified addresses are all refused unless WEBHOOKS_ALLOW_PRIVATE_TARGETS is on.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from .conf import allow_private_targets


class UnsafeTarget(Exception):
    pass


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # with the query string
    addresses: tuple[str, ...]

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def parse(url: str) -> tuple[str, str, int, str]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeTarget("The URL is not valid.")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeTarget("The URL must be http or https with a host name.")
    if parts.username or parts.password:
        raise UnsafeTarget("The URL must not carry credentials.")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path


def resolve(url: str) -> Target:
    """The URL's parts and addresses, every one of which must be public (or the setting allows all)."""
    scheme, host, port, path = parse(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise UnsafeTarget(f"The host {host} could not be resolved.")
    addresses = tuple(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise UnsafeTarget(f"The host {host} could not be resolved.")
    if not allow_private_targets():
        unsafe = [a for a in addresses if not is_public(a)]
        if unsafe:
            raise UnsafeTarget(f"The host {host} resolves to a non-public address ({unsafe[0]}).")
    return Target(scheme=scheme, host=host, port=port, path=path, addresses=addresses)
