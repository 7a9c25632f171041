"""The board reads each column as the head of one index range, and takes its totals from counts
that database triggers keep (backlogs.tickets.board_counts)."""

import django.db.models.deletion
from django.db import migrations, models

from backlogs.tickets import board_counts


def counts_install(apps, schema_editor):
    board_counts.install(schema_editor.connection)


def counts_uninstall(apps, schema_editor):
    board_counts.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('backlogs', '0003_merge_0002_planning_0002_tickets'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(fields=['account', 'status', '-priority', 'position', 'id'], name='ticket_board_order'),
        ),
        # The board index starts with (account, status): the old two-column index only cost writes.
        migrations.RemoveIndex(
            model_name='ticket',
            name='backlogs_ti_account_f91a3b_idx',
        ),
        migrations.CreateModel(
            name='TicketStatusCount',
            fields=[
                ('status', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='ticket_count', serialize=False, to='backlogs.ticketstatus')),
                ('tickets', models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(counts_install, counts_uninstall),
    ]
