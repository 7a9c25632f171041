"""Staff manage the service desk's lookups, settings and saved searches here, and can read tickets."""

from django import forms
from django.contrib import admin

from backlog_site.admin_filters import TenantRelatedFilter, account_filter
from backlog_site.admin_records import SystemRecordAdmin

from .models import (
    CustomFieldCategory,
    ExtendedStatus,
    HelpdeskCategory,
    HelpdeskPriority,
    HelpdeskSettings,
    SavedSearch,
    TaskType,
    Team,
    Ticket,
    TicketComment,
    TicketEvent,
    TicketTask,
    TicketType,
    TimeEntry,
)
from .services.html import sanitise_html
from .services.searches import saved_search_validate


class SavedSearchForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["account", "name", "owner_class", "query", "owner"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            search = SavedSearch(owner_class=cleaned.get("owner_class"), query=cleaned.get("query"))
            saved_search_validate(search=search)
        return cleaned


class LookupAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "account", "updated_at"]
    list_filter = [account_filter()]
    search_fields = ["name", "account__name"]
    list_select_related = ["account"]


@admin.register(TicketType)
class TicketTypeAdmin(LookupAdmin):
    list_display = ["name", "shortcut", "position", "account", "updated_at"]


@admin.register(HelpdeskPriority)
class HelpdeskPriorityAdmin(LookupAdmin):
    list_display = ["name", "level", "color", "account", "updated_at"]


@admin.register(HelpdeskCategory)
class HelpdeskCategoryAdmin(LookupAdmin):
    list_display = ["name", "color", "icon", "position", "account"]
    filter_horizontal = ["teams"]


@admin.register(ExtendedStatus)
class ExtendedStatusAdmin(LookupAdmin):
    pass


@admin.register(Team)
class TeamAdmin(LookupAdmin):
    pass


@admin.register(TaskType)
class TaskTypeAdmin(LookupAdmin):
    pass


@admin.register(CustomFieldCategory)
class CustomFieldCategoryAdmin(admin.ModelAdmin):
    list_display = ["custom_field", "category"]
    list_filter = [account_filter("category__account")]
    search_fields = ["custom_field__name", "category__name"]
    list_select_related = ["custom_field", "category"]


@admin.register(HelpdeskSettings)
class HelpdeskSettingsAdmin(admin.ModelAdmin):
    list_display = ["account", "default_priority", "default_team"]
    search_fields = ["account__name"]
    list_select_related = ["account", "default_priority", "default_team"]


class TicketCommentInline(admin.TabularInline):
    model = TicketComment
    extra = 0
    fields = ["body", "is_public", "from_agent", "source", "created_by", "created_at"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["created_by"]


class TicketTaskInline(admin.TabularInline):
    model = TicketTask
    extra = 0
    fields = ["title", "type", "team", "agent", "due_at", "closed_at"]
    raw_id_fields = ["agent"]


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ["friendly_id", "title", "status", "priority", "type", "agent", "requester", "account", "updated_at"]
    list_filter = [
        account_filter(),
        "status",
        ("priority", TenantRelatedFilter),
        ("type", TenantRelatedFilter),
        ("category", TenantRelatedFilter),
        ("team", TenantRelatedFilter),
    ]
    search_fields = ["title", "friendly_id", "requester__user__username", "agent__user__username"]
    list_select_related = ["account", "priority", "type", "agent__user", "requester__user"]
    raw_id_fields = ["agent", "requester", "created_by"]
    readonly_fields = ["friendly_id", "lock_version", "created_at", "updated_at"]
    filter_horizontal = ["tags"]
    inlines = [TicketCommentInline, TicketTaskInline]

    def has_add_permission(self, request):
        return False  # tickets are numbered by the service, which the API and imports use

    def save_model(self, request, obj, form, change):
        # Staff edits reach the same pages as API writes: they are cleaned the same way.
        obj.description = sanitise_html(obj.description)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for comment in formset.save(commit=False):
            if isinstance(comment, TicketComment):
                comment.body = sanitise_html(comment.body)
            comment.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()


@admin.register(TicketComment)
class TicketCommentAdmin(admin.ModelAdmin):
    list_display = ["id", "ticket", "is_public", "from_agent", "source", "created_by", "created_at"]
    list_filter = [account_filter("ticket__account"), "is_public", "from_agent", "source"]
    search_fields = ["body", "ticket__title"]
    list_select_related = ["ticket", "created_by__user"]
    raw_id_fields = ["ticket", "created_by"]

    def save_model(self, request, obj, form, change):
        obj.body = sanitise_html(obj.body)
        super().save_model(request, obj, form, change)


@admin.register(TicketTask)
class TicketTaskAdmin(admin.ModelAdmin):
    list_display = ["title", "ticket", "type", "team", "agent", "due_at", "closed_at"]
    list_filter = [account_filter("ticket__account"), ("type", TenantRelatedFilter), ("team", TenantRelatedFilter)]
    search_fields = ["title", "note", "ticket__title"]
    list_select_related = ["ticket", "type", "team", "agent__user"]
    raw_id_fields = ["ticket", "agent", "created_by"]


@admin.register(TimeEntry)
class TimeEntryAdmin(admin.ModelAdmin):
    list_display = ["ticket", "agent", "date", "duration", "billable", "task"]
    list_filter = [account_filter("ticket__account"), "billable", "date"]
    search_fields = ["ticket__title", "agent__user__username", "note"]
    list_select_related = ["ticket", "agent__user", "task"]
    raw_id_fields = ["ticket", "agent", "task"]


@admin.register(TicketEvent)
class TicketEventAdmin(SystemRecordAdmin):
    list_display = ["id", "kind", "ticket", "actor", "account", "created_at"]
    list_filter = [account_filter(), "kind"]
    search_fields = ["ticket__title"]
    list_select_related = ["ticket", "actor__user", "account"]
    readonly_fields = ["account", "ticket", "kind", "actor", "changes", "created_at"]


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "owner_class", "owner", "account", "updated_at"]
    list_filter = [account_filter(), "owner_class"]
    search_fields = ["name", "account__name"]
    list_select_related = ["account", "owner__user"]
    raw_id_fields = ["owner"]
    form = SavedSearchForm
