"""Landing pages of the signed links in subscription e-mails. A tampered, expired or used-up link
answers a page that says so (400/410/404), never a 500."""

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import services
from .links import LinkError, subscription_from_token

LINK_ERROR_STATUS = {"invalid": 400, "expired": 410, "gone": 404}


def _link_error(request, error: LinkError, action: str):
    return render(
        request,
        "issues/link_error.html",
        {"reason": error.reason, "action": action},
        status=LINK_ERROR_STATUS[error.reason],
    )


@require_http_methods(["GET", "HEAD"])
def subscription_confirm(request, token: str):
    try:
        subscription = subscription_from_token(token, "confirm")
    except LinkError as error:
        return _link_error(request, error, "confirm")
    services.subscription_confirm(subscription=subscription)
    return render(request, "issues/subscription_confirmed.html", {"subscription": subscription})


# The signed token is the credential; one-click unsubscribe (RFC 8058) POSTs without a CSRF token.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def subscription_unsubscribe(request, token: str):
    """GET asks to confirm (mail scanners follow links; they must not unsubscribe anyone); POST deletes."""
    try:
        subscription = subscription_from_token(token, "unsubscribe")
    except LinkError as error:
        if error.reason == "gone":
            return render(request, "issues/unsubscribed.html", {"already": True})
        return _link_error(request, error, "unsubscribe")
    if request.method == "POST":
        services.subscription_delete(subscription=subscription)
        return render(request, "issues/unsubscribed.html", {"subscription": subscription, "already": False})
    return render(request, "issues/unsubscribe.html", {"subscription": subscription})
