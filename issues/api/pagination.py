"""The dialect's Laravel paginator, with the page number bounded: an absurd `?page=` (beyond what a
database OFFSET can hold) would otherwise reach SQL and answer 500. The bound belongs in
`backlog_site.api.dialects.issuetracker.LaravelPagination`; until then the Issue Tracker views use this."""

from backlog_site.api.dialects.issuetracker import LaravelPagination

MAX_PAGE = 10**6


class BoundedLaravelPagination(LaravelPagination):
    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        try:
            self.page = min(max(int(request.query_params.get("page", 1)), 1), MAX_PAGE)
        except (TypeError, ValueError):
            self.page = 1
        self.total = queryset.count()
        start = (self.page - 1) * self.per_page
        rows = list(queryset[start : start + self.per_page])
        self.count_on_page = len(rows)
        return rows
