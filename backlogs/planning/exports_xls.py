"""A backlog (or snapshot) as a workbook: the whole backlog laid out theme by theme with totals,
then a flat story list with an auto-filter. Built from the same tree the JSON read returns."""

import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .points import ScoredStory, backlog_points, days_and_cost, total_points

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
WRAP = Alignment(wrap_text=True, vertical="top")


def _story_row(theme: dict, story: dict, use_50_90: bool, velocity, rate) -> list:
    points = total_points([ScoredStory(story)])
    days, cost = days_and_cost(points, velocity, rate)
    scores = [story.get("score_50"), story.get("score_90")] if use_50_90 else [story.get("score")]
    return [
        f"{theme['code']}{story['unique_id']}",
        _text(story["as_a"]),
        _text(story["i_want_to"]),
        _text(story["so_i_can"]),
        _text(story["comments"]),
        _text("\n".join(c["criterion"] for c in story.get("acceptance_criteria", []))),
        *[float(s) if s is not None else None for s in scores],
        points,
        days,
        cost,
    ]


def _text(value):
    """Control characters are not allowed in a worksheet cell."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _header(use_50_90: bool) -> list:
    scores = ["Score 50%", "Score 90%"] if use_50_90 else ["Score"]
    return ["ID", "As a", "I want to", "So I can", "Comments", "Acceptance criteria", *scores, "Points", "Days", "Cost"]


def _style_header(sheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = BOLD
        cell.fill = HEADER_FILL


def backlog_workbook(tree: dict) -> bytes:
    use_50_90, velocity, rate = bool(tree.get("use_50_90")), tree.get("velocity"), tree.get("rate")
    header = _header(use_50_90)
    book = Workbook()
    layout = book.active
    layout.title = "Backlog"
    layout.append([_text(tree["name"])])
    layout["A1"].font = Font(bold=True, size=14)
    layout.append(["Velocity", float(velocity) if velocity is not None else None, "Rate", rate])
    theme_stories = []
    for theme in tree["themes"]:
        layout.append([])
        layout.append([_text(f"{theme['code']} — {theme['name']}")])
        layout.cell(row=layout.max_row, column=1).font = BOLD
        layout.append(header)
        _style_header(layout, layout.max_row)
        for story in theme["stories"]:
            layout.append(_story_row(theme, story, use_50_90, velocity, rate))
        scored = [ScoredStory(s) for s in theme["stories"]]
        theme_stories.append(scored)
        points = total_points(scored)
        layout.append(["Theme total", *[None] * (len(header) - 4), points, *days_and_cost(points, velocity, rate)])
        layout.cell(row=layout.max_row, column=1).font = BOLD
    points = backlog_points(theme_stories)
    layout.append([])
    layout.append(["Backlog total", *[None] * (len(header) - 4), points, *days_and_cost(points, velocity, rate)])
    layout.cell(row=layout.max_row, column=1).font = BOLD
    _column_widths(layout, len(header))

    stories = book.create_sheet("Stories")
    stories.append(["Theme", *header])
    _style_header(stories, 1)
    for theme in tree["themes"]:
        for story in theme["stories"]:
            stories.append([_text(theme["name"]), *_story_row(theme, story, use_50_90, velocity, rate)])
    stories.auto_filter.ref = f"A1:{get_column_letter(len(header) + 1)}{max(stories.max_row, 1)}"
    stories.freeze_panes = "A2"
    _column_widths(stories, len(header) + 1)

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _column_widths(sheet, columns: int) -> None:
    for index in range(1, columns + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 28 if 2 <= index <= 6 else 12
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and len(cell.value) > 28:
                cell.alignment = WRAP
