"""The org-scoped Tickets API (seed 001): `/api/v1/ext/orgs/{org_slug}/tickets…`, `X-API-Key`,
scopes `tickets:read` / `tickets:write`. A key answers only on its own organisation's slug."""

from urllib.parse import urlencode

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.models import Membership
from backlog_site.api import paging
from backlog_site.api.dialects.orgtickets import OrgTicketsMixin
from backlog_site.api.extensions import ExtendedShape, extended
from backlog_site.api.permissions import API_PERMISSIONS
from backlog_site.api.tenancy import TenantScopedMixin
from backlogs.models import Priority, Repository, Ticket, TicketType, Workflow
from backlogs.tickets import rows, selectors, services
from backlogs.tickets.apierrors import BIGINT_MAX, fields_named

ISO_SECONDS = "%Y-%m-%dT%H:%M:%SZ"
PRIORITIES = [p.label for p in Priority]
PRIORITY_KEYS = {p.value: p.label for p in Priority}
# Service (model) field names -> this document's names.
FIELD_NAMES = {
    "ticket_type": "type",
    "assignee": "assignee_id",
    "repository": "repository_id",
    "parent": "parent_slug",
    "workflow": "status",
}
ORG_SLUG = OpenApiParameter("org_slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="Organisation slug")
TICKET_SLUG = OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="Ticket slug, e.g. AM-42")


class OrgTicketSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="ticket_type.key")
    status = serializers.CharField(source="status.workflow")
    priority = serializers.CharField(source="priority_key")
    labels = serializers.SerializerMethodField()
    parent_slug = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(format=ISO_SECONDS)
    updated_at = serializers.DateTimeField(format=ISO_SECONDS)

    class Meta:
        model = Ticket
        fields = [
            "id",
            "slug",
            "type",
            "title",
            "status",
            "priority",
            "assignee_id",
            "repository_id",
            "labels",
            "parent_slug",
            "created_at",
            "updated_at",
        ]

    def get_labels(self, ticket) -> list[str]:
        return [label.name for label in ticket.labels.all()]

    def get_parent_slug(self, ticket) -> str | None:
        return f"{ticket.account.ticket_prefix}-{ticket.parent.number}" if ticket.parent_id else None


class OrgTicketDetailSerializer(ExtendedShape, OrgTicketSerializer):
    extended_shape = "orgtickets.ticket"  # `links` (the links app)
    extends_alone = True  # read outside a DialectViewSet: by the detail's writes and the escalation

    class Meta(OrgTicketSerializer.Meta):
        fields = [*OrgTicketSerializer.Meta.fields, "description"]


def ticket_document(row: rows.TicketRow, prefix: str) -> dict:
    """A ticket as OrgTicketSerializer (OrgTicketDetailSerializer when the row has its description)
    describes it, built directly from a row: the serializer was most of a list page's time."""
    document = {
        "id": row.id,
        "slug": f"{prefix}-{row.number}",
        "type": row.type_key,
        "title": row.title,
        "status": row.workflow,
        "priority": PRIORITY_KEYS[row.priority],
        "assignee_id": row.assignee_id,
        "repository_id": row.repository_id,
        "labels": row.labels,
        "parent_slug": None if row.parent_number is None else f"{prefix}-{row.parent_number}",
        # As DRF's DateTimeField(format=ISO_SECONDS): in the current time zone.
        "created_at": timezone.localtime(row.created_at).strftime(ISO_SECONDS),
        "updated_at": timezone.localtime(row.updated_at).strftime(ISO_SECONDS),
    }
    if row.description is not None:
        document["description"] = row.description
    return document


class OrgBoardTicketSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="ticket_type.key")
    priority = serializers.CharField(source="priority_key")

    class Meta:
        model = Ticket
        fields = ["id", "slug", "title", "type", "priority", "assignee_id"]


def board_card(ticket: Ticket) -> dict:
    """A card as OrgBoardTicketSerializer describes it, built directly: a board renders up to 500."""
    return {
        "id": ticket.pk,
        "slug": ticket.slug,
        "title": ticket.title,
        "type": ticket.ticket_type.key,
        "priority": ticket.priority_key,
        "assignee_id": ticket.assignee_id,
    }


class OrgBoardColumnSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Workflow.values)
    tickets = OrgBoardTicketSerializer(many=True)
    # Beyond the document: the column's number of tickets, and the URL of its next cards (null at the end).
    total = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)


class OrgBoardSerializer(serializers.Serializer):
    columns = OrgBoardColumnSerializer(many=True)


class OrgBoardEnvelopeSerializer(serializers.Serializer):
    board = OrgBoardSerializer()


class OrgTicketEnvelopeSerializer(serializers.Serializer):
    ticket = OrgTicketDetailSerializer()


class OrgTicketListEnvelopeSerializer(serializers.Serializer):
    tickets = OrgTicketSerializer(many=True)
    total = serializers.IntegerField()
    limit = serializers.IntegerField()
    offset = serializers.IntegerField()


class OrgMessageSerializer(serializers.Serializer):
    message = serializers.CharField()


class OrgTicketFilterSerializer(serializers.Serializer):
    repository_id = serializers.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX)
    status = serializers.ChoiceField(choices=Workflow.values, required=False)
    type = serializers.SlugField(required=False, max_length=50)
    assignee_id = serializers.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX)
    labels = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    # Larger limits are capped at 100 by the pagination, as the document's "max 100" says.
    limit = serializers.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX)
    offset = serializers.IntegerField(required=False, min_value=0, max_value=BIGINT_MAX)

    def validate_type(self, value):
        value = value.lower()
        if not TicketType.objects.filter(account=self.context["account"], key=value).exists():
            raise serializers.ValidationError(f"Unknown ticket type {value!r}.")
        return value

    def validate_labels(self, value) -> list[str]:
        return [name.strip() for name in value.split(",") if name.strip()]


class OrgBoardFilterSerializer(serializers.Serializer):
    repository_id = serializers.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX)
    # Beyond the document: a page of cards per column, and one column's next cards.
    status = serializers.ChoiceField(
        choices=Workflow.values, required=False, help_text="Only this column (to fetch its next cards)."
    )
    limit_per_column = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=BIGINT_MAX,
        help_text=f"Cards per column, {selectors.BOARD_CARDS_DEFAULT} by default, at most {selectors.BOARD_CARDS_MAX}.",
    )
    offset = serializers.IntegerField(
        required=False, min_value=0, max_value=BIGINT_MAX, help_text="Cards to skip in each column shown."
    )


class OrgTicketWriteSerializer(serializers.Serializer):
    """The request body of create and update; references resolve within the key's organisation only."""

    title = serializers.CharField(min_length=1, max_length=500)
    type = serializers.SlugField(max_length=50)
    description = serializers.CharField(required=False, allow_blank=True, max_length=3_000_000, trim_whitespace=False)
    priority = serializers.ChoiceField(choices=PRIORITIES, required=False)
    status = serializers.ChoiceField(choices=Workflow.values, required=False)
    assignee_id = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=BIGINT_MAX)
    repository_id = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=BIGINT_MAX)
    labels = serializers.ListField(
        child=serializers.CharField(min_length=1, max_length=50), required=False, allow_empty=True, max_length=50
    )
    parent_slug = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=30)

    @property
    def account(self):
        return self.context["account"]

    def validate_type(self, value) -> TicketType:
        ticket_type = TicketType.objects.filter(account=self.account, key=value.lower()).first()
        if ticket_type is None:
            raise serializers.ValidationError(f"Unknown ticket type {value!r}.")
        return ticket_type

    def validate_labels(self, value) -> list[str]:
        if any("," in name for name in value):
            raise serializers.ValidationError("Label names cannot contain commas (the list filter separates them).")
        return value

    def validate_assignee_id(self, value):
        if value is None:
            return None
        membership = Membership.objects.filter(account=self.account, user_id=value).select_related("user").first()
        if membership is None:
            raise serializers.ValidationError("is not a member of this organisation.")
        return membership.user

    def validate_repository_id(self, value):
        if value is None:
            return None
        repository = Repository.objects.filter(account=self.account, pk=value).first()
        if repository is None:
            raise serializers.ValidationError("is not a repository of this organisation.")
        return repository

    def validate_parent_slug(self, value):
        if not value:
            return None
        parent = selectors.ticket_by_slug(Ticket.objects.all(), account=self.account, slug=value)
        if parent is None:
            raise serializers.ValidationError("is not a ticket of this organisation.")
        return parent

    def validate(self, attrs):
        if self.partial and not attrs:
            raise serializers.ValidationError(f"Send at least one of: {', '.join(self.fields)}.")
        return attrs

    def service_fields(self) -> dict:
        """The validated body in the services' names."""
        data, fields = self.validated_data, {}
        renames = {
            "title": "title",
            "type": "ticket_type",
            "description": "description",
            "status": "workflow",
            "assignee_id": "assignee",
            "repository_id": "repository",
            "labels": "labels",
            "parent_slug": "parent",
        }
        for name, target in renames.items():
            if name in data:
                fields[target] = data[name]
        if "priority" in data:
            fields["priority"] = Priority.from_key(data["priority"])
        return fields


class OrgStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Workflow.values)


@extend_schema(parameters=[ORG_SLUG])
class OrgTicketsView(OrgTicketsMixin, TenantScopedMixin, generics.GenericAPIView):
    queryset = selectors.tickets_for_render(comments=False)
    permission_classes = API_PERMISSIONS
    scope_resource = "tickets"
    permission_resource = "dev_tickets"
    serializer_class = OrgTicketSerializer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # A key answers only on its own organisation's slug; any other looks like a missing organisation.
        if kwargs.get("org_slug") != request.account.slug:
            raise NotFound()

    def get_object(self) -> Ticket:
        ticket = selectors.ticket_by_slug(self.get_queryset(), account=self.request.account, slug=self.kwargs["slug"])
        if ticket is None:
            raise NotFound()
        return ticket

    def ticket_response(self, ticket: Ticket, *, created: bool = False) -> Response:
        """The ticket re-read through the tenant-scoped queryset, as `{"ticket": …}`."""
        fresh = self.get_queryset().get(pk=ticket.pk)
        data = {"ticket": OrgTicketDetailSerializer(fresh).data}
        return self.created_response(data) if created else self.updated_response(data)

    def write_serializer(self, *, partial: bool) -> OrgTicketWriteSerializer:
        serializer = OrgTicketWriteSerializer(
            data=self.payload(), partial=partial, context={"account": self.request.account}
        )
        serializer.is_valid(raise_exception=True)
        return serializer


class TicketListView(OrgTicketsView):
    @extend_schema(
        operation_id="orgtickets_list",
        parameters=[OrgTicketFilterSerializer],
        responses=OrgTicketListEnvelopeSerializer,
    )
    def get(self, request, *args, **kwargs):
        filters = OrgTicketFilterSerializer(data=request.query_params, context={"account": request.account})
        filters.is_valid(raise_exception=True)
        params = filters.validated_data
        paginator = self.paginator
        limit, offset = paginator.limit_offset(request)
        account = request.account
        if any(params.get(name) for name in ("repository_id", "status", "type", "assignee_id", "labels")):
            queryset = selectors.tickets_filter(
                self.get_queryset(),
                repository_id=params.get("repository_id"),
                workflow=params.get("status"),
                type_key=params.get("type"),
                assignee_id=params.get("assignee_id"),
                labels=params.get("labels"),
            )
            total = paging.list_total(queryset, exact=True)  # the document's exact total
            window = paging.offset_window(queryset, offset=offset, limit=limit, total=total)
            page = [] if window is None else rows.rows_of(window)
            total = total.value
        else:
            # The account's counter, then the page by the list's index: no queryset to build.
            total = rows.account_total(account_id=account.pk)
            page = rows.account_page(account_id=account.pk, offset=offset, limit=limit, total=total)
        tickets = [ticket_document(row, account.ticket_prefix) for row in page]
        return paginator.envelope(self, tickets, total=total, limit=limit, offset=offset)

    @extend_schema(
        operation_id="orgtickets_create", request=OrgTicketWriteSerializer, responses={201: OrgTicketEnvelopeSerializer}
    )
    def post(self, request, *args, **kwargs):
        serializer = self.write_serializer(partial=False)
        with fields_named(FIELD_NAMES):
            ticket = services.ticket_create(
                account=request.account, user=request.user, fields=serializer.service_fields()
            )
        return self.ticket_response(ticket, created=True)


