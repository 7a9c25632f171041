"""Schemathesis over our own `/api/schema/`, in-process (WSGI), authenticated with an owner's key: every operation
with generated valid and invalid requests, every check of schemathesis run on each answer. A 5xx fails the test,
and so does an answer the schema does not document (its status code, content type, headers or body). The other
checks' findings (a request the schema calls valid that the server refuses, …) are counted in
`var/test-artifacts/schemathesis.json`: they judge the schema's description of requests, not of answers.

`SCHEMATHESIS_EXAMPLES` (default 3) is the examples per operation; the README has the full-size run."""

import json
import os
from collections import Counter

import pytest
import schemathesis
from django.conf import settings as settings_module
from django.db import transaction
from hypothesis import HealthCheck, settings
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from backlog_site.api.testing import issue_key, wsgi_called_in_process
from backlog_site.wsgi import application

# An answer the schema does not document fails the test; the other checks are counted.
ANSWER_CHECKS = [
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "3"))
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
# The examples and fuzzing phases at EXAMPLES per operation; the coverage phase (every boundary of every
# parameter, thousands of cases) belongs to the full-size run.
schema.config.phases.coverage.enabled = os.environ.get("SCHEMATHESIS_COVERAGE") == "1"
OPERATIONS = [
    (m, p)
    for p, item in schema.raw_schema["paths"].items()
    for m in item
    if m in ("get", "post", "put", "patch", "delete")
]
FINDINGS: Counter = Counter()
FINDINGS_BY_OPERATION: dict[str, Counter] = {}
CASES: Counter = Counter()

pytestmark = [pytest.mark.django_db, pytest.mark.security]


@pytest.fixture(scope="module", autouse=True)
def _findings_written():
    yield
    out = settings_module.BASE_DIR / "var" / "test-artifacts" / "schemathesis.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    summary = {
        "operations": len(OPERATIONS),
        "examples": EXAMPLES,
        **CASES,
        "findings": dict(FINDINGS),
        "by_operation": {title: dict(ops) for title, ops in FINDINGS_BY_OPERATION.items()},
    }
    out.write_text(json.dumps(summary, indent=2) + "\n")


@pytest.fixture(autouse=True)
def _connection_kept_open():
    with wsgi_called_in_process():
        yield


@pytest.fixture
def key(tenant):
    return issue_key(tenant)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
)
def test_no_operation_answers_a_server_error_or_an_undocumented_answer(case, key):
    # Every case on its own, as requests are in production (autocommit, no ATOMIC_REQUESTS): a value that
    # PostgreSQL refuses (answered 400/422, "A value is out of range") aborts the test's one transaction,
    # and every later case would answer 500 for that, not for anything of its own.
    point = transaction.savepoint()
    undocumented = []
    try:
        response = case.call(headers={"Authorization": f"token {key}"})
        if response.status_code < 500:
            undocumented = failures(case, response, checks=ANSWER_CHECKS)
            for failure in failures(case, response, excluded_checks=ANSWER_CHECKS, headers=auth(key)):
                count(failure, case)  # these checks may send requests of their own
    finally:
        transaction.savepoint_rollback(point)
    CASES["cases"] += 1
    assert response.status_code < 500, (case.method, case.formatted_path, response.status_code, response.text[:300])
    assert not undocumented, (
        case.method,
        case.formatted_path,
        [f"{f.title}: {str(f.message)[:300]}" for f in undocumented],
    )


def auth(key) -> dict:
    return {"Authorization": f"token {key}"}


def failures(case, response, **how) -> list[Failure]:
    try:
        case.validate_response(response, **how)
    except FailureGroup as group:
        return list(group.exceptions)
    except Failure as failure:
        return [failure]
    return []


def count(failure, case) -> None:
    FINDINGS[failure.title] += 1
    FINDINGS_BY_OPERATION.setdefault(failure.title, Counter())[f"{case.method} {case.operation.path}"] += 1
