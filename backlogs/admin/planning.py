from django.contrib import admin

from backlog_site.admin_filters import account_filter, titled
from backlogs.models import AcceptanceCriterion, Backlog, Sprint, SprintStory, SprintStoryStatus, Story, Theme


@admin.register(Backlog)
class BacklogAdmin(admin.ModelAdmin):
    list_display = ["name", "account", "company", "velocity", "rate", "archived", "snapshot_master", "updated_at"]
    list_filter = [
        account_filter(),
        "archived",
        titled("use_50_90", "50/90 estimates", admin.BooleanFieldListFilter),
        "scoring_rule",
    ]
    search_fields = ["name", "account__name", "company__name"]
    list_select_related = ["account", "company", "snapshot_master"]
    raw_id_fields = ["author", "last_modified_user", "snapshot_master", "snapshot_for_sprint", "company"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "backlog", "position", "updated_at"]
    list_filter = [account_filter("backlog__account")]
    search_fields = ["name", "code", "backlog__name"]
    list_select_related = ["backlog"]
    raw_id_fields = ["backlog"]


class AcceptanceCriterionInline(admin.TabularInline):
    model = AcceptanceCriterion
    extra = 0


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["unique_id", "theme", "as_a", "i_want_to", "score_50", "score_90", "position"]
    list_filter = [account_filter("theme__backlog__account")]
    search_fields = ["as_a", "i_want_to", "so_i_can", "comments", "theme__name", "theme__backlog__name"]
    list_select_related = ["theme"]
    raw_id_fields = ["theme"]
    inlines = [AcceptanceCriterionInline]


@admin.register(AcceptanceCriterion)
class AcceptanceCriterionAdmin(admin.ModelAdmin):
    list_display = ["criterion", "story", "position"]
    list_filter = [account_filter("story__theme__backlog__account")]
    search_fields = ["criterion"]
    list_select_related = ["story"]
    raw_id_fields = ["story"]


class SprintStoryInline(admin.TabularInline):
    model = SprintStory
    extra = 0
    raw_id_fields = ["story"]


@admin.register(Sprint)
class SprintAdmin(admin.ModelAdmin):
    list_display = [
        "iteration",
        "backlog",
        "start_on",
        "duration_days",
        "number_team_members",
        "explicit_velocity",
        "completed_at",
    ]
    list_filter = [account_filter("backlog__account"), titled("completed_at", "completed", admin.EmptyFieldListFilter)]
    search_fields = ["backlog__name"]
    list_select_related = ["backlog"]
    raw_id_fields = ["backlog"]
    date_hierarchy = "start_on"
    inlines = [SprintStoryInline]


@admin.register(SprintStory)
class SprintStoryAdmin(admin.ModelAdmin):
    list_display = ["sprint", "story", "sprint_story_status", "position", "updated_at"]
    list_filter = [account_filter("sprint__backlog__account"), "sprint_story_status"]
    search_fields = ["sprint__backlog__name", "story__i_want_to"]
    list_select_related = ["sprint", "story", "sprint_story_status"]
    raw_id_fields = ["sprint", "story"]


@admin.register(SprintStoryStatus)
class SprintStoryStatusAdmin(admin.ModelAdmin):
    list_display = ["status", "code", "position"]
    search_fields = ["status", "code"]
    list_filter = [titled("code", "status code", admin.AllValuesFieldListFilter)]
