"""What `/cis` (and a saved search of owner class "ci") lets a caller filter on with Ransack
(`q[name_cont]=boss`): the API's attribute name and the ORM path behind it."""

CI_SEARCH_FIELDS = {
    "id": "id",
    "friendly_id": "friendly_id",
    "name": "name",
    "description": "description",
    "model": "model",
    "serial_number": "serial_number",
    "control_number": "control_number",
    "online": "online",
    "dns_host_name": "dns_host_name",
    "archived_at": "archived_at",
    "created_at": "created_at",
    "updated_at": "updated_at",
    "inventory_updated_at": "inventory_updated_at",
    "type_id": "type_id",
    "type_name": "type__name",
    "status_id": "status_id",
    "status_name": "status__name",
    "location_id": "location_id",
    "location_name": "location__name",
    "manufacturer_id": "manufacturer_id",
    "manufacturer_name": "manufacturer__name",
    "tags_id": "tags__id",
    "tags_name": "tags__name",
    "users_id": "users__user_id",
    "users_username": "users__user__username",
}

MANUFACTURER_SEARCH_FIELDS = {"id": "id", "name": "name", "created_at": "created_at", "updated_at": "updated_at"}
