"""Rows the system writes (outbox events, deliveries and their attempts, audit history, sequences, the
mail log) are evidence: staff may read them in the admin, never add or edit them by hand."""

from django.contrib import admin


class SystemRecordAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SystemRecordInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
