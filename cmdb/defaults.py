"""The CMDB lookups every new account starts with, and the demo account's CIs.

Registered from `CmdbConfig.ready()`; both are idempotent (`seed_demo` runs them again)."""

from django.db import transaction

from accounts.models import Account, Location, Membership

from . import services
from .models import CI, CIStatus, CIType, Manufacturer

CI_TYPES = [
    ("Hardware", None, "fa fa-fw fa-microchip"),
    ("Computer", "Hardware", "fa fa-fw fa-desktop"),
    ("Laptop", "Hardware", "fa fa-fw fa-laptop"),
    ("Server", "Hardware", "fa fa-fw fa-server"),
    ("Printer", "Hardware", "fa fa-fw fa-print"),
    ("Network device", "Hardware", "fa fa-fw fa-sitemap"),
    ("Software", None, "fa fa-fw fa-code"),
    ("License", "Software", "fa fa-fw fa-key"),
]
CI_STATUSES = [
    ("Active", "#34B632"),
    ("In stock", "#25A0DA"),
    ("In repair", "#F6D300"),
    ("Retired", "#95A5A6"),
]


def install_cmdb_defaults(account: Account) -> None:
    by_name: dict[str, CIType] = {}
    for position, (name, parent, icon) in enumerate(CI_TYPES):
        by_name[name], _ = CIType.objects.get_or_create(
            account=account, name=name, defaults={"parent": by_name.get(parent), "icon": icon, "position": position}
        )
    for position, (name, color) in enumerate(CI_STATUSES):
        CIStatus.objects.get_or_create(account=account, name=name, defaults={"color": color, "position": position})


DEMO_CIS = [
    ("BOSS-1000", "The boss's computer", "Computer", "Dell", "OptiPlex 7090"),
    ("PRN-2F-01", "Second floor printer", "Printer", "HP", "LaserJet M507"),
    ("SRV-DB-01", "Database server", "Server", "Dell", "PowerEdge R750"),
]


@transaction.atomic
def fill_cmdb_demo(account: Account) -> None:
    install_cmdb_defaults(account)
    if CI.objects.filter(account=account).exists():
        return
    owner = Membership.objects.filter(account=account, role="admin").order_by("friendly_id").first()
    active = CIStatus.objects.get(account=account, name="Active")
    location = Location.objects.filter(account=account).first()
    for name, description, type_name, maker, model in DEMO_CIS:
        manufacturer, _ = Manufacturer.objects.get_or_create(account=account, name=maker)
        services.ci_create(
            account=account,
            actor=owner,
            fields={
                "name": name,
                "description": description,
                "type": CIType.objects.get(account=account, name=type_name),
                "status": active,
                "manufacturer": manufacturer,
                "model": model,
                "location": location,
            },
            users=[owner] if owner else None,
            inventory={"os": {"name": "Windows 11 Pro", "version": "10.0.22631"}} if type_name == "Computer" else None,
        )
