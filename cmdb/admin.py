"""Staff manage the CMDB's lookups and read CIs, notes and attachments here."""

from django.contrib import admin

from backlog_site.admin_filters import TenantRelatedFilter, account_filter, titled

from .models import CI, Attachment, CINote, CIStatus, CIType, CITypeCustomField, Manufacturer


@admin.register(CIType)
class CITypeAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "icon", "position", "account", "updated_at"]
    list_filter = [account_filter()]
    search_fields = ["name"]
    raw_id_fields = ["account", "parent"]


@admin.register(CIStatus)
class CIStatusAdmin(admin.ModelAdmin):
    list_display = ["name", "color", "position", "account", "updated_at"]
    list_filter = [account_filter()]
    search_fields = ["name"]
    raw_id_fields = ["account"]


@admin.register(Manufacturer)
class ManufacturerAdmin(admin.ModelAdmin):
    list_display = ["name", "account", "updated_at"]
    list_filter = [account_filter()]
    search_fields = ["name"]
    raw_id_fields = ["account"]


@admin.register(CITypeCustomField)
class CITypeCustomFieldAdmin(admin.ModelAdmin):
    list_display = ["custom_field", "ci_type"]
    list_filter = [account_filter("ci_type__account"), ("ci_type", TenantRelatedFilter)]
    search_fields = ["custom_field__name", "ci_type__name"]
    raw_id_fields = ["custom_field", "ci_type"]


class CINoteInline(admin.TabularInline):
    model = CINote
    extra = 0
    raw_id_fields = ["created_by"]


@admin.register(CI)
class CIAdmin(admin.ModelAdmin):
    list_display = ["friendly_id", "name", "type", "status", "control_number", "online", "archived_at", "account"]
    list_filter = [
        account_filter(),
        ("type", TenantRelatedFilter),
        ("status", TenantRelatedFilter),
        "online",
        titled("archived_at", "archived", admin.EmptyFieldListFilter),
    ]
    search_fields = ["name", "description", "serial_number", "control_number", "dns_host_name"]
    list_select_related = ["type", "status", "account"]
    raw_id_fields = ["account", "type", "status", "location", "manufacturer", "created_by", "users", "tickets", "tags"]
    readonly_fields = ["friendly_id", "inventory_updated_at", "created_at", "updated_at"]
    inlines = [CINoteInline]


@admin.register(CINote)
class CINoteAdmin(admin.ModelAdmin):
    list_display = ["id", "ci", "created_by", "created_at"]
    list_filter = [account_filter("ci__account")]
    search_fields = ["text", "ci__name"]
    list_select_related = ["ci", "created_by__user"]
    raw_id_fields = ["ci", "created_by"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "size", "ci", "ticket", "comment", "created_by", "created_at", "account"]
    list_filter = [account_filter(), titled("content_type", "file type", admin.AllValuesFieldListFilter)]
    search_fields = ["name", "description", "storage_key"]
    list_select_related = ["ci", "ticket", "account", "created_by__user"]
    raw_id_fields = ["account", "ci", "ticket", "comment", "created_by"]
    readonly_fields = ["tmp_key", "storage_key", "size", "content_type", "created_at", "updated_at"]
