from django.contrib import admin

from backlog_site.admin_filters import TenantRelatedFilter, account_filter, titled
from backlog_site.admin_records import SystemRecordAdmin

from .models import Category, Issue, IssueEvent, SentNotification, Subscription


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "company", "created_at", "updated_at"]
    search_fields = ["name", "company__name"]
    list_filter = [account_filter("company__account"), ("company", TenantRelatedFilter)]
    list_select_related = ["company"]
    raw_id_fields = ["company"]


class IssueEventInline(admin.TabularInline):
    model = IssueEvent
    extra = 0
    fields = ["kind", "description", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["name", "account", "severity", "closed_at", "created_at", "updated_at"]
    search_fields = ["name", "description"]
    list_filter = [account_filter(), "severity", titled("closed_at", "closed", admin.EmptyFieldListFilter)]
    list_select_related = ["account"]
    filter_horizontal = ["categories"]
    inlines = [IssueEventInline]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "category", "issue", "confirmed_at", "created_at"]
    search_fields = ["email"]
    list_filter = [account_filter(), titled("confirmed_at", "confirmed", admin.EmptyFieldListFilter)]
    list_select_related = ["category", "issue"]
    raw_id_fields = ["category", "issue"]


@admin.register(SentNotification)
class SentNotificationAdmin(SystemRecordAdmin):
    list_display = ["email", "key", "sent_at", "created_at"]
    search_fields = ["email", "key"]
    list_filter = [account_filter("subscription__account"), titled("sent_at", "sent", admin.EmptyFieldListFilter)]
    raw_id_fields = ["subscription"]
