"""Sidebar filters for an admin that serves many tenants.

Every tenant owns lookups with the same names ("Hardware", "High", "Bug"), so a plain related filter
lists "Hardware" once per tenant with nothing to tell them apart, and two `…__name` filters are both
titled "By name". Changelists therefore put `account_filter()` first; related filters use
`TenantRelatedFilter`, whose choices follow the chosen account and otherwise carry their account's name;
`titled()` gives a field filter a human title where the field's name is not one.
"""

from collections import Counter

from django.contrib import admin

from accounts.models import Account

ACCOUNT_PARAMETER = "account"


def chosen_account_id(request) -> str | None:
    """The account picked in the sidebar, if any (a malformed value is ignored, not a 500)."""
    value = request.GET.get(ACCOUNT_PARAMETER, "")
    return value if value.isdigit() else None


def account_label_map(accounts) -> dict[int, str]:
    """Account names, with the slug added where two accounts share a name."""
    accounts = list({a.pk: a for a in accounts}.values())
    repeated = Counter(a.name for a in accounts)
    return {a.pk: a.name if repeated[a.name] == 1 else f"{a.name} ({a.slug})" for a in accounts}


def account_filter(path: str = "account"):
    """A filter by tenant; `path` leads from the listed model to its account (`company__account`)."""

    class AccountFilter(admin.SimpleListFilter):
        title = "account"
        parameter_name = ACCOUNT_PARAMETER

        def lookups(self, request, model_admin):
            labels = account_label_map(Account.objects.order_by("name", "pk"))
            return list(labels.items())

        def queryset(self, request, queryset):
            account_id = chosen_account_id(request)
            return queryset.filter(**{f"{path}_id": account_id}) if account_id else queryset

    return AccountFilter


def account_field_of(model) -> str | None:
    """The name of the model's direct foreign key to Account, or None for global reference data."""
    for field in model._meta.get_fields():
        if getattr(field, "many_to_one", False) and field.related_model is Account:
            return field.name
    return None


class TenantRelatedFilter(admin.RelatedFieldListFilter):
    """Choices of a tenant's lookup (priority, type, team…): only the chosen account's; with no account
    chosen, every account's, each labelled "Hardware · Acme"."""

    def field_choices(self, field, request, model_admin):
        related = field.related_model
        account_field = account_field_of(related)
        if account_field is None:
            return super().field_choices(field, request, model_admin)
        choices = related._default_manager.select_related(account_field)
        account_id = chosen_account_id(request)
        if account_id:
            return [(obj.pk, str(obj)) for obj in choices.filter(**{f"{account_field}_id": account_id})]
        rows = list(choices)
        names = account_label_map(getattr(obj, account_field) for obj in rows)
        return [(obj.pk, f"{obj} · {names[getattr(obj, f'{account_field}_id')]}") for obj in rows]


def titled(field_path: str, title: str, base=admin.FieldListFilter):
    """`(field_path, filter class)` for `list_filter`, shown under `title` instead of the field's name.
    `base` is the filter class Django would pick for the field (BooleanFieldListFilter, …)."""
    if base is admin.FieldListFilter:
        raise TypeError("titled() needs the concrete filter class, e.g. admin.BooleanFieldListFilter")

    class Titled(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    Titled.__name__ = f"{base.__name__}Titled"
    return (field_path, Titled)
