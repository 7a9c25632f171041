"""Permissions: a key's scopes, and the membership's permission map (BOSSDesk form)."""

from rest_framework import permissions

from .tenancy import request_membership

ACTION_BY_METHOD = {
    "GET": "index",
    "HEAD": "index",
    "OPTIONS": "index",
    "POST": "create",
    "PUT": "update",
    "PATCH": "update",
    "DELETE": "destroy",
}
READ_METHODS = ("GET", "HEAD", "OPTIONS")


def view_action(view, request) -> str:
    """The permission-map verb of a request: index/show/create/update/destroy."""
    action = getattr(view, "action", None)
    mapping = {
        "list": "index",
        "retrieve": "show",
        "create": "create",
        "update": "update",
        "partial_update": "update",
        "destroy": "destroy",
        # A view whose document asked another verb of an action keeps asking it (the Public Backlog's reads
        # name no row in the path and have always needed `index`).
        **getattr(view, "permission_verbs", {}),
    }
    if action in mapping:
        return mapping[action]
    verb = ACTION_BY_METHOD.get(request.method, "index")
    if (
        verb == "index"
        and getattr(view, "kwargs", None)
        and view.kwargs.get(getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk"))
    ):
        return "show"
    return verb


# Key scopes: `<resource>:read` and `<resource>:write`, one resource name per family's area, never shared
# between families, so a key scoped for one product reaches nothing of another. The README and the OpenAPI
# security schemes list this table.
SCOPE_RESOURCES = {
    "tickets": ("Tickets API", "dev tickets (seed 001): the org-scoped Tickets API, and the Public Backlog's tickets"),
    "organization": ("Public Backlog", "the organisation and adding its users"),
    "backlogs": (
        "easyBacklog",
        "backlogs, snapshots, themes, stories, acceptance criteria, sprints, sprint stories, stats, scoring rules, "
        "sprint-story statuses",
    ),
    "accounts": ("easyBacklog", "accounts, their companies, locales"),
    "helpdesk": (
        "BOSSDesk",
        "service-desk tickets (agents' and /my), comments, tasks, time entries, ticket attachments, lookups, "
        "saved searches, the account",
    ),
    "users": ("BOSSDesk", "the service desk's users"),
    "cis": ("BOSSDesk", "CMDB: configuration items, their notes, attachments and lookups"),
    "issues": ("Issue Tracker", "issues, categories and their subscriptions"),
    "companies": ("Issue Tracker", "companies"),
    "webhooks": ("Issue Tracker", "webhooks and their deliveries"),
}


def scope_needed(view, method: str) -> str | None:
    """The scope a request needs, or None when the view names no scope resource."""
    resource = getattr(view, "scope_resource", None)
    if resource is None:
        return None
    return f"{resource}:{'read' if method in READ_METHODS else 'write'}"


class HasKeyScope(permissions.BasePermission):
    """A key with scopes may only do what its scopes name. A view names its resource with
    `scope_resource = "tickets"` (one of SCOPE_RESOURCES): reads need `tickets:read`, writes
    `tickets:write`. A view naming none is out of every scope: only unscoped keys reach it. A view that
    also writes into another family names those scopes too (`also_scopes = ("tickets:write",)`: the
    BOSSDesk escalation makes a dev ticket), so a key of one family still reaches nothing of another."""

    message = "This API key lacks the scope this request needs"

    def has_permission(self, request, view):
        api_key = request.auth
        if api_key is None or not hasattr(api_key, "has_scope"):
            return True
        needed = scope_needed(view, request.method)
        if needed is None:
            return not api_key.scopes
        return all(api_key.has_scope(scope) for scope in (needed, *getattr(view, "also_scopes", ())))


class MembershipAllows(permissions.BasePermission):
    """The membership's permission map must grant the action on the view's `permission_resource`."""

    message = "You do not have permission to perform this action"

    def has_permission(self, request, view):
        resource = getattr(view, "permission_resource", None)
        if resource is None:
            return True
        membership = request_membership(request)
        return membership is not None and membership.can(resource, view_action(view, request))


# Every API view's permissions: DRF's DEFAULT_PERMISSION_CLASSES names these (settings cannot import them),
# so a view restates them only to add to them (BOSSDesk's IsMember) or to open reads (the Issue Tracker).
API_PERMISSIONS = [permissions.IsAuthenticated, HasKeyScope, MembershipAllows]
