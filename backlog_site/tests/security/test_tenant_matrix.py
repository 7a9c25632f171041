"""The tenant matrix, generated from the OpenAPI description: every operation of `/api/schema/`, on the ids of a
real account (the demo data), sent by

- its owner (the baseline: never 401, never a 5xx);
- another tenant's key in each of the seven key forms (401/403/404 on the account's ids; on routes without
  them, the other tenant's own answer);
- no key, a revoked key (401, except the Issue Tracker's public reads without a key);
- a key scoped to everything but the operation's scope (403);
- an end user's key on the BOSSDesk agent operations (403/404).

No answer to anyone but the owner carries the account's data (its people, names and slugs)."""

import base64
from dataclasses import dataclass

import pytest

from backlog_site.api.permissions import SCOPE_RESOURCES
from backlog_site.api.testing import api_client, issue_key

from .demo import BY_QUERY, GLOBAL, LEAK, Demo
from .openapi import MISSING_ID, operations

pytestmark = [pytest.mark.django_db, pytest.mark.security]

ALL_SCOPES = [f"{resource}:{access}" for resource in SCOPE_RESOURCES for access in ("read", "write")]
# The login takes a password, not a key (throttling and malformed credentials have their own tests).
KEYED = [op for op in operations() if op.path != "/api/v1/sessions"]
# The Issue Tracker's public reads answer without a key (public issues, categories and companies only).
PUBLIC = {
    ("get", "/api/issues"),
    ("get", "/api/issues/{id}"),
    ("get", "/api/categories"),
    ("get", "/api/categories/{id}"),
    ("get", "/api/companies"),
    ("get", "/api/companies/{id}"),
}
KEY_FORMS = {
    "easyBacklog token": lambda key, uid: {"HTTP_AUTHORIZATION": f"token {key}"},
    "easyBacklog Basic id:key": lambda key, uid: {
        "HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{uid}:{key}".encode()).decode()
    },
    "easyBacklog ?api_key": lambda key, uid: {"QUERY": f"api_key={key}"},
    "BOSSDesk Token token=": lambda key, uid: {"HTTP_AUTHORIZATION": f'Token token="{key}"'},
    "Issue Tracker Bearer": lambda key, uid: {"HTTP_AUTHORIZATION": f"Bearer {key}"},
    "Public Backlog apiKey": lambda key, uid: {"HTTP_APIKEY": key},
    "Tickets API X-API-Key": lambda key, uid: {"HTTP_X_API_KEY": key},
}


@dataclass
class Answer:
    status: int
    body: bytes


def names_a_row(op) -> bool:
    """Whether the operation's URL (or body) names one of the account's rows, not the caller's own lists."""
    if op.path.startswith(GLOBAL):
        return False
    return "{" in op.path or op.path in BY_QUERY or op.path == "/v1/tickets/update-ticket"


def send(op, url: str, credentials: dict, body: dict | None = None) -> Answer:
    credentials = dict(credentials)
    query = credentials.pop("QUERY", None)
    if query:
        url = f"{url}{'&' if '?' in url else '?'}{query}"
    client = api_client()
    client.credentials(**credentials)
    response = getattr(client, op.method)(url, body or {}, format="json")
    return Answer(response.status_code, response.content)


def report(failures) -> str:
    return f"{len(failures)} cells:\n" + "\n".join(" ".join(str(part) for part in cell) for cell in failures)


@pytest.fixture
def demo(db):
    return Demo()


def owner_order(op):
    # The owner's deletes go last, so that no read or edit meets a row the owner already deleted.
    return (op.method == "delete", op.path)


def test_the_owner_reaches_every_operation(demo):
    key = issue_key(demo.owner)
    failures, reads, marked = [], 0, 0
    for op in sorted(KEYED, key=owner_order):
        url = demo.url(op.path)
        answer = send(op, url, KEY_FORMS["easyBacklog token"](key, demo.owner.user_id), demo.body(op))
        marked += bool(demo.leak.search(answer.body))
        if answer.status in (401, 403) and op.method == "get" or answer.status == 401 or answer.status >= 500:
            failures.append((op.method, url, answer.status, answer.body[:120]))
        # /my/ reads are the requester's own tickets: the owner requested none of the demo's.
        if op.method == "get" and str(MISSING_ID) not in url and not op.path.startswith("/api/v1/my/"):
            reads += 1
            if answer.status != 200:
                failures.append((op.method, url, "read of a real row", answer.status, answer.body[:120]))
    assert reads > 55, reads  # the matrix stands on real rows, not on ids that exist nowhere
    assert marked > 20, marked  # and the leak check knows the account's data when it sees it
    assert not failures, report(failures)


