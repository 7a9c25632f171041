"""The account's backlogs, a backlog's page (themes, stories, totals, sprints, snapshots) and a
snapshot's, with the XLS workbook and the PDF story cards served to signed-in members from the
export functions the API's `.xls`/`.pdf` reads call."""

import datetime
from decimal import Decimal

from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.text import slugify
from django.views.generic import TemplateView, View

from backlog_site.api.dialects.easybacklog_exports import ExcelRenderer, PDFRenderer
from backlog_site.api.errors import ApplicationError
from backlogs.planning import exports_pdf, exports_xls
from backlogs.planning.stats import assumed_completed_on

from .access import PlannerRequiredMixin
from .estimates import backlog_estimate, estimate
from .planning_reads import backlog_points, backlog_with_tree, live_backlogs, snapshot_with_tree, snapshots_of


def score_text(value) -> str:
    return "" if value is None else format(Decimal(value).normalize(), "f")


class BacklogListPage(PlannerRequiredMixin, TemplateView):
    """Live backlogs (never snapshots) grouped by company as easyBacklog's dashboard did; archived
    ones in their own section."""

    template_name = "backlogs/backlog_list.html"

    def get_context_data(self, **kwargs):
        backlogs = list(live_backlogs(self.membership.account))
        totals = backlog_points(backlogs=backlogs)
        active: dict = {}
        archived = []
        for backlog in backlogs:
            backlog.total_points = totals.get(backlog.pk, 0.0)
            if backlog.archived:
                archived.append(backlog)
            else:
                active.setdefault(backlog.company, []).append(backlog)
        groups = sorted(active.items(), key=lambda item: (item[0] is not None, item[0].name if item[0] else ""))
        return {**super().get_context_data(**kwargs), "groups": groups, "archived": archived}


def _story_rows(theme: dict, use_50_90: bool) -> list[dict]:
    rows = []
    for story in theme["stories"]:
        if use_50_90:
            scores = [("50%", score_text(story["score_50"])), ("90%", score_text(story["score_90"]))]
        else:
            scores = [("Score", score_text(story["score"]))]
        rows.append({**story, "ref": f"{theme['code']}{story['unique_id']}", "scores": scores})
    return rows


def _sprint_rows(sprints: list[dict]) -> list[dict]:
    return [
        {**sprint, "completed": sprint["completed_at"] is not None, "ends_on": _ends_on(sprint)} for sprint in sprints
    ]


def _ends_on(sprint: dict) -> datetime.date:
    return assumed_completed_on(sprint["start_on"], sprint["duration_days"])


def tree_context(backlog, tree: dict) -> dict:
    """What a backlog's (or snapshot's) page shows: themes with their stories and totals, the
    backlog's totals, and its sprints."""
    sizing = {"velocity": backlog.velocity, "rate": backlog.rate, "currency": backlog.account.currency}
    use_50_90 = bool(backlog.use_50_90)
    themes = [
        {**theme, "story_rows": _story_rows(theme, use_50_90), "estimate": estimate(theme["stories"], **sizing)}
        for theme in tree["themes"]
    ]
    return {
        "backlog": backlog,
        "use_50_90": use_50_90,
        "themes": themes,
        "total": backlog_estimate(tree["themes"], **sizing),
        "sprints": _sprint_rows(tree.get("sprints", [])),
        "page_sizes": ["A4", "letter"],
        "fold_sides": exports_pdf.FOLD_SIDES,
    }


class BacklogTreeMixin(PlannerRequiredMixin):
    """Loads the backlog of `pk`, or the snapshot `snapshot_pk` of the backlog `backlog_pk`."""

    def load_tree(self) -> tuple:
        account = self.membership.account
        if "snapshot_pk" in self.kwargs:
            return snapshot_with_tree(
                account=account, backlog_pk=self.kwargs["backlog_pk"], pk=self.kwargs["snapshot_pk"]
            )
        return backlog_with_tree(account=account, pk=self.kwargs["pk"])

    def export_urls(self, backlog) -> dict:
        if backlog.is_snapshot:
            args = (backlog.snapshot_master_id, backlog.pk)
            return {
                "xls_url": reverse("backlogs:snapshot-export-xls", args=args),
                "cards_url": reverse("backlogs:snapshot-cards-pdf", args=args),
            }
        return {
            "xls_url": reverse("backlogs:export-xls", args=(backlog.pk,)),
            "cards_url": reverse("backlogs:cards-pdf", args=(backlog.pk,)),
        }


class BacklogPage(BacklogTreeMixin, TemplateView):
    template_name = "backlogs/backlog_detail.html"

    def get_context_data(self, **kwargs):
        backlog, tree = self.load_tree()
        return {
            **super().get_context_data(**kwargs),
            **tree_context(backlog, tree),
            **self.export_urls(backlog),
            "snapshots": snapshots_of(backlog),
        }


class SnapshotPage(BacklogTreeMixin, TemplateView):
    """A snapshot: the backlog's themes and stories frozen when it was taken (read-only)."""

    template_name = "backlogs/backlog_detail.html"

    def get_context_data(self, **kwargs):
        snapshot, tree = self.load_tree()
        return {**super().get_context_data(**kwargs), **tree_context(snapshot, tree), **self.export_urls(snapshot)}


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class BacklogWorkbook(BacklogTreeMixin, View):
    """The workbook the API answers to `GET /api/backlogs/{id}.xls` (or a snapshot's), for a
    signed-in member."""

    def get(self, request, **kwargs):
        backlog, tree = self.load_tree()
        name = slugify(backlog.name) or "backlog"
        return _attachment(exports_xls.backlog_workbook(tree), ExcelRenderer.media_type, f"{name}.xls")


class BacklogCards(BacklogTreeMixin, View):
    """The story cards the API answers to `GET /api/backlogs/{id}.pdf`, with the same options
    (`page_size`, `fold_side`, `print_scope`); a bad option is a 400 saying which."""

    def get(self, request, **kwargs):
        backlog, tree = self.load_tree()
        try:
            options = exports_pdf.print_options(request.GET)
            content = exports_pdf.story_cards(tree, options)
        except ApplicationError as error:
            return HttpResponseBadRequest(error.message, content_type="text/plain; charset=utf-8")
        name = slugify(backlog.name) or "backlog"
        return _attachment(content, PDFRenderer.media_type, f"{name}-cards.pdf")
