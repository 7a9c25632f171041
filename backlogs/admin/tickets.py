"""Admin of dev tickets: tickets with their comments, ticket types and statuses, repositories, labels
and the event history (read-only)."""

from django.contrib import admin

from backlog_site.admin_filters import TenantRelatedFilter, account_filter, titled
from backlog_site.admin_records import SystemRecordAdmin
from backlogs.models import Label, Repository, Ticket, TicketComment, TicketEvent, TicketStatus, TicketType
from backlogs.tickets import services


class TicketStatusInline(admin.TabularInline):
    model = TicketStatus
    fields = ["name", "workflow", "position"]
    extra = 0


@admin.register(TicketType)
class TicketTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "number", "key", "account"]
    list_filter = [account_filter()]
    search_fields = ["name", "key", "account__name"]
    list_select_related = ["account"]
    inlines = [TicketStatusInline]

    def save_formset(self, request, form, formset, change):
        # Statuses belong to the type's account.
        for status in formset.save(commit=False):
            status.account_id = form.instance.account_id
            status.save()
        for status in formset.deleted_objects:
            status.delete()


@admin.register(TicketStatus)
class TicketStatusAdmin(admin.ModelAdmin):
    list_display = ["name", "ticket_type", "workflow", "position", "account"]
    list_filter = [account_filter(), "workflow", ("ticket_type", TenantRelatedFilter)]
    search_fields = ["name", "ticket_type__name", "account__name"]
    list_select_related = ["ticket_type", "account"]


@admin.register(Repository)
class RepositoryAdmin(admin.ModelAdmin):
    list_display = ["name", "account", "url", "created_at"]
    list_filter = [account_filter()]
    search_fields = ["name", "url", "account__name"]
    list_select_related = ["account"]


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ["name", "account"]
    list_filter = [account_filter()]
    search_fields = ["name", "account__name"]
    list_select_related = ["account"]


class TicketCommentInline(admin.StackedInline):
    model = TicketComment
    fields = ["author", "body"]
    raw_id_fields = ["author"]
    extra = 0


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ["slug", "title", "ticket_type", "status", "priority", "assignee", "repository", "account"]
    list_filter = [
        account_filter(),
        titled("status__workflow", "workflow stage", admin.ChoicesFieldListFilter),
        "priority",
        ("ticket_type", TenantRelatedFilter),
        ("repository", TenantRelatedFilter),
    ]
    search_fields = ["title", "description", "account__name", "account__ticket_prefix"]
    list_select_related = ["account", "ticket_type", "status", "assignee", "repository"]
    raw_id_fields = ["assignee", "reporter", "parent", "backlog", "repository"]
    filter_horizontal = ["labels"]
    readonly_fields = ["number", "created_at", "updated_at"]
    inlines = [TicketCommentInline]

    def has_add_permission(self, request):
        # Tickets get their number from the account's sequence: create them through the APIs or seed_demo.
        return False

    def save_model(self, request, obj, form, change):
        before = services.ticket_state(Ticket.objects.select_related("ticket_type", "status").get(pk=obj.pk))
        super().save_model(request, obj, form, change)
        request._ticket_state_before = before

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Labels are saved with the related objects: record the change once everything is written.
        services.ticket_change_record(ticket=form.instance, user=request.user, before=request._ticket_state_before)

    def delete_model(self, request, obj):
        services.ticket_delete(ticket=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for ticket in queryset:
            services.ticket_delete(ticket=ticket, user=request.user)


@admin.register(TicketEvent)
class TicketEventAdmin(SystemRecordAdmin):
    list_display = ["kind", "ticket_number", "ticket", "actor", "account", "created_at"]
    list_filter = [account_filter(), "kind"]
    search_fields = ["ticket__title", "account__name"]
    list_select_related = ["ticket", "actor", "account"]
    readonly_fields = ["account", "ticket", "ticket_number", "kind", "actor", "changes", "created_at"]
