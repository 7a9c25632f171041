"""The board's column totals, kept by the database itself.

`backlogs_ticketstatuscount` holds one row per status with how many tickets are in it. Triggers on
`backlogs_ticket` keep it in the writing transaction, whatever wrote the rows: the services, the admin,
Django's cascades, `bulk_create` or a `COPY` of a million rows. On PostgreSQL they are statement
triggers over transition tables (one grouped UPDATE per statement, so a bulk load costs one upsert
per status, not one per row); on SQLite, row triggers.

Decrements only UPDATE existing rows: when an account is deleted, Django may delete a status's count
row before its tickets, and an upsert would then re-create a row for a status about to go.
"""

COUNTS = "backlogs_ticketstatuscount"
TICKETS = "backlogs_ticket"

_POSTGRESQL_INSTALL = f"""
CREATE OR REPLACE FUNCTION backlogs_ticket_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {COUNTS} (status_id, tickets)
        SELECT status_id, count(*) FROM new_rows GROUP BY status_id ORDER BY status_id
    ON CONFLICT (status_id) DO UPDATE SET tickets = {COUNTS}.tickets + EXCLUDED.tickets;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION backlogs_ticket_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {COUNTS} c SET tickets = c.tickets - gone.n
        FROM (SELECT status_id, count(*) AS n FROM old_rows GROUP BY status_id) gone
        WHERE c.status_id = gone.status_id;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION backlogs_ticket_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {COUNTS} c SET tickets = c.tickets - moved.n
        FROM (SELECT o.status_id, count(*) AS n FROM old_rows o JOIN new_rows n ON n.id = o.id
              WHERE n.status_id <> o.status_id GROUP BY o.status_id) moved
        WHERE c.status_id = moved.status_id;
    INSERT INTO {COUNTS} (status_id, tickets)
        SELECT n.status_id, count(*) FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE n.status_id <> o.status_id GROUP BY n.status_id ORDER BY n.status_id
    ON CONFLICT (status_id) DO UPDATE SET tickets = {COUNTS}.tickets + EXCLUDED.tickets;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION backlogs_ticket_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {COUNTS} SET tickets = 0 WHERE tickets <> 0;
    RETURN NULL;
END $$;

CREATE TRIGGER backlogs_ticket_counts_insert AFTER INSERT ON {TICKETS}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION backlogs_ticket_counts_insert();
CREATE TRIGGER backlogs_ticket_counts_delete AFTER DELETE ON {TICKETS}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION backlogs_ticket_counts_delete();
CREATE TRIGGER backlogs_ticket_counts_update AFTER UPDATE ON {TICKETS}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION backlogs_ticket_counts_update();
CREATE TRIGGER backlogs_ticket_counts_truncate AFTER TRUNCATE ON {TICKETS}
    FOR EACH STATEMENT EXECUTE FUNCTION backlogs_ticket_counts_truncate();
"""

_POSTGRESQL_UNINSTALL = f"""
DROP TRIGGER IF EXISTS backlogs_ticket_counts_insert ON {TICKETS};
DROP TRIGGER IF EXISTS backlogs_ticket_counts_delete ON {TICKETS};
DROP TRIGGER IF EXISTS backlogs_ticket_counts_update ON {TICKETS};
DROP TRIGGER IF EXISTS backlogs_ticket_counts_truncate ON {TICKETS};
DROP FUNCTION IF EXISTS backlogs_ticket_counts_insert();
DROP FUNCTION IF EXISTS backlogs_ticket_counts_delete();
DROP FUNCTION IF EXISTS backlogs_ticket_counts_update();
DROP FUNCTION IF EXISTS backlogs_ticket_counts_truncate();
"""

_SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS backlogs_ticket_counts_insert AFTER INSERT ON {TICKETS} BEGIN
        INSERT INTO {COUNTS} (status_id, tickets) VALUES (NEW.status_id, 1)
        ON CONFLICT (status_id) DO UPDATE SET tickets = tickets + 1;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS backlogs_ticket_counts_delete AFTER DELETE ON {TICKETS} BEGIN
        UPDATE {COUNTS} SET tickets = tickets - 1 WHERE status_id = OLD.status_id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS backlogs_ticket_counts_update AFTER UPDATE OF status_id ON {TICKETS}
    WHEN OLD.status_id <> NEW.status_id BEGIN
        UPDATE {COUNTS} SET tickets = tickets - 1 WHERE status_id = OLD.status_id;
        INSERT INTO {COUNTS} (status_id, tickets) VALUES (NEW.status_id, 1)
        ON CONFLICT (status_id) DO UPDATE SET tickets = tickets + 1;
    END""",
]

_SQLITE_UNINSTALL = [f"DROP TRIGGER IF EXISTS backlogs_ticket_counts_{name}" for name in ("insert", "delete", "update")]

_REBUILD = [
    f"DELETE FROM {COUNTS}",
    f"INSERT INTO {COUNTS} (status_id, tickets) SELECT status_id, count(*) FROM {TICKETS} GROUP BY status_id",
]


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection) -> None:
    """Create the triggers, then count what is already there."""
    if connection.vendor == "postgresql":
        _run(connection, [_POSTGRESQL_INSTALL])
    elif connection.vendor == "sqlite":
        _run(connection, _SQLITE_INSTALL)
    else:  # pragma: no cover - the project runs on PostgreSQL and SQLite only
        raise NotImplementedError(f"board counts need triggers on {connection.vendor}")
    rebuild(connection)


def uninstall(connection) -> None:
    _run(connection, [_POSTGRESQL_UNINSTALL] if connection.vendor == "postgresql" else _SQLITE_UNINSTALL)


def rebuild(connection) -> None:
    """Recount every status from the tickets (after a restore, or to check the triggers)."""
    _run(connection, _REBUILD)
