"""The five API families as the security probes see them: how a key is sent, one route that takes a
body, and the error shape every answer must have."""

from collections.abc import Callable
from dataclasses import dataclass

from backlog_site.api.testing import api_client, issue_key


def easybacklog_shape(body):
    assert body["status"] == "error" and body["message"], body


def public_backlog_shape(body):
    assert {"statusCode", "message"} <= set(body) and body["message"], body


def org_tickets_shape(body):
    assert set(body) == {"error"} and body["error"]["message"], body


def bossdesk_shape(body):
    assert list(body) == ["errors"] and isinstance(body["errors"], dict) and body["errors"], body


def issue_tracker_shape(body):
    assert set(body) <= {"message", "errors"} and body["message"], body


@dataclass(frozen=True)
class Family:
    name: str
    header: str  # the META key the key travels in
    value: str  # how the key is written in it, "{key}" standing for the key
    create_url: str  # "{account_id}" / "{slug}" filled in from the tenant
    error_shape: Callable
    content_types: tuple[str, ...]

    def client(self, membership, scopes=None):
        key = issue_key(membership, scopes=scopes)
        return api_client(key, header=self.header, value=self.value.format(key=key))

    def url(self, membership) -> str:
        return self.create_url.format(account_id=membership.account_id, slug=membership.account.slug)


FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data; boundary=BoUnDaRy"
XML_TYPES = ("application/xml", "application/vnd.easybacklog+xml", "text/xml")

FAMILIES = [
    Family(
        "easybacklog",
        "HTTP_AUTHORIZATION",
        "token {key}",
        "/api/accounts/{account_id}/companies",
        easybacklog_shape,
        ("application/json", "application/vnd.easybacklog+json", FORM, MULTIPART, *XML_TYPES),
    ),
    Family(
        "public_backlog",
        "HTTP_APIKEY",
        "{key}",
        "/v1/tickets/save-ticket",
        public_backlog_shape,
        ("application/json", FORM),
    ),
    Family(
        "org_tickets",
        "HTTP_X_API_KEY",
        "{key}",
        "/api/v1/ext/orgs/{slug}/tickets",
        org_tickets_shape,
        ("application/json",),
    ),
    Family(
        "bossdesk",
        "HTTP_AUTHORIZATION",
        'Token token="{key}"',
        "/api/v1/tickets",
        bossdesk_shape,
        ("application/json",),
    ),
    Family(
        "bossdesk_cmdb",
        "HTTP_AUTHORIZATION",
        'Token token="{key}"',
        "/api/v1/cis",
        bossdesk_shape,
        ("application/json",),
    ),
    Family(
        "issue_tracker",
        "HTTP_AUTHORIZATION",
        "Bearer {key}",
        "/api/issues",
        issue_tracker_shape,
        ("application/json", FORM, MULTIPART),
    ),
]

BY_NAME = {family.name: family for family in FAMILIES}
