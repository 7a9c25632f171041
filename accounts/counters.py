"""Row counters per account: a list's unfiltered total without counting the account's rows.

A counted table (`register(model)` in the app's `ready()`, `counter_install(model label, table)` in
one of its migrations) gets database triggers that add and subtract in `accounts_rowcount` in the
same transaction as every INSERT, DELETE and UPDATE that moves a row to another account. Triggers,
not signals, so that nothing can go around them: `bulk_create`, queryset deletes, cascades from
a deleted parent, the admin, raw SQL and COPY are all counted alike. On PostgreSQL inserts and
deletes are counted per statement (transition tables: a bulk insert touches the counter once);
SQLite counts per row.

Bulk loaders that bypass triggers (or load before the migration) call `counters_rebuild()` (the
`counters_rebuild` management command) after loading: it recounts from the tables.
"""

from django.db import connection, migrations, transaction

from accounts.models import RowCount

_COUNTED: dict[str, str] = {}  # counter name (model label) -> table


def register(model) -> None:
    """Declare `model` counted (its migration installs the triggers with `counter_install`)."""
    _COUNTED[model._meta.label_lower] = model._meta.db_table


SUPPORTED_VENDORS = ("postgresql", "sqlite")  # where counter_install has triggers


def counted(model) -> bool:
    """Whether `count_of(model)` is kept by triggers on this database."""
    return model._meta.label_lower in _COUNTED and connection.vendor in SUPPORTED_VENDORS


def count_of(model, *, account_id: int) -> int:
    """The number of `model` rows of the account, from its counter (one indexed read)."""
    value = RowCount.objects.filter(account_id=account_id, name=model._meta.label_lower).values_list("value", flat=True)
    return next(iter(value), 0)  # no counter row: nothing was ever inserted for the account


def counters_rebuild(names=None) -> dict[str, int]:
    """Recount every registered counter (or those named) from its table; {name: rows counted}."""
    done = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for name, table in sorted(_COUNTED.items()):
            if names and name not in names:
                continue
            done[name] = _recount(cursor, name, table)
    return done


def _recount(cursor, name: str, table: str) -> int:
    quoted = connection.ops.quote_name(table)
    if connection.vendor == "postgresql":
        # Writers wait for the recount (readers do not), so no insert or delete slips between the
        # count and the new counter; the lock ends with the caller's transaction.
        cursor.execute(f"LOCK TABLE {quoted} IN SHARE MODE")
    cursor.execute("DELETE FROM accounts_rowcount WHERE name = %s", [name])
    cursor.execute(
        f"INSERT INTO accounts_rowcount (account_id, name, value) "
        f"SELECT account_id, %s, COUNT(*) FROM {quoted} GROUP BY account_id",
        [name],
    )
    cursor.execute("SELECT COALESCE(SUM(value), 0) FROM accounts_rowcount WHERE name = %s", [name])
    return cursor.fetchone()[0]


def _slug(name: str) -> str:
    return name.replace(".", "_")


def _postgresql_sql(name: str, table: str) -> list[str]:
    fn = f"rowcount_{_slug(name)}"
    upsert = (
        "INSERT INTO accounts_rowcount (account_id, name, value) {rows} "
        "ON CONFLICT (account_id, name) DO UPDATE SET value = accounts_rowcount.value + EXCLUDED.value;"
    )
    # Deletes only subtract: inserting a counter row here could resurrect one that the deletion of
    # its account has already removed.
    subtract = (
        "UPDATE accounts_rowcount c SET value = c.value - d.n FROM ({rows}) d "
        "WHERE c.account_id = d.account_id AND c.name = '{name}';"
    )
    grouped = "SELECT account_id, {value} FROM {source} GROUP BY account_id"
    return [
        f"""CREATE OR REPLACE FUNCTION {fn}_ins() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
            {upsert.format(rows=grouped.format(value=f"'{name}', COUNT(*)", source="new_rows"))}
            RETURN NULL; END $$""",
        f"""CREATE OR REPLACE FUNCTION {fn}_del() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
            {subtract.format(rows=grouped.format(value="COUNT(*) AS n", source="old_rows"), name=name)}
            RETURN NULL; END $$""",
        f"""CREATE OR REPLACE FUNCTION {fn}_move() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
            UPDATE accounts_rowcount SET value = value - 1 WHERE account_id = OLD.account_id AND name = '{name}';
            {upsert.format(rows=f"VALUES (NEW.account_id, '{name}', 1)")}
            RETURN NULL; END $$""",
        f"""CREATE TRIGGER {fn}_ins AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {fn}_ins()""",
        f"""CREATE TRIGGER {fn}_del AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {fn}_del()""",
        # Row level with a WHEN: an ordinary update of the row costs nothing.
        f"""CREATE TRIGGER {fn}_move AFTER UPDATE OF account_id ON {table} FOR EACH ROW
            WHEN (OLD.account_id IS DISTINCT FROM NEW.account_id) EXECUTE FUNCTION {fn}_move()""",
    ]


def _sqlite_sql(name: str, table: str) -> list[str]:
    fn = f"rowcount_{_slug(name)}"
    add = (
        f"INSERT INTO accounts_rowcount (account_id, name, value) VALUES (NEW.account_id, '{name}', 1) "
        "ON CONFLICT (account_id, name) DO UPDATE SET value = value + 1;"
    )
    subtract = f"UPDATE accounts_rowcount SET value = value - 1 WHERE account_id = OLD.account_id AND name = '{name}';"
    return [
        f"CREATE TRIGGER {fn}_ins AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {fn}_del AFTER DELETE ON {table} BEGIN {subtract} END",
        f"""CREATE TRIGGER {fn}_move AFTER UPDATE OF account_id ON {table}
            WHEN OLD.account_id IS NOT NEW.account_id BEGIN {subtract} {add} END""",
    ]


def _drop_sql(vendor: str, name: str, table: str) -> list[str]:
    fn = f"rowcount_{_slug(name)}"
    drop = "DROP FUNCTION IF EXISTS {}() CASCADE" if vendor == "postgresql" else "DROP TRIGGER IF EXISTS {}"
    return [drop.format(f"{fn}_{kind}") for kind in ("ins", "del", "move")] + [
        f"DELETE FROM accounts_rowcount WHERE name = '{name}'"
    ]


def counter_install(name: str, table: str) -> migrations.RunPython:
    """A migration operation: install the counter triggers on `table` and count its rows so far."""

    def forward(migration_apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in SUPPORTED_VENDORS:
            return  # no triggers: `counted()` says so and lists count their rows
        statements = _postgresql_sql(name, table) if vendor == "postgresql" else _sqlite_sql(name, table)
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            _recount(cursor, name, table)

    def backward(migration_apps, schema_editor):
        with schema_editor.connection.cursor() as cursor:
            for statement in _drop_sql(schema_editor.connection.vendor, name, table):
                cursor.execute(statement)

    return migrations.RunPython(forward, backward, elidable=False)


def registered() -> dict[str, str]:
    """{counter name: table} of every registered counter."""
    return dict(_COUNTED)
