"""Helpers every API test can reuse (see the architecture guide, "Tests").

    client = api_client(key)                       # a DRF test client sending the key
    assert_requires_key(client_factory(), "get", url)     # no credentials -> 401 in the dialect's shape
    assert_other_tenant_not_found(other_client, "get", url)
    assert_rejects_malformed(client, "post", url, json_body_shape_check)
    assert_constant_queries(make_rows, lambda: client.get(url))

They check behaviour that can fail: each asserts a status code and the body's shape.
"""

import json
from contextlib import contextmanager

from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.services import api_key_issue

# Bodies that no endpoint should accept, each sent with its content type.
MALFORMED_BODIES = [
    ("application/json", "{not json"),
    ("application/json", "[1, 2, 3]"),
    ("application/json", '"a string"'),
    ("application/json", '{"name": {"nested": ["wrong", "types"]}, "id": [], "default_velocity": "x"}'),
    ("application/xml", "<broken><xml>"),
    ("text/plain", "plain text"),
]


def issue_key(membership, scopes=None) -> str:
    return api_key_issue(account=membership.account, user=membership.user, scopes=scopes).raw_key


def api_client(
    raw_key: str | None = None, *, header: str = "HTTP_AUTHORIZATION", value: str | None = None
) -> APIClient:
    """A client that sends `raw_key` as `Authorization: token K` unless told another header form."""
    client = APIClient()
    if raw_key is not None:
        client.credentials(**{header: value if value is not None else f"token {raw_key}"})
    return client


def _send(client, method, url, **kwargs):
    return getattr(client, method.lower())(url, **kwargs)


def assert_requires_key(method: str, url: str, error_check=None):
    """No credentials and a wrong key both answer 401 (and the dialect's error shape).

    `error_check(response)` must assert by itself; its return value is ignored."""
    for client in (APIClient(), api_client("amk_wrongwrongwrongwrongwrongwrongwrongwrongwr")):
        response = _send(client, method, url)
        assert response.status_code == 401, (method, url, response.status_code, response.content[:300])
        if error_check:
            error_check(response)


def assert_other_tenant_not_found(client, method: str, url: str, **kwargs):
    response = _send(client, method, url, **kwargs)
    assert response.status_code == 404, (method, url, response.status_code, response.content[:300])
    return response


def assert_rejects_malformed(client, method: str, url: str, error_check=None, bodies=MALFORMED_BODIES):
    """Every malformed body answers a 4xx (never a 5xx), in the dialect's error shape."""
    for content_type, body in bodies:
        response = _send(client, method, url, data=body, content_type=content_type)
        assert 400 <= response.status_code < 500, (content_type, body, response.status_code, response.content[:300])
        if error_check and response.status_code != 404:
            error_check(response)


def count_queries(action) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = action()
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return len(ctx.captured_queries)


def assert_constant_queries(make_rows, action, small: int = 2, large: int = 20):
    """The SQL query count of `action` is the same with `small` rows as with `large` rows.

    `make_rows(n)` must bring the number of listed rows to n (it is called with small, then large).
    """
    make_rows(small)
    action()  # warm up: the first request of a key records last_used_at
    few = count_queries(action)
    make_rows(large)
    many = count_queries(action)
    assert few == many, f"{few} queries for {small} rows but {many} for {large}"
    return many


def answers(client, urls, *, prepared: bool = True) -> dict:
    """{url: response} of GETs of `urls`, with prepared reads on or off (backlog_site.prepared)."""
    with override_settings(DATABASE_PREPARED_STATEMENTS=prepared):
        return {url: client.get(url) for url in urls}


def assert_same_answers(answered: dict, client, headers: tuple[str, ...] = ()):
    """`client` answers each URL of `answered` ({url: response}, read another way) byte for byte alike."""
    for url, response in answered.items():
        expected = client.get(url)
        assert response.status_code == expected.status_code == 200, url
        assert response.content == expected.content, url
        assert [response[name] for name in headers] == [expected[name] for name in headers], url


def json_body(response):
    return json.loads(response.content)


@contextmanager
def wsgi_called_in_process():
    """While a test calls the WSGI application itself (schemathesis, httpx's WSGI transport, werkzeug), Django's
    request signals must not close the test's database connection (inside its transaction), as Django's own
    test client also sees to."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
