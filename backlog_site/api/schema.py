"""OpenAPI: declares every documented way of sending an API key as its own security scheme.

Any one of them authenticates, so each operation lists them as alternatives (OR), not together.

Key scopes: OpenAPI 3.0 gives scopes only to OAuth2 schemes, so each scheme lists its family's scopes in
its description and in `x-scopes`, and each operation names the one scope it needs in `x-required-scope`
(absent: the operation needs no key scope, or takes no key).
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from .permissions import SCOPE_RESOURCES, scope_needed

SCHEMES = {
    "easyBacklogToken": {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "easyBacklog: `Authorization: token <key>`",
    },
    "easyBacklogBasic": {"type": "http", "scheme": "basic", "description": "easyBacklog: Basic `<user id>:<key>`"},
    "easyBacklogQuery": {"type": "apiKey", "in": "query", "name": "api_key", "description": "easyBacklog: `?api_key=`"},
    "bossDeskToken": {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'BOSSDesk: `Authorization: Token token="<key>"`',
    },
    "issueTrackerBearer": {"type": "http", "scheme": "bearer", "description": "Issue Tracker: `Bearer <key>`"},
    "publicBacklogApiKey": {"type": "apiKey", "in": "header", "name": "apiKey", "description": "Public Backlog"},
    "ticketsApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key", "description": "org-scoped Tickets API"},
}


# The scheme each family documents, and so whose scopes it lists.
SCHEME_FAMILY = {
    "easyBacklogToken": "easyBacklog",
    "easyBacklogBasic": "easyBacklog",
    "easyBacklogQuery": "easyBacklog",
    "bossDeskToken": "BOSSDesk",
    "issueTrackerBearer": "Issue Tracker",
    "publicBacklogApiKey": "Public Backlog",
    "ticketsApiKey": "Tickets API",
}
# The Public Backlog reads and writes the Tickets API's dev tickets.
FAMILY_ALSO = {"Public Backlog": ("Tickets API",)}


def family_scopes(family: str) -> dict[str, str]:
    families = (family, *FAMILY_ALSO.get(family, ()))
    return {
        f"{resource}:{access}": f"{'read' if access == 'read' else 'create, change and delete'} {what}"
        for resource, (owner, what) in SCOPE_RESOURCES.items()
        if owner in families
        for access in ("read", "write")
    }


def with_scopes(name: str, scheme: dict) -> dict:
    scopes = family_scopes(SCHEME_FAMILY[name])
    listed = ", ".join(f"`{scope}`" for scope in scopes)
    return {**scheme, "description": f"{scheme['description']}. Key scopes: {listed}", "x-scopes": scopes}


class ScopedAutoSchema(AutoSchema):
    """Adds `x-required-scope`: the scope HasKeyScope demands of a scoped key on this operation."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        needed = scope_needed(self.view, self.method)
        if operation is not None and needed is not None:
            operation["x-required-scope"] = needed
        return operation


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "backlog_site.api.authentication.ApiKeyAuthentication"
    name = list(SCHEMES)

    def get_security_requirement(self, auto_schema):
        return [{name: []} for name in SCHEMES]

    def get_security_definition(self, auto_schema):
        return [with_scopes(name, scheme) for name, scheme in SCHEMES.items()]


def drop_format_suffix_variants(endpoints):
    """`.json`/`.xml` suffix routes duplicate every easyBacklog path; the description says they exist."""
    return [endpoint for endpoint in endpoints if "{format}" not in endpoint[0]]
