"""The public status page of an account and an issue's page, each with a subscribe form.

No login: anyone may read what the account shows publicly (its public companies, their categories and
the issues filed in them) and ask for e-mail updates. Subscribing follows the subscriptions API's
rules through the same service: a new subscription is sent one confirmation e-mail (a signed link that
expires), an existing one — confirmed or not — is left alone and nothing is sent.
"""

import zoneinfo

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from issues import selectors, services
from issues.links import MAX_AGE

from .forms import CategorySubscribeForm, SubscribeForm
from .throttle import subscription_allowed

TOO_MANY = "Too many subscription requests from your address. Please try again in an hour."

CONFIRM_DAYS = MAX_AGE["confirm"].days


def account_or_404(slug: str):
    account = selectors.public_account(slug=slug)
    if account is None:
        raise Http404("No public status page here.")
    return account


def time_zone_of(account) -> str:
    try:
        zoneinfo.ZoneInfo(account.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return account.time_zone


def subscribe(request, *, account, email: str, what: str, **target) -> None:
    """Subscribe through the service and say what happened — no more than the API tells: whether a
    confirmation e-mail was sent now, never whether the address already confirmed."""
    _subscription, created = services.subscription_create(account=account, email=email, **target)
    if created:
        messages.success(
            request,
            f"Almost done: we sent a confirmation e-mail to {email}. Open the link in it within "
            f"{CONFIRM_DAYS} days to start receiving updates about {what}.",
        )
    else:
        messages.info(
            request,
            f"{email} has already asked for updates about {what}, so no new e-mail was sent. "
            "If the confirmation e-mail did not arrive, look in the spam folder.",
        )


class StatusPage(View):
    """/status/<slug>/: open issues by severity, recently closed ones, companies and categories."""

    template_name = "status/status.html"

    def get(self, request, slug):
        account = account_or_404(slug)
        overview = selectors.status_overview(account=account)
        initial = {}
        if request.GET.get("category", "").isdigit():
            initial["category"] = int(request.GET["category"])
        form = CategorySubscribeForm(companies=overview["companies"], initial=initial)
        return self.show(request, account, overview, form)

    def post(self, request, slug):
        account = account_or_404(slug)
        overview = selectors.status_overview(account=account)
        form = CategorySubscribeForm(request.POST, companies=overview["companies"])
        if not form.is_valid():
            return self.show(request, account, overview, form)
        if not subscription_allowed(request):
            form.add_error("email", TOO_MANY)
            return self.show(request, account, overview, form, status=429)
        category = form.cleaned_data["category"]
        subscribe(
            request,
            account=account,
            email=form.cleaned_data["email"],
            what=f"new issues in {category.company.name} › {category.name}",
            category=category,
        )
        return redirect(reverse("status:account", kwargs={"slug": account.slug}) + "#subscribe")

    def show(self, request, account, overview, form, status=200):
        context = {**overview, "account": account, "form": form, "tz": time_zone_of(account)}
        context["has_categories"] = bool(form.categories)
        return render(request, self.template_name, context, status=status)


class IssuePage(View):
    """/status/<slug>/issues/<id>/: one public issue with its history and a form to follow it."""

    template_name = "status/issue.html"

    def get(self, request, slug, pk):
        account, issue = self.load(slug, pk)
        return self.show(request, account, issue, SubscribeForm())

    def post(self, request, slug, pk):
        account, issue = self.load(slug, pk)
        form = SubscribeForm(request.POST)
        if not form.is_valid():
            return self.show(request, account, issue, form)
        if not subscription_allowed(request):
            form.add_error("email", TOO_MANY)
            return self.show(request, account, issue, form, status=429)
        subscribe(
            request, account=account, email=form.cleaned_data["email"], what=f"the issue “{issue.name}”", issue=issue
        )
        return redirect(reverse("status:issue", kwargs={"slug": account.slug, "pk": issue.pk}) + "#subscribe")

    def load(self, slug, pk):
        account = account_or_404(slug)
        issue = selectors.public_issue(account=account, issue_id=pk)
        if issue is None:
            raise Http404("No such public issue.")
        return account, issue

    def show(self, request, account, issue, form, status=200):
        context = {"account": account, "issue": issue, "form": form, "tz": time_zone_of(account)}
        return render(request, self.template_name, context, status=status)
