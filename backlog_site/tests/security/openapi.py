"""The operations of our own OpenAPI description, generated in-process, as the security matrices use them."""

import re
from dataclasses import dataclass
from functools import cache

from drf_spectacular.generators import SchemaGenerator

from .families import BY_NAME

METHODS = ("get", "post", "put", "patch", "delete")
MISSING_ID = 999_999  # ids that exist nowhere, so a request that passes every check changes nothing


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # the template, e.g. /api/v1/tickets/{friendly_id}
    operation_id: str
    required_scope: str | None
    also_required: tuple[str, ...] = ()  # an operation that writes into another family needs its scope too

    @property
    def family(self):
        return BY_NAME[family_of(self.path)]

    def url(self, org_slug: str, ids: dict | None = None) -> str:
        ids = ids or {}

        def value(match):
            name = match.group(1)
            if name == "org_slug":
                return org_slug
            return str(ids.get(name, "x" if name in ("barcode", "slug") else MISSING_ID))

        return re.sub(r"\{(\w+)\}", value, self.path)


def family_of(path: str) -> str:
    if path.startswith("/api/v1/ext/orgs/"):
        return "org_tickets"
    if path.startswith("/api/v1/"):
        return "bossdesk"
    if path.startswith("/v1/"):
        return "public_backlog"
    if re.match(r"^/api/(issues|categories|companies|webhooks)\b", path):
        return "issue_tracker"
    return "easybacklog"


@cache
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


@cache
def operations() -> tuple[Operation, ...]:
    found = []
    for path, item in schema()["paths"].items():
        for method in METHODS:
            if method in item:
                op = item[method]
                found.append(
                    Operation(
                        method,
                        path,
                        op["operationId"],
                        op.get("x-required-scope"),
                        tuple(op.get("x-also-required-scopes", ())),
                    )
                )
    return tuple(found)
