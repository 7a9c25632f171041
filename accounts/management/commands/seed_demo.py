from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo_data
from accounts.models import Account, Company, Membership, Role, User
from accounts.reference_data import install_account_defaults
from accounts.services import account_create, membership_create

DEMO_SLUG = "demo"
DEMO_OWNER = ("demo", "demo@example.com", "demo-password")
DEMO_PEOPLE = [
    ("agnes", "Agnes", "Agent", "agnes@example.com", Role.AGENT),
    ("eddie", "Eddie", "Enduser", "eddie@example.com", Role.END_USER),
]
DEMO_COMPANIES = [("Acme Corporation", True), ("Globex Internal", False)]
# The platform's staff: `/admin/` shows every tenant's rows, so it is nobody's tenant login. Production makes
# its own with `createsuperuser`.
DEMO_STAFF = ("staff", "staff@example.com", "staff-password")


class Command(BaseCommand):
    help = "Fill the demo account with realistic data for every app (safe to run again)."

    @transaction.atomic
    def handle(self, *args, **options):
        account = Account.objects.filter(slug=DEMO_SLUG).first()
        if account is None:
            username, email, password = DEMO_OWNER
            account = account_create(
                slug=DEMO_SLUG,
                name="Demo Company",
                owner_username=username,
                owner_email=email,
                owner_password=password,
                ticket_prefix="DM",
            )
        install_account_defaults(account)
        for username, first, last, email, role in DEMO_PEOPLE:
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last, "email": email}
            )
            if created:
                user.set_password("demo-password")
                user.save()
            if not Membership.objects.filter(account=account, user=user).exists():
                membership_create(account=account, user=user, role=role)
        # The demo owner owns one tenant and is no platform staff (older demo databases made it a superuser).
        User.objects.filter(username=DEMO_OWNER[0]).update(is_staff=False, is_superuser=False)
        staff_username, staff_email, staff_password = DEMO_STAFF
        if not User.objects.filter(username=staff_username).exists():
            User.objects.create_superuser(staff_username, staff_email, staff_password)
        for name, public in DEMO_COMPANIES:
            Company.objects.get_or_create(account=account, name=name, defaults={"is_public": public})
        demo_data.fill(account)
        self.stdout.write(f"Demo account {account.slug!r} (id {account.pk}) is ready.")
        self.stdout.write(f"Tenant owner (portal, pages, APIs): {DEMO_OWNER[0]} / {DEMO_OWNER[2]}")
        self.stdout.write(f"Platform staff (/admin/, every tenant): {staff_username} / {staff_password}")
