"""Descriptions arrive as plain text or as HTML rich text: HTML keeps its formatting and loses
everything that could run or load something (scripts, styles, event handlers, javascript: links)."""

import nh3

# ammonia's defaults (formatting, lists, tables, links, images, code) plus the few attributes editors use.
_EXTRA_ATTRIBUTES = {"span": {"class"}, "code": {"class"}, "pre": {"class"}, "td": {"colspan"}, "th": {"colspan"}}
ALLOWED_ATTRIBUTES = {
    tag: set(nh3.ALLOWED_ATTRIBUTES.get(tag, ())) | _EXTRA_ATTRIBUTES.get(tag, set())
    for tag in set(nh3.ALLOWED_ATTRIBUTES) | set(_EXTRA_ATTRIBUTES)
}


def description_clean(value: str) -> str:
    """Sanitised HTML when `value` is HTML; plain text (no tags) is kept exactly as written."""
    if not nh3.is_html(value):
        return value
    return nh3.clean(value, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"})
