"""Links in the admin: their own list, and read-only inlines on the change page of each end's model.

The inlines are added to the domain apps' registered admins from here (this app loads after them),
so none of those apps imports this one. Links are made through the services (the APIs), which check
the account and announce the change; the admin shows them, and staff may remove one (announced too)."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from backlog_site.admin_filters import account_filter

from .ends import FAMILIES
from .models import Link, end_column
from .services import links_deleted_announce


class ReadOnlyLinks:
    """An inline or list that shows links and changes nothing."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Link)
class LinkAdmin(ReadOnlyLinks, admin.ModelAdmin):
    list_display = ["id", "source_type", "kind", "target_type", "account", "created_by", "created_at"]
    list_filter = [account_filter(), "kind", "source_type", "target_type"]
    list_select_related = ["account", "created_by__user"]

    def has_delete_permission(self, request, obj=None):
        # Staff may remove links, and so delete an end that has some (the admin asks this of each
        # object a delete takes); each removal is announced as the services announce it.
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    def delete_model(self, request, obj):
        links_deleted_announce([obj])
        obj.delete()

    def delete_queryset(self, request, queryset):
        links_deleted_announce(list(queryset))
        queryset.delete()


class LinkFormSet(BaseInlineFormSet):
    @classmethod
    def get_default_prefix(cls):
        # Named after the end's column (`source_dev_ticket-TOTAL_FORMS`): the links' hidden relations ("+")
        # would otherwise give both inlines of a page the same empty prefix.
        return cls.fk.name


def _inline(end_type: str, side: str) -> type[admin.TabularInline]:
    other = "target" if side == "source" else "source"
    reads = "links from it" if side == "source" else "links to it"
    return type(
        f"{end_type.title().replace('_', '')}{side.title()}LinkInline",
        (ReadOnlyLinks, admin.TabularInline),
        {
            "model": Link,
            "formset": LinkFormSet,
            "fk_name": end_column(side, end_type),
            "fields": ["kind", f"{other}_type", *(end_column(other, t) for t in FAMILIES), "created_at"],
            "readonly_fields": ["kind", f"{other}_type", *(end_column(other, t) for t in FAMILIES), "created_at"],
            "extra": 0,
            "verbose_name_plural": f"{FAMILIES[end_type].model._meta.verbose_name} {reads}",
        },
    )


for _end_type, _family in FAMILIES.items():
    _model_admin = admin.site._registry.get(_family.model)
    if _model_admin is not None:
        _model_admin.inlines = [*_model_admin.inlines, _inline(_end_type, "source"), _inline(_end_type, "target")]
