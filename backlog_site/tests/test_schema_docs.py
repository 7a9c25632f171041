"""The OpenAPI reads as documentation for API users: every operation has its family's tag and a
one-line summary, no description talks about the code, and the families built on DialectViewSet
document what they answer (their output serializers), not what they take."""

import json
import re

import pytest
from django.core.management import call_command

from backlog_site.api.schema_docs import FAMILY_TAGS

# A Python class name: two capitalised humps ("ThemeViewSet", "DialectMixin") or an acronym run into a
# word ("APIView"). Prose in the documents has neither.
CLASS_NAME = re.compile(r"\b(?:[A-Z][a-z0-9]+){2,}\b|\b[A-Z]{2,}[a-z]\w*\b")
# Words about the code, not the API, that inherited docstrings once put in component descriptions.
CODE_TALK = re.compile(r"serializer|render|schema only|mixed into|to_representation", re.I)


@pytest.fixture(scope="module")
def schema(tmp_path_factory, django_db_blocker):
    out = tmp_path_factory.mktemp("schema") / "schema.json"
    with django_db_blocker.unblock():
        call_command("spectacular", "--format", "openapi-json", "--file", str(out))
    return json.loads(out.read_text())


@pytest.fixture(scope="module")
def operations(schema):
    return [
        (f"{method.upper()} {path}", operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]


def test_every_operation_has_one_family_tag(operations):
    wrong = {name: op.get("tags") for name, op in operations if op.get("tags") not in [[tag] for tag in FAMILY_TAGS]}
    assert not wrong
    assert {op["tags"][0] for _, op in operations} == set(FAMILY_TAGS)


def test_every_operation_has_a_one_line_summary(operations):
    missing = [name for name, op in operations if not op.get("summary") or "\n" in op["summary"]]
    assert not missing


def test_no_description_mentions_a_python_class(operations):
    leaks = {name: CLASS_NAME.findall(op.get("description", "")) for name, op in operations}
    assert not {name: found for name, found in leaks.items() if found}


def test_the_class_name_pattern_catches_what_used_to_leak():
    assert CLASS_NAME.search("Mixed into APIView/GenericAPIView/ViewSet classes; a dialect module subclasses it")
    assert CLASS_NAME.search("Rows of TenantScopedMixin")
    assert not CLASS_NAME.search("A backlog's themes (a snapshot's id reads the snapshot's themes).")


def test_every_family_documents_its_outputs_not_its_inputs(operations):
    answered = [(name, json.dumps(op["responses"])) for name, op in operations]
    assert not [name for name, responses in answered if "Input" in responses]


def test_no_component_description_talks_about_the_code(schema):
    descriptions = {name: c.get("description", "") for name, c in schema["components"]["schemas"].items()}
    assert not {name: text for name, text in descriptions.items() if CLASS_NAME.search(text) or CODE_TALK.search(text)}


def test_fields_the_server_sends_as_null_are_nullable(tmp_path):
    out = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(out))
    schemas = json.loads(out.read_text())["components"]["schemas"]
    assert schemas["IssueTrackerIssue"]["properties"]["closed_at"].get("nullable") is True
    assert schemas["IssueTrackerWebhook"]["properties"]["disabled_at"].get("nullable") is True
    assert schemas["SprintOutput"]["properties"]["completed_at"].get("nullable") is True


ERROR_COMPONENTS = {
    "easyBacklog": "EasyBacklogError",
    "Public Backlog": "PublicBacklogError",
    "Tickets API": "TicketsApiError",
    "BOSSDesk service desk": "BossDeskError",
    "BOSSDesk CMDB": "BossDeskError",
    "Issue Tracker": "IssueTrackerError",
    "Webhooks": "IssueTrackerError",
}


def test_every_operation_documents_its_dialects_error_body(operations):
    wrong = []
    for name, op in operations:
        ref = f"#/components/schemas/{ERROR_COMPONENTS[op['tags'][0]]}"
        expected = ["401", "403"] + (["404"] if "{" in name else [])
        for code in expected:
            content = op["responses"].get(code, {}).get("content", {})
            if content.get("application/json", {}).get("schema", {}).get("$ref") != ref:
                wrong.append((name, code))
    assert not wrong
