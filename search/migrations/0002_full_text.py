"""Full-text structures of the database backend, per database engine."""

from django.db import migrations

_ALBUM_COLUMNS = (
    "search_title",
    "search_artist",
    "search_tags",
    "search_tracks",
    "search_description",
)


def _sqlite_fts(table: str, columns: tuple[str, ...], key: str) -> list[str]:
    """An external-content FTS5 table kept in step with table by triggers. The
    names come from this module's constants, never from input."""
    fts = f"{table}_fts"
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.{key}, {new});"  # noqa: S608
    delete = (
        f"INSERT INTO {fts}({fts}, rowid, {names}) "  # noqa: S608
        f"VALUES ('delete', old.{key}, {old});"
    )
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', "
        f"content_rowid='{key}', tokenize='unicode61 remove_diacritics 2', "
        "prefix='2 3')",
        f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {table}_au AFTER UPDATE ON {table} "
        f"BEGIN {delete} {insert} END",
    ]


_POSTGRESQL = [
    "ALTER TABLE search_album ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', search_title), 'A') || "
    "setweight(to_tsvector('simple', search_artist), 'B') || "
    "setweight(to_tsvector('simple', search_tags), 'B') || "
    "setweight(to_tsvector('simple', search_tracks), 'C') || "
    "setweight(to_tsvector('simple', search_description), 'D')) STORED",
    "CREATE INDEX search_album_document ON search_album USING gin (document)",
    "ALTER TABLE search_artist ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    "to_tsvector('simple', search_name)) STORED",
    "CREATE INDEX search_artist_document ON search_artist USING gin (document)",
]


def _statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return _sqlite_fts("search_album", _ALBUM_COLUMNS, "album_id") + _sqlite_fts(
            "search_artist", ("search_name",), "artist_id"
        )
    if vendor == "postgresql":
        return _POSTGRESQL
    raise RuntimeError(f"The database search backend does not support {vendor}.")


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    for statement in _statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        for table in ("search_album", "search_artist"):
            for suffix in ("ai", "ad", "au"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}_fts")
    else:
        for table in ("search_album", "search_artist"):
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN document")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
