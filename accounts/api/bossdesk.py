"""BOSSDesk's login: `POST /api/v1/sessions` with Basic `username:password` (seed 004).

It answers the user with a newly issued `api_key` and the membership's `permissions`. A user in
several accounts names one with `?account=SLUG` (BOSSDesk did it by subdomain); without it the
oldest membership is used.
"""

import base64
import binascii

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, views
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from accounts import services, throttling
from accounts.models import Membership
from backlog_site.api.dialects.bossdesk import BossDeskMixin
from backlog_site.api.dialects.bossdesk.formats import timestamp as bossdesk_timestamp


def user_summary(membership: Membership) -> dict:
    user = membership.user
    return {
        "id": user.id,
        "friendly_id": membership.friendly_id,
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_agent": membership.role in ("admin", "agent"),
        "archived_at": None if user.is_active else bossdesk_timestamp(membership.updated_at),
        "created_at": bossdesk_timestamp(membership.created_at),
        "updated_at": bossdesk_timestamp(membership.updated_at),
    }


class SessionView(BossDeskMixin, views.APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [throttling.LoginLockoutThrottle]

    @extend_schema(
        summary="Log in with Basic username:password; answers the user with a new api_key and permissions",
        request=None,
        auth=[{"basicAuth": []}],
        responses={
            200: inline_serializer(
                "BossDeskSession",
                {
                    "id": serializers.IntegerField(),
                    "friendly_id": serializers.IntegerField(),
                    "username": serializers.CharField(),
                    "email": serializers.EmailField(),
                    "first_name": serializers.CharField(),
                    "last_name": serializers.CharField(),
                    "is_agent": serializers.BooleanField(),
                    "api_key": serializers.CharField(),
                    "permissions": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
                },
            ),
            401: OpenApiResponse(description="Wrong username or password"),
            429: OpenApiResponse(description="Too many failed logins for this name or address (see Retry-After)"),
        },
    )
    def post(self, request, *args, **kwargs):
        # The document's login: Basic username:password instead of a key, answering a new key (no row made).
        username, password = self._basic_credentials(request)
        user = authenticate(request._request, username=username, password=password)
        if user is None:
            raise exceptions.AuthenticationFailed("Invalid username or password")
        memberships = Membership.objects.filter(user=user).select_related("account", "user").order_by("created_at")
        if request.query_params.get("account"):
            memberships = memberships.filter(account__slug=request.query_params["account"])
        membership = memberships.first()
        if membership is None:
            raise exceptions.AuthenticationFailed("This user belongs to no such account")
        issued = services.api_key_issue(account=membership.account, user=user, name="BOSSDesk session")
        body = user_summary(membership)
        body["api_key"] = issued.raw_key
        body["permissions"] = membership.permissions
        return Response(body)

    @staticmethod
    def _basic_credentials(request) -> tuple[str, str]:
        scheme, _, encoded = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() != "basic":
            raise exceptions.NotAuthenticated("HTTP Basic authentication with username and password is required")
        try:
            username, sep, password = base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise exceptions.AuthenticationFailed("Invalid basic authentication header")
        if not sep:
            raise exceptions.AuthenticationFailed("Invalid basic authentication header")
        if "\x00" in username or "\x00" in password:
            # No account has such a name, and PostgreSQL refuses NUL in a query (a DataError, not a 401).
            raise exceptions.AuthenticationFailed("Invalid username or password")
        return username, password

    def get_authenticate_header(self, request):
        return 'Basic realm="api"'
