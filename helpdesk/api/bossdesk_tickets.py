"""BOSSDesk agent tickets: `/tickets` list (paged, Ransack), create, retrieve, update (204, with
`lock_version`), `/comments`, `/close`, `/reopen`."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Tag
from backlog_site.api.dialects.bossdesk.fields import AccountRelatedField, MemberField, RailsSerializer
from backlog_site.api.dialects.bossdesk.filters import ransack_filterset
from backlog_site.api.dialects.bossdesk.viewsets import BossDeskViewSet, Renders
from backlog_site.api.row_pages import RowList
from backlog_site.api.viewsets import ParentLink, Services
from helpdesk import rows, selectors
from helpdesk.models import (
    ExtendedStatus,
    HelpdeskCategory,
    HelpdeskPriority,
    Team,
    Ticket,
    TicketComment,
    TicketType,
)
from helpdesk.search_fields import TICKET_SEARCH_FIELDS
from helpdesk.services import tickets as services

from . import bossdesk_outputs as outputs
from . import bossdesk_render as render


class TicketInputSerializer(RailsSerializer):
    title = serializers.CharField(max_length=255)
    description = serializers.CharField(allow_blank=True, allow_null=True, required=False, max_length=200_000)
    type_id = AccountRelatedField(TicketType, source="type")
    priority_id = AccountRelatedField(HelpdeskPriority, source="priority")
    extended_status_id = AccountRelatedField(ExtendedStatus, source="extended_status", allow_null=True, required=False)
    category_id = AccountRelatedField(HelpdeskCategory, source="category", allow_null=True, required=False)
    team_id = AccountRelatedField(Team, source="team", allow_null=True, required=False)
    requester_id = MemberField(source="requester", allow_null=True, required=False)
    agent_id = MemberField(source="agent", agents_only=True, allow_null=True, required=False)
    tag_ids = serializers.ListField(
        child=AccountRelatedField(Tag, filters={"owner_class": "ticket"}), required=False, max_length=100
    )
    custom_fields = serializers.DictField(required=False)
    due_at = serializers.DateTimeField(allow_null=True, required=False)
    lock_version = serializers.IntegerField(min_value=0, required=False)

    def validate_description(self, value):
        return value or ""


class TicketViewSet(BossDeskViewSet):
    queryset = Ticket.objects.all()
    input_serializer_class = TicketInputSerializer
    output_serializer_class = outputs.BossDeskTicket
    list_output_serializer_class = outputs.BossDeskTicketListItem
    filterset_class = ransack_filterset(Ticket, TICKET_SEARCH_FIELDS)
    list_counted = Ticket
    # Unfiltered: counter and page in one statement; filtered: the page's rows by their ids.
    list_rows = RowList(read=rows.ticket_list_page, render=render.ticket_list_row, of_ids=rows.ticket_list_rows)
    renders = Renders(item=render.ticket_list_item, detail=render.ticket_detail)
    extended_shape = "bossdesk.ticket"  # the full shape's `links` (the links app)
    services = Services(
        create=services.ticket_create,
        update=services.ticket_update,
        target="ticket",
        actor=("create", "update"),
        keywords={"tag_ids": "tags", "custom_fields": "custom_fields", "lock_version": "lock_version"},
    )
    permission_resource = "tickets"
    scope_resource = "helpdesk"
    envelope = "ticket"
    lookup_field = "friendly_id"
    lookup_value_regex = "[0-9]+"
    conflicts = dict.fromkeys(("update", "partial_update"), "`lock_version` is not the ticket's: changed meanwhile")

    def get_queryset(self):
        if self.action == "list":
            return selectors.ticket_list_items(account_id=self.request.account.pk)
        return super().get_queryset()  # writes lock the row themselves and re-read afterwards

    def get_object(self):
        if self.action != "retrieve":
            return super().get_object()
        # The detail, with all that hangs off the ticket, is one prepared read (backlog_site.prepared).
        ticket = selectors.ticket_detail_read(
            account_id=self.request.account.pk, friendly_id=self.kwargs["friendly_id"]
        )
        if ticket is None:
            raise Http404
        self.check_object_permissions(self.request, ticket)
        return ticket

    def reread(self, ticket: Ticket) -> Ticket:
        return selectors.ticket_detail_read(account_id=self.request.account.pk, pk=ticket.pk)

    def perform_create(self, fields: dict):
        fields.pop("lock_version", None)  # only an update checks it
        return super().perform_create(fields)

    @extend_schema(request=None)
    @action(detail=True, methods=["patch"])
    def close(self, request, *args, **kwargs):
        ticket = services.ticket_close(ticket=self.get_object(), actor=self.membership)
        return Response(self.output(self.reread(ticket)))

    @extend_schema(request=None)
    @action(detail=True, methods=["patch"])
    def reopen(self, request, *args, **kwargs):
        ticket = services.ticket_reopen(ticket=self.get_object(), actor=self.membership)
        return Response(self.output(self.reread(ticket)))


class CommentInputSerializer(RailsSerializer):
    body = serializers.CharField(max_length=200_000)
    is_public = serializers.BooleanField()


class TicketCommentViewSet(BossDeskViewSet):
    """`POST /tickets/{friendly_id}/comments`: `is_public` is required (false = internal note)."""

    queryset = TicketComment.objects.all()
    tenant_lookup = "ticket__account_id"
    parent_link = ParentLink(Ticket, kwarg="ticket_friendly_id", lookup="friendly_id")
    input_serializer_class = CommentInputSerializer
    output_serializer_class = outputs.BossDeskComment
    services = Services(create=services.comment_create, spread=True, actor=("create",))
    renders = Renders(detail=render.comment)
    reread_skipped = ("create",)  # the service's comment already has its author: the request's membership
    permission_resource = "tickets"
    scope_resource = "helpdesk"
    envelope = "comment"
