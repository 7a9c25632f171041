"""OpenAPI: declares every documented way of sending an API key as its own security scheme.

Any one of them authenticates, so each operation lists them as alternatives (OR), not together.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

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


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "backlog_site.api.authentication.ApiKeyAuthentication"
    name = list(SCHEMES)

    def get_security_requirement(self, auto_schema):
        return [{name: []} for name in SCHEMES]

    def get_security_definition(self, auto_schema):
        return list(SCHEMES.values())


def drop_format_suffix_variants(endpoints):
    """`.json`/`.xml` suffix routes duplicate every easyBacklog path; the description says they exist."""
    return [endpoint for endpoint in endpoints if "{format}" not in endpoint[0]]
