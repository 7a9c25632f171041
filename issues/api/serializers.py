"""Issue Tracker representations (Laravel's: microsecond UTC timestamps) and input validation.

Related objects asked for with `with[]` are read from prefetched relations; the views own the
prefetches, so a list costs the same number of queries whatever its length.
"""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from accounts.models import Company
from backlog_site.api.dialects.issuetracker import LARAVEL_TIME, laravel_time
from backlog_site.api.extensions import ExtendedShape
from issues.models import Category, Issue, IssueEvent, Severity, Subscription
from issues.rows import IssueRow


class WithMixin:
    """Adds the relations named in the context's `with` set (e.g. {"categories", "categories.company"})."""

    def nested_with(self, prefix: str) -> set[str]:
        wanted = self.context.get("with", set())
        return {w[len(prefix) + 1 :] for w in wanted if w.startswith(prefix + ".")}

    def wants(self, name: str) -> bool:
        """`with[]=categories.company` implies `categories`, as in Laravel's eager loading."""
        return any(w == name or w.startswith(name + ".") for w in self.context.get("with", set()))


@extend_schema_serializer(component_name="IssueTrackerCompany")
class CompanySerializer(WithMixin, serializers.ModelSerializer):
    created_at = laravel_time()
    updated_at = laravel_time()

    class Meta:
        model = Company
        fields = ["id", "name", "is_public", "created_at", "updated_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if self.wants("categories"):
            data["categories"] = CategorySerializer(instance.issue_categories.all(), many=True).data
        if self.wants("issues"):
            issues = {i.pk: i for c in instance.issue_categories.all() for i in c.issues.all()}
            data["issues"] = IssueSerializer([issues[k] for k in sorted(issues)], many=True).data
        return data


@extend_schema_serializer(component_name="IssueTrackerCategory")
class CategorySerializer(WithMixin, serializers.ModelSerializer):
    company_id = serializers.IntegerField(read_only=True)
    created_at = laravel_time()
    updated_at = laravel_time()

    class Meta:
        model = Category
        fields = ["id", "name", "company_id", "created_at", "updated_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if self.wants("company"):
            data["company"] = CompanySerializer(instance.company).data
        if self.wants("issues"):
            data["issues"] = IssueSerializer(instance.issues.all(), many=True).data
        return data


@extend_schema_serializer(component_name="IssueTrackerIssueEvent")
class IssueEventSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="kind", read_only=True)
    created_at = laravel_time()

    class Meta:
        model = IssueEvent
        fields = ["id", "type", "description", "created_at"]


@extend_schema_serializer(component_name="IssueTrackerIssue")
class IssueSerializer(ExtendedShape, WithMixin, serializers.ModelSerializer):
    extended_shape = "issuetracker.issue"  # `links` with `with[]=links` (the links app), on one issue's read

    closed_at = laravel_time(allow_null=True)
    created_at = laravel_time()
    updated_at = laravel_time()

    class Meta:
        model = Issue
        fields = ["id", "name", "description", "severity", "closed_at", "created_at", "updated_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if self.wants("categories"):
            nested = {"company"} if "company" in self.nested_with("categories") else set()
            data["categories"] = CategorySerializer(instance.categories.all(), many=True, context={"with": nested}).data
        if self.wants("events"):
            data["events"] = IssueEventSerializer(instance.events.all(), many=True).data
        return data


def _laravel(value) -> str | None:
    """As `laravel_time()` writes a datetime: in the current time zone, in Laravel's format."""
    return None if value is None else timezone.localtime(value).strftime(LARAVEL_TIME)


def issue_row(row: IssueRow) -> dict:
    """IssueSerializer's JSON (no `with[]`) of a row of `issues.rows`, without a model instance or a serializer."""
    return {
        "id": row.id,
        "name": row.name,
        "description": row.description,
        "severity": row.severity,
        "closed_at": _laravel(row.closed_at),
        "created_at": _laravel(row.created_at),
        "updated_at": _laravel(row.updated_at),
    }


@extend_schema_serializer(component_name="IssueTrackerSubscription")
class SubscriptionSerializer(serializers.ModelSerializer):
    confirmed_at = laravel_time(allow_null=True)
    created_at = laravel_time()

    class Meta:
        model = Subscription
        fields = ["id", "email", "category_id", "issue_id", "confirmed_at", "created_at"]


# Input.


@extend_schema_serializer(component_name="IssueTrackerCompanyInput")
class CompanyInput(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    is_public = serializers.BooleanField(required=False)


@extend_schema_serializer(component_name="IssueTrackerCategoryCreateInput")
class CategoryCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    company_id = serializers.IntegerField(min_value=1, max_value=2**62)


@extend_schema_serializer(component_name="IssueTrackerCategoryUpdateInput")
class CategoryUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=255)


@extend_schema_serializer(component_name="IssueTrackerIssueInput")
class IssueInput(serializers.Serializer):
    category_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**62), allow_empty=False, max_length=100
    )
    name = serializers.CharField(max_length=255)
    description = serializers.CharField(max_length=65535)
    severity = serializers.ChoiceField(choices=Severity.choices)


@extend_schema_serializer(component_name="IssueTrackerIssueUpdateInput")
class IssueUpdateInput(IssueInput):
    category_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**62), allow_empty=False, max_length=100, required=False
    )


@extend_schema_serializer(component_name="IssueTrackerIssueCloseInput")
class IssueCloseInput(serializers.Serializer):
    description = serializers.CharField(max_length=65535)


@extend_schema_serializer(component_name="IssueTrackerSubscribeInput")
class SubscribeInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
