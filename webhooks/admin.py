from django.contrib import admin, messages

from backlog_site.admin_filters import account_filter, titled
from backlog_site.admin_records import SystemRecordAdmin
from backlog_site.api.errors import ApplicationError

from .models import Delivery, DeliveryAttempt, Event, Webhook
from .services import delivery_redeliver


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["url", "user", "account", "is_active", "disabled_at", "created_at"]
    list_filter = [account_filter(), titled("is_active", "active", admin.BooleanFieldListFilter)]
    search_fields = ["url", "description", "user__username", "user__email"]
    list_select_related = ["user", "account"]
    raw_id_fields = ["user"]
    # The secret is shown once, through the API; the admin never displays it.
    exclude = ["secret", "previous_secret"]
    readonly_fields = ["previous_secret_expires_at", "disabled_at", "disabled_reason", "disabled_notified_at"]


@admin.register(Event)
class EventAdmin(SystemRecordAdmin):
    list_display = ["message_id", "event_type", "account", "created_at"]
    list_filter = [account_filter(), "event_type"]
    search_fields = ["message_id", "event_type"]
    list_select_related = ["account"]
    readonly_fields = ["message_id", "created_at"]


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = ["number", "outcome", "response_status", "duration_ms", "error", "response_body", "manual", "attempted_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(SystemRecordAdmin):
    list_display = ["event", "webhook", "status", "attempts", "next_attempt_at", "delivered_at", "created_at"]
    list_filter = [
        account_filter("webhook__account"),
        "status",
        titled("event__event_type", "event type", admin.AllValuesFieldListFilter),
    ]
    search_fields = ["event__message_id", "webhook__url"]
    list_select_related = ["event", "webhook"]
    raw_id_fields = ["event", "webhook"]
    readonly_fields = ["attempts", "last_attempt_at", "lease_until", "delivered_at"]
    inlines = [DeliveryAttemptInline]
    actions = ["redeliver"]

    @admin.action(description="Redeliver the selected deliveries now")
    def redeliver(self, request, queryset):
        done = 0
        for delivery in queryset:
            try:
                delivery_redeliver(delivery=delivery)
                done += 1
            except ApplicationError as refused:
                self.message_user(request, f"{delivery}: {refused.message}", messages.WARNING)
        self.message_user(request, f"{done} deliveries queued again.", messages.SUCCESS)


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(SystemRecordAdmin):
    list_display = ["delivery", "number", "outcome", "response_status", "duration_ms", "manual", "attempted_at"]
    list_filter = [
        account_filter("delivery__webhook__account"),
        "outcome",
        titled("manual", "redelivered by hand", admin.BooleanFieldListFilter),
    ]
    search_fields = ["delivery__event__message_id", "delivery__webhook__url", "error"]
    list_select_related = ["delivery__event"]
    raw_id_fields = ["delivery"]
