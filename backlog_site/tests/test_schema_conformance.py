"""The OpenAPI held to the wire: every GET of `/api/schema/` that the demo data answers, in every media type its
success documents, and per family a create, an update, a 404 and a 422, each real answer checked by
schemathesis's conformance checks (its status code, content type, headers and body are the ones the schema
documents for the operation). A failure names the operation, the answer and what the schema says instead."""

import json
import re

import pytest
import schemathesis
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client

from backlog_site.api.testing import issue_key, wsgi_called_in_process
from backlog_site.wsgi import application

from .security.demo import Demo
from .security.openapi import MISSING_ID

pytestmark = pytest.mark.django_db

CHECKS = [status_code_conformance, content_type_conformance, response_headers_conformance, response_schema_conformance]
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
GETS = [path for path, item in schema.raw_schema["paths"].items() if "get" in item]
# Media types whose bodies are files, not documents the schema can hold (checked by content type only).
FILES = re.compile(r"spreadsheet|pdf|octet-stream|text/csv|image/")


@pytest.fixture(autouse=True)
def _connection_kept_open():
    with wsgi_called_in_process():
        yield


@pytest.fixture
def demo(db):
    demo = Demo()
    # The requester's own routes (`/api/v1/my/…`) read the demo desk ticket as its requester, the end user.
    from helpdesk.models import Ticket, TicketComment

    desk = Ticket.objects.get(account=demo.account, friendly_id=demo.rows["tickets"])
    Ticket.objects.filter(pk=desk.pk).update(requester=demo.end_user)
    TicketComment.objects.filter(pk=demo.rows["comments"]).update(is_public=True, created_by=demo.end_user)
    return demo


@pytest.fixture
def wire(demo):
    """Sends a request as the demo account's owner (as its end user on `/api/v1/my/…`) and returns the
    answer and the failures of the schema's checks on it."""
    keys = {"owner": issue_key(demo.owner), "end user": issue_key(demo.end_user)}
    client = Client(application)

    def send(method, path, url, accept="application/json", body=None, content_type="application/json"):
        key = keys["end user" if path.startswith("/api/v1/my/") else "owner"]
        headers = {"Authorization": f"token {key}", "Accept": accept}
        data = None
        if body is not None:
            data, headers["Content-Type"] = (json.dumps(body) if content_type.endswith("json") else body), content_type
        response = client.open(url, method=method.upper(), headers=headers, data=data)
        operation = schema[path][method]
        return response, failures_of(operation, path_parameters(path, url), response, accept)

    return send


def path_parameters(template: str, url: str) -> dict:
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
    return re.match(pattern, url.split("?")[0]).groupdict()


def failures_of(operation, parameters, response, accept) -> list[str]:
    checks = CHECKS
    if FILES.search(accept):
        checks = [status_code_conformance, content_type_conformance]
    try:
        operation.Case(path_parameters=parameters).validate_response(response, checks=checks)
    except FailureGroup as group:
        return [describe(failure) for failure in group.exceptions]
    except Failure as failure:
        return [describe(failure)]
    return undocumented_keys(operation, response)


def undocumented_keys(operation, response) -> list[str]:
    """The keys of a JSON answer that its schema does not name: the schema says all that the wire writes
    (schemathesis's checks allow any key beyond those a schema requires)."""
    if not response.is_json:
        return []
    content = operation.definition.raw["responses"].get(str(response.status_code), {}).get("content", {})
    media = content.get(response.mimetype) or content.get("application/json")
    if media is None:
        return []
    return [f"Undocumented key: {where}" for where in _extra_keys(media["schema"], response.json, "")]


def _resolved(node: dict) -> dict:
    while "$ref" in node:
        node = schema.raw_schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _properties(node: dict) -> tuple[dict | None, dict | None]:
    """An object schema's properties (None: any key) and an array's items, through allOf/oneOf/anyOf."""
    node = _resolved(node)
    members = [_resolved(m) for key in ("allOf", "oneOf", "anyOf") for m in node.get(key, ())]
    if not members:
        if "additionalProperties" in node or "properties" not in node:
            return None, node.get("items")
        return node["properties"], None
    found = [_properties(member) for member in members]
    items = next((each for _, each in found if each is not None), None)
    if any(properties is None and each is None for properties, each in found):
        return None, items
    return {k: v for properties, _ in found for k, v in (properties or {}).items()}, items


