"""Give every existing tag a usable slug.

Before the slug rule (jamhub.core.text.tag_slug), a tag such as 🌊, "!!!" or "..."
got an empty slug from taggit, the next one "_1", "_2"..., and a tag named
"autocomplete" a page hidden by the autocomplete route; every page linking the
empty one answered 500. Each such tag gets the slug the rule gives its name; when
another tag has that slug already, the two are the same tag and are merged (the
taggings move, duplicates are dropped), as the moderators' merge does.
"""

import re

from django.db import migrations, models

from jamhub.core.text import RESERVED_TAG_SLUGS, tag_slug

_USABLE_SLUG = re.compile(r"[-\w]+")
# What taggit wrote for the second, third... tag whose slug came out empty.
_SUFFIX_ONLY = re.compile(r"_\d+")


def _is_bad(slug: str) -> bool:
    return (
        not _USABLE_SLUG.fullmatch(slug)
        or bool(_SUFFIX_ONLY.fullmatch(slug))
        or slug in RESERVED_TAG_SLUGS
    )


def _merge(tag_model, source, into) -> None:  # type: ignore[no-untyped-def]
    """Move every row pointing at `source` to `into`, dropping those that would be
    duplicates (equal on every column but the id, the tag and timestamps)."""
    for relation in tag_model._meta.related_objects:
        if not relation.one_to_many:
            continue
        model, tag_field = relation.related_model, relation.field.name
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if not f.primary_key
            and f.name != tag_field
            and not isinstance(f, models.DateTimeField)
        ]
        kept = set(
            model._default_manager.filter(**{tag_field: into}).values_list(*fields)
        )
        for row in model._default_manager.filter(**{tag_field: source}):
            identity = tuple(getattr(row, f) for f in fields)
            if identity in kept:
                row.delete()
            else:
                model._default_manager.filter(pk=row.pk).update(**{tag_field: into})
                kept.add(identity)
    source.delete()


def repair_tag_slugs(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    tag_model = apps.get_model("taggit", "Tag")
    banned_model = apps.get_model("community", "BannedTag")
    for tag in tag_model.objects.order_by("pk"):
        if not _is_bad(tag.slug):
            continue
        slug = tag_slug(tag.name)
        # A ban is kept by slug: it follows its tag to the new one.
        if not banned_model.objects.filter(slug=slug).exists():
            banned_model.objects.filter(slug=tag.slug, name=tag.name).update(slug=slug)
        keeper = tag_model.objects.exclude(pk=tag.pk).filter(slug=slug).first()
        if keeper is not None:
            _merge(tag_model, tag, keeper)
        else:
            tag_model.objects.filter(pk=tag.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0002_favourites_playlists_history"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",
        ),
        # The magazine's tags point at taggit's Tag too: its through model must be
        # known here for a merge to move its rows.
        ("editorial", "0002_block_labels"),
    ]

    operations = [
        migrations.RunPython(repair_tag_slugs, migrations.RunPython.noop),
    ]
