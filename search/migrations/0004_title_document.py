"""PostgreSQL: a title-only tsvector for suggestions, so that a prefix is looked up
among titles in the index rather than rechecked row by row for weight A."""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite's FTS5 table filters the title column itself
    schema_editor.execute(
        "ALTER TABLE search_album ADD COLUMN title_document tsvector GENERATED "
        "ALWAYS AS (to_tsvector('simple', search_title)) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX search_album_title_document ON search_album "
        "USING gin (title_document)"
    )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_album DROP COLUMN title_document")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_artist_count")]

    operations = [migrations.RunPython(create, drop)]