class TicketBoardView(OrgTicketsView):
    pagination_class = None

    @extend_schema(
        operation_id="orgtickets_board", parameters=[OrgBoardFilterSerializer], responses=OrgBoardEnvelopeSerializer
    )
    def get(self, request, *args, **kwargs):
        filters = OrgBoardFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        params = filters.validated_data
        # Larger limits are capped, as the list caps `limit` at 100.
        limit = min(params.get("limit_per_column", selectors.BOARD_CARDS_DEFAULT), selectors.BOARD_CARDS_MAX)
        offset = params.get("offset", 0)
        columns = selectors.board_columns(
            account=request.account,
            repository_id=params.get("repository_id"),
            workflow=params.get("status"),
            limit=limit,
            offset=offset,
        )
        body = [
            {
                "status": column["status"],
                "tickets": [board_card(ticket) for ticket in column["tickets"]],
                "total": column["total"],
                "next": self.next_cards_url(column, params, limit=limit, offset=offset),
            }
            for column in columns
        ]
        return Response({"board": {"columns": body}})

    def next_cards_url(self, column: dict, params: dict, *, limit: int, offset: int) -> str | None:
        if offset + limit >= column["total"]:
            return None
        query = {"status": column["status"], "limit_per_column": limit, "offset": offset + limit}
        if params.get("repository_id") is not None:
            query["repository_id"] = params["repository_id"]
        return self.request.build_absolute_uri(f"{self.request.path}?{urlencode(query)}")


@extend_schema(parameters=[TICKET_SLUG])
class TicketDetailView(OrgTicketsView):
    pagination_class = None

    @extend_schema(operation_id="orgtickets_retrieve", responses=OrgTicketEnvelopeSerializer)
    def get(self, request, *args, **kwargs):
        # One prepared read of the row with its lookups and labels (backlogs.tickets.rows).
        account = request.account
        number = selectors.slug_number(account=account, slug=kwargs["slug"])
        row = None if number is None else rows.row_by_number(account_id=account.pk, number=number)
        if row is None:
            raise NotFound()
        document = ticket_document(row, account.ticket_prefix)
        return Response(
            {"ticket": extended(document, OrgTicketDetailSerializer.extended_shape, row.id, account=account)}
        )

    @extend_schema(
        operation_id="orgtickets_update", request=OrgTicketWriteSerializer, responses=OrgTicketEnvelopeSerializer
    )
    def put(self, request, *args, **kwargs):
        ticket = self.get_object()
        serializer = self.write_serializer(partial=True)
        with fields_named(FIELD_NAMES):
            ticket = services.ticket_update(ticket=ticket, user=request.user, fields=serializer.service_fields())
        return self.ticket_response(ticket)

    @extend_schema(operation_id="orgtickets_delete", responses=OrgMessageSerializer)
    def delete(self, request, *args, **kwargs):
        services.ticket_delete(ticket=self.get_object(), user=request.user)
        return Response({"message": "Ticket deleted"})


@extend_schema(parameters=[TICKET_SLUG])
class TicketStatusView(OrgTicketsView):
    pagination_class = None

    @extend_schema(operation_id="orgtickets_status", request=OrgStatusSerializer, responses=OrgMessageSerializer)
    def patch(self, request, *args, **kwargs):
        ticket = self.get_object()
        serializer = OrgStatusSerializer(data=self.payload())
        serializer.is_valid(raise_exception=True)
        with fields_named(FIELD_NAMES):
            services.ticket_status_set(ticket=ticket, user=request.user, workflow=serializer.validated_data["status"])
        return Response({"message": "Status updated"})
