"""Saved searches: a stored Ransack filter, checked against the allow-list of its owner class."""

from django.core.exceptions import ValidationError

from accounts.models import Membership
from cmdb.searches import ci_search_validate
from helpdesk.models import SavedSearch, Ticket
from helpdesk.ransack import RansackError, validate_conditions
from helpdesk.search_fields import BY_OWNER_CLASS


def saved_search_validate(*, search: SavedSearch) -> None:
    """Refuse a query that names fields its owner class cannot be filtered on (CMDB searches are
    checked by the CMDB; other classes cannot be applied at all)."""
    if search.owner_class == SavedSearch.OwnerClass.CI:
        ci_search_validate(query=search.query)
        return
    allowed = BY_OWNER_CLASS.get(search.owner_class)
    if allowed is None:
        return
    model = Ticket if search.owner_class == SavedSearch.OwnerClass.TICKET else Membership
    try:
        validate_conditions(model, search.query, allowed)
    except RansackError as exc:
        raise ValidationError({"query": exc.message_dict["q"]}) from None
