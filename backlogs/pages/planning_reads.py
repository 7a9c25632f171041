"""Reads the planning pages share: a live backlog of the account with its whole tree (the same
tree, built by the same function, that the API's `include_associated_data` read and its XLS/PDF
exports use), a backlog's snapshots, and the points of every backlog of a list."""

from django.db.models import F
from django.shortcuts import get_object_or_404

from backlogs.api.easybacklog_serializers import backlog_tree, story_data
from backlogs.models import Backlog, Story
from backlogs.planning import selectors

from .estimates import tree_backlog_points


def live_backlogs(account):
    # company: the list groups backlogs by company; account: currency of the cost estimates.
    return Backlog.objects.live().filter(account=account).select_related("company", "account")


def backlog_with_tree(*, account, pk) -> tuple[Backlog, dict]:
    """A live backlog of the account (another account's backlog, or a snapshot, is a 404) and its
    tree with themes, stories, criteria and sprints: six queries whatever their number."""
    backlog = get_object_or_404(selectors.backlog_with_children(live_backlogs(account)), pk=pk)
    return backlog, backlog_tree(backlog, with_sprints=True)


def snapshot_with_tree(*, account, backlog_pk, pk) -> tuple[Backlog, dict]:
    """A snapshot of a live backlog of the account, with its frozen themes, stories and criteria."""
    snapshots = (
        Backlog.objects.snapshots()
        .filter(account=account, snapshot_master_id=backlog_pk, snapshot_master__snapshot_master__isnull=True)
        .select_related("account", "snapshot_master", "snapshot_for_sprint")  # the page names what it froze
    )
    snapshot = get_object_or_404(selectors.backlog_with_children(snapshots), pk=pk)
    return snapshot, backlog_tree(snapshot, with_sprints=False)


def snapshots_of(backlog: Backlog) -> list[Backlog]:
    # snapshot_for_sprint: a sprint's snapshot is named after its iteration.
    return list(backlog.snapshots.select_related("snapshot_for_sprint").order_by("-created_at", "-id"))


def backlog_points(*, backlogs: list[Backlog]) -> dict[int, float]:
    """Total points of each of these backlogs (the sum of its theme totals), added up as their page
    and their XLS export add them (one query)."""
    use_50_90 = {backlog.pk: backlog.use_50_90 for backlog in backlogs}
    by_backlog: dict[int, dict[int, list]] = {}
    for story in Story.objects.filter(theme__backlog__in=list(use_50_90)).annotate(backlog_pk=F("theme__backlog_id")):
        themes = by_backlog.setdefault(story.backlog_pk, {})
        themes.setdefault(story.theme_id, []).append(story_data(story, use_50_90=use_50_90[story.backlog_pk]))
    return {pk: tree_backlog_points(list(themes.values())) for pk, themes in by_backlog.items()}
