"""Trigram (pg_trgm) GIN indexes for the `…_cont`, `…_start` and `…_end` searches, as migration
operations that do nothing on SQLite.

Django's case-insensitive lookups emit `UPPER(col::text) LIKE UPPER(%s)` on PostgreSQL, so the index
is on that very expression: the planner then answers `q[title_cont]=word` from the index instead of
scanning the account. Patterns shorter than three characters have no trigram and still scan.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def trigram_extension() -> TrigramExtension:
    return TrigramExtension()  # a no-op on other databases


def trigram_index(*, table: str, column: str, name: str) -> migrations.RunPython:
    def forward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} "
            f"USING gin ((UPPER({quote(column)}::text)) gin_trgm_ops)"
        )

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    return migrations.RunPython(forward, backward, elidable=False)
