from .pages import current_membership


def current_account(request):
    """The page header shows which account the pages are scoped to."""
    membership = current_membership(request) if hasattr(request, "user") else None
    return {"current_membership": membership}
