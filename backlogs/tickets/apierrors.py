"""Services name fields as the model does (`ticket_type`, `assignee`); each dialect names them as its
document does (`type`/`ticketTypeId`, `assignee_id`). This renames the fields of a refusal on the way out."""

from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError

# Ids and offsets above what the database's integers hold are refused as input, not sent to SQL.
BIGINT_MAX = 2**63 - 1


@contextmanager
def fields_named(names: dict[str, str]):
    """Re-raise a Django ValidationError of a service as a DRF one keyed by the dialect's field names."""
    try:
        yield
    except DjangoValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise ValidationError({NON_FIELD_ERRORS: exc.messages}) from exc
        detail = {}
        for field, errors in exc.error_dict.items():
            detail.setdefault(names.get(field, field), []).extend(m for e in errors for m in e.messages)
        raise ValidationError(detail) from exc
