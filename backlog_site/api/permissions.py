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


class HasKeyScope(permissions.BasePermission):
    """A key with scopes may only do what its scopes name. A view names its resource with
    `scope_resource = "tickets"` (else its `permission_resource`): reads need `tickets:read`,
    writes `tickets:write`. Views with neither (global reference data) need no scope."""

    message = "This API key lacks the scope this request needs"

    def has_permission(self, request, view):
        resource = getattr(view, "scope_resource", None) or getattr(view, "permission_resource", None)
        api_key = request.auth
        if resource is None or api_key is None or not hasattr(api_key, "has_scope"):
            return True
        needed = f"{resource}:{'read' if request.method in READ_METHODS else 'write'}"
        return api_key.has_scope(needed)


class MembershipAllows(permissions.BasePermission):
    """The membership's permission map must grant the action on the view's `permission_resource`."""

    message = "You do not have permission to perform this action"

    def has_permission(self, request, view):
        resource = getattr(view, "permission_resource", None)
        if resource is None:
            return True
        membership = request_membership(request)
        return membership is not None and membership.can(resource, view_action(view, request))


API_PERMISSIONS = [permissions.IsAuthenticated, HasKeyScope, MembershipAllows]
