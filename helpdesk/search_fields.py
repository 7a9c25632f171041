"""What each searchable BOSSDesk list lets a caller filter on with Ransack (`q[...]`): the API's
attribute name and the ORM path behind it. Nothing else can be filtered, so a filter never reaches a
column the list does not show. People are named by their user id, as the JSON shows them."""

TICKET_SEARCH_FIELDS = {
    "id": "id",
    "friendly_id": "friendly_id",
    "title": "title",
    "description": "description",
    "status": "status",
    "source": "source",
    "due_at": "due_at",
    "closed_at": "closed_at",
    "created_at": "created_at",
    "updated_at": "updated_at",
    "type_id": "type_id",
    "type_name": "type__name",
    "priority_id": "priority_id",
    "priority_name": "priority__name",
    "category_id": "category_id",
    "category_name": "category__name",
    "extended_status_id": "extended_status_id",
    "extended_status_name": "extended_status__name",
    "team_id": "team_id",
    "team_name": "team__name",
    "agent_id": "agent__user_id",
    "agent_username": "agent__user__username",
    "agent_email": "agent__user__email",
    "agent_first_name": "agent__user__first_name",
    "agent_last_name": "agent__user__last_name",
    "requester_id": "requester__user_id",
    "requester_username": "requester__user__username",
    "requester_email": "requester__user__email",
    "requester_first_name": "requester__user__first_name",
    "requester_last_name": "requester__user__last_name",
    "tags_id": "tags__id",
    "tags_name": "tags__name",
}


# /my/tickets: the requester's own view, without agents, requesters or internal fields.
MY_TICKET_SEARCH_FIELDS = {
    "id": "id",
    "friendly_id": "friendly_id",
    "title": "title",
    "description": "description",
    "status": "status",
    "due_at": "due_at",
    "closed_at": "closed_at",
    "created_at": "created_at",
    "updated_at": "updated_at",
    "type_id": "type_id",
    "type_name": "type__name",
}


GROUP_SEARCH_FIELDS = {"id": "id", "name": "name", "created_at": "created_at", "updated_at": "updated_at"}

USER_SEARCH_FIELDS = {
    "id": "user_id",
    "friendly_id": "friendly_id",
    "username": "user__username",
    "email": "user__email",
    "first_name": "user__first_name",
    "last_name": "user__last_name",
    "created_at": "created_at",
    "updated_at": "updated_at",
    "domain_name": "profile__domain_name",
    "designation": "profile__designation",
    "group_id": "profile__group_id",
    "group_name": "profile__group__name",
    "location_id": "profile__location_id",
    "location_name": "profile__location__name",
    "roles_id": "profile__roles__id",
    "roles_name": "profile__roles__name",
    "tags_id": "profile__tags__id",
    "tags_name": "profile__tags__name",
}

# Saved searches: the allow-list of each owner class a search can be applied to here.
BY_OWNER_CLASS = {"ticket": TICKET_SEARCH_FIELDS, "user": USER_SEARCH_FIELDS}
