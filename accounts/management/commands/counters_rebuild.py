"""`python manage.py counters_rebuild [name ...]`: recount the per-account row counters from their
tables. Bulk loaders that went around the triggers (or loaded before they existed) run it after
loading; it reads each counted table once and needs no ANALYZE."""

from django.core.management.base import BaseCommand, CommandError

from accounts import counters


class Command(BaseCommand):
    help = "Recount the per-account row counters (accounts_rowcount) from the counted tables."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="counter names, e.g. helpdesk.ticket (all by default)")

    def handle(self, *args, names, **options):
        unknown = set(names) - set(counters.registered())
        if unknown:
            raise CommandError(f"unknown counters: {', '.join(sorted(unknown))}")
        for name, rows in counters.counters_rebuild(names or None).items():
            self.stdout.write(f"{name}: {rows} rows")