def refused(op, url, answer, statuses=(401, 403, 404), leak=LEAK) -> str | None:
    """Why the answer is wrong, or None."""
    if answer.status >= 500:
        return "server error"
    if leak.search(answer.body):
        return "the demo account's data"
    if answer.status not in statuses:
        return f"not one of {statuses}"
    return None


@pytest.mark.parametrize("form", KEY_FORMS)
def test_another_tenants_key_reaches_nothing_of_the_account(demo, tenant, form):
    key = issue_key(tenant)
    credentials = KEY_FORMS[form](key, tenant.user_id)
    failures = []
    for op in KEYED:
        url = demo.url(op.path)
        answer = send(op, url, credentials, demo.body(op))
        if names_a_row(op):
            why = refused(op, url, answer, leak=demo.leak)
        else:
            # The other tenant's own lists and creates, or the shared reference data: never the account's rows.
            why = refused(op, url, answer, statuses=range(200, 500), leak=demo.leak)
        if why:
            failures.append((op.method, url, answer.status, why, answer.body[:120]))
    assert not failures, report(failures)


def test_no_key_and_a_revoked_key_are_refused(demo):
    from accounts.services import api_key_issue, api_key_revoke

    revoked = api_key_issue(account=demo.account, user=demo.owner.user)
    api_key_revoke(api_key=revoked.api_key)
    failures = []
    for op in KEYED:
        url = demo.url(op.path)
        public = (op.method, op.path) in PUBLIC
        answer = send(op, url, {}, demo.body(op))
        why = refused(op, url, answer, statuses=range(200, 500) if public else (401,))
        if why:
            failures.append((op.method, url, "no key", answer.status, why, answer.body[:120]))
        answer = send(op, url, KEY_FORMS[op_form(op)](revoked.raw_key, demo.owner.user_id))
        why = refused(op, url, answer, statuses=(401,))
        if why:
            failures.append((op.method, url, "revoked key", answer.status, why, answer.body[:120]))
    assert not failures, report(failures)


def op_form(op) -> str:
    """The key form of the operation's own family."""
    return {
        "easybacklog": "easyBacklog token",
        "public_backlog": "Public Backlog apiKey",
        "org_tickets": "Tickets API X-API-Key",
        "bossdesk": "BOSSDesk Token token=",
        "issue_tracker": "Issue Tracker Bearer",
    }[op.family.name]


def test_a_key_scoped_outside_the_operation_is_refused_on_real_rows(demo):
    keys = {}
    failures = []
    for op in KEYED:
        outside = tuple(scope for scope in ALL_SCOPES if scope != op.required_scope)
        if outside not in keys:
            keys[outside] = issue_key(demo.owner, scopes=list(outside))
        url = demo.url(op.path)
        answer = send(op, url, KEY_FORMS[op_form(op)](keys[outside], demo.owner.user_id))
        # The account's own key: its data may show in the refusal's absence only, so no leak check here.
        if answer.status != 403:
            failures.append((op.method, url, op.required_scope, answer.status, answer.body[:120]))
    assert not failures, report(failures)


# The account's lookup lists (ticket types, categories, teams, CI types, …) are read by every member: the
# portal's request forms need them. Everything else of BOSSDesk outside /my/ is the agents'.
MEMBER_LOOKUPS = {
    "/api/v1/ticket_types", "/api/v1/helpdesk_priorities", "/api/v1/helpdesk_categories",
    "/api/v1/helpdesk_extended_statuses", "/api/v1/teams", "/api/v1/task_types", "/api/v1/locations",
    "/api/v1/tags", "/api/v1/groups", "/api/v1/custom_fields", "/api/v1/ci_types", "/api/v1/ci_statuses",
    "/api/v1/manufacturers",
}  # fmt: skip
AGENT_OPERATIONS = [
    op
    for op in KEYED
    if op.family.name == "bossdesk"
    and not op.path.startswith("/api/v1/my/")
    and not (op.method == "get" and op.path in MEMBER_LOOKUPS)
]


def test_an_end_user_reaches_no_agent_operation(demo):
    key = issue_key(demo.end_user)
    failures = []
    for op in AGENT_OPERATIONS:
        url = demo.url(op.path)
        answer = send(op, url, KEY_FORMS["BOSSDesk Token token="](key, demo.end_user.user_id))
        if answer.status not in (403, 404) or answer.status >= 500:
            failures.append((op.method, url, answer.status, answer.body[:120]))
    assert len(AGENT_OPERATIONS) > 50, len(AGENT_OPERATIONS)
    assert not failures, report(failures)
