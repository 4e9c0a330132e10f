"""Being named in a fan club's lists becomes opt-in: every existing fan starts
unlisted (is_listed=False), whatever is_hidden said, until they switch it on."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("fanclubs", "0001_initial"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="fan",
            name="is_hidden",
        ),
        # The default fills every existing row: nobody is listed without asking.
        migrations.AddField(
            model_name="fan",
            name="is_listed",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Your name in the fan club's list of fans and among its most "
                    "active fans. Off unless you switch it on."
                ),
                verbose_name="show me in the fan club's lists",
            ),
        ),
    ]
