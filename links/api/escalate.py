"""BOSSDesk: `POST /api/v1/tickets/{id}/escalate`, optional body `{"escalation": {"title", "type",
"priority"}}` (the Tickets API's type and priority names). Answers 201 `{"ticket": <the desk ticket>,
"dev_ticket": <the new ticket as the Tickets API shows it>}`."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers

from backlog_site.api.dialects.bossdesk import BossDeskMixin
from backlog_site.api.dialects.bossdesk.fields import RailsSerializer
from backlog_site.api.dialects.bossdesk.viewsets import IsMember
from backlog_site.api.extensions import extended
from backlog_site.api.permissions import API_PERMISSIONS
from backlog_site.api.tenancy import request_membership
from backlog_site.api.viewsets import DialectViewSet
from backlogs.api.orgtickets import OrgTicketDetailSerializer
from backlogs.models import Priority, TicketType
from backlogs.tickets.selectors import tickets_for_render
from helpdesk import selectors as desk_selectors
from helpdesk.api import bossdesk_render
from helpdesk.models import Ticket as DeskTicket
from links.escalation import desk_ticket_escalate


class EscalationSerializer(RailsSerializer):
    title = serializers.CharField(max_length=500, required=False)
    type = serializers.SlugField(max_length=50, required=False, help_text="a dev ticket type: bug, feature, …")
    priority = serializers.ChoiceField(choices=[p.label for p in Priority], required=False)

    def validate_type(self, value) -> TicketType:
        ticket_type = TicketType.objects.filter(account=self.context["request"].account, key=value.lower()).first()
        if ticket_type is None:
            raise serializers.ValidationError("doesn't exist")
        return ticket_type

    def validate_priority(self, value) -> int:
        return Priority.from_key(value)


class EscalationResult(serializers.Serializer):
    ticket = serializers.DictField(help_text="the desk ticket, in its full shape")
    dev_ticket = OrgTicketDetailSerializer(help_text="the new dev ticket, as the Tickets API shows it")


class MayCreateDevTickets(permissions.BasePermission):
    """Escalating makes a dev ticket: the membership must be allowed to."""

    def has_permission(self, request, view):
        membership = request_membership(request)
        return membership is not None and membership.can("dev_tickets", "create")


class DeskTicketEscalateViewSet(BossDeskMixin, DialectViewSet):
    """Hands a desk ticket to engineering: a new dev ticket linked `caused_by` to it, in one transaction.
    Every field is optional: the title defaults to the desk ticket's, the type to `bug`, the priority
    follows the desk ticket's."""

    queryset = DeskTicket.objects.select_related("priority", "account")
    permission_classes = [*API_PERMISSIONS, IsMember, MayCreateDevTickets]
    permission_resource = "tickets"
    scope_resource = "helpdesk"
    also_scopes = ("tickets:write",)  # it makes a dev ticket: a key of the service desk alone may not
    envelope = "escalation"
    lookup_field = "friendly_id"
    lookup_value_regex = "[0-9]+"
    input_serializer_class = EscalationSerializer
    output_serializer_class = EscalationResult

    def payload(self) -> dict:
        if not self.request.data:
            return {}  # every field is optional, and so is the body
        return super().payload()

    @extend_schema(operation_id="tickets_escalate", summary="Escalate a ticket to a dev ticket")
    def create(self, request, *args, **kwargs):
        # Made on a row the path names (the desk ticket), answering both tickets, each in its family's shape.
        desk_ticket = self.get_object()
        fields = self.validated(self.input_serializer_class)
        dev_ticket = desk_ticket_escalate(
            desk_ticket=desk_ticket,
            actor=self.membership,
            title=fields.get("title"),
            ticket_type=fields.get("type"),
            priority=fields.get("priority"),
        )
        desk = desk_selectors.ticket_detail_read(account_id=request.account.pk, pk=desk_ticket.pk)
        dev = tickets_for_render(comments=False).get(pk=dev_ticket.pk)
        # Both in their full shapes, with their links (the new one among them).
        ticket = extended(bossdesk_render.ticket_detail(desk), "bossdesk.ticket", desk.pk, account=request.account)
        return self.created_response({"ticket": ticket, "dev_ticket": OrgTicketDetailSerializer(dev).data})
