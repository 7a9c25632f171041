"""/api/webhooks (Issue Tracker dialect): a key's user manages their own webhooks, reads the delivery
log and asks for redeliveries."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from backlog_site.api.dialects.issuetracker import IssueTrackerMixin, laravel_time
from backlog_site.api.viewsets import DialectViewSet, Services
from webhooks import services
from webhooks.events import EVENT_TYPES
from webhooks.models import Delivery, DeliveryAttempt, Webhook


@extend_schema_serializer(component_name="IssueTrackerWebhook")
class WebhookSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(read_only=True)
    disabled_at = laravel_time(allow_null=True)
    created_at = laravel_time()
    updated_at = laravel_time()

    class Meta:
        model = Webhook
        fields = [
            "id",
            "user_id",
            "url",
            "description",
            "events",
            "is_active",
            "disabled_at",
            "disabled_reason",
            "created_at",
            "updated_at",
        ]


@extend_schema_serializer(component_name="IssueTrackerWebhookCreated")
class WebhookCreatedSerializer(WebhookSerializer):
    secret = serializers.CharField(read_only=True, help_text="The whsec_ signing secret, shown only now")

    class Meta(WebhookSerializer.Meta):
        fields = WebhookSerializer.Meta.fields + ["secret"]


class WebhookInput(serializers.Serializer):
    url = serializers.URLField(max_length=2000)
    description = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_TYPES), required=False, max_length=len(EVENT_TYPES)
    )


class WebhookUpdateInput(WebhookInput):
    url = serializers.URLField(max_length=2000, required=False)
    is_active = serializers.BooleanField(required=False)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Send at least one of url, description, events, is_active.")
        return attrs


class DeliveryAttemptSerializer(serializers.ModelSerializer):
    attempted_at = laravel_time()

    class Meta:
        model = DeliveryAttempt
        fields = [
            "number",
            "outcome",
            "response_status",
            "response_body",
            "error",
            "duration_ms",
            "manual",
            "attempted_at",
        ]


@extend_schema_serializer(component_name="IssueTrackerWebhookDelivery")
class DeliverySerializer(serializers.ModelSerializer):
    message_id = serializers.CharField(source="event.message_id", read_only=True)
    event_type = serializers.CharField(source="event.event_type", read_only=True)
    next_attempt_at = laravel_time()
    delivered_at = laravel_time(allow_null=True)
    created_at = laravel_time()
    attempt_log = DeliveryAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "message_id",
            "event_type",
            "status",
            "attempts",
            "next_attempt_at",
            "delivered_at",
            "created_at",
            "attempt_log",
        ]


class WebhookViewSet(IssueTrackerMixin, DialectViewSet):
    """The key's user's webhooks: another user's (or another account's) answer 404."""

    queryset = Webhook.objects.all()
    input_serializer_class = WebhookInput
    update_serializer_class = WebhookUpdateInput
    output_serializer_class = WebhookSerializer
    services = Services(update=services.webhook_update, delete=services.webhook_delete, target="webhook")
    permission_resource = "webhooks"
    scope_resource = "webhooks"

    def get_queryset(self):
        return super().get_queryset().filter(user=self.request.user)

    @extend_schema(request=WebhookInput, responses={201: WebhookCreatedSerializer})
    def create(self, request, *args, **kwargs):
        # The answer carries the signing secret, this once (seed 003's webhooks).
        webhook, secret = services.webhook_create(
            account=request.account, user=request.user, **self.validated(WebhookInput)
        )
        return self.created_response({**self.output(self.reread(webhook)), "secret": secret})

    @extend_schema(request=None, responses=inline_serializer("WebhookSecret", {"secret": serializers.CharField()}))
    @action(detail=True, methods=["post"])
    def rotate_secret(self, request, *args, **kwargs):
        """Rotate the signing secret; deliveries carry both signatures for a grace period."""
        return Response({"secret": services.webhook_secret_rotate(webhook=self.get_object())})

    @extend_schema(responses=DeliverySerializer(many=True))
    @action(detail=True, methods=["get"])
    def deliveries(self, request, *args, **kwargs):
        """The webhook's deliveries, newest first, with each one's attempts."""
        webhook = self.get_object()
        queryset = (
            Delivery.objects.filter(webhook=webhook)
            .select_related("event")
            # DeliverySerializer's `attempt_log`.
            .prefetch_related(
                Prefetch("attempt_log", queryset=DeliveryAttempt.objects.order_by("-attempted_at", "-id"))
            )
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)

    @extend_schema(request=None, responses={202: DeliverySerializer})
    @action(detail=True, methods=["post"], url_path=r"deliveries/(?P<delivery_id>[0-9]+)/redeliver")
    def redeliver(self, request, *args, **kwargs):
        """Queue a delivery again (202)."""
        webhook = self.get_object()
        delivery = get_object_or_404(Delivery.objects.filter(webhook=webhook), pk=kwargs["delivery_id"])
        delivery = services.delivery_redeliver(delivery=delivery)
        delivery = Delivery.objects.select_related("event").prefetch_related("attempt_log").get(pk=delivery.pk)
        return Response(DeliverySerializer(delivery).data, status=202)
