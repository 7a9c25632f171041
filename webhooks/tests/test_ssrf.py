"""SSRF guard: private, loopback, link-local and reserved targets refused at creation and at delivery."""

import socket

import pytest

from webhooks import delivery, services, ssrf
from webhooks.models import Delivery, DeliveryAttempt, Event

pytestmark = pytest.mark.django_db


def resolving_to(monkeypatch, address):
    family = socket.AF_INET6 if ":" in address else socket.AF_INET

    def fake_getaddrinfo(host, port, *args, **kwargs):
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://127.1.2.3:8080/hook",
        "http://10.0.0.5/hook",
        "http://192.168.1.1/hook",
        "http://172.16.0.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::ffff:10.0.0.1]/hook",
        "http://0.0.0.0/hook",
        "http://100.64.0.1/hook",
        "http://localhost/hook",
    ],
)
def test_private_targets_are_refused_at_creation(it_client, url):
    response = it_client.post("/api/webhooks", {"url": url}, format="json")
    assert response.status_code == 422, (url, response.content)
    assert "url" in response.json()["errors"]


def test_a_name_resolving_to_a_private_address_is_refused(it_client, monkeypatch):
    resolving_to(monkeypatch, "10.1.2.3")
    response = it_client.post("/api/webhooks", {"url": "https://hooks.example.com/x"}, format="json")
    assert response.status_code == 422 and "10.1.2.3" in response.json()["errors"]["url"][0]


def test_unresolvable_host_is_refused(it_client, monkeypatch):
    def fail(*args, **kwargs):
        raise socket.gaierror("no such host")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    assert it_client.post("/api/webhooks", {"url": "https://nowhere.invalid/x"}, format="json").status_code == 422


def test_public_name_is_accepted(it_client, monkeypatch):
    resolving_to(monkeypatch, "93.184.216.34")
    response = it_client.post("/api/webhooks", {"url": "https://hooks.example.com/x"}, format="json")
    assert response.status_code == 201, response.content


def test_dns_that_changes_to_private_is_refused_at_delivery(tenant, monkeypatch):
    resolving_to(monkeypatch, "93.184.216.34")
    webhook, _ = services.webhook_create(account=tenant.account, user=tenant.user, url="https://hooks.example.com/x")
    resolving_to(monkeypatch, "169.254.169.254")  # DNS rebinding towards the metadata service
    delivery_row = Delivery.objects.get(webhook=webhook)
    assert delivery.attempt(delivery_row.pk) == "failed"  # for good: no retry schedule (issue 16)
    attempt = DeliveryAttempt.objects.get()
    assert attempt.outcome == "error" and attempt.error.startswith("refused:") and "169.254.169.254" in attempt.error


def test_the_setting_allows_private_targets(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    assert ssrf.resolve("http://127.0.0.1:9/x").addresses == ("127.0.0.1",)
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(ssrf.UnsafeTarget):
        ssrf.resolve("http://127.0.0.1:9/x")


@pytest.mark.parametrize(
    "url", ["http://user:pw@example.com/", "gopher://example.com/", "http:///nohost", "http://[::1"]
)
def test_malformed_targets(url):
    with pytest.raises(ssrf.UnsafeTarget):
        ssrf.parse(url)


def test_event_count_unchanged_by_refusals(it_client):
    it_client.post("/api/webhooks", {"url": "http://127.0.0.1/x"}, format="json")
    assert not Event.objects.exists()
