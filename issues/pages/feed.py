"""/status/<slug>/feed/: an Atom feed of the account's public issues (django.contrib.syndication)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks

from issues import selectors
from issues.models import Severity

from .status import account_or_404

SEVERITY_LABELS = dict(Severity.choices)


class IssuesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return account_or_404(slug)

    def title(self, account):
        return f"{account.name} status"

    def subtitle(self, account):
        return f"Issues reported on the public status page of {account.name}."

    # RFC 4287 §4.1.1: a feed without an author on every entry must name one itself; the account
    # publishes its status page, so it is the author.
    def author_name(self, account):
        return account.name

    def link(self, account):
        return reverse("status:account", kwargs={"slug": account.slug})

    def feed_url(self, account):
        return reverse("status:feed", kwargs={"slug": account.slug})

    def items(self, account):
        issues = selectors.feed_issues(account=account)
        for issue in issues:
            issue.account = account  # item_link reads the slug: no query per issue
        return issues

    def item_title(self, issue):
        state = "Closed" if issue.is_closed else SEVERITY_LABELS.get(issue.severity, issue.severity)
        return f"[{state}] {issue.name}"

    def item_description(self, issue):
        # Descriptions are plain text: escaped here, so a feed reader never runs what an issue holds.
        kind = (issue.last_event_kind or "created").capitalize()
        return f"<p><strong>{escape(kind)}</strong></p>" + linebreaks(escape(issue.last_event_description or ""))

    def item_link(self, issue):
        return reverse("status:issue", kwargs={"slug": issue.account.slug, "pk": issue.pk})

    def item_pubdate(self, issue):
        return issue.created_at

    def item_updateddate(self, issue):
        return issue.updated_at

    def item_categories(self, issue):
        return [f"{category.company.name} › {category.name}" for category in issue.categories.all()]
