"""Scopes per family: every operation of the OpenAPI description names the one scope a scoped key needs
(`x-required-scope`), and a key holding every other scope — all the other families' included — is refused
with 403 in the family's shape. A key holding exactly the named scope gets what an unscoped key gets."""

import pytest

from backlog_site.api.permissions import SCOPE_RESOURCES
from backlog_site.api.testing import api_client, issue_key

from .families import BY_NAME
from .openapi import operations, schema

pytestmark = [pytest.mark.django_db, pytest.mark.security]

ALL_SCOPES = [f"{resource}:{access}" for resource in SCOPE_RESOURCES for access in ("read", "write")]
KEYED = [op for op in operations() if op.path != "/api/v1/sessions"]  # the login takes a password, not a key


def test_every_operation_names_a_scope_of_the_table():
    assert len(KEYED) > 150, len(KEYED)
    unnamed = [op.operation_id for op in KEYED if op.required_scope is None]
    assert not unnamed, unnamed
    assert {op.required_scope for op in KEYED} <= set(ALL_SCOPES)


def test_the_dev_tickets_scope_is_only_the_dev_tickets():
    # The defect: `tickets:read` also read BOSSDesk service-desk tickets and their upload policies.
    for op in KEYED:
        if op.required_scope and op.required_scope.startswith("tickets:"):
            assert op.path.startswith(("/api/v1/ext/orgs/", "/v1/tickets/", "/v1/backlogs/")), op.path


def test_the_security_schemes_list_each_familys_scopes():
    schemes = schema()["components"]["securitySchemes"]
    assert set(schemes["ticketsApiKey"]["x-scopes"]) == {"tickets:read", "tickets:write"}
    assert {"helpdesk:read", "cis:write", "users:read"} <= set(schemes["bossDeskToken"]["x-scopes"])
    assert {"issues:read", "webhooks:write"} <= set(schemes["issueTrackerBearer"]["x-scopes"])
    assert {"backlogs:read", "accounts:write"} <= set(schemes["easyBacklogToken"]["x-scopes"])
    listed = [scope for scheme in schemes.values() for scope in scheme.get("x-scopes", {})]
    assert set(listed) == set(ALL_SCOPES)


@pytest.fixture
def keys(tenant):
    cache = {}

    def key_with(scopes: tuple[str, ...]):
        if scopes not in cache:
            cache[scopes] = issue_key(tenant, scopes=list(scopes))
        return cache[scopes]

    return key_with


def send(op, tenant, raw_key):
    family = op.family
    client = api_client(raw_key, header=family.header, value=family.value.format(key=raw_key))
    return getattr(client, op.method)(op.url(tenant.account.slug), {}, format="json")


def by_resource():
    """One test per scope resource (its operations in a loop): a tenant per operation would take minutes."""
    grouped = {}
    for op in KEYED:
        grouped.setdefault((op.required_scope or "none named").split(":")[0], []).append(op)
    return [pytest.param(ops, id=resource) for resource, ops in sorted(grouped.items())]


@pytest.mark.parametrize("ops", by_resource())
def test_a_key_outside_the_operations_scope_is_refused(tenant, keys, ops):
    failures = []
    for op in ops:
        outside = tuple(scope for scope in ALL_SCOPES if scope != op.required_scope)
        response = send(op, tenant, keys(outside))
        if response.status_code != 403:
            failures.append((op.method, op.path, response.status_code, response.content[:120]))
            continue
        op.family.error_shape(response.json())
    assert not failures, failures


@pytest.mark.parametrize("ops", by_resource())
def test_the_named_scope_is_enough(tenant, keys, ops):
    failures = []
    for op in ops:
        if op.required_scope is None:
            failures.append((op.method, op.path, "names no scope"))
            continue
        scoped = send(op, tenant, keys((op.required_scope, *op.also_required)))
        unscoped = send(op, tenant, keys(()))
        if scoped.status_code != unscoped.status_code:
            failures.append((op.method, op.path, op.required_scope, scoped.status_code, unscoped.status_code))
    assert not failures, failures


def test_a_dev_tickets_key_reaches_no_service_desk_ticket(tenant, keys):
    # The campaign's finding: `tickets:read` read BOSSDesk tickets (internal comments included) and upload policies.
    bossdesk = BY_NAME["bossdesk"]
    assert bossdesk.client(tenant).get("/api/v1/tickets").status_code == 200
    raw = keys(("tickets:read", "tickets:write"))
    dev_tickets_key = api_client(raw, value=bossdesk.value.format(key=raw))
    for path in (
        "/api/v1/tickets",
        "/api/v1/tickets/1",
        "/api/v1/tickets/1/comments",
        "/api/v1/tickets/1/attachments/new",
    ):
        response = dev_tickets_key.get(path)
        assert response.status_code == 403, (path, response.status_code)
        bossdesk.error_shape(response.json())
