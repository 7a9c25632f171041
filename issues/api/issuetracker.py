"""ConnectNow Issue Tracker: /api/companies, /api/categories, /api/issues (seed 003).

Declared on `DialectViewSet`: the dialect parses, a service writes, the row is re-read through the
visible queryset and rendered (updates answer the object).
"""

from functools import partial

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import counters
from backlog_site.api.dialects.issuetracker import IssueTrackerMixin
from backlog_site.api.extensions import shape_fields
from backlog_site.api.paging import ListCounter
from backlog_site.api.row_pages import RowList
from backlog_site.api.viewsets import DialectViewSet, Services
from issues import rows, services
from issues.models import Issue, IssueEvent

from . import params
from .access import IssueTrackerScopedMixin, request_account, visible_categories, visible_companies, visible_issues
from .filters import CategoryFilterSet, IssueFilterSet
from .serializers import (
    CategoryCreateInput,
    CategorySerializer,
    CategoryUpdateInput,
    CompanyInput,
    CompanySerializer,
    IssueCloseInput,
    IssueInput,
    IssueSerializer,
    IssueUpdateInput,
    SubscribeInput,
    SubscriptionSerializer,
    issue_row,
)

WITH = OpenApiParameter("with[]", OpenApiTypes.STR, many=True, description="Related objects to append")

PUBLIC_COUNT_BOUND = 1_000  # anonymous lists: `total` and `last_page` are floors beyond this


class IssueTrackerViewSet(IssueTrackerMixin, IssueTrackerScopedMixin, DialectViewSet):
    # Laravel's services take the validated fields as keyword arguments.
    services = Services(spread=True)
    with_allowed: tuple[str, ...] = ()

    def with_set(self) -> set[str]:
        if not hasattr(self, "_with"):
            allowed = self.with_allowed
            if self.action == "retrieve":
                allowed = (*allowed, *self.extensions_allowed())
            self._with = params.with_param(self.request, allowed) if self.action in ("list", "retrieve") else set()
        return self._with

    def extensions_allowed(self) -> tuple[str, ...]:
        """Fields other apps add to one row's read (`links`), asked for with `with[]` like a relation."""
        serializer = self.output_serializer_class
        return shape_fields(serializer.extended_shape) if hasattr(serializer, "extended_shape") else ()

    def extension_fields(self):
        return self.with_set() & set(self.extensions_allowed()) if self.action == "retrieve" else set()

    def extension_reader(self) -> dict:
        account = request_account(self.request)
        return {"account": account, "public": account is None}  # without a key: only links to public issues

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "with": self.with_set()}

    def subscribe(self, **target):
        data = self.validated(SubscribeInput)
        subscription, created = services.subscription_create(
            account=self.request.account, email=data["email"], **target
        )
        body = SubscriptionSerializer(subscription).data
        return self.created_response(body) if created else Response(body)


@extend_schema_view(list=extend_schema(parameters=[WITH]), retrieve=extend_schema(parameters=[WITH]))
class CompanyViewSet(IssueTrackerViewSet):
    input_serializer_class = CompanyInput
    output_serializer_class = CompanySerializer
    services = Services(update=services.company_update, delete=services.company_delete, target="company")
    permission_resource = "companies"
    scope_resource = "companies"
    with_allowed = ("categories", "issues")

    def visible(self, request):
        queryset = visible_companies(request)
        wanted = self.with_set()
        if "issues" in wanted:
            # CompanySerializer's `issues` (and `categories`) read issue_categories and their issues.
            queryset = queryset.prefetch_related("issue_categories__issues")
        elif "categories" in wanted:
            # CompanySerializer's `categories`.
            queryset = queryset.prefetch_related("issue_categories")
        return queryset

    def perform_create(self, fields):
        return services.company_create(account=self.request.account, **fields)


