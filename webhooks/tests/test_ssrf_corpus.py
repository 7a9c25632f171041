"""The SSRF corpus: every spelling of a private target an attacker may try, refused at creation (the real
getaddrinfo turns numeric spellings into addresses, no DNS involved) and at connect time (a name whose DNS
answer is the spelling). Public addresses in the same forms stay accepted, so the guard is not just "refuse
all IPv6"."""

import socket

import pytest

from webhooks import ssrf

pytestmark = [pytest.mark.django_db, pytest.mark.security]

# (host as written in the URL, what it is)
IPV4_SPELLINGS = [
    ("2130706433", "127.0.0.1 as one decimal number"),
    ("0x7f000001", "127.0.0.1 as one hex number"),
    ("017700000001", "127.0.0.1 as one octal number"),
    ("0177.0.0.1", "octal first part"),
    ("0x7f.0.0.1", "hex first part"),
    ("0x7f.1", "hex, short form"),
    ("0177.1", "octal, short form"),
    ("127.1", "short form"),
    ("127.0.1", "three parts"),
    ("0", "0.0.0.0 as a number"),
    ("2852039166", "169.254.169.254 (cloud metadata) as a number"),
    ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254 in hex parts"),
    ("012.0.0.1", "10.0.0.1 with an octal first part"),
    ("0xc0.0xa8.1.1", "192.168.1.1 in hex parts"),
]

IPV6_FORMS = [
    ("::1", "loopback"),
    ("::", "unspecified"),
    ("::ffff:127.0.0.1", "IPv4-mapped loopback"),
    ("::ffff:7f00:1", "IPv4-mapped loopback in hex"),
    ("::ffff:a9fe:a9fe", "IPv4-mapped metadata"),
    ("::ffff:0:7f00:1", "IPv4-translated (SIIT) loopback"),
    ("::127.0.0.1", "IPv4-compatible loopback"),
    ("::7f00:1", "IPv4-compatible loopback in hex"),
    ("::a9fe:a9fe", "IPv4-compatible metadata"),
    ("::8.8.8.8", "IPv4-compatible (deprecated, never routed) even of a public address"),
    ("64:ff9b::a9fe:a9fe", "NAT64 of 169.254.169.254"),
    ("64:ff9b::a00:1", "NAT64 of 10.0.0.1"),
    ("64:ff9b::127.0.0.1", "NAT64 of loopback, dotted"),
    ("64:ff9b:1::a00:1", "local-use NAT64"),
    ("64:ff9b:1:fffe::808:808", "local-use NAT64, even of a public address"),
    ("2002:7f00:1::", "6to4 of loopback"),
    ("2002:a9fe:a9fe::", "6to4 of metadata"),
    ("2002:c0a8:101::1", "6to4 of 192.168.1.1"),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"),
    ("2001:0:a00:1::", "Teredo with a private server"),
    ("fe80::1", "link-local"),
    ("fc00::1", "unique local"),
    ("fd12:3456::1", "unique local"),
    ("ff02::1", "multicast"),
    ("2001:db8::1", "documentation"),
    ("100::1", "discard-only"),
    ("4000::1", "outside global unicast space"),
]

PUBLIC = [
    "93.184.216.34",
    "8.8.8.8",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",  # mapped: the kernel connects to 8.8.8.8 itself
    "64:ff9b::808:808",  # NAT64 of 8.8.8.8
    "2002:808:808::1",  # 6to4 of 8.8.8.8
]


def url_for(host: str) -> str:
    return f"http://[{host}]/hook" if ":" in host else f"http://{host}/hook"


@pytest.mark.parametrize("host, what", IPV4_SPELLINGS + IPV6_FORMS, ids=[h for h, _ in IPV4_SPELLINGS + IPV6_FORMS])
def test_refused_at_creation(it_client, host, what):
    response = it_client.post("/api/webhooks", {"url": url_for(host)}, format="json")
    assert response.status_code == 422, (what, response.content)
    assert response.json()["errors"]["url"], what  # Django's URL validator refuses some spellings first


@pytest.mark.parametrize("host, what", IPV4_SPELLINGS + IPV6_FORMS, ids=[h for h, _ in IPV4_SPELLINGS + IPV6_FORMS])
def test_the_guard_itself_refuses_every_spelling(host, what):
    # Whatever the URL validator lets through, the guard (run at creation and before each attempt) refuses.
    with pytest.raises(ssrf.UnsafeTarget, match="non-public"):
        ssrf.resolve(url_for(host))


@pytest.mark.parametrize("host, what", IPV6_FORMS, ids=[h for h, _ in IPV6_FORMS])
def test_refused_at_connect_time_when_dns_answers_it(monkeypatch, host, what):
    # resolve() is what both the creation check and every delivery attempt call before connecting.
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda h, port, *a, **k: [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (host, port))]
    )
    with pytest.raises(ssrf.UnsafeTarget, match="non-public"):
        ssrf.resolve("https://hooks.example.com/x")


def test_one_private_answer_among_public_ones_is_refused(monkeypatch):
    answers = ["93.184.216.34", "64:ff9b::a9fe:a9fe"]
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda h, port, *a, **k: [
            (socket.AF_INET6 if ":" in a_ else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a_, port)) for a_ in answers
        ],
    )
    with pytest.raises(ssrf.UnsafeTarget, match="169.254.169.254"):
        ssrf.resolve("https://hooks.example.com/x")


def test_every_numeric_ipv4_spelling_is_read_as_its_address():
    # What the corpus relies on: the system resolver, not our parser, reads these spellings.
    for host, _ in IPV4_SPELLINGS:
        (address,) = {info[4][0] for info in socket.getaddrinfo(host, 80, type=socket.SOCK_STREAM)}
        assert not ssrf.is_public(address), (host, address)


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_stay_accepted(address):
    assert ssrf.is_public(address)


def test_the_refusal_names_the_embedded_address(monkeypatch):
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda h, port, *a, **k: [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("2002:a9fe:a9fe::", port))],
    )
    with pytest.raises(ssrf.UnsafeTarget, match=r"2002:a9fe:a9fe::.*169\.254\.169\.254"):
        ssrf.resolve("https://hooks.example.com/x")
