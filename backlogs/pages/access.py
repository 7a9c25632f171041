"""Who may open the planning pages: signed-in members of the chosen account who plan work (owners
and agents). An end user is sent to the service-desk portal, where their own requests are."""

from django.shortcuts import redirect

from accounts.models import Role
from accounts.pages import MemberRequiredMixin, current_membership

PORTAL_URL = "/portal/"


class PlannerRequiredMixin(MemberRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        membership = current_membership(request)  # cached on the request: MemberRequiredMixin reuses it
        if membership is not None and membership.role == Role.END_USER:
            return redirect(PORTAL_URL)
        return super().dispatch(request, *args, **kwargs)
