"""The link services' refusals (links.errors.LinkRefused) in each family's words."""

from contextlib import contextmanager

from rest_framework.exceptions import ValidationError

from links.errors import LinkRefused

TYPES = "desk_ticket, dev_ticket, story, ci, issue"
KINDS = (
    "relates_to, blocks, blocked_by, duplicates, duplicated_by, caused_by, causes, fixes, fixed_by, affects, "
    "affected_by"
)

# BOSSDesk (Rails): fragments that follow the field's name.
BOSSDESK = {
    ("kind", "unknown"): f"is not included in the list ({KINDS})",
    ("target", "blank"): "can't be blank",
    ("target", "malformed"): "is invalid (a ticket slug such as AM-42, or <type>:<id>)",
    ("target", "unknown_type"): f"has an unknown type (one of {TYPES})",
    ("target", "self"): "can't be the ticket itself",
    ("target", "taken"): "has already been taken",
}
BOSSDESK_CI = {**BOSSDESK, ("target", "self"): "can't be the CI itself"}

# The Tickets API: whole sentences.
ORGTICKETS = {
    ("kind", "unknown"): f"Unknown link kind; use one of {KINDS}.",
    ("target", "blank"): "A target is required.",
    ("target", "malformed"): "A target is a ticket slug such as AM-42, or <type>:<id>.",
    ("target", "unknown_type"): f"Unknown target type; use one of {TYPES}.",
    ("target", "self"): "A ticket cannot be linked to itself.",
    ("target", "taken"): "These two are already linked with this kind.",
}


@contextmanager
def refusals_worded(words: dict[tuple[str, str], str]):
    """Re-raise a service's LinkRefused as a validation error of the field it names, in `words`."""
    try:
        yield
    except LinkRefused as refused:
        raise ValidationError({refused.field: [words[(refused.field, refused.code)]]}) from refused
