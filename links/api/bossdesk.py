"""BOSSDesk: a service-desk ticket's links, `GET|POST /api/v1/tickets/{id}/links` and
`DELETE …/links/{link_id}`. Bodies wrapped as `{"link": {"kind": "blocks", "target": "AM-42"}}`."""

from accounts.api.bossdesk import bossdesk_timestamp
from backlog_site.api.dialects.bossdesk import BossDeskMixin
from backlog_site.api.dialects.bossdesk.fields import RailsSerializer
from backlog_site.api.dialects.bossdesk.viewsets import IsMember
from backlog_site.api.permissions import API_PERMISSIONS
from links.ends import EndType, end_find

from . import words
from .base import LinkInputSerializer, LinkViewSet


class DeskLinkInputSerializer(RailsSerializer, LinkInputSerializer):
    """The link body with Rails' words ("can't be blank")."""


class DeskTicketLinkViewSet(BossDeskMixin, LinkViewSet):
    """A desk ticket's links to dev tickets, desk tickets, stories, configuration items and issues of the
    account, each read from this ticket's side. A target is a dev ticket's slug (`AM-42`) or `<type>:<id>`."""

    permission_classes = [*API_PERMISSIONS, IsMember]
    permission_resource = "tickets"
    scope_resource = "helpdesk"
    envelope = "link"
    input_serializer_class = DeskLinkInputSerializer
    end_type = EndType.DESK_TICKET
    words = words.BOSSDESK

    def end_find(self):
        return end_find(self.end_type, account_id=self.request.account.pk, shown_id=self.kwargs["ticket_friendly_id"])

    def timestamp(self, value):
        return bossdesk_timestamp(value)
