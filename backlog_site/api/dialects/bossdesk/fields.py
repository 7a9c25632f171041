"""Input fields and serializers every BOSSDesk family shares (the service desk, the CMDB): Rails' words
for validation errors, and ids resolved inside the request's account."""

from rest_framework import serializers

from accounts.models import Membership

RAILS_MESSAGES = {
    "required": "can't be blank",
    "null": "can't be blank",
    "blank": "can't be blank",
    "invalid": "is invalid",
    "incorrect_type": "is invalid",
    "does_not_exist": "doesn't exist",
    "not_a_list": "must be an array",
    "max_length": "is too long (maximum is {max_length} characters)",
    "min_value": "must be greater than or equal to {min_value}",
    "max_value": "must be less than or equal to {max_value}",
    "max_string_length": "is too large",
    "date": "must be a date, not a time",
}


# No row has an id past a signed 64-bit integer, and SQLite cannot even bind one (an OverflowError, a 500).
ID_MAX = 2**63 - 1


def beyond_any_id(data) -> bool:
    try:
        return abs(int(data)) > ID_MAX
    except (TypeError, ValueError, OverflowError):
        return False  # not an integer at all: the field's own check words it


def rails_messages(field: serializers.Field) -> serializers.Field:
    for key, message in RAILS_MESSAGES.items():
        if key in field.error_messages:
            field.error_messages[key] = message
    child = getattr(field, "child", None) or getattr(field, "child_relation", None)
    if child is not None:
        rails_messages(child)
    return field


class RailsSerializer(serializers.Serializer):
    """Validation messages as BOSSDesk (Rails) words them: `{"title": ["can't be blank"]}`."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            rails_messages(field)
        return fields


class AccountRelatedField(serializers.PrimaryKeyRelatedField):
    """An id of a row of the request's account; another account's id is "doesn't exist"."""

    def __init__(self, model, *, filters=None, **kwargs):
        self.model = model
        self.filters = filters or {}
        kwargs.setdefault("queryset", model.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.filter(account=self.context["request"].account, **self.filters)

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if beyond_any_id(data):
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class MemberField(serializers.PrimaryKeyRelatedField):
    """A user id (as BOSSDesk shows it) resolved to that user's membership in the request's account."""

    default_error_messages = {"not_agent": "must be an agent"}

    def __init__(self, *, agents_only: bool = False, **kwargs):
        self.agents_only = agents_only
        kwargs.setdefault("queryset", Membership.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        return Membership.objects.filter(account=self.context["request"].account).select_related("user")

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, str)):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if beyond_any_id(data):
            self.fail("does_not_exist", pk_value=data)
        try:
            membership = self.get_queryset().get(user_id=int(data))
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        except Membership.DoesNotExist:
            self.fail("does_not_exist", pk_value=data)
        if self.agents_only and membership.role not in ("admin", "agent"):
            self.fail("not_agent")
        return membership

    def to_representation(self, value):
        return value.user_id
