"""Append many rows to one model's table: COPY on PostgreSQL, batched INSERTs elsewhere.

The caller gives the columns it varies per row (as attnames) and an iterator of tuples. Every other
concrete field gets its model default, prepared once, so the loader keeps working when a branch adds
a column with a default; a new column the loader cannot fill is named in the error.
"""

import sys
import time
from collections.abc import Iterable, Iterator

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from tqdm import tqdm

PROGRESS_EVERY = 10_000
SQLITE_BATCH = 500
# From this many rows on, the table's secondary indexes are dropped for the COPY and built again after:
# one sorted build is several times faster than maintaining every index row by row.
REBUILD_INDEXES_FROM = 20_000


class SeedError(RuntimeError):
    pass


def next_id(model: type[models.Model]) -> int:
    """The first primary key free after the table's rows (the seeder hands out ids itself so that
    child rows can point at their parents without reading them back)."""
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _constant_columns(model, varying: list[str]) -> tuple[list[str], tuple]:
    now = timezone.now()
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.attname in varying or field.primary_key or getattr(field, "generated", False):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()
            if value is None and not field.null:
                if field.db_default is not models.NOT_PROVIDED:
                    continue  # the database fills it
                raise SeedError(f"{model._meta.label}.{field.name} has no default: bench/scale/seed.py must set it")
        columns.append(field.column)
        values.append(field.get_db_prep_save(value, connection))
    return columns, tuple(values)


def load(
    model, varying: list[str], rows: Iterable[tuple], *, total: int, label: str | None = None, trusted: bool = False
) -> int:
    """Write `rows` (tuples in the order of `varying`) into `model`'s table; returns the row count.

    `trusted` turns PostgreSQL's triggers off for the load (session_replication_role = replica,
    superuser only): the per-row foreign-key checks are most of a COPY's time on tables with many
    foreign keys. Other triggers are skipped too (row counters, where a checkout has them: the seeder
    rebuilds those after loading). The seeder's test loads the same rows with every trigger on."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    unknown = [name for name in varying if name not in fields]
    if unknown:
        raise SeedError(f"{model._meta.label} has no column {unknown}")
    constant_columns, constants = _constant_columns(model, varying)
    columns = [fields[name].column for name in varying] + constant_columns
    bar = tqdm(total=total, desc=label or model._meta.db_table, unit=" rows", file=sys.stderr, mininterval=1.0)
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                if trusted:
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL session_replication_role = replica")
                indexes = _secondary_indexes_drop(model._meta.db_table) if total >= REBUILD_INDEXES_FROM else []
                count = _copy(model._meta.db_table, columns, _progress(rows, bar), constants)
                started = time.perf_counter()
                _indexes_create(indexes)
                if indexes:
                    bar.set_postfix_str(f"{len(indexes)} indexes rebuilt in {time.perf_counter() - started:.1f} s")
            else:
                prep = [fields[name] for name in varying]
                count = _insert(model._meta.db_table, columns, _progress(rows, bar), constants, prep)
            if model._meta.pk.attname in varying:
                # Ids were given: move the table's identity past them so the app's next insert does not collide.
                with connection.cursor() as cursor:
                    for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
                        cursor.execute(statement)
    finally:
        bar.close()
    return count


def _progress(rows: Iterable[tuple], bar) -> Iterator[tuple]:
    done = 0
    for done, row in enumerate(rows, start=1):
        yield row
        if done % PROGRESS_EVERY == 0:
            bar.update(PROGRESS_EVERY)
    bar.update(done % PROGRESS_EVERY)


def _secondary_indexes_drop(table: str) -> list[str]:
    """Drop the table's indexes that back no constraint (unique and primary keys stay, so the load is
    still checked); returns their definitions."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.relname, pg_get_indexdef(i.oid)
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            WHERE x.indrelid = %s::regclass
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            """,
            [connection.ops.quote_name(table)],
        )
        found = cursor.fetchall()
        for name, _ in found:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return [definition for _, definition in found]


def _indexes_create(definitions: list[str]) -> None:
    if not definitions:
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for definition in definitions:
            cursor.execute(definition)


def _copy(table: str, columns: list[str], rows: Iterable[tuple], constants: tuple) -> int:
    from psycopg import sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    )
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row + constants)
            count += 1
    return count


def _insert(table: str, columns: list[str], rows: Iterable[tuple], constants: tuple, prep: list) -> int:
    quote = connection.ops.quote_name
    statement = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(table), ", ".join(quote(c) for c in columns), ", ".join(["%s"] * len(columns))
    )
    count, batch = 0, []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(tuple(f.get_db_prep_save(v, connection) for f, v in zip(prep, row, strict=True)) + constants)
            if len(batch) == SQLITE_BATCH:
                cursor.executemany(statement, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(statement, batch)
            count += len(batch)
    return count
