"""Global reference data easyBacklog had: locales and scoring rules (ids are what clients see)."""

from django.db import migrations

LOCALES = [
    (1, "American English ($)", "en-US", 10),
    (2, "British English (£)", "en-GB", 20),
    (3, "European English (€)", "en-EU", 30),
    (4, "French (€)", "fr-FR", 40),
]

SCORING_RULES = [
    (1, "M", "Modified Fibonacci", "0, 0.5, 1, 2, 3, 5, 8, 13, 20, 21, 40, 60, 100", 1,
     [0, 0.5, 1, 2, 3, 5, 8, 13, 20, 21, 40, 60, 100]),
    (2, "F", "Strict Fibonacci", "0, 1, 2, 3, 5, 8, 13, 21, 34", 2, [0, 1, 2, 3, 5, 8, 13, 21, 34]),
    (3, "A", "Any value", "Any score of 0 or more", 3, []),
]


def load(apps, schema_editor):
    Locale = apps.get_model("accounts", "Locale")
    ScoringRule = apps.get_model("accounts", "ScoringRule")
    for pk, name, code, position in LOCALES:
        Locale.objects.update_or_create(pk=pk, defaults={"name": name, "code": code, "position": position})
    for pk, code, title, description, position, values in SCORING_RULES:
        ScoringRule.objects.update_or_create(
            pk=pk, defaults={"code": code, "title": title, "description": description, "position": position,
                             "values": values}
        )


def reset_sequences(apps, schema_editor):
    # Rows were inserted with explicit ids; PostgreSQL's sequences must move past them.
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    models = [apps.get_model("accounts", "Locale"), apps.get_model("accounts", "ScoringRule")]
    with schema_editor.connection.cursor() as cursor:
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(reset_sequences, migrations.RunPython.noop),
    ]
