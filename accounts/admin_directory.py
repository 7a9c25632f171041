"""Admin of BOSSDesk's directory lookups (groups, job roles, locations, tags, custom fields, profiles)."""

from django.contrib import admin

from backlog_site.admin_filters import TenantRelatedFilter, account_filter, titled

from .directory import CustomField, CustomFieldOption, Group, JobRole, Location, MemberProfile, Tag


class AccountLookupAdmin(admin.ModelAdmin):
    list_display = ["name", "account", "updated_at"]
    list_filter = [account_filter()]
    search_fields = ["name", "account__name"]
    list_select_related = ["account"]


@admin.register(Group)
class GroupAdmin(AccountLookupAdmin):
    pass


@admin.register(JobRole)
class JobRoleAdmin(AccountLookupAdmin):
    pass


@admin.register(Location)
class LocationAdmin(AccountLookupAdmin):
    list_display = ["name", "parent", "account", "updated_at"]
    list_select_related = ["account", "parent"]


@admin.register(Tag)
class TagAdmin(AccountLookupAdmin):
    list_display = ["name", "owner_class", "account", "updated_at"]
    list_filter = [account_filter(), "owner_class"]


class CustomFieldOptionInline(admin.TabularInline):
    model = CustomFieldOption
    extra = 1
    fields = ["name", "parent", "position"]


@admin.register(CustomField)
class CustomFieldAdmin(AccountLookupAdmin):
    list_display = ["name", "owner_class", "type_id", "required", "position", "account"]
    list_filter = [
        account_filter(),
        "owner_class",
        titled("type_id", "field type", admin.ChoicesFieldListFilter),
        "required",
    ]
    inlines = [CustomFieldOptionInline]


@admin.register(MemberProfile)
class MemberProfileAdmin(admin.ModelAdmin):
    list_display = ["membership", "designation", "group", "location", "phone", "time_zone"]
    list_filter = [
        account_filter("membership__account"),
        ("group", TenantRelatedFilter),
        ("location", TenantRelatedFilter),
    ]
    search_fields = ["membership__user__username", "membership__user__email", "designation", "phone"]
    list_select_related = ["membership__user", "membership__account", "group", "location"]
    raw_id_fields = ["membership"]
    filter_horizontal = ["roles", "tags"]