@extend_schema_view(list=extend_schema(parameters=[WITH]), retrieve=extend_schema(parameters=[WITH]))
class CategoryViewSet(IssueTrackerViewSet):
    input_serializer_class = CategoryCreateInput
    update_serializer_class = CategoryUpdateInput
    output_serializer_class = CategorySerializer
    filterset_class = CategoryFilterSet
    services = Services(
        create=services.category_create,
        update=services.category_update,
        delete=services.category_delete,
        target="category",
        spread=True,
    )
    permission_resource = "issues"
    scope_resource = "issues"
    with_allowed = ("company", "issues")

    def visible(self, request):
        queryset = visible_categories(request)
        wanted = self.with_set()
        if "company" in wanted:
            queryset = queryset.select_related("company")
        if "issues" in wanted:
            # CategorySerializer's `issues`.
            queryset = queryset.prefetch_related("issues")
        return queryset

    @extend_schema(request=SubscribeInput, responses={200: SubscriptionSerializer, 201: SubscriptionSerializer})
    @action(detail=True, methods=["post"])
    def subscriptions(self, request, *args, **kwargs):
        """Subscribe an e-mail address to the category's issues.

        Answers 201 for a new subscription, 200 when the address was already subscribed."""
        return self.subscribe(category=self.get_object())


@extend_schema_view(list=extend_schema(parameters=[WITH]), retrieve=extend_schema(parameters=[WITH]))
class IssueViewSet(IssueTrackerViewSet):
    input_serializer_class = IssueInput
    update_serializer_class = IssueUpdateInput
    output_serializer_class = IssueSerializer
    filterset_class = IssueFilterSet
    services = Services(
        create=services.issue_create,
        update=services.issue_update,
        delete=services.issue_delete,
        target="issue",
        spread=True,
    )
    permission_resource = "issues"
    scope_resource = "issues"
    with_allowed = ("categories", "categories.company", "events")

    def visible(self, request):
        queryset = visible_issues(request)
        wanted = self.with_set()
        if wanted & {"categories", "categories.company"}:
            categories = visible_categories(request)
            if "categories.company" in wanted:
                categories = categories.select_related("company")
            # IssueSerializer's `categories`: only those the reader may see.
            queryset = queryset.prefetch_related(Prefetch("categories", queryset=categories))
        if "events" in wanted:
            # IssueSerializer's `events`.
            queryset = queryset.prefetch_related(
                Prefetch("events", queryset=IssueEvent.objects.order_by("created_at", "id"))
            )
        return queryset

    def filter_queryset(self, queryset):
        narrowed = super().filter_queryset(queryset)
        account = request_account(self.request)
        if account is not None and not IssueFilterSet.applies_to(self.request.query_params):
            self.list_counter = ListCounter(Issue, account.pk)  # no filter: the total is the account's counter
        if account is None:
            # Anonymous: every tenant's public issues, each proved public by a join through its
            # categories to a public company; counting 10,000 of them took 48-80 ms, 1,000 take a tenth.
            self.count_bound = PUBLIC_COUNT_BOUND
        return narrowed

    def row_list(self, queryset):
        # An unfiltered list without `with[]`: its total and page are one statement (issues.rows).
        if self.action != "list" or self.with_set() or IssueFilterSet.applies_to(self.request.query_params):
            return None
        account = request_account(self.request)
        if account is None:
            return RowList(read=partial(rows.public_page, bound=PUBLIC_COUNT_BOUND), render=issue_row)
        if not counters.counted(Issue):
            return None
        return RowList(read=partial(rows.account_page, account_id=account.pk), render=issue_row)

    def retrieve(self, request, *args, **kwargs):
        # Without `with[]` or filters, the issue is one prepared row read (issues.rows), rendered as
        # IssueSerializer renders it; a filter narrows detail reads too, so those keep the queryset.
        if self.with_set() or IssueFilterSet.applies_to(request.query_params):
            return super().retrieve(request, *args, **kwargs)
        account = request_account(request)
        row = rows.issue_of(int(kwargs["pk"]), account_id=None if account is None else account.pk)
        if row is None:
            raise Http404
        return Response(issue_row(row))

    @extend_schema(request=IssueCloseInput, responses=IssueSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        """Close the issue with a closing note."""
        issue = services.issue_close(issue=self.get_object(), **self.validated(IssueCloseInput))
        return Response(self.output(self.reread(issue)))

    @extend_schema(request=SubscribeInput, responses={200: SubscriptionSerializer, 201: SubscriptionSerializer})
    @action(detail=True, methods=["post"])
    def subscriptions(self, request, *args, **kwargs):
        """Subscribe an e-mail address to the issue's updates.

        Answers 201 for a new subscription, 200 when the address was already subscribed."""
        return self.subscribe(issue=self.get_object())
