"""A URL under an API family's prefix that routes nowhere (`/api/v1/tickets/1/nothing`) answers the family's 404
body in JSON, as its clients parse every other error, rather than Django's HTML page. A middleware, not
`handler404`: under DEBUG (`make run`) Django answers its technical page instead of calling the handler."""

import re

from django.http import Http404, JsonResponse

from .dialects.bossdesk import BOSSDESK
from .dialects.easybacklog import EASYBACKLOG
from .dialects.issuetracker import ISSUETRACKER
from .dialects.orgtickets import ORGTICKETS
from .dialects.publicbacklog import PUBLICBACKLOG
from .errors import normalise

# First match wins: the mount points of backlog_site/urls.py, the longest prefixes first.
FAMILIES = [
    (re.compile(r"^/api/v1/ext/orgs/"), ORGTICKETS),
    (re.compile(r"^/api/v1/"), BOSSDESK),
    (re.compile(r"^/v1/"), PUBLICBACKLOG),
    (re.compile(r"^/api/(issues|categories|companies|webhooks)(/|$)"), ISSUETRACKER),
    (re.compile(r"^/api/(?!schema/|docs/)"), EASYBACKLOG),
]


def dialect_of(path: str):
    return next((dialect for prefix, dialect in FAMILIES if prefix.match(path)), None)


class UnroutedApiMiddleware:
    """After CommonMiddleware in MIDDLEWARE, so that its APPEND_SLASH redirect still sees the 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No resolver match: no URL pattern took the path (a view's own 404 keeps its body).
        if response.status_code == 404 and request.resolver_match is None:
            dialect = dialect_of(request.path)
            if dialect is not None:
                return JsonResponse(dialect.error_body(normalise(Http404())), status=404)
        return response
