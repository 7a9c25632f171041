"""SSRF guard: a webhook may only point at public addresses.

A URL is checked when the webhook is saved and again before every attempt (its DNS may have changed);
the attempt then connects to the very address that was checked, so a second lookup cannot swap in a
private one. Loopback, private, link-local (e.g. 169.254.169.254, cloud metadata), shared, multicast,
reserved and unspecified addresses are all refused unless WEBHOOKS_ALLOW_PRIVATE_TARGETS is on, and so is
every IPv6 form that embeds such an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo). Numeric host
spellings (`2130706433`, `0x7f.1`, `127.1`) need no special care: getaddrinfo turns them into the address
that is then judged.
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


# IPv6 forms that carry an IPv4 address inside them. A packet to one of these can end up at the embedded
# IPv4 address (the kernel's own IPv4 for mapped/translated forms, a NAT64 gateway, a 6to4 or Teredo relay,
# or an automatic sit tunnel for the old compatible form), so the embedded address is what gets judged.
IPV4_MAPPED = ipaddress.ip_network("::ffff:0:0/96")  # RFC 4291
IPV4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")  # SIIT, RFC 2765
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated, RFC 4291 §2.5.5.1
NAT64_WELL_KNOWN = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052
NAT64_LOCAL_USE = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215
SIX_TO_FOUR = ipaddress.ip_network("2002::/16")  # RFC 3056
TEREDO = ipaddress.ip_network("2001::/32")  # RFC 4380
# IANA's global unicast space; anything else (reserved, ULA, link-local, multicast...) is never a public host.
GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")


def _low_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address:
    return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)


def refusal(address: str) -> str | None:
    """Why the address is not a public host, or None when it is one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv4Address):
        return None if ip.is_global and not ip.is_multicast else "not a public address"
    if ip.is_loopback or ip.is_unspecified:
        return "not a public address"
    if ip in IPV4_MAPPED or ip in IPV4_TRANSLATED or ip in NAT64_WELL_KNOWN:
        embedded = [_low_ipv4(ip)]
    elif ip in IPV4_COMPATIBLE:
        # Deprecated and never globally routed, whatever it embeds.
        return f"an IPv4-compatible address (embeds {_low_ipv4(ip)})"
    elif ip in NAT64_LOCAL_USE:
        # Not globally reachable (RFC 8215), and where the IPv4 address sits depends on the operator's prefix.
        return "a local-use NAT64 address"
    elif ip in SIX_TO_FOUR:
        embedded = [ip.sixtofour]
    elif ip in TEREDO:
        embedded = list(ip.teredo)  # server and (de-obfuscated) client
    else:
        embedded = []
    for inner in embedded:
        if refusal(str(inner)) is not None:
            return f"embeds the non-public IPv4 address {inner}"
    if embedded and ip not in TEREDO:
        return None  # the embedded IPv4 address is the destination, and it is public
    if ip in GLOBAL_UNICAST and ip.is_global and not ip.is_multicast:
        return None
    return "not a public address"


def is_public(address: str) -> bool:
    return refusal(address) is None


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
        for address in addresses:
            why = refusal(address)
            if why is not None:
                raise UnsafeTarget(f"The host {host} resolves to a non-public address ({address}: {why}).")
    return Target(scheme=scheme, host=host, port=port, path=path, addresses=addresses)
