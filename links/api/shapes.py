"""`links` in each family's read shapes (backlog_site.api.extensions): a BOSSDesk ticket's and CI's full
shape, the Tickets API's ticket detail, an easyBacklog story with include_associated_data and an Issue
Tracker issue with `with[]=links`. Each link as that family's links endpoint shows it (`LinkOutput`),
with the family's own JSON of a time.

A read costs `selectors.links_by_end`'s queries, whatever the number of links: one for the links, one
per family at their other ends (at most five). An anonymous read (`public`) sees only links to public
issues."""

from functools import partial

from accounts.api.bossdesk import bossdesk_timestamp
from backlog_site.api.dialects.issuetracker import LARAVEL_TIME
from backlog_site.api.extensions import shape_extend
from backlog_site.api.formats import format_datetime
from links import selectors
from links.ends import EndType

from .base import LinkOutput, link_json

# shape: (the end type of its objects, its JSON of a time, the help text of its field)
SHAPES = {
    "bossdesk.ticket": (EndType.DESK_TICKET, bossdesk_timestamp, "the ticket's links, each read from its side"),
    "bossdesk.ci": (EndType.CI, bossdesk_timestamp, "the CI's links, each read from its side"),
    "orgtickets.ticket": (EndType.DEV_TICKET, format_datetime, "the ticket's links, each read from its side"),
    # The dialect's renderers write the datetime (JSON, or Rails XML typed `datetime`).
    "easybacklog.story": (EndType.STORY, lambda value: value, "with include_associated_data: the story's links"),
    "issuetracker.issue": (
        EndType.ISSUE,
        lambda value: value.strftime(LARAVEL_TIME),
        "with `with[]=links`: the issue's links (without a key, only those to other public issues)",
    ),
}
# Shapes whose reads show the links only when asked (`include_associated_data`, `with[]=links`).
ASKED_FOR = {"easybacklog.story", "issuetracker.issue"}


def links_of(ids, *, account, public: bool, end_type: str, timestamp) -> dict[int, list[dict]]:
    by_end = selectors.links_by_end(
        account_id=None if account is None else account.pk,
        end_type=end_type,
        ids=ids,
        public_only=public,
    )
    # A public read shows only issues, which carry no ticket prefix.
    prefix = "" if account is None else account.ticket_prefix
    return {
        pk: [link_json(read, ticket_prefix=prefix, timestamp=timestamp) for read in reads]
        for pk, reads in by_end.items()
    }


def register() -> None:
    for shape, (end_type, timestamp, help_text) in SHAPES.items():
        shape_extend(
            shape,
            field="links",
            read=partial(links_of, end_type=end_type, timestamp=timestamp),
            schema=partial(LinkOutput, many=True, read_only=True, help_text=help_text),
            optional=shape in ASKED_FOR,
        )
