"""Which custom fields apply to a ticket: the account's fields of its owner class, unscoped or scoped to the
ticket's category. Their values are validated by `accounts.custom_values`."""

from accounts.models import CustomField


def applicable_fields(*, account, owner_class: str, category=None) -> list[CustomField]:
    """The account's fields of `owner_class` that apply to an owner in `category` (unscoped fields
    apply everywhere)."""
    fields = (
        CustomField.objects.filter(account=account, owner_class=owner_class)
        .select_related("helpdesk_scope")
        .prefetch_related("options")  # options: dropdown values are checked against them
    )
    out = []
    for field in fields:
        scope = getattr(field, "helpdesk_scope", None)
        if scope is None or (category is not None and scope.category_id == category.pk):
            out.append(field)
    return out
