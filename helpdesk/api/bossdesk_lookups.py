"""BOSSDesk lookups: `/account`, ticket types, priorities, categories, extended statuses, teams, task
types, groups, locations, tags and custom fields. Read-only here; staff manage them in the admin."""

from django.db.models import Prefetch
from rest_framework import serializers

from accounts.models import CustomField, CustomFieldOption, Group, Location, Tag
from backlog_site.api.dialects.bossdesk import PagePerPagePagination
from backlog_site.api.dialects.bossdesk.filters import ransack_filterset
from backlog_site.api.dialects.bossdesk.formats import timestamp as ts
from backlog_site.api.dialects.bossdesk.outputs import BossDeskNamed
from backlog_site.api.dialects.bossdesk.outputs import named as named_schema
from backlog_site.api.dialects.bossdesk.render import named, stamped
from backlog_site.api.dialects.bossdesk.viewsets import BossDeskViewSet, LookupSerializer, LookupViewSet
from helpdesk.models import (
    ExtendedStatus,
    HelpdeskCategory,
    HelpdeskPriority,
    HelpdeskSettings,
    TaskType,
    Team,
    TicketType,
)
from helpdesk.search_fields import GROUP_SEARCH_FIELDS

CURRENCIES = {
    "USD": {"label": "Dollar ($)", "unit": "$", "icon": "fa fa-usd"},
    "EUR": {"label": "Euro (€)", "unit": "€", "icon": "fa fa-eur"},
    "GBP": {"label": "Pound (£)", "unit": "£", "icon": "fa fa-gbp"},
    "JPY": {"label": "Yen (¥)", "unit": "¥", "icon": "fa fa-jpy"},
}


# Schema only: what each lookup's `fields` add to `stamped()`'s id, name and timestamps.
class BossDeskTicketTypeLookup(LookupSerializer):
    shortcut = serializers.CharField()


class BossDeskPriorityLookup(LookupSerializer):
    color = serializers.CharField()
    level = serializers.IntegerField(help_text="higher is more urgent")


class BossDeskCategoryLookup(LookupSerializer):
    color = serializers.CharField()
    icon = serializers.CharField()
    teams = BossDeskNamed(many=True)


class BossDeskLocationLookup(LookupSerializer):
    parent_id = serializers.IntegerField(allow_null=True)


class BossDeskTagLookup(LookupSerializer):
    owner_class = serializers.CharField()


class BossDeskCustomFieldOption(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    parent_id = serializers.IntegerField(allow_null=True)


class BossDeskCustomField(serializers.Serializer):
    """A custom field of tickets, users or configuration items, with its options."""  # CustomFieldViewSet.render_item

    id = serializers.IntegerField()
    name = serializers.CharField()
    owner_class = serializers.CharField()
    type_id = serializers.IntegerField()
    required = serializers.BooleanField()
    position = serializers.IntegerField()
    ci_type = named_schema()
    helpdesk_category = named_schema()
    options = BossDeskCustomFieldOption(many=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ServiceDeskLookupViewSet(LookupViewSet):
    scope_resource = "helpdesk"


class TicketTypeViewSet(ServiceDeskLookupViewSet):
    queryset = TicketType.objects.all()
    serializer_class = BossDeskTicketTypeLookup
    fields = ("shortcut",)


class PriorityViewSet(ServiceDeskLookupViewSet):
    queryset = HelpdeskPriority.objects.all()
    serializer_class = BossDeskPriorityLookup
    fields = ("color", "level")


class CategoryViewSet(ServiceDeskLookupViewSet):
    queryset = HelpdeskCategory.objects.prefetch_related("teams")  # teams: each category lists its teams
    serializer_class = BossDeskCategoryLookup
    fields = ("color", "icon")

    def render_item(self, obj):
        return {**stamped(obj, *self.fields), "teams": [named(team) for team in obj.teams.all()]}


class ExtendedStatusViewSet(ServiceDeskLookupViewSet):
    queryset = ExtendedStatus.objects.all()


class TeamViewSet(ServiceDeskLookupViewSet):
    queryset = Team.objects.all()


class TaskTypeViewSet(ServiceDeskLookupViewSet):
    queryset = TaskType.objects.all()


class LocationViewSet(ServiceDeskLookupViewSet):
    queryset = Location.objects.all()
    serializer_class = BossDeskLocationLookup
    fields = ("parent_id",)


class TagViewSet(ServiceDeskLookupViewSet):
    queryset = Tag.objects.all()
    serializer_class = BossDeskTagLookup
    fields = ("owner_class",)


class GroupViewSet(ServiceDeskLookupViewSet):
    """Groups are paginated and searchable (`q[name_cont]=bulls`)."""

    queryset = Group.objects.all()
    pagination_class = PagePerPagePagination
    filterset_class = ransack_filterset(Group, GROUP_SEARCH_FIELDS)


class CustomFieldViewSet(ServiceDeskLookupViewSet):
    serializer_class = BossDeskCustomField
    queryset = CustomField.objects.select_related(
        "helpdesk_scope__category", "ci_type_scope__ci_type"
    ).prefetch_related(
        # options: every field lists its options, top level first (cascading dropdowns nest children)
        Prefetch("options", queryset=CustomFieldOption.objects.order_by("parent_id", "position", "id"))
    )

    def render_item(self, field):
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


class BossDeskCurrency(serializers.Serializer):
    label = serializers.CharField()
    unit = serializers.CharField()
    icon = serializers.CharField()


class BossDeskAccountSerializer(serializers.Serializer):
    """The key's account and its service desk settings."""

    name = serializers.CharField()
    full_domain = serializers.CharField()
    ci_barcode_type = serializers.CharField()
    ci_barcode_method = serializers.CharField()
    time_zone = serializers.CharField()
    beginning_of_week = serializers.IntegerField()
    autoassign_ci_control_numbers = serializers.BooleanField()
    ticket_comment_is_public_by_default = serializers.BooleanField()
    default_helpdesk_priority_id = serializers.IntegerField(allow_null=True)
    default_ticket_team_id = serializers.IntegerField(allow_null=True)
    currency = BossDeskCurrency()


class AccountViewSet(BossDeskViewSet):
    """The key's account (`GET /account`)."""

    scope_resource = "helpdesk"
    serializer_class = BossDeskAccountSerializer
    permission_resource = "account"
    pagination_class = None
    schema_nouns = ("account", "accounts")

    def get_object(self):
        return self.request.account  # the document's `/account` names no row: it is the key's account

    def render(self, account) -> dict:
        settings = HelpdeskSettings.objects.filter(account=account).first()
        currency = CURRENCIES.get(account.currency, {"label": account.currency, "unit": account.currency, "icon": ""})
        return {
            "name": account.name,
            "full_domain": f"{account.slug}.{self.request.get_host().split(':')[0]}",
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
