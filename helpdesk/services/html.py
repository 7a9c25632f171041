"""Ticket descriptions and comment bodies are HTML written by people: keep the formatting, drop
scripts, event handlers and javascript: links."""

import nh3


def sanitise_html(html: str | None) -> str:
    return nh3.clean(html or "").strip()
