"""BOSSDesk users: `/users` list (paged, Ransack), retrieve by `friendly_id`, create, update (204).

A user is a membership of the account: its login (`User`, shared between accounts) and its profile
(phone, group, roles, tags…). Access is decided by the membership's permission map (`users`)."""

from django.contrib.auth.validators import UnicodeUsernameValidator
from rest_framework import serializers

from accounts.api.bossdesk import user_summary
from accounts.models import Group, JobRole, Location, Membership, Tag
from backlog_site.api.dialects.bossdesk.fields import AccountRelatedField, RailsSerializer
from backlog_site.api.dialects.bossdesk.filters import ransack_filterset
from backlog_site.api.dialects.bossdesk.render import named, profile_of
from backlog_site.api.dialects.bossdesk.viewsets import BossDeskViewSet, Renders
from backlog_site.api.viewsets import Services
from helpdesk import selectors
from helpdesk.search_fields import USER_SEARCH_FIELDS
from helpdesk.services import people

from . import bossdesk_outputs as outputs


def user_list_item(membership: Membership) -> dict:
    return user_summary(membership)


def user_detail(membership: Membership, *, account) -> dict:
    profile = profile_of(membership)
    return {
        **user_summary(membership),
        "domain_name": profile.domain_name if profile else "",
        "designation": profile.designation if profile else "",
        "phone": profile.phone if profile else "",
        "mobile": profile.mobile if profile else "",
        "other_email": profile.other_email if profile else "",
        "time_zone": (profile.time_zone if profile else "") or account.time_zone,
        "location": named(profile.location) if profile else None,
        "tags": [named(tag) for tag in profile.tags.all()] if profile else [],
        "group": named(profile.group) if profile else None,
        "roles": [named(role) for role in profile.roles.all()] if profile else [],
    }


def blank_text(max_length: int, **kwargs):
    return serializers.CharField(max_length=max_length, allow_blank=True, required=False, **kwargs)


class UserInputSerializer(RailsSerializer):
    username = serializers.CharField(max_length=150, validators=[UnicodeUsernameValidator(message="is invalid")])
    email = serializers.EmailField(
        max_length=254, allow_blank=True, required=False, error_messages={"invalid": "is invalid"}
    )
    first_name = blank_text(150)
    last_name = blank_text(150)
    domain_name = blank_text(255)
    designation = blank_text(255)
    phone = blank_text(50)
    mobile = blank_text(50)
    other_email = serializers.EmailField(
        max_length=254, allow_blank=True, required=False, error_messages={"invalid": "is invalid"}
    )
    time_zone = blank_text(64)
    location_id = AccountRelatedField(Location, source="location", allow_null=True, required=False)
    group_id = AccountRelatedField(Group, source="group", allow_null=True, required=False)
    role_ids = serializers.ListField(child=AccountRelatedField(JobRole), required=False, max_length=100)
    tag_ids = serializers.ListField(
        child=AccountRelatedField(Tag, filters={"owner_class": "user"}), required=False, max_length=100
    )


class UserViewSet(BossDeskViewSet):
    queryset = Membership.objects.all()
    input_serializer_class = UserInputSerializer
    output_serializer_class = outputs.BossDeskUser
    list_output_serializer_class = outputs.BossDeskUserListItem
    filterset_class = ransack_filterset(Membership, USER_SEARCH_FIELDS)
    renders = Renders(item=user_list_item)
    services = Services(
        create=people.user_create,
        update=people.user_update,
        target="membership",
        keywords={"role_ids": "roles", "tag_ids": "tags"},
    )
    permission_resource = "users"
    scope_resource = "users"
    envelope = "user"
    lookup_field = "friendly_id"

    def get_queryset(self):
        if self.action == "list":
            return selectors.user_list(account_id=self.request.account.pk)
        return selectors.user_detail(account_id=self.request.account.pk)

    def render(self, membership: Membership) -> dict:
        return user_detail(membership, account=self.request.account)
