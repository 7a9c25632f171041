from django.contrib import admin

from backlogs.models import Backlog


@admin.register(Backlog)
class BacklogAdmin(admin.ModelAdmin):
    list_display = ["name", "account", "company", "velocity", "rate", "archived", "updated_at"]
    list_filter = ["archived", "account"]
    search_fields = ["name", "account__name", "company__name"]
    list_select_related = ["account", "company"]
    raw_id_fields = ["author", "last_modified_user"]
