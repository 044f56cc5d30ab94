"""The newsroom's two groups (docs/editors.md).

- Editor: imports, edits and links reports and what they name, sends them to
  review; cannot publish or withdraw.
- Chief editor: everything an editor can, and publishes, withdraws and deletes.
"""

from django.db import migrations

EDITABLE = [
    "article", "appearance", "quote", "person", "policeunit", "unitalias", "operation",
    "outlet", "story", "correction",
]
READ_ONLY = ["region", "election", "archivestate"]
INLINE_ROWS = ["appearance", "quote", "unitalias", "correction"]


def codenames_for_editor():
    codes = {f"{action}_{model}" for model in EDITABLE for action in ("view", "add", "change")}
    codes |= {f"view_{model}" for model in READ_ONLY}
    codes |= {f"delete_{model}" for model in INLINE_ROWS}
    codes.add("import_articles")
    return codes


def codenames_for_chief():
    return codenames_for_editor() | {"publish_article"} | {
        f"delete_{model}" for model in EDITABLE
    }


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in (("Editor", codenames_for_editor()), ("Chief editor", codenames_for_chief())):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="reports", codename__in=codes)
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Chief editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_editorial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
