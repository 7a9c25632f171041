"""Exceptions of every kind reduced to one neutral form, which each dialect then shapes.

Views and services raise Django's `ValidationError`, `Http404`, `PermissionDenied`, DRF's API
exceptions or the domain's `ApplicationError` (`Refused` when it is one of the neutral kinds of
`WORDING`); `normalise()` turns any of them into `ApiError(status, message, field_errors)`, with the
refusals beside, which the dialect words. Anything else is a bug and stays a 500.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from rest_framework import exceptions, status

NON_FIELD = "base"

# What a domain service may refuse, by kind, in no dialect's words: services raise `Refused(kind, field=…)`
# or `refusal(kind)` inside a ValidationError, and the view's dialect words each kind
# (`Dialect.refusal_words`). These are the words a dialect uses unless it has its own: Rails' fragments,
# which follow the field's name ("Username has already been taken").
WORDING = {
    "blank": "can't be blank",
    "taken": "has already been taken",
    "invalid": "is invalid",
    "unknown": "doesn't exist",  # ids naming no row (`ids`: the ones missing)
    "already_closed": "can't be closed because it is already closed",
    "not_closed": "can't be opened because it is not closed",
    "shared_login": "can't be changed for a user who also belongs to another account",
}


class ApplicationError(Exception):
    """A domain rule refused the operation (e.g. "backlog is archived"); status says how to answer."""

    def __init__(self, message: str, *, status_code: int = status.HTTP_400_BAD_REQUEST, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.field = field


class Refused(ApplicationError):
    """A domain rule refused a value of `field` (or, without one, the operation): `kind` is one of
    `WORDING`, `params` what the words may name."""

    def __init__(self, kind: str, *, field: str | None = None, status_code: int = 422, **params):
        super().__init__(WORDING[kind], status_code=status_code, field=field)
        self.kind, self.params = kind, params


def refusal(kind: str, **params) -> DjangoValidationError:
    """One field's refusal inside a ValidationError of several: `ValidationError({"name": refusal("blank")})`."""
    return DjangoValidationError(WORDING[kind], code=kind, params={"refused": True, **params})


@dataclass
class ApiError:
    status: int
    message: str
    field_errors: dict[str, list[str]] = field(default_factory=dict)
    kind: str = "error"  # validation, not_authenticated, permission_denied, not_found, conflict, ...
    headers: dict[str, str] = field(default_factory=dict)
    # The domain's refusals among the field errors, {field: [(kind, params)]}, which the dialect words.
    refusals: dict[str, list[tuple[str, dict]]] = field(default_factory=dict)

    @property
    def is_validation(self) -> bool:
        return self.kind == "validation"

    def full_messages(self) -> list[str]:
        """Rails-style "Field message" sentences."""
        out = []
        for name, messages in self.field_errors.items():
            for message in messages:
                whole = name == NON_FIELD or not is_fragment(message)
                out.append(message if whole else f"{field_label(name).capitalize()} {message}")
        return out or [self.message]


def _flatten(detail, prefix="") -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = NON_FIELD if key in ("non_field_errors", "__all__") else str(key)
            name = f"{prefix}.{name}" if prefix and name != NON_FIELD else name
            for k, v in _flatten(value, name).items():
                out.setdefault(k, []).extend(v)
        return out
    if isinstance(detail, (list, tuple)):
        out = {}
        for item in detail:
            for k, v in _flatten(item, prefix).items():
                out.setdefault(k, []).extend(v)
        return out
    return {prefix or NON_FIELD: [str(detail)]}


# A uniqueness failure is worded by the dialect ("Name has already been taken", "The name has already
# been taken."), never in Django's "Company with this Account and Name already exists.", which names
# internal columns. Services and models keep the neutral fragment.
TAKEN = "has already been taken"
UNIQUE_CODES = ("unique", "unique_together")


def _unique_field(error) -> str | None:
    """The field a unique_together error is about: the last one of its check that is not the tenant."""
    fields = [f for f in (error.params or {}).get("unique_check", ()) if f not in ("account", "user")]
    return fields[-1] if fields else None


def _refusals(exc: DjangoValidationError) -> dict[str, list[tuple[str, dict]]]:
    if not hasattr(exc, "error_dict"):
        return {}
    found: dict[str, list[tuple[str, dict]]] = {}
    for key, errors in exc.error_dict.items():
        for error in errors:
            if error.code in WORDING and (error.params or {}).get("refused"):
                params = {k: v for k, v in error.params.items() if k != "refused"}
                found.setdefault(NON_FIELD if key == "__all__" else key, []).append((error.code, params))
    return found


def _django_validation_detail(exc: DjangoValidationError):
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    detail: dict[str, list[str]] = {}
    for key, errors in exc.error_dict.items():
        for error in errors:
            if error.code in UNIQUE_CODES:
                name = key if error.code == "unique" else _unique_field(error) or key
                detail.setdefault(name, []).append(TAKEN)
            else:
                detail.setdefault(key, []).extend(error.messages)
    return detail


def is_fragment(message: str) -> bool:
    """Rails-style messages ("can't be blank") are fragments that follow the field's name; a message
    that starts with a capital ("Name has already been taken", "This field is required.") is whole."""
    return bool(message) and message[0].islower()


def field_label(name: str) -> str:
    return name.replace("_", " ").replace(".", " ")


_KINDS = {
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "not_authenticated",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.ParseError: "parse_error",
    exceptions.Throttled: "throttled",
}


def normalise(exc) -> ApiError | None:
    """The neutral form of an exception, or None when it is not an API error (a bug: let it 500)."""
    if isinstance(exc, RequestDataTooBig):
        return ApiError(413, "The request body is too large", {}, kind="too_large")
    if isinstance(exc, DataError):
        # A value the database cannot hold (an integer beyond bigint, say) is bad input, not a server fault.
        return ApiError(400, "A value is out of range", {NON_FIELD: ["A value is out of range"]}, kind="validation")
    refusals = {}
    if isinstance(exc, DjangoValidationError):
        refusals = _refusals(exc)
        exc = exceptions.ValidationError(_django_validation_detail(exc))
    elif isinstance(exc, (Http404, ObjectDoesNotExist)):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, ApplicationError):
        errors = {exc.field or NON_FIELD: [exc.message]}
        kind = "validation" if exc.status_code in (400, 422) else "conflict" if exc.status_code == 409 else "error"
        if isinstance(exc, Refused):
            refusals = {exc.field or NON_FIELD: [(exc.kind, exc.params)]}
        return ApiError(exc.status_code, exc.message, errors, kind=kind, refusals=refusals)
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        first = next(iter(errors.values()))[0] if errors else "Invalid input"
        return ApiError(status.HTTP_400_BAD_REQUEST, first, errors, kind="validation", refusals=refusals)
    if isinstance(exc, exceptions.APIException):
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = f"{int(exc.wait)}"
        kind = next((k for cls, k in _KINDS.items() if isinstance(exc, cls)), "error")
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return ApiError(exc.status_code, str(detail), {}, kind=kind, headers=headers)
    return None
