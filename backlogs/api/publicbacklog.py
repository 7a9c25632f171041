"""Public Backlog (seed 000): `/v1/…`, header `apiKey: K`, camelCase JSON, validation errors 400.

An organisation is the key's account; tickets land in its default backlog unless `backlogName` or
`backlogId` names another of its backlogs.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from accounts.models import Account, Membership
from backlog_site.api.dialects.publicbacklog import PublicBacklogMixin
from backlog_site.api.viewsets import DialectViewSet
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


def ticket_fields(data: dict) -> dict:
    """A validated ticket body in the services' names."""
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


class PublicBacklogViewSet(PublicBacklogMixin, DialectViewSet):
    # The document's reads name no row in the path: they have always asked the permission map for `index`.
    permission_verbs = {"retrieve": "index"}

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "account": self.request.account}


@extend_schema_view(
    create=extend_schema(
        operation_id="publicbacklog_save_ticket",
        request=PublicTicketWriteSerializer,
        responses={201: PublicTicketSerializer},
    ),
    retrieve=extend_schema(
        operation_id="publicbacklog_get_ticket",
        parameters=[PublicTicketIdSerializer],
        responses={200: PublicTicketSerializer},
    ),
    update=extend_schema(
        operation_id="publicbacklog_update_ticket",
        request=PublicTicketUpdateSerializer,
        responses={200: PublicTicketSerializer},
    ),
    destroy=extend_schema(
        operation_id="publicbacklog_delete_ticket",
        parameters=[PublicTicketIdSerializer],
        responses={204: None},
    ),
)
class TicketViewSet(PublicBacklogViewSet):
    queryset = selectors.tickets_for_render(comments=True)
    scope_resource = "tickets"
    permission_resource = "dev_tickets"
    input_serializer_class = PublicTicketWriteSerializer
    update_serializer_class = PublicTicketUpdateSerializer
    output_serializer_class = PublicTicketSerializer
    # An update names only the fields it changes.
    update_partial = True

    def get_object(self) -> Ticket:
        # The document names the ticket by `?id=` (get, delete) or by the body's `id` (update), not the path.
        source = self.payload() if self.action == "update" else self.request.query_params
        ids = PublicTicketIdSerializer(data=source)
        ids.is_valid(raise_exception=True)
        return get_object_or_404(self.get_queryset(), pk=ids.validated_data["id"])

    # The ticket services also take who acts and the comment that comes with the write.
    def perform_create(self, fields: dict) -> Ticket:
        with fields_named(FIELD_NAMES):
            return services.ticket_create(
                account=self.request.account,
                user=self.request.user,
                fields=ticket_fields(fields),
                comment=fields.get("comment"),
            )

    def perform_update(self, instance: Ticket, fields: dict) -> Ticket:
        with fields_named(FIELD_NAMES):
            return services.ticket_update(
                ticket=instance, user=self.request.user, fields=ticket_fields(fields), comment=fields.get("comment")
            )

    def perform_destroy(self, instance: Ticket) -> None:
        services.ticket_delete(ticket=instance, user=self.request.user)


@extend_schema_view(
    retrieve=extend_schema(
        operation_id="publicbacklog_get_backlog",
        parameters=[PublicBacklogQuerySerializer],
        responses={200: PublicBacklogSerializer},
    )
)
class BacklogViewSet(PublicBacklogViewSet):
    queryset = Backlog.objects.live()
    scope_resource = "tickets"
    permission_resource = "backlogs"
    output_serializer_class = PublicBacklogSerializer

    def get_object(self) -> Backlog:
        # The document names the backlog in the query string, by id or by name; the read adds its summary.
        query = PublicBacklogQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        backlog = selectors.backlog_summary(
            account=self.request.account,
            backlog_id=query.validated_data.get("backlogId"),
            name=query.validated_data.get("backlogName"),
        )
        if backlog is None:
            raise NotFound()
        return backlog


@extend_schema_view(retrieve=extend_schema(operation_id="publicbacklog_get_organization"))
class OrganizationViewSet(PublicBacklogViewSet):
    queryset = Account.objects.all()
    tenant_lookup = "pk"
    scope_resource = "organization"
    permission_resource = "account"
    output_serializer_class = PublicOrganizationSerializer

    def get_object(self) -> Account:
        # The document names no organisation: it is the key's.
        return self.get_queryset().get()


@extend_schema_view(
    create=extend_schema(
        operation_id="publicbacklog_add_organization_user",
        request=PublicOrganizationUserWriteSerializer,
        responses={201: PublicOrganizationUserSerializer},
    )
)
class OrganizationUserViewSet(PublicBacklogViewSet):
    queryset = Account.objects.all()
    tenant_lookup = "pk"
    scope_resource = "organization"
    permission_resource = "users"
    input_serializer_class = PublicOrganizationUserWriteSerializer
    output_serializer_class = PublicOrganizationUserSerializer
    conflicts = {"create": "A user with this email already belongs to the organization"}

    def perform_create(self, fields: dict) -> Membership:
        return organization_user_add(
            account=self.request.account,
            email=fields["email"],
            first_name=fields["firstName"],
            last_name=fields.get("lastName", ""),
        )

    def reread(self, instance: Membership) -> Membership:
        # The answer is the membership the service made (with its user), not a row of this view's queryset.
        return instance
