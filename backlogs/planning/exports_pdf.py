"""Printable story cards: four cards a page, fronts (ID, the story, score) then backs (acceptance
criteria) laid out so that each back prints behind its front on double-sided paper.

`print_scope=sprint-{id}|theme-{id}` narrows the cards, `page_size=A4|letter` picks the paper and
`fold_side=short|long` says which edge the duplex printer flips on: on the long edge a back page
mirrors the columns, on the short edge it mirrors the rows.
"""

import io
import re
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import Frame, Paragraph
from rest_framework import status

from backlog_site.api.errors import ApplicationError

PAGE_SIZES = {"a4": A4, "letter": letter}
FOLD_SIDES = ("short", "long")
SCOPE = re.compile(r"^(sprint|theme)-([0-9]+)$")
COLUMNS, ROWS, MARGIN = 2, 2, 28
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=16, leading=20)
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=11, leading=14, spaceAfter=6)
SMALL = ParagraphStyle("small", fontName="Helvetica", fontSize=9, leading=11, spaceAfter=4)


@dataclass
class PrintOptions:
    page_size: tuple
    fold_side: str
    scope: tuple[str, int] | None


def _refuse(message: str, field: str):
    raise ApplicationError(message, status_code=status.HTTP_422_UNPROCESSABLE_ENTITY, field=field)


def print_options(params) -> PrintOptions:
    page = str(params.get("page_size") or "A4").lower()
    if page not in PAGE_SIZES:
        _refuse("Page size must be A4 or letter", "page_size")
    fold = str(params.get("fold_side") or "long").lower()
    if fold not in FOLD_SIDES:
        _refuse("Fold side must be short or long", "fold_side")
    scope = None
    if params.get("print_scope"):
        match = SCOPE.match(str(params["print_scope"]))
        if not match:
            _refuse("Print scope must be sprint-{SPRINT_ID} or theme-{THEME_ID}", "print_scope")
        scope = (match.group(1), int(match.group(2)))
    return PrintOptions(PAGE_SIZES[page], fold, scope)


def cards_in_scope(tree: dict, scope: tuple[str, int] | None) -> list[tuple[dict, dict]]:
    """(theme, story) pairs to print; an unknown theme or sprint of this backlog is refused."""
    pairs = [(theme, story) for theme in tree["themes"] for story in theme["stories"]]
    if scope is None:
        return pairs
    kind, pk = scope
    if kind == "theme":
        if not any(theme["id"] == pk for theme in tree["themes"]):
            _refuse("Theme does not exist in this backlog", "print_scope")
        return [(theme, story) for theme, story in pairs if theme["id"] == pk]
    sprint = next((s for s in tree.get("sprints", []) if s["id"] == pk), None)
    if sprint is None:
        _refuse("Sprint does not exist in this backlog", "print_scope")
    order = {ss["story_id"]: ss["position"] for ss in sprint["sprint_stories"]}
    chosen = [(theme, story) for theme, story in pairs if story["id"] in order]
    return sorted(chosen, key=lambda pair: order[pair[1]["id"]])


def _score(story: dict) -> str:
    if "score" in story:
        return "" if story["score"] is None else f"{story['score']:g}"
    low, high = story.get("score_50"), story.get("score_90")
    return "" if low is None and high is None else f"{low or 0:g} / {high or 0:g}"


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _escape(text) -> str:
    return CONTROL.sub("", str(text or "")).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _front(theme: dict, story: dict) -> list:
    parts = [
        Paragraph(f"{theme['code']}{story['unique_id']} &nbsp; <font size=10>{_escape(theme['name'])}</font>", TITLE)
    ]
    for label, key in (("As a", "as_a"), ("I want to", "i_want_to"), ("So I can", "so_i_can")):
        parts.append(Paragraph(f"<b>{label}</b> {_escape(story[key])}", BODY))
    score = _score(story)
    if score:
        parts.append(Paragraph(f"<b>Score</b> {score}", BODY))
    return parts


def _back(theme: dict, story: dict) -> list:
    parts = [Paragraph(f"{theme['code']}{story['unique_id']} acceptance criteria", TITLE)]
    parts += [Paragraph(f"• {_escape(c['criterion'])}", SMALL) for c in story.get("acceptance_criteria", [])]
    if story.get("comments"):
        parts.append(Paragraph(f"<b>Comments</b> {_escape(story['comments'])}", SMALL))
    return parts


def _slot(index: int, back: bool, fold_side: str) -> tuple[int, int]:
    column, row = index % COLUMNS, index // COLUMNS
    if back and fold_side == "long":
        column = COLUMNS - 1 - column
    if back and fold_side == "short":
        row = ROWS - 1 - row
    return column, row


def _page(pdf, cards: list, build, back: bool, options: PrintOptions) -> None:
    width, height = options.page_size
    card_w, card_h = (width - 2 * MARGIN) / COLUMNS, (height - 2 * MARGIN) / ROWS
    for index, (theme, story) in enumerate(cards):
        column, row = _slot(index, back, options.fold_side)
        x, y = MARGIN + column * card_w, height - MARGIN - (row + 1) * card_h
        pdf.setDash(3, 3)
        pdf.rect(x, y, card_w, card_h)
        Frame(x + 6, y + 6, card_w - 12, card_h - 12, showBoundary=0).addFromList(build(theme, story), pdf)
    pdf.showPage()


def story_cards(tree: dict, options: PrintOptions) -> bytes:
    cards = cards_in_scope(tree, options.scope)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=options.page_size)
    pdf.setTitle(f"{tree['name']} story cards")
    per_page = COLUMNS * ROWS
    for start in range(0, len(cards), per_page):
        batch = cards[start : start + per_page]
        _page(pdf, batch, _front, False, options)
        _page(pdf, batch, _back, True, options)
    if not cards:
        pdf.drawString(MARGIN, options.page_size[1] - MARGIN - 12, "There are no stories to print.")
        pdf.showPage()
    pdf.save()
    return out.getvalue()
