"""Each dialect's declared shapes, exercised through small views over the Company table."""

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import generics, serializers, views
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate

from accounts.models import Company
from backlog_site.api.dialects.bossdesk import BossDeskMixin
from backlog_site.api.dialects.easybacklog import EasyBacklogMixin
from backlog_site.api.dialects.issuetracker import IssueTrackerMixin
from backlog_site.api.dialects.orgtickets import OrgTicketsMixin
from backlog_site.api.dialects.publicbacklog import PublicBacklogMixin
from backlog_site.api.errors import ApplicationError
from backlog_site.api.tenancy import TenantScopedMixin

pytestmark = pytest.mark.django_db
factory = APIRequestFactory()


class CompanyNames(serializers.ModelSerializer):
    class Meta:
        model = Company
        fields = ["id", "name"]


def list_view(mixin):
    class View(mixin, TenantScopedMixin, generics.ListAPIView):
        queryset = Company.objects.all()
        serializer_class = CompanyNames

    return View.as_view()


def failing_view(mixin, exc, envelope=None):
    class View(mixin, views.APIView):
        def post(self, request):
            self.envelope = envelope
            self.payload()
            raise exc

    return View.as_view()


def call(view, tenant, method="get", path="/x", data=None, **extra):
    request = getattr(factory, method)(path, data=data, format="json", **extra)
    force_authenticate(request, user=tenant.user)
    request.account = tenant.account
    return view(request)


def make_companies(account, n):
    Company.objects.bulk_create(Company(account=account, name=f"Company {i:02d}") for i in range(n))


def test_bossdesk_pages_with_headers_and_caps_per_page(tenant, other_tenant):
    make_companies(tenant.account, 40)
    make_companies(other_tenant.account, 5)
    view = list_view(BossDeskMixin)
    first = call(view, tenant)
    assert len(first.data) == 15 and first["X-Total-Count"] == "40"
    assert 'rel="next"' in first["Link"] and 'rel="prev"' not in first["Link"]
    capped = call(view, tenant, path="/x?per_page=500&page=2")
    assert len(capped.data) == 10 and 'rel="prev"' in capped["Link"]
    assert call(view, tenant, path="/x?page=99").data == []
    assert len(call(view, tenant, path="/x?per_page=0").data) == 1
    assert len(call(view, tenant, path="/x?per_page=abc").data) == 15


def test_laravel_paginator_object(tenant):
    make_companies(tenant.account, 17)
    response = call(list_view(IssueTrackerMixin), tenant, path="/api/companies?page=2")
    body = response.data
    assert body["current_page"] == 2 and body["per_page"] == 15 and body["total"] == 17 and body["last_page"] == 2
    assert (body["from"], body["to"]) == (16, 17) and len(body["data"]) == 2
    assert body["next_page_url"] is None
    assert body["prev_page_url"] == "http://testserver/api/companies?page=1"
    assert body["path"] == "http://testserver/api/companies"
    assert body["first_page_url"].endswith("page=1")


def test_org_tickets_limit_offset_envelope(tenant):
    make_companies(tenant.account, 30)
    body = call(list_view(OrgTicketsMixin), tenant, path="/x?limit=500&offset=25").data
    assert (body["total"], body["limit"], body["offset"]) == (30, 100, 25)
    assert len(body["tickets"]) == 5
    assert call(list_view(OrgTicketsMixin), tenant, path="/x?limit=-3&offset=x").data["limit"] == 1


VALIDATION = DjangoValidationError({"title": ["can't be blank"]})


@pytest.mark.parametrize(
    "mixin,status,body",
    [
        (
            EasyBacklogMixin,
            422,
            {"status": "error", "message": "Title can't be blank", "errors": ["Title can't be blank"]},
        ),
        (BossDeskMixin, 422, {"errors": {"title": ["can't be blank"]}}),
        # Laravel words a fragment as a sentence about its field.
        (
            IssueTrackerMixin,
            422,
            {"message": "The title can't be blank.", "errors": {"title": ["The title can't be blank."]}},
        ),
        (
            PublicBacklogMixin,
            400,
            {"statusCode": 400, "message": "Validation failed", "errors": {"title": ["can't be blank"]}},
        ),
        (
            OrgTicketsMixin,
            422,
            {
                "error": {
                    "code": "validation_error",
                    "message": "can't be blank",
                    "fields": {"title": ["can't be blank"]},
                }
            },
        ),
    ],
)
def test_validation_error_shapes(tenant, mixin, status, body):
    response = call(failing_view(mixin, VALIDATION), tenant, "post", data={})
    assert response.status_code == status
    assert response.data == body


@pytest.mark.parametrize(
    "mixin", [EasyBacklogMixin, BossDeskMixin, IssueTrackerMixin, PublicBacklogMixin, OrgTicketsMixin]
)
def test_domain_errors_keep_their_status(tenant, mixin):
    conflict = ApplicationError("changed by someone else", status_code=409)
    response = call(failing_view(mixin, conflict), tenant, "post", data={})
    assert response.status_code == 409


def test_bossdesk_envelope_is_required(tenant):
    view = failing_view(BossDeskMixin, ApplicationError("unreachable"), envelope="ticket")
    response = call(view, tenant, "post", data={"subject": "no wrapper"})
    assert response.status_code == 422
    assert response.data == {"errors": {"ticket": ["is missing or not an object"]}}


def test_non_object_bodies_are_refused(tenant):
    response = call(failing_view(BossDeskMixin, ApplicationError("unreachable")), tenant, "post", data=[1, 2])
    assert response.status_code == 400
    assert "errors" in response.data


def test_unexpected_exceptions_are_not_swallowed(tenant):
    class Boom(EasyBacklogMixin, views.APIView):
        def get(self, request):
            raise RuntimeError("a bug")

    with pytest.raises(RuntimeError):
        call(Boom.as_view(), tenant)


def test_easybacklog_renders_rails_values(tenant):
    from decimal import Decimal

    class Values(EasyBacklogMixin, views.APIView):
        xml_root = "thing"

        def get(self, request):
            return Response({"velocity": Decimal("3.50"), "rate": Decimal("800"), "when": tenant.created_at})

    response = call(Values.as_view(), tenant)
    response.render()
    assert b'"velocity":"3.5"' in response.content and b'"rate":"800.0"' in response.content
    assert tenant.created_at.strftime("%Y-%m-%dT%H:%M:%SZ").encode() in response.content


def test_out_of_range_numbers_are_bad_input_not_server_errors(tenant):
    make_companies(tenant.account, 3)
    assert call(list_view(BossDeskMixin), tenant, path=f"/x?page={2**70}").data == []
    assert call(list_view(IssueTrackerMixin), tenant, path=f"/x?page={2**70}").data["data"] == []
    assert call(list_view(OrgTicketsMixin), tenant, path=f"/x?offset={2**70}").data["tickets"] == []


def test_database_range_errors_answer_400(tenant):
    from django.db import DataError

    response = call(failing_view(BossDeskMixin, DataError("integer out of range")), tenant, "post", data={})
    assert response.status_code == 422
    assert response.data == {"errors": {"base": ["A value is out of range"]}}


def test_too_large_bodies_answer_413(client, tenant, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(f"/api/accounts/{tenant.account_id}/companies", {"name": "x" * 5000}, format="json")
    assert response.status_code == 413
    assert response.json()["status"] == "error"
