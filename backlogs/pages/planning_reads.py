"""Reads the planning pages share: a live backlog of the account with its whole tree (the same
tree, built by the same function, that the API's `include_associated_data` read and its XLS/PDF
exports use), and the points of every backlog of a list."""

from django.db.models import F
from django.shortcuts import get_object_or_404

from backlogs.api.easybacklog_serializers import backlog_tree
from backlogs.models import Backlog, Story
from backlogs.planning import points, selectors


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


def backlog_points(*, account) -> dict[int, float]:
    """Total points of each live backlog of the account, added up as the stats do (one query)."""
    by_backlog: dict[int, list] = {}
    stories = Story.objects.filter(theme__backlog__account=account, theme__backlog__snapshot_master__isnull=True)
    for story in stories.annotate(backlog_pk=F("theme__backlog_id")).only("score_50", "score_90"):
        by_backlog.setdefault(story.backlog_pk, []).append(story)
    return {pk: points.total_points(group) for pk, group in by_backlog.items()}