def _extra_keys(node: dict, value, where: str):
    properties, items = _properties(node)
    if isinstance(value, list) and items is not None:
        for index, item in enumerate(value):
            yield from _extra_keys(items, item, f"{where}/{index}")
    elif isinstance(value, dict) and properties is not None:
        for key, item in value.items():
            if key not in properties:
                yield f"{where}/{key}"
            else:
                yield from _extra_keys(properties[key], item, f"{where}/{key}")


def describe(failure) -> str:
    return f"{failure.title}: {str(failure.message)[:400]}"


def success_media_types(path, method) -> list[str]:
    responses = schema.raw_schema["paths"][path][method]["responses"]
    for status in sorted(responses):
        if status.startswith("2"):
            return list(responses[status].get("content", {"application/json": {}}))
    return ["application/json"]


def tag_of(path: str, method: str) -> str:
    return schema.raw_schema["paths"][path][method]["tags"][0]


TAGS = sorted({tag_of(path, "get") for path in GETS})


@pytest.mark.parametrize("tag", TAGS)
def test_every_read_of_the_demo_data_answers_as_the_schema_says(demo, wire, tag):
    failures, answered, unreached = [], 0, []
    for path in (path for path in GETS if tag_of(path, "get") == tag):
        url = demo.url(path)
        if str(MISSING_ID) in url:
            unreached.append(path)  # the demo has no such row; the 404s are held below
            continue
        for accept in success_media_types(path, "get"):
            response, found = wire("get", path, url, accept=accept)
            answered += response.status_code == 200
            if response.status_code != 200:
                found.append(f"answered {response.status_code}: {response.get_data()[:200]!r}")
            failures += [f"GET {url} [{accept}] {finding}" for finding in found]
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)
    assert answered and len(unreached) <= 1, unreached  # the test stands on real rows


def desk_lookups(account) -> dict:
    from helpdesk.models import HelpdeskPriority, TicketType

    return {
        "type_id": TicketType.objects.filter(account=account).first().pk,
        "priority_id": HelpdeskPriority.objects.filter(account=account).first().pk,
    }


def category_ids(account) -> list[int]:
    from issues.models import Category

    return [Category.objects.filter(company__account=account).first().pk]


# Per family: (create path, its body), the created row's id in the answer, (update method and path, its body),
# a body the create refuses, and a read of a row that exists nowhere. `{…}` are the demo's rows, `{new}` the
# created one's id.
WRITES = {
    "easyBacklog": (
        ("/api/backlogs/{backlogs}/themes", lambda demo: {"name": "Conformance"}),
        lambda body: body["id"],
        ("put", "/api/backlogs/{backlogs}/themes/{new}", {"name": "Conformance, renamed"}),
        {"name": ""},
        "/api/backlogs/{backlogs}/themes/{missing}",
    ),
    "Public Backlog": (
        ("/v1/tickets/save-ticket", lambda demo: {"title": "Conformance", "description": "From the schema test"}),
        lambda body: body["id"],
        ("patch", "/v1/tickets/update-ticket", {"title": "Conformance, renamed"}),
        {"title": ""},
        "/v1/tickets/get-ticket?id={missing}",
    ),
    "Tickets API": (
        ("/api/v1/ext/orgs/{org}/tickets", lambda demo: {"title": "Conformance", "type": "feature"}),
        lambda body: body["ticket"]["slug"],
        ("put", "/api/v1/ext/orgs/{org}/tickets/{new}", {"title": "Conformance, renamed", "type": "bug"}),
        {"title": ""},
        "/api/v1/ext/orgs/{org}/tickets/DM-{missing}",
    ),
    "BOSSDesk service desk": (
        ("/api/v1/tickets", lambda demo: {"ticket": {"title": "Conformance", **desk_lookups(demo.account)}}),
        lambda body: body["friendly_id"],  # the path names a row by its friendly id
        ("put", "/api/v1/tickets/{new}", {"ticket": {"title": "Conformance, renamed"}}),
        {"ticket": {"title": ""}},
        "/api/v1/tickets/{missing}",
    ),
    "BOSSDesk CMDB": (
        ("/api/v1/cis", lambda demo: {"ci": {"name": "Conformance"}}),
        lambda body: body["friendly_id"],  # the path names a row by its friendly id
        ("put", "/api/v1/cis/{new}", {"ci": {"name": "Conformance, renamed"}}),
        {"ci": {"description": "no name"}},
        "/api/v1/cis/{missing}",
    ),
    "Issue Tracker": (
        (
            "/api/issues",
            lambda demo: {
                "category_ids": category_ids(demo.account),
                "name": "Conformance",
                "description": "Down",
                "severity": "critical",
            },  # fmt: skip
        ),
        lambda body: body["id"],
        (
            "put",
            "/api/issues/{new}",
            lambda demo: {
                "category_ids": category_ids(demo.account),
                "name": "Conformance, renamed",
                "description": "Up",
                "severity": "info",
            },  # fmt: skip
        ),
        {"name": ""},
        "/api/issues/{missing}",
    ),
    "Webhooks": (
        ("/api/webhooks", lambda demo: {"url": "http://127.0.0.1:9/conformance"}),
        lambda body: body["id"],
        ("put", "/api/webhooks/{new}", {"description": "Conformance"}),
        {"url": "not a url"},
        "/api/webhooks/{missing}",
    ),
}


