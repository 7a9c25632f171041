"""The org-scoped Tickets API (seed 001): `/api/v1/ext/orgs/{org_slug}/tickets…`, `X-API-Key`,
scopes `tickets:read` / `tickets:write`. A key answers only on its own organisation's slug.

Declared on `DialectViewSet`; the list and the detail read rows (`backlogs.tickets.rows`), not model instances.
"""

from functools import partial
from urllib.parse import urlencode

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.models import Membership
from backlog_site.api import paging
from backlog_site.api.dialects.orgtickets import OrgTicketsMixin
from backlog_site.api.extensions import ExtendedShape, extended
from backlog_site.api.row_pages import RowList
from backlog_site.api.viewsets import DialectViewSet
from backlogs.models import Priority, Repository, Ticket, TicketType, Workflow
from backlogs.tickets import rows, selectors, services
from backlogs.tickets.apierrors import BIGINT_MAX, fields_named

from .orgtickets_filters import OrgTicketFilterSet

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


# The envelope is the list's whole answer, not each of its items.
@extend_schema_serializer(many=False)
class OrgTicketListEnvelopeSerializer(serializers.Serializer):
    tickets = OrgTicketSerializer(many=True)
    total = serializers.IntegerField()
    limit = serializers.IntegerField()
    offset = serializers.IntegerField()


class OrgMessageSerializer(serializers.Serializer):
    message = serializers.CharField()


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


def ticket_fields(data: dict) -> dict:
    """A validated ticket body in the services' names."""
    fields = {}
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
@extend_schema_view(
    list=extend_schema(
        operation_id="orgtickets_list",
        responses=OrgTicketListEnvelopeSerializer,
    ),
    create=extend_schema(
        operation_id="orgtickets_create", request=OrgTicketWriteSerializer, responses={201: OrgTicketEnvelopeSerializer}
    ),
    retrieve=extend_schema(
        operation_id="orgtickets_retrieve", parameters=[TICKET_SLUG], responses=OrgTicketEnvelopeSerializer
    ),
    update=extend_schema(
        operation_id="orgtickets_update",
        parameters=[TICKET_SLUG],
        request=OrgTicketWriteSerializer,
        responses=OrgTicketEnvelopeSerializer,
    ),
    destroy=extend_schema(
        operation_id="orgtickets_delete", parameters=[TICKET_SLUG], responses={200: OrgMessageSerializer}
    ),
)
class TicketViewSet(OrgTicketsMixin, DialectViewSet):
    queryset = selectors.tickets_for_render(comments=False)
    scope_resource = "tickets"
    permission_resource = "dev_tickets"
    input_serializer_class = OrgTicketWriteSerializer
    output_serializer_class = OrgTicketSerializer
    # An update names only the fields it changes.
    update_partial = True
    # The detail's read names its row by slug, not `pk`: it has always asked the permission map for `index`.
    permission_verbs = {"retrieve": "index"}
    filterset_class = OrgTicketFilterSet
    # Whether the list's query string filters it (set by filter_queryset): a filtered page is counted.
    filtered = False

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # A key answers only on its own organisation's slug; any other looks like a missing organisation.
        if kwargs.get("org_slug") != request.account.slug:
            raise NotFound()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "account": self.request.account}

    def get_object(self) -> Ticket:
        ticket = selectors.ticket_by_slug(self.get_queryset(), account=self.request.account, slug=self.kwargs["slug"])
        if ticket is None:
            raise NotFound()
        return ticket

    def output(self, instance: Ticket) -> dict:
        # One record is `{"ticket": …}`, with the links (OrgTicketDetailSerializer extends itself).
        return {"ticket": OrgTicketDetailSerializer(instance).data}

    def filter_queryset(self, queryset):
        # The FilterSet (DjangoFilterBackend) validates the list's query string (422) and narrows it.
        queryset = super().filter_queryset(queryset)
        self.filtered = self.action == "list" and OrgTicketFilterSet.applies_to(self.request.query_params)
        return queryset

    def row_list(self, queryset) -> RowList:
        account = self.request.account
        render = partial(ticket_document, prefix=account.ticket_prefix)
        if self.filtered:
            return RowList(read=partial(filtered_page, queryset), render=render)
        return RowList(read=partial(account_page, account_id=account.pk), render=render)

    def retrieve(self, request, *args, **kwargs):
        # The document's read is one prepared statement of the row (backlogs.tickets.rows), not the queryset's.
        account = request.account
        number = selectors.slug_number(account=account, slug=kwargs["slug"])
        row = None if number is None else rows.row_by_number(account_id=account.pk, number=number)
        if row is None:
            raise NotFound()
        document = ticket_document(row, account.ticket_prefix)
        return Response(
            {"ticket": extended(document, OrgTicketDetailSerializer.extended_shape, row.id, account=account)}
        )

    # The ticket services also take who acts, and the document's field names word their refusals.
    def perform_create(self, fields: dict) -> Ticket:
        with fields_named(FIELD_NAMES):
            return services.ticket_create(
                account=self.request.account, user=self.request.user, fields=ticket_fields(fields)
            )

    def perform_update(self, instance: Ticket, fields: dict) -> Ticket:
        with fields_named(FIELD_NAMES):
            return services.ticket_update(ticket=instance, user=self.request.user, fields=ticket_fields(fields))

    def perform_destroy(self, instance: Ticket) -> None:
        services.ticket_delete(ticket=instance, user=self.request.user)

    def deleted_response(self, data=None) -> Response:
        return Response({"message": "Ticket deleted"})  # the document answers a delete with a message

    # An action of its own: the board reads columns of cards, not rows of the list.
    @extend_schema(
        operation_id="orgtickets_board", parameters=[OrgBoardFilterSerializer], responses=OrgBoardEnvelopeSerializer
    )
    @action(detail=False, methods=["get"])
    def board(self, request, *args, **kwargs):
        """Read the board: a column of cards per status."""
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

    # An action of its own: the status is set by its own service and answered with a message.
    @extend_schema(
        operation_id="orgtickets_status",
        parameters=[TICKET_SLUG],
        request=OrgStatusSerializer,
        responses=OrgMessageSerializer,
    )
    @action(detail=True, methods=["patch"])
    def status_set(self, request, *args, **kwargs):
        """Set a ticket's status."""
        ticket = self.get_object()
        workflow = self.validated(OrgStatusSerializer)["status"]
        with fields_named(FIELD_NAMES):
            services.ticket_status_set(ticket=ticket, user=request.user, workflow=workflow)
        return Response({"message": "Status updated"})


def account_page(*, account_id: int, offset: int, limit: int) -> tuple[paging.Total, list[rows.TicketRow]]:
    """An unfiltered page: the account's counter, then the page by the list's index (no queryset to build)."""
    total = rows.account_total(account_id=account_id)
    return paging.Total(total, True), rows.account_page(account_id=account_id, offset=offset, limit=limit, total=total)


def filtered_page(queryset, *, offset: int, limit: int) -> tuple[paging.Total, list[rows.TicketRow]]:
    """A filtered page: the document's exact total, then the page's rows by the ids of its window."""
    total = paging.list_total(queryset, exact=True)
    window = paging.offset_window(queryset, offset=offset, limit=limit, total=total)
    return total, [] if window is None else rows.rows_of(window)
