"""The roles as groups. The editor group gets the page and collection rights of Wagtail's own
"Editors" group; editors and administrators may open the Wagtail admin."""

from django.db import migrations

ROLES = ["coordinator", "coach", "regional_staff", "editor", "administrator"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}

    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for name in ("editor", "administrator"):
        groups[name].permissions.add(*access_admin)

    wagtail_editors = Group.objects.filter(name="Editors").first()
    if wagtail_editors is not None:
        editor = groups["editor"]
        editor.permissions.add(*wagtail_editors.permissions.all())
        for row in GroupPagePermission.objects.filter(group=wagtail_editors):
            GroupPagePermission.objects.get_or_create(group=editor, page_id=row.page_id, permission_id=row.permission_id)
        for row in GroupCollectionPermission.objects.filter(group=wagtail_editors):
            GroupCollectionPermission.objects.get_or_create(
                group=editor, collection_id=row.collection_id, permission_id=row.permission_id
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
