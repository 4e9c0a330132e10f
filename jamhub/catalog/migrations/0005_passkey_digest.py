"""Passkey.digest: the tracker's /stats names passkeys by their SHA-256 digest."""

from django.db import migrations, models

from seeder.tracker.protocol import passkey_digest


def fill_digests(apps, schema_editor):  # type: ignore[no-untyped-def]
    Passkey = apps.get_model("catalog", "Passkey")
    passkeys = list(Passkey.objects.only("key"))
    for passkey in passkeys:
        passkey.digest = passkey_digest(passkey.key)
    Passkey.objects.bulk_update(passkeys, ["digest"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_upload_checks_loudness_decisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="passkey",
            name="digest",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(fill_digests, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="passkey",
            name="digest",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
