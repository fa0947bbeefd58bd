"""Creates the database cache table (rate limits, TOTP replay markers) as part of migrate, so
no deployment forgets ``createcachetable``. It does nothing for caches of other kinds."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("people", "0003_regions_and_postcodes")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
