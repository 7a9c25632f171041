"""Points, days and cost as easyBacklog showed them beside each theme and under the backlog.

The numbers come from the XLS export's own formulas (`exports_xls`), applied to the same backlog
tree the API returns, so the page, the spreadsheet and the API never disagree. easyBacklog showed
days with one decimal (`format('%0.1f', days)`) only when the backlog has a velocity, and cost in
the account's currency without decimals only when it also has a rate.
"""

from dataclasses import dataclass

from backlogs.planning.points import ScoredStory, backlog_points, days_and_cost, total_points

CURRENCY_UNITS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


@dataclass(frozen=True)
class Estimate:
    points: float
    days: float | None
    cost: float | None
    currency: str = "USD"

    @property
    def points_display(self) -> str:
        return f"{self.points:.1f}".removesuffix(".0")

    @property
    def days_display(self) -> str | None:
        return None if self.days is None else f"{self.days:0.1f}"

    @property
    def cost_display(self) -> str | None:
        if self.cost is None:
            return None
        unit = CURRENCY_UNITS.get(self.currency)
        return f"{unit}{self.cost:,.0f}" if unit else f"{self.cost:,.0f} {self.currency}"


def tree_points(stories: list[dict]) -> float:
    """Points of story dicts of the backlog tree (`backlog_tree`/`story_data`), as the XLS export adds them."""
    return total_points([ScoredStory(story) for story in stories])


def tree_backlog_points(themes: list[list[dict]]) -> float:
    """Points of a backlog whose themes are lists of story dicts: the sum of the theme totals."""
    return backlog_points([ScoredStory(story) for story in stories] for stories in themes)


def _estimate(points: float, *, velocity, rate, currency: str) -> Estimate:
    days, cost = days_and_cost(points, velocity, rate)
    return Estimate(points=points, days=days, cost=cost, currency=currency)


def estimate(stories: list[dict], *, velocity, rate, currency: str) -> Estimate:
    """A theme's estimate."""
    return _estimate(tree_points(stories), velocity=velocity, rate=rate, currency=currency)


def backlog_estimate(themes: list[dict], *, velocity, rate, currency: str) -> Estimate:
    """A backlog's estimate from its tree's themes (each with its `stories`)."""
    points = tree_backlog_points([theme["stories"] for theme in themes])
    return _estimate(points, velocity=velocity, rate=rate, currency=currency)
