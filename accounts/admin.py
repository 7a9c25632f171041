import re

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from backlog_site.admin_filters import account_filter, titled
from backlog_site.admin_records import SystemRecordAdmin

from . import keys
from .models import Account, AccountSequence, ApiKey, Company, Locale, Membership, ScoringRule, User
from .services import api_key_revoke

SCOPE_SHAPE = re.compile(r"[a-z][a-z0-9_.-]*:(read|write)")


def scopes_as_words(scopes) -> str:
    return ", ".join(scopes or [])


class ApiKeyForm(forms.ModelForm):
    """Scopes typed as words (`tickets:read, tickets:write`), stored as the list the key checks."""

    scopes = forms.CharField(
        required=False,
        help_text="Comma-separated, e.g. tickets:read, tickets:write. Empty: everything the membership allows.",
    )

    class Meta:
        model = ApiKey
        fields = ["account", "user", "name", "scopes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["scopes"] = scopes_as_words(self.instance.scopes)

    def clean_scopes(self):
        words = [w.strip() for w in self.cleaned_data["scopes"].replace("\n", ",").split(",")]
        scopes = list(dict.fromkeys(w for w in words if w))
        malformed = [s for s in scopes if not SCOPE_SHAPE.fullmatch(s)]
        if malformed:
            raise forms.ValidationError(f"Scopes look like resource:read or resource:write, not {malformed[0]!r}.")
        return scopes


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "friendly_id", "permissions"]
    readonly_fields = ["friendly_id"]
    raw_id_fields = ["user"]


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "ticket_prefix", "locale", "time_zone", "currency", "created_at"]
    search_fields = ["name", "slug"]
    list_filter = ["locale", "currency"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active", "last_login"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "account", "role", "friendly_id", "created_at"]
    list_filter = [account_filter(), "role"]
    search_fields = ["user__username", "user__email", "account__name"]
    list_select_related = ["user", "account"]
    raw_id_fields = ["user"]
    readonly_fields = ["friendly_id"]

    def save_model(self, request, obj, form, change):
        if not change:
            from .services import sequence_next

            obj.friendly_id = sequence_next(account=obj.account, name="user")
        super().save_model(request, obj, form, change)


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "account", "is_public", "default_velocity", "default_rate", "updated_at"]
    list_filter = [account_filter(), "is_public"]
    search_fields = ["name", "account__name"]
    list_select_related = ["account"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Staff issue keys here: the raw key is shown once, in the confirmation message, and never stored."""

    list_display = ["name", "prefix", "user", "account", "scope_words", "created_at", "last_used_at", "revoked_at"]
    list_filter = [account_filter(), titled("revoked_at", "revoked", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username", "account__name"]
    list_select_related = ["user", "account"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at", "revoked_at"]
    raw_id_fields = ["user"]
    actions = ["revoke"]
    form = ApiKeyForm

    @admin.display(description="scopes")
    def scope_words(self, api_key):
        return scopes_as_words(api_key.scopes) or "everything the membership allows"

    def save_model(self, request, obj, form, change):
        if not change:
            raw = keys.generate_raw_key()
            obj.prefix, obj.key_hash = keys.key_prefix(raw), keys.key_hash(raw)
            messages.warning(request, f"The new API key is {raw} — copy it now, it will not be shown again.")
        super().save_model(request, obj, form, change)

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset):
        for api_key in queryset:
            api_key_revoke(api_key=api_key)


@admin.register(Locale)
class LocaleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position", "updated_at"]
    search_fields = ["name", "code"]


@admin.register(ScoringRule)
class ScoringRuleAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "description", "position"]
    search_fields = ["title", "code"]


@admin.register(AccountSequence)
class AccountSequenceAdmin(SystemRecordAdmin):
    list_display = ["account", "name", "last_value"]
    list_filter = [account_filter(), titled("name", "counter", admin.AllValuesFieldListFilter)]
    search_fields = ["account__name", "name"]
    readonly_fields = ["account", "name", "last_value"]


from . import admin_directory  # noqa: E402,F401
