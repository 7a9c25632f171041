"""What every dialect declares, and the view mixin that applies it.

A dialect is everything that differs between the API families and nothing else: renderers and
parsers, the request envelope, pagination, the error body and the success codes. Domain views
inherit a dialect's mixin and stay thin.
"""

from collections.abc import Mapping

from django.http import QueryDict
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from backlog_site.api.errors import NON_FIELD, WORDING, ApiError, normalise

LIST_FIELDS = (serializers.ListField, serializers.ManyRelatedField, serializers.MultipleChoiceField)


class Dialect:
    name = "base"
    # The OpenAPI tag of the family's operations (an app may name its own: schema_docs.APP_TAGS).
    tag = ""
    validation_status = status.HTTP_422_UNPROCESSABLE_ENTITY
    messages = {
        "not_authenticated": "Invalid authentication details",
        "permission_denied": "You do not have permission to perform this action",
        "not_found": "Not found",
    }

    # The OpenAPI documents a 404 on every operation, not only where the path names a row (easyBacklog: an
    # unknown `?format=`; Public Backlog: ids in the query string or the body).
    not_found_anywhere = False
    # The OpenAPI of `error_body` (a component named `error_component`).
    error_component = "Error"
    error_schema: dict = {"type": "object"}

    def error_body(self, error: ApiError) -> dict:
        raise NotImplementedError

    def message(self, error: ApiError) -> str:
        return self.messages.get(error.kind) or error.message

    def refusal_words(self, kind: str, field: str | None, params: dict) -> str:
        """How the family words a domain service's refusal of `field` (None: of the operation)."""
        return WORDING[kind]

    def word_refusals(self, error: ApiError) -> None:
        for name, reasons in error.refusals.items():
            for kind, params in reasons:
                neutral, words = WORDING[kind], self.refusal_words(kind, None if name == NON_FIELD else name, params)
                error.field_errors[name] = [words if m == neutral else m for m in error.field_errors.get(name, [])]
                if error.message == neutral:
                    error.message = words

    def exception_handler(self, exc, context):
        error = normalise(exc)
        if error is None:
            return None
        self.word_refusals(error)
        if error.is_validation and error.status == status.HTTP_400_BAD_REQUEST:
            error.status = self.validation_status
        if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
            # DRF answers 403 when no authenticator offers a WWW-Authenticate header; every dialect answers 401.
            error.status = status.HTTP_401_UNAUTHORIZED
        response = Response(self.error_body(error), status=error.status, headers=error.headers)
        if error.status == status.HTTP_401_UNAUTHORIZED and "WWW-Authenticate" not in response:
            response["WWW-Authenticate"] = 'Token realm="api"'
        return response


class DialectMixin:
    """Mixed into APIView/GenericAPIView/ViewSet classes; a dialect module subclasses it once."""

    dialect: Dialect
    # The key a wrapped request body sits under ({"ticket": {...}}); None for flat bodies.
    envelope: str | None = None
    update_answers_object = False
    # Whether a delete answers the deleted row (200) rather than 204 No Content.
    delete_answers_object = False

    def get_exception_handler(self):
        return self.dialect.exception_handler

    def payload(self) -> dict:
        """The request body as a plain dict, unwrapped from the dialect's envelope. Bodies that are
        not an object (a JSON list, a bare string) are refused with a 400 in the dialect's shape."""
        data = self.request.data
        if isinstance(data, QueryDict):
            data = form_fields(data)
        if not isinstance(data, Mapping):
            raise exceptions.ParseError("The request body must be an object")
        if self.envelope:
            inner = data.get(self.envelope)
            if not isinstance(inner, Mapping):
                raise exceptions.ValidationError({self.envelope: ["is missing or not an object"]})
            data = inner
        return dict(data)

    def created_response(self, data) -> Response:
        return Response(data, status=status.HTTP_201_CREATED)

    def updated_response(self, data) -> Response:
        if self.update_answers_object:
            return Response(data, status=status.HTTP_200_OK)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def deleted_response(self, data=None) -> Response:
        if self.delete_answers_object:
            return Response(data, status=status.HTTP_200_OK)
        return Response(status=status.HTTP_204_NO_CONTENT)


def form_fields(data: QueryDict) -> dict:
    """A form or multipart body as a plain dict: a field sent several times, or named `name[]` as PHP and
    Rails forms name lists, is the list of its values; any other is its one value."""
    fields = {}
    for key, values in data.lists():
        name = key.removesuffix("[]")
        fields[name] = values if len(values) > 1 or name != key else values[-1]
    return fields


def form_lists(serializer_class, data: dict) -> dict:
    """A list of one sent in a form is one value, indistinguishable from a scalar: where the input takes a
    list, it is a list."""
    declared = serializer_class._declared_fields
    return {
        key: [value] if isinstance(declared.get(key), LIST_FIELDS) and isinstance(value, str) else value
        for key, value in data.items()
    }
