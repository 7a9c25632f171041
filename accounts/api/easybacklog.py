"""easyBacklog's account level: accounts, companies and locales (seed 002)."""

from django.shortcuts import get_object_or_404
from rest_framework import serializers, viewsets

from accounts import services
from accounts.models import Account, Company, Locale, ScoringRule
from backlog_site.api.dialects.easybacklog import EasyBacklogMixin
from backlog_site.api.viewsets import DialectViewSet, Services


def decimal_field(**kwargs):
    return serializers.DecimalField(
        max_digits=10, decimal_places=2, coerce_to_string=False, allow_null=True, required=False, min_value=0, **kwargs
    )


class BacklogDefaultsSerializer(serializers.ModelSerializer):
    default_velocity = decimal_field()
    default_rate = serializers.IntegerField(allow_null=True, required=False, min_value=0)
    default_use_50_90 = serializers.BooleanField(allow_null=True, required=False, default=None)
    created_at = serializers.DateTimeField(format=None, read_only=True)
    updated_at = serializers.DateTimeField(format=None, read_only=True)


class AccountSerializer(BacklogDefaultsSerializer):
    name = serializers.CharField(max_length=255, required=False)
    locale_id = serializers.PrimaryKeyRelatedField(source="locale", queryset=Locale.objects.all(), required=False)
    scoring_rule_id = serializers.PrimaryKeyRelatedField(
        source="scoring_rule", queryset=ScoringRule.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Account
        fields = [
            "created_at",
            "default_rate",
            "default_use_50_90",
            "default_velocity",
            "id",
            "locale_id",
            "name",
            "scoring_rule_id",
            "updated_at",
        ]


class CompanySerializer(BacklogDefaultsSerializer):
    name = serializers.CharField(max_length=255)
    account_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Company
        fields = [
            "account_id",
            "created_at",
            "default_rate",
            "default_use_50_90",
            "default_velocity",
            "id",
            "name",
            "updated_at",
        ]


class LocaleSerializer(serializers.ModelSerializer):
    created_at = serializers.DateTimeField(format=None, read_only=True)
    updated_at = serializers.DateTimeField(format=None, read_only=True)

    class Meta:
        model = Locale
        fields = ["code", "created_at", "id", "name", "position", "updated_at"]


class AccountViewSet(EasyBacklogMixin, DialectViewSet):
    """The key's account: the list holds that account, any other id is not found."""

    scope_resource = "accounts"
    queryset = Account.objects.all()
    tenant_lookup = "pk"  # the account itself
    input_serializer_class = output_serializer_class = AccountSerializer
    services = Services(update=services.account_update, target="account")
    update_partial = True
    permission_resource = "account"
    xml_root = "account"


class CompanyViewSet(EasyBacklogMixin, DialectViewSet):
    """The account's companies (a company groups backlogs and gives them defaults)."""

    scope_resource = "accounts"
    queryset = Company.objects.all()
    # `/api/accounts/{account_id}/companies`: TenantScopedMixin.initial() refuses another account's id.
    input_serializer_class = output_serializer_class = CompanySerializer
    services = Services(update=services.company_save, target="company")
    update_partial = True
    permission_resource = "companies"
    xml_root = "company"
    xml_root_plural = "companies"

    def perform_create(self, fields):
        return services.company_save(company=Company(account=self.request.account), fields=fields)


class LocaleViewSet(EasyBacklogMixin, viewsets.ReadOnlyModelViewSet):
    # Global reference data: any valid key may read it.
    scope_resource = "accounts"
    queryset = Locale.objects.all()
    serializer_class = LocaleSerializer
    xml_root = "locale"

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
