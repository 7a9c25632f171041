"""BOSSDesk: a service-desk ticket's links, `GET|POST /api/v1/tickets/{id}/links` and
`DELETE …/links/{link_id}`, and a CI's, `/api/v1/cis/{id}/links` (beside its notes and attachments).
Bodies wrapped as `{"link": {"kind": "blocks", "target": "AM-42"}}`."""

from accounts.api.bossdesk import bossdesk_timestamp
from backlog_site.api.dialects.bossdesk import BossDeskMixin
from backlog_site.api.dialects.bossdesk.fields import RailsSerializer
from backlog_site.api.dialects.bossdesk.viewsets import IsMember
from backlog_site.api.permissions import API_PERMISSIONS
from links.ends import EndType, end_find

from . import words
from .base import LinkInputSerializer, LinkViewSet


class DeskLinkInputSerializer(RailsSerializer, LinkInputSerializer):
    """A link to make: its kind and the object at its other end."""  # refusals in Rails' words


class BossDeskLinkViewSet(BossDeskMixin, LinkViewSet):
    """An object's links in BOSSDesk's dialect; the URL names it by its friendly id (`url_kwarg`)."""

    permission_classes = [*API_PERMISSIONS, IsMember]
    envelope = "link"
    input_serializer_class = DeskLinkInputSerializer
    url_kwarg: str

    def end_find(self):
        return end_find(self.end_type, account_id=self.request.account.pk, shown_id=self.kwargs[self.url_kwarg])

    def timestamp(self, value):
        return bossdesk_timestamp(value)


class DeskTicketLinkViewSet(BossDeskLinkViewSet):
    """A desk ticket's links to dev tickets, desk tickets, stories, configuration items and issues of the
    account, each read from this ticket's side. A target is a dev ticket's slug (`AM-42`) or `<type>:<id>`."""

    permission_resource = "tickets"
    scope_resource = "helpdesk"
    end_type = EndType.DESK_TICKET
    url_kwarg = "ticket_friendly_id"
    words = words.BOSSDESK


class CILinkViewSet(BossDeskLinkViewSet):
    """A configuration item's links to desk tickets, dev tickets, stories, other configuration items and
    issues of the account, each read from its side. A target is a dev ticket's slug (`AM-42`) or `<type>:<id>`."""

    permission_resource = "cis"
    scope_resource = "cis"
    end_type = EndType.CI
    url_kwarg = "ci_friendly_id"
    words = words.BOSSDESK_CI