def template_of(url: str) -> str:
    """The schema's path template that the URL is an instance of."""
    bare = url.split("?")[0]
    for path in schema.raw_schema["paths"]:
        if re.fullmatch(re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(path)), bare):
            return path
    raise AssertionError(f"no operation for {url}")


@pytest.mark.parametrize("family", WRITES)
def test_a_create_an_update_a_refusal_and_a_miss_answer_as_the_schema_says(demo, wire, family, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True  # the webhook's target is never called here
    (create_path, create_body), id_of, (method, update_path, update_body), refused_body, missing = WRITES[family]
    values = {**{k.replace(" ", "_"): v for k, v in demo.rows.items()}, "org": demo.account.slug}
    values["missing"] = MISSING_ID
    failures = []

    def send(method, url, body=None, expected=None):
        response, found = wire(method, template_of(url), url, body=body)
        if expected and response.status_code not in expected:
            found.append(f"answered {response.status_code}, not {expected}: {response.get_data()[:300]!r}")
        failures.extend(f"{method.upper()} {url} {finding}" for finding in found)
        return response

    created = send("post", create_path.format(**values), create_body(demo), expected=(201,))
    if created.status_code == 201:
        values["new"] = id_of(created.json)
        if callable(update_body):
            update_body = update_body(demo)
        if family == "Public Backlog":
            update_body = {"id": values["new"], **update_body}
        send(method, update_path.format(**values), update_body, expected=(200, 204))
        row = "/v1/tickets/delete-ticket?id={new}" if family == "Public Backlog" else update_path
        if "delete" in schema.raw_schema["paths"][template_of(row.format(**values))]:
            send("delete", row.format(**values), expected=(200, 204))
    send("post", create_path.format(**values), refused_body, expected=(400, 422))
    send("get", missing.format(**values), expected=(404,))
    assert not failures, "\n".join(failures)


def test_a_key_the_schema_does_not_name_is_a_failure():
    named = {"$ref": "#/components/schemas/BossDeskNamed"}
    nullable = {"allOf": [named], "nullable": True}
    assert list(_extra_keys(named, {"id": 1, "name": "Ops"}, "")) == []
    assert list(_extra_keys({"type": "array", "items": nullable}, [None, {"id": 1, "name": "a", "x": 0}], "")) == [
        "/1/x"
    ]
    assert list(_extra_keys({"type": "object", "additionalProperties": {}}, {"any": 1}, "")) == []


def test_the_schema_served_twice_is_the_same():
    # The enum hook once rewrote a dialect's error schema in place: the second schema lost its enum component.
    client = Client(application)
    first, second = (client.get("/api/schema/?format=json").get_data() for _ in range(2))
    assert first == second


def test_the_conflicts_are_documented_answers(demo, wire):
    stale = {"ticket": {"title": "Stale", "lock_version": 99}}
    url = demo.url("/api/v1/tickets/{friendly_id}")
    response, failures = wire("patch", "/api/v1/tickets/{friendly_id}", url, body=stale)
    assert response.status_code == 409 and not failures, failures
    member = {"email": demo.owner.user.email, "firstName": "Again"}
    path = "/v1/organizations/add-organization-user"
    response, failures = wire("post", path, path, body=member)
    assert response.status_code == 409 and not failures, failures
