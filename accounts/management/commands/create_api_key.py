from django.core.management.base import BaseCommand, CommandError

from accounts.models import Account, Membership
from accounts.services import api_key_issue


class Command(BaseCommand):
    help = "Issue an API key for a member of an account; the last line printed is the raw key (shown only here)."

    def add_arguments(self, parser):
        parser.add_argument("--account", required=True, help="account slug")
        parser.add_argument("--user", required=True, help="username")
        parser.add_argument("--scopes", default="", help="comma-separated, e.g. tickets:read,tickets:write")
        parser.add_argument("--name", default="")

    def handle(self, *args, **options):
        account = Account.objects.filter(slug=options["account"]).first()
        if account is None:
            raise CommandError(f"No account with slug {options['account']!r}")
        membership = (
            Membership.objects.filter(account=account, user__username=options["user"]).select_related("user").first()
        )
        if membership is None:
            raise CommandError(f"{options['user']!r} is not a member of {account.slug!r}")
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        issued = api_key_issue(account=account, user=membership.user, name=options["name"], scopes=scopes)
        self.stdout.write(f"Key {issued.api_key.prefix}… for {membership.user.username} in {account.slug}")
        self.stdout.write(issued.raw_key)
