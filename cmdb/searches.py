"""Saved searches of owner class "ci": the stored Ransack filter is checked against the CI
allow-list, and applied to the account's active CIs (listed with `bossdesk_render.ci_search_item`).

The helpdesk owns `/searches`; it calls these two functions for "ci" searches."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from backlog_site.api.dialects.bossdesk.ransack import RansackError, ransack, validate_conditions

from . import selectors
from .models import CI
from .search_fields import CI_SEARCH_FIELDS


def ci_search_validate(*, query) -> None:
    """Refuses a stored query naming anything `/cis` cannot be filtered on (422 under `query`)."""
    try:
        validate_conditions(CI, query, CI_SEARCH_FIELDS)  # refuses NUL values too, like every list filter
    except RansackError as exc:
        raise ValidationError({"query": exc.message_dict["q"]}) from None


def ci_search_results(*, account_id: int, query: Mapping) -> QuerySet[CI]:
    """The account's active CIs matching the stored query, with what `ci_search_item` renders joined."""
    return ransack(selectors.ci_list(account_id=account_id).filter(archived_at__isnull=True), query, CI_SEARCH_FIELDS)
