"""BOSSDesk lookups: `/account`, ticket types, priorities, categories, extended statuses, teams, task
types, groups, locations, tags and custom fields. Read-only here; staff manage them in the admin."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from accounts.models import CustomField, CustomFieldOption, Group, Location, Tag
from backlog_site.api.dialects.bossdesk import PagePerPagePagination
from helpdesk.models import (
    ExtendedStatus,
    HelpdeskCategory,
    HelpdeskPriority,
    HelpdeskSettings,
    TaskType,
    Team,
    TicketType,
)
from helpdesk.ransack import query_params, ransack
from helpdesk.search_fields import GROUP_SEARCH_FIELDS

from .bossdesk_common import BossDeskViewSet, named, stamped, ts

CURRENCIES = {
    "USD": {"label": "Dollar ($)", "unit": "$", "icon": "fa fa-usd"},
    "EUR": {"label": "Euro (€)", "unit": "€", "icon": "fa fa-eur"},
    "GBP": {"label": "Pound (£)", "unit": "£", "icon": "fa fa-gbp"},
    "JPY": {"label": "Yen (¥)", "unit": "¥", "icon": "fa fa-jpy"},
}


class LookupSerializer(serializers.Serializer):
    """Schema only: lookups are rendered by their view's `render`."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class LookupViewSet(BossDeskViewSet):
    scope_resource = "helpdesk"
    """A bare array of the account's rows, unpaginated unless the document says otherwise."""

    serializer_class = LookupSerializer
    pagination_class = None
    fields: tuple[str, ...] = ()

    def render(self, obj) -> dict:
        return stamped(obj, *self.fields)

    def list(self, request, *args, **kwargs):
        return Response([self.render(obj) for obj in self.get_queryset()])


class TicketTypeViewSet(LookupViewSet):
    queryset = TicketType.objects.all()
    fields = ("shortcut",)


class PriorityViewSet(LookupViewSet):
    queryset = HelpdeskPriority.objects.all()
    fields = ("color", "level")


class CategoryViewSet(LookupViewSet):
    queryset = HelpdeskCategory.objects.prefetch_related("teams")  # teams: each category lists its teams
    fields = ("color", "icon")

    def render(self, obj):
        return {**stamped(obj, *self.fields), "teams": [named(team) for team in obj.teams.all()]}


class ExtendedStatusViewSet(LookupViewSet):
    queryset = ExtendedStatus.objects.all()


class TeamViewSet(LookupViewSet):
    queryset = Team.objects.all()


class TaskTypeViewSet(LookupViewSet):
    queryset = TaskType.objects.all()


class LocationViewSet(LookupViewSet):
    queryset = Location.objects.all()
    fields = ("parent_id",)


class TagViewSet(LookupViewSet):
    queryset = Tag.objects.all()
    fields = ("owner_class",)


class GroupViewSet(LookupViewSet):
    """Groups are paginated and searchable (`q[name_cont]=bulls`)."""

    queryset = Group.objects.all()
    pagination_class = PagePerPagePagination

    def list(self, request, *args, **kwargs):
        queryset = ransack(self.get_queryset(), query_params(request.query_params), GROUP_SEARCH_FIELDS)
        return self.paginated(queryset, self.render)


class CustomFieldViewSet(LookupViewSet):
    queryset = CustomField.objects.select_related(
        "helpdesk_scope__category", "ci_type_scope__ci_type"
    ).prefetch_related(
        # options: every field lists its options, top level first (cascading dropdowns nest children)
        Prefetch("options", queryset=CustomFieldOption.objects.order_by("parent_id", "position", "id"))
    )

    def render(self, field):
        scope = getattr(field, "helpdesk_scope", None)
        ci_scope = getattr(field, "ci_type_scope", None)  # added by the CMDB
        return {
            "id": field.pk,
            "name": field.name,
            "owner_class": field.owner_class,
            "type_id": field.type_id,
            "required": field.required,
            "position": field.position,
            "ci_type": named(getattr(ci_scope, "ci_type", None)),
            "helpdesk_category": named(scope.category) if scope else None,
            "options": [
                {"id": option.pk, "name": option.name, "parent_id": option.parent_id} for option in field.options.all()
            ],
            "created_at": ts(field.created_at),
            "updated_at": ts(field.updated_at),
        }


class BossDeskAccountSerializer(serializers.Serializer):
    """Schema only (`GET /account`)."""

    name = serializers.CharField()
    full_domain = serializers.CharField()
    time_zone = serializers.CharField()
    default_helpdesk_priority_id = serializers.IntegerField(allow_null=True)
    default_ticket_team_id = serializers.IntegerField(allow_null=True)


class AccountViewSet(BossDeskViewSet):
    scope_resource = "helpdesk"
    serializer_class = BossDeskAccountSerializer
    permission_resource = "account"
    pagination_class = None

    @extend_schema(responses=BossDeskAccountSerializer)
    def retrieve(self, request, *args, **kwargs):
        account = request.account
        settings = HelpdeskSettings.objects.filter(account=account).first()
        currency = CURRENCIES.get(account.currency, {"label": account.currency, "unit": account.currency, "icon": ""})
        return Response(
            {
                "name": account.name,
                "full_domain": f"{account.slug}.{request.get_host().split(':')[0]}",
                "ci_barcode_type": account.ci_barcode_type,
                "ci_barcode_method": account.ci_barcode_method,
                "time_zone": account.time_zone,
                "beginning_of_week": account.beginning_of_week,
                "autoassign_ci_control_numbers": account.autoassign_ci_control_numbers,
                "ticket_comment_is_public_by_default": account.ticket_comment_is_public_by_default,
                "default_helpdesk_priority_id": settings.default_priority_id if settings else None,
                "default_ticket_team_id": settings.default_team_id if settings else None,
                "currency": currency,
            }
        )
