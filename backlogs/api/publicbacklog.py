"""Public Backlog (seed 000): `/v1/…`, header `apiKey: K`, camelCase JSON, validation errors 400.

An organisation is the key's account; tickets land in its default backlog unless `backlogName` or
`backlogId` names another of its backlogs.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.models import Account
from backlog_site.api.dialects.publicbacklog import PublicBacklogMixin
from backlog_site.api.permissions import API_PERMISSIONS
from backlog_site.api.tenancy import TenantScopedMixin
from backlogs.models import Backlog, Ticket, TicketStatus, TicketType
from backlogs.tickets import selectors, services
from backlogs.tickets.apierrors import BIGINT_MAX, fields_named
from backlogs.tickets.organizations import organization_user_add

ISO_MILLIS = "%Y-%m-%dT%H:%M:%S.%fZ"
FIELD_NAMES = {"ticket_type": "ticketTypeId", "status": "statusId", "backlog": "backlogId"}


class JsDateTimeField(serializers.DateTimeField):
    """`2025-01-10T08:00:00.000Z`, as JavaScript's toISOString() writes it."""

    def __init__(self, **kwargs):
        super().__init__(format=ISO_MILLIS, read_only=True, **kwargs)

    def to_representation(self, value):
        return super().to_representation(value)[: -len("456Z")] + "Z"


class PublicCommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    comment = serializers.CharField(source="body")
    authorId = serializers.IntegerField(source="author_id", allow_null=True)
    createdAt = JsDateTimeField(source="created_at")


class PublicTicketSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    statusId = serializers.IntegerField(source="status_id")
    ticketTypeId = serializers.IntegerField(source="ticket_type.number")
    backlogId = serializers.IntegerField(source="backlog_id")
    createdAt = JsDateTimeField(source="created_at")
    updatedAt = JsDateTimeField(source="updated_at")
    comments = PublicCommentSerializer(many=True)


class PublicTicketWriteSerializer(serializers.Serializer):
    title = serializers.CharField(min_length=3, max_length=250)
    description = serializers.CharField(min_length=3, max_length=3_000_000)
    statusId = serializers.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX)
    ticketTypeId = serializers.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=100_000)
    backlogName = serializers.CharField(required=False, max_length=255)
    backlogId = serializers.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX)

    @property
    def account(self) -> Account:
        return self.context["account"]

    def validate_statusId(self, value) -> TicketStatus:
        status = TicketStatus.objects.filter(account=self.account, pk=value).select_related("ticket_type").first()
        if status is None:
            raise serializers.ValidationError("is not a ticket status of this organization.")
        return status

    def validate_ticketTypeId(self, value) -> TicketType:
        ticket_type = TicketType.objects.filter(account=self.account, number=value).first()
        if ticket_type is None:
            raise serializers.ValidationError("is not a ticket type of this organization.")
        return ticket_type

    def validate(self, attrs):
        if "backlogId" in attrs or "backlogName" in attrs:
            field = "backlogId" if "backlogId" in attrs else "backlogName"
            backlog = selectors.backlog_find(
                account=self.account, backlog_id=attrs.get("backlogId"), name=attrs.get("backlogName")
            )
            if backlog is None:
                raise serializers.ValidationError({field: "names no backlog of this organization."})
            if backlog.archived:
                raise serializers.ValidationError({field: "names an archived backlog."})
            attrs["backlog"] = backlog
        return attrs

    def service_fields(self) -> dict:
        data = self.validated_data
        renames = {
            "title": "title",
            "description": "description",
            "statusId": "status",
            "ticketTypeId": "ticket_type",
            "backlog": "backlog",
        }
        return {target: data[name] for name, target in renames.items() if name in data}


class PublicTicketUpdateSerializer(PublicTicketWriteSerializer):
    id = serializers.IntegerField(min_value=1, max_value=BIGINT_MAX)


class PublicTicketIdSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1, max_value=BIGINT_MAX)


class PublicBacklogQuerySerializer(serializers.Serializer):
    backlogName = serializers.CharField(required=False, max_length=255)
    backlogId = serializers.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError({"backlogName": "is required."})
        return attrs


class PublicStatusSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PublicTicketTypeSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="number")
    name = serializers.CharField()
    statuses = PublicStatusSummarySerializer(many=True)


class PublicBacklogSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    archived = serializers.BooleanField()
    ticketCount = serializers.IntegerField(source="ticket_count")
    ticketTypes = PublicTicketTypeSummarySerializer(many=True, source="ticket_types")
    createdAt = JsDateTimeField(source="created_at")
    updatedAt = JsDateTimeField(source="updated_at")


class PublicOrganizationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    ticketPrefix = serializers.CharField(source="ticket_prefix")
    createdAt = JsDateTimeField(source="created_at")
    updatedAt = JsDateTimeField(source="updated_at")


class PublicOrganizationUserWriteSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    firstName = serializers.CharField(max_length=150)
    lastName = serializers.CharField(required=False, allow_blank=True, max_length=150)


class PublicOrganizationUserSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user.id")
    email = serializers.EmailField(source="user.email")
    firstName = serializers.CharField(source="user.first_name")
    lastName = serializers.CharField(source="user.last_name")
    organizationId = serializers.IntegerField(source="account_id")
    role = serializers.CharField()


class PublicBacklogView(PublicBacklogMixin, TenantScopedMixin, generics.GenericAPIView):
    permission_classes = API_PERMISSIONS


class TicketView(PublicBacklogView):
    queryset = selectors.tickets_for_render(comments=True)
    scope_resource = "tickets"
    permission_resource = "dev_tickets"
    serializer_class = PublicTicketSerializer

    def ticket_by_id(self, value) -> Ticket:
        ticket = self.get_queryset().filter(pk=value).first()
        if ticket is None:
            raise NotFound()
        return ticket

    def id_from_query(self) -> int:
        query = PublicTicketIdSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data["id"]

    def rendered(self, ticket: Ticket) -> dict:
        """The ticket re-read through the tenant-scoped queryset."""
        return PublicTicketSerializer(self.ticket_by_id(ticket.pk)).data


class SaveTicketView(TicketView):
    @extend_schema(
        operation_id="publicbacklog_save_ticket",
        request=PublicTicketWriteSerializer,
        responses={201: PublicTicketSerializer},
    )
    def post(self, request, *args, **kwargs):
        serializer = PublicTicketWriteSerializer(data=self.payload(), context={"account": request.account})
        serializer.is_valid(raise_exception=True)
        with fields_named(FIELD_NAMES):
            ticket = services.ticket_create(
                account=request.account,
                user=request.user,
                fields=serializer.service_fields(),
                comment=serializer.validated_data.get("comment"),
            )
        return self.created_response(self.rendered(ticket))


class GetTicketView(TicketView):
    @extend_schema(operation_id="publicbacklog_get_ticket", parameters=[PublicTicketIdSerializer])
    def get(self, request, *args, **kwargs):
        return Response(PublicTicketSerializer(self.ticket_by_id(self.id_from_query())).data)


class UpdateTicketView(TicketView):
    @extend_schema(
        operation_id="publicbacklog_update_ticket",
        request=PublicTicketUpdateSerializer,
        responses=PublicTicketSerializer,
    )
    def patch(self, request, *args, **kwargs):
        payload = self.payload()
        ids = PublicTicketIdSerializer(data=payload)
        ids.is_valid(raise_exception=True)
        ticket = self.ticket_by_id(ids.validated_data["id"])
        serializer = PublicTicketUpdateSerializer(
            ticket, data=payload, partial=True, context={"account": request.account}
        )
        serializer.is_valid(raise_exception=True)
        with fields_named(FIELD_NAMES):
            ticket = services.ticket_update(
                ticket=ticket,
                user=request.user,
                fields=serializer.service_fields(),
                comment=serializer.validated_data.get("comment"),
            )
        return self.updated_response(self.rendered(ticket))


class DeleteTicketView(TicketView):
    @extend_schema(
        operation_id="publicbacklog_delete_ticket", parameters=[PublicTicketIdSerializer], responses={204: None}
    )
    def delete(self, request, *args, **kwargs):
        services.ticket_delete(ticket=self.ticket_by_id(self.id_from_query()), user=request.user)
        return self.deleted_response()


class GetBacklogView(PublicBacklogView):
    queryset = Backlog.objects.live()
    scope_resource = "tickets"
    permission_resource = "backlogs"
    serializer_class = PublicBacklogSerializer

    @extend_schema(operation_id="publicbacklog_get_backlog", parameters=[PublicBacklogQuerySerializer])
    def get(self, request, *args, **kwargs):
        query = PublicBacklogQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        backlog = selectors.backlog_summary(
            account=request.account,
            backlog_id=query.validated_data.get("backlogId"),
            name=query.validated_data.get("backlogName"),
        )
        if backlog is None:
            raise NotFound()
        return Response(PublicBacklogSerializer(backlog).data)


class GetOrganizationView(PublicBacklogView):
    queryset = Account.objects.all()
    tenant_lookup = "pk"
    scope_resource = "organization"
    permission_resource = "account"
    serializer_class = PublicOrganizationSerializer

    @extend_schema(operation_id="publicbacklog_get_organization")
    def get(self, request, *args, **kwargs):
        return Response(PublicOrganizationSerializer(self.get_queryset().get()).data)


class AddOrganizationUserView(PublicBacklogView):
    queryset = Account.objects.all()
    tenant_lookup = "pk"
    scope_resource = "organization"
    permission_resource = "users"
    serializer_class = PublicOrganizationUserSerializer

    @extend_schema(
        operation_id="publicbacklog_add_organization_user",
        request=PublicOrganizationUserWriteSerializer,
        responses={201: PublicOrganizationUserSerializer},
    )
    def post(self, request, *args, **kwargs):
        serializer = PublicOrganizationUserWriteSerializer(data=self.payload())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        membership = organization_user_add(
            account=request.account,
            email=data["email"],
            first_name=data["firstName"],
            last_name=data.get("lastName", ""),
        )
        return self.created_response(PublicOrganizationUserSerializer(membership).data)
