"""The Tickets API: a dev ticket's links, `GET|POST /api/v1/ext/orgs/{org}/tickets/{slug}/links` and
`DELETE …/links/{link_id}`. Flat bodies `{"kind": "relates_to", "target": "desk_ticket:17"}`; a list is
`{"links": […], "total", "limit", "offset"}`, one link `{"link": …}`."""

from rest_framework.response import Response

from backlog_site.api.dialects.orgtickets import OrgTicketsMixin
from links.ends import EndType
from links.errors import EndNotFound, LinkRefused
from links.targets import dev_ticket_by_slug

from . import words
from .base import LinkViewSet

ISO_SECONDS = "%Y-%m-%dT%H:%M:%SZ"


class DevTicketLinkViewSet(OrgTicketsMixin, LinkViewSet):
    scope_resource = "tickets"
    permission_resource = "dev_tickets"
    items_key = "links"
    end_type = EndType.DEV_TICKET
    words = words.ORGTICKETS

    def end_find(self):
        account = self.request.account
        if self.kwargs["org_slug"] != account.slug:
            return None  # a key answers only on its own organisation's slug: any other is a missing one
        try:
            return dev_ticket_by_slug(account, self.kwargs["slug"])
        except (LinkRefused, EndNotFound):
            return None

    def timestamp(self, value):
        return value.strftime(ISO_SECONDS)

    def created_response(self, data) -> Response:
        return super().created_response({"link": data})

    def deleted_response(self, data=None) -> Response:
        return Response({"message": "Link deleted"})
