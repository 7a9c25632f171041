"""What other apps add to an agent's ticket page (the links app: the ticket's links, a form to add one
and the Escalate button). They register from their AppConfig.ready(), so helpdesk imports none of
them, as with backlogs/tickets/hooks.py. A panel is a template, included in the page's side column,
and a function giving its context for the page's ticket in a fixed number of queries; `forms` holds
the form a panel's own view shows again with its errors."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[..., dict]  # context(request=…, ticket=…, membership=…, forms=…) -> dict


_panels: list[Panel] = []


def panel_add(*, template: str, context: Callable[..., dict]) -> None:
    if all(panel.template != template for panel in _panels):
        _panels.append(Panel(template, context))


def panels_for(*, request, ticket, membership, forms: dict) -> list[dict]:
    """Each panel as the page includes it: its template, and its context under `panel`."""
    return [
        {
            "template": panel.template,
            "panel": panel.context(request=request, ticket=ticket, membership=membership, forms=forms),
        }
        for panel in _panels
    ]
