"""Sign-in for people: Django's own auth views, plus the choice of account kept in the session.

A user who belongs to several accounts picks one after signing in; every page is then scoped to
that account (`current_membership`). Staff keep `/admin/`.
"""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from . import throttling
from .models import Membership

SESSION_KEY = "account_id"


def _safe_next(request, fallback="/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def current_membership(request) -> Membership | None:
    """The signed-in user's membership in the account chosen for this session, or None."""
    # DRF sets request.user to None on anonymous API requests whose HTML (Swagger UI) uses this too.
    if not getattr(request.user, "is_authenticated", False) or SESSION_KEY not in request.session:
        return None
    cached = getattr(request, "_page_membership", None)
    if cached is None:
        cached = (
            Membership.objects.select_related("account", "user")
            .filter(user=request.user, account_id=request.session[SESSION_KEY])
            .first()
        )
        request._page_membership = cached
    return cached


class MemberRequiredMixin(LoginRequiredMixin):
    """Pages of an account: signed in, with an account chosen. `self.membership` is set."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.membership = current_membership(request)
        if self.membership is None:
            return redirect(f"{reverse('choose-account')}?next={request.get_full_path()}")
        return super().dispatch(request, *args, **kwargs)


class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_success_url(self):
        return f"{reverse('choose-account')}?next={self.get_redirect_url() or '/'}"

    def form_invalid(self, form):
        if not throttling.is_locked_out(self.request):
            return super().form_invalid(form)
        # One message whether or not the name exists; the password was not looked at.
        form.errors.clear()
        form.add_error(None, throttling.locked_out_message())
        response = super().form_invalid(form)
        response.status_code = 429
        response["Retry-After"] = str(throttling.lockout_seconds())
        return response


@login_required
def choose_account(request):
    memberships = list(Membership.objects.select_related("account").filter(user=request.user).order_by("account__name"))
    next_url = _safe_next(request)
    if request.method == "POST":
        chosen = next((m for m in memberships if str(m.account_id) == request.POST.get("account")), None)
        if chosen is None:
            return HttpResponseBadRequest("Choose one of your accounts.")
        request.session[SESSION_KEY] = chosen.account_id
        return redirect(next_url)
    if len(memberships) == 1:
        request.session[SESSION_KEY] = memberships[0].account_id
        return redirect(next_url)
    return render(
        request,
        "registration/choose_account.html",
        {"memberships": memberships, "next": next_url, "current": request.session.get(SESSION_KEY)},
    )
