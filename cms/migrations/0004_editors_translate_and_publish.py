"""Editors translate pages in the admin and publish them.

The editor group (people.0002_roles) has Wagtail's "Editors" rights: add and edit pages, no
publishing. It now also gets simple_translation's "submit_translation" (the "Translate" button
and view) and "publish" on the root page, so that an editor puts a page and its French and
English versions live without waiting for an administrator.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "editor"


def _permissions(apps, using):
    # Django creates an app's permissions after the whole migrate run: make simple_translation's
    # now, as wagtailcore's own 0086 does for the page permissions.
    app_config = apps.get_app_config("simple_translation")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    translate = Permission.objects.get(
        content_type__app_label="simple_translation", codename="submit_translation"
    )
    publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
    return translate, publish


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    editor = Group.objects.filter(name=EDITOR).first()
    root = Page.objects.filter(depth=1).order_by("path").first()
    if editor is None or root is None:
        return
    translate, publish = _permissions(apps, schema_editor.connection.alias)
    editor.permissions.add(translate)
    GroupPagePermission.objects.get_or_create(group=editor, page=root, permission=publish)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    editor = Group.objects.filter(name=EDITOR).first()
    if editor is None:
        return
    editor.permissions.remove(
        *Permission.objects.filter(
            content_type__app_label="simple_translation", codename="submit_translation"
        )
    )
    GroupPagePermission.objects.filter(
        group=editor,
        page__depth=1,
        permission__content_type__app_label="wagtailcore",
        permission__codename="publish_page",
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_front_door_settings"),
        ("people", "0002_roles"),
        ("simple_translation", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
