"""easyBacklog's account level: accounts, companies and locales (seed 002)."""

from django.shortcuts import get_object_or_404
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts import services
from accounts.models import Account, Company, Locale, ScoringRule
from backlog_site.api.dialects.easybacklog import EasyBacklogMixin
from backlog_site.api.permissions import API_PERMISSIONS
from backlog_site.api.tenancy import TenantScopedMixin


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


class AccountViewSet(EasyBacklogMixin, TenantScopedMixin, viewsets.GenericViewSet):
    """A key belongs to one account: the list holds that account, any other id is not found."""

    scope_resource = "accounts"
    queryset = Account.objects.all()
    tenant_lookup = "pk"  # the account itself
    serializer_class = AccountSerializer
    permission_classes = API_PERMISSIONS
    permission_resource = "account"
    xml_root = "account"

    def list(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_queryset(), many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    def update(self, request, *args, **kwargs):
        account = self.get_object()
        serializer = self.get_serializer(account, data=self.payload(), partial=True)
        serializer.is_valid(raise_exception=True)
        services.account_update(account=account, fields=serializer.validated_data)
        return self.updated_response(None)


class CompanyViewSet(EasyBacklogMixin, TenantScopedMixin, viewsets.GenericViewSet):
    scope_resource = "accounts"
    queryset = Company.objects.all()
    serializer_class = CompanySerializer
    permission_classes = API_PERMISSIONS
    permission_resource = "companies"
    xml_root = "company"
    xml_root_plural = "companies"

    def parent_account(self) -> Account:
        """The account named in the URL, which must be the key's own."""
        if str(self.kwargs["account_id"]) != str(self.request.account.pk):
            raise NotFound()
        return self.request.account

    def get_queryset(self):
        return super().get_queryset().filter(account=self.parent_account())

    def list(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_queryset(), many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=self.payload())
        serializer.is_valid(raise_exception=True)
        company = services.company_save(
            company=Company(account=self.parent_account()), fields=serializer.validated_data
        )
        return self.created_response(self.get_serializer(company).data)

    def update(self, request, *args, **kwargs):
        company = self.get_object()
        serializer = self.get_serializer(company, data=self.payload(), partial=True)
        serializer.is_valid(raise_exception=True)
        services.company_save(company=company, fields=serializer.validated_data)
        return self.updated_response(None)

    def destroy(self, request, *args, **kwargs):
        self.get_object().delete()
        return self.deleted_response()


class LocaleViewSet(EasyBacklogMixin, viewsets.ReadOnlyModelViewSet):
    """Global reference data: any valid key may read it."""

    scope_resource = "accounts"
    queryset = Locale.objects.all()
    serializer_class = LocaleSerializer
    permission_classes = API_PERMISSIONS
    xml_root = "locale"

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
