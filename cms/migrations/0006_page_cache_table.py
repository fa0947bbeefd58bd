"""Creates the page cache's database table (``CACHES["pages"]`` with PAGE_CACHE_URL empty,
cms.pagecache) as part of migrate, on databases made before it existed. ``createcachetable``
makes every database cache's table that is missing and leaves the others alone; it does
nothing for a page cache in Redis."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("cms", "0005_rate_limit_counter")]
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
