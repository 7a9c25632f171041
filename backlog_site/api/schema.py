"""OpenAPI: declares every documented way of sending an API key as its own security scheme.

Any one of them authenticates, so each operation lists them as alternatives (OR), not together.

Key scopes: OpenAPI 3.0 gives scopes only to OAuth2 schemes, so each scheme lists its family's scopes in
its description and in `x-scopes`, and each operation names the one scope it needs in `x-required-scope`
(absent: the operation needs no key scope, or takes no key).
"""

from copy import deepcopy as copy_of

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent

from . import schema_docs
from .extensions import optional_fields
from .permissions import SCOPE_RESOURCES, scope_needed
from .viewsets import DialectViewSet

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
    """Adds `x-required-scope`: the scope HasKeyScope demands of a scoped key on this operation (and
    `x-also-required-scopes` where the view names more).

    Also: the family's tag, a one-line summary and a user-facing description (`schema_docs`); for a
    `DialectViewSet`, its declared input and output serializers; and a request body wrapped in the
    dialect's envelope (`{"ticket": {…}}`) where the dialect requires one."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        needed = scope_needed(self.view, self.method)
        if needed is not None:
            operation["x-required-scope"] = needed
            also = list(getattr(self.view, "also_scopes", ()))
            if also:
                operation["x-also-required-scopes"] = also
        self._add_error_responses(operation)
        envelope = getattr(self.view, "envelope", None)
        if envelope and "requestBody" in operation:
            for media in operation["requestBody"].get("content", {}).values():
                media["schema"] = {"type": "object", "properties": {envelope: media["schema"]}, "required": [envelope]}
        return operation

    def _add_error_responses(self, operation: dict) -> None:
        """The dialect's error body, in each media type the view answers in, for what any operation may
        answer: 401 and 403 (key, scope, permission); 404 where the path names a row, or anywhere in a
        family that names rows or formats in the query string; the validation status where a body or a
        query parameter is judged, or a service may refuse a write; 400 for a body that is not an object,
        where validation answers otherwise."""
        dialect = getattr(self.view, "dialect", None)
        if dialect is None:
            return
        component = ResolvedComponent(
            name=dialect.error_component,
            type=ResolvedComponent.SCHEMA,
            object=dialect.error_component,
            # A copy: the enum hook replaces enums in place, and the next schema must find them again.
            schema=copy_of(dialect.error_schema),
        )
        self.registry.register_on_missing(component)
        errors = {"401": "No key, or not a valid one", "403": "The key's scopes or the membership do not allow it"}
        if "{" in self.path or dialect.not_found_anywhere:
            errors["404"] = "Not found in the key's account"
        has_body = "requestBody" in operation
        judged = any(p.get("in") == "query" for p in operation.get("parameters", ()))
        if has_body or judged or self.method != "GET":
            errors[str(dialect.validation_status)] = "Invalid input, or refused"
        conflict = getattr(self.view, "conflicts", {}).get(getattr(self.view, "action", None))
        if conflict:
            errors["409"] = conflict
        if has_body and dialect.validation_status != 400:
            errors["400"] = "The body is not an object, or cannot be parsed"
        media_types = [media for media in self.map_renderers("media_type") if "json" in media or "xml" in media]
        for code, text in errors.items():
            # An operation that words its own error (the login's 401) keeps its words, and gets the body.
            response = operation["responses"].setdefault(code, {"description": text})
            response.setdefault("content", {media: {"schema": component.ref} for media in media_types})

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        cls = serializer if isinstance(serializer, type) else type(serializer)
        # A component's description is its serializer's own docstring, written for API users; drf-spectacular
        # would inherit a base's (a mixin's notes on the code) where the serializer has none.
        if cls.__doc__ is None:
            schema.pop("description", None)
        # drf-spectacular requires every read-only field of an answer; keys that only some answers carry are
        # named by the serializer (`sometimes`) or by the extensions of its shape shown only when asked.
        sometimes = {*getattr(cls, "sometimes", ()), *optional_fields(getattr(cls, "extended_shape", None))}
        required = [name for name in schema.get("required", ()) if name not in sometimes]
        if required:
            schema["required"] = required
        else:
            schema.pop("required", None)
        return schema

    def get_tags(self):
        tag = schema_docs.family_tag(self.view)
        return [tag] if tag else super().get_tags()

    def get_summary(self):
        return schema_docs.summary(self.view, self.method, self._is_list_view())

    def get_description(self):
        return schema_docs.description(self.view, self.method)

    def _declared(self, name: str):
        return getattr(self.view, name, None) if isinstance(self.view, DialectViewSet) else None

    def get_request_serializer(self):
        action = getattr(self.view, "action", None)
        declared = self._declared("input_serializer_class")
        if declared is not None and action == "update":
            declared = self._declared("update_serializer_class") or declared
        if declared is not None and action in ("create", "update", "partial_update"):
            return declared
        return super().get_request_serializer()

    def get_response_serializers(self):
        action = getattr(self.view, "action", None)
        output = self._declared("output_serializer_class")
        if output is None or action not in ("list", "retrieve", "create", "update", "partial_update", "destroy"):
            return super().get_response_serializers()
        if action == "destroy":
            return {200: output} if self.view.delete_answers_object else {204: None}
        if action in ("update", "partial_update") and not self.view.update_answers_object:
            return {204: None}
        if action == "list":
            return (self._declared("list_output_serializer_class") or output)(many=True)
        return output


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


# The request-body media types that a generated client sends otherwise than as JSON, and the suffix of
# their own copy of the body's component.
FORM_MEDIA_TYPES = {"application/x-www-form-urlencoded": "Form", "multipart/form-data": "Multipart"}


def form_bodies_named_apart(result, generator, request, public):
    """A body documented in JSON and as a form names one component for both. openapi-python-client then
    types the body as the same class for each media type and sends it as all of them at once (its issue
    #1276: a multipart body with every field twice). Each form media type gets a copy of the component
    under its own name (`IssueInputRequest` → `IssueInputFormRequest`), so a client tells them apart."""
    schemas = result.get("components", {}).get("schemas", {})
    for item in result.get("paths", {}).values():
        for operation in item.values():
            content = operation.get("requestBody", {}).get("content", {}) if isinstance(operation, dict) else {}
            if not any(media.endswith("json") for media in content):
                continue
            for media, suffix in FORM_MEDIA_TYPES.items():
                ref = content.get(media, {}).get("schema", {}).get("$ref")
                if ref is None:
                    continue
                name = ref.rsplit("/", 1)[1]
                stem, request_suffix = (name[: -len("Request")], "Request") if name.endswith("Request") else (name, "")
                copy = f"{stem}{suffix}{request_suffix}"
                schemas.setdefault(copy, copy_of(schemas[name]))
                content[media]["schema"] = {"$ref": f"#/components/schemas/{copy}"}
    result["components"]["schemas"] = dict(sorted(schemas.items()))
    return result
