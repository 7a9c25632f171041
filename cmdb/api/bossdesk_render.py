"""The JSON of CIs, their notes and attachments, as the BOSSDesk document shows them. Each function
reads only what the matching selector joined or prefetched."""

from backlog_site.api.dialects.bossdesk.formats import timestamp as ts
from backlog_site.api.dialects.bossdesk.render import named, person, profile_of

from ..attachments import storage
from ..models import CI, Attachment, CINote


def ci_type(obj) -> dict | None:
    return None if obj is None else {"id": obj.pk, "name": obj.name, "icon": obj.icon}


def ci_status(obj) -> dict | None:
    return None if obj is None else {"id": obj.pk, "name": obj.name, "color": obj.color}


def inventory_summary(inventory) -> dict | None:
    """Lists show only the operating system of the inventory."""
    if not isinstance(inventory, dict):
        return None
    return {"os": inventory["os"]} if "os" in inventory else {}


def ci_list_item(ci: CI) -> dict:
    return {
        "id": ci.pk,
        "friendly_id": ci.friendly_id,
        "name": ci.name,
        "description": ci.description,
        "online": ci.online,
        "updated_at": ts(ci.updated_at),
        "archived": ci.archived,
        "inventory": inventory_summary(ci.inventory),
        "type": ci_type(ci.type),
        "status": ci_status(ci.status),
    }


def ci_search_item(ci: CI) -> dict:
    """A CI as a saved search of owner class "ci" lists it (`GET /searches/{id}`)."""
    return {
        "id": ci.pk,
        "friendly_id": ci.friendly_id,
        "name": ci.name,
        "alias": ci.description,
        "online": ci.online,
        "updated_at": ts(ci.updated_at),
        "inventory": inventory_summary(ci.inventory),
        "type": ci_type(ci.type),
        "status": ci_status(ci.status),
    }


def ticket_ci(ci: CI) -> dict:
    """A CI as a helpdesk ticket shows it in its `cis` (type and status selected)."""
    os = (ci.inventory or {}).get("os") if isinstance(ci.inventory, dict) else None
    return {
        "id": ci.pk,
        "friendly_id": ci.friendly_id,
        "name": ci.name,
        "online": ci.online,
        "updated_at": ts(ci.updated_at),
        "inventory_updated_at": ts(ci.inventory_updated_at),
        "archived_at": ts(ci.archived_at),
        "os": os.get("name") if isinstance(os, dict) else None,
        "type": ci_type(ci.type),
        "status": ci_status(ci.status),
    }


def ci_user(membership) -> dict:
    profile = profile_of(membership)
    return {
        **person(membership),
        "email": membership.user.email,
        "domain_name": profile.domain_name if profile else "",
        "group": named(profile.group) if profile else None,
        "roles": [named(role) for role in profile.roles.all()] if profile else [],
    }


def ci_detail(ci: CI) -> dict:
    return {
        "id": ci.pk,
        "friendly_id": ci.friendly_id,
        "name": ci.name,
        "description": ci.description,
        "model": ci.model,
        "serial_number": ci.serial_number,
        "control_number": ci.control_number,
        "type": ci_type(ci.type),
        "status": ci_status(ci.status),
        "location": named(ci.location),
        "manufacturer": named(ci.manufacturer),
        "tags": [named(tag) for tag in ci.tags.all()],
        "users": [ci_user(m) for m in ci.users.all()],
        "purchase_order": None,  # purchase orders are not part of this service
        "custom_fields": ci.custom_fields,
        "inventory": ci.inventory,
        "inventory_updated_at": ts(ci.inventory_updated_at),
        "online": ci.online,
        "dns_host_name": ci.dns_host_name,
        "distinguished_name": ci.distinguished_name,
        "archived_at": ts(ci.archived_at),
        "created_at": ts(ci.created_at),
        "updated_at": ts(ci.updated_at),
    }


def note(obj: CINote) -> dict:
    return {
        "id": obj.pk,
        "text": obj.text,
        "created_at": ts(obj.created_at),
        "updated_at": ts(obj.updated_at),
        "created_by": person(obj.created_by),
    }


def attachment(obj: Attachment, *, request, backend=None) -> dict:
    """`backend`: the storage backend of the request (one per request; built here when not given)."""
    backend = backend or storage.backend()
    return {
        "id": obj.pk,
        "name": obj.name,
        "description": obj.description,
        "size": obj.size,
        "secure_url": backend.secure_url(request=request, key=obj.storage_key, name=obj.name),
        "created_at": ts(obj.created_at),
        "updated_at": ts(obj.updated_at),
        "created_by": person(obj.created_by),
        "secure_url_expire_time_in_mins": storage.SECURE_URL_EXPIRE_MINUTES,
    }


def attachment_summary(obj: Attachment) -> dict:
    """An attachment as a ticket or comment lists it."""
    return {
        "id": obj.pk,
        "description": obj.description,
        "name": obj.name,
        "created_at": ts(obj.created_at),
        "size": obj.size,
    }
