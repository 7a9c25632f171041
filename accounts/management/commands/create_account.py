from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.services import account_create


class Command(BaseCommand):
    help = "Create a tenant, its owner and its default reference data; the last line printed is the account id."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--owner", required=True, help="username of the owner (created if missing)")
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--ticket-prefix", default="", help="dev ticket slug prefix, e.g. AM (default: from slug)")

    def handle(self, *args, **options):
        try:
            account = account_create(
                slug=options["slug"],
                name=options["name"],
                owner_username=options["owner"],
                owner_email=options["email"],
                owner_password=options["password"],
                ticket_prefix=options["ticket_prefix"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {', '.join(v)}" for k, v in exc.message_dict.items()))
        self.stdout.write(f"Created account {account.name!r} ({account.slug}), owner {options['owner']}")
        self.stdout.write(str(account.pk))
