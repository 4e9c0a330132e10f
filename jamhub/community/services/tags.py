"""Community tags: listeners tag albums and tracks; moderators rename, merge, ban."""

import re
import unicodedata

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from taggit.models import Tag

from jamhub.accounts.models import User
from jamhub.catalog.models import Album, Track
from jamhub.catalog.services.access import require_moderator
from jamhub.community.models import BannedTag, CommunityTagging
from jamhub.community.services.ratelimit import check_rate
from jamhub.core.text import has_letter_digit_or_symbol, tag_slug

TAG_MAX_LENGTH = 50
TAGS_PER_REQUEST = 10


class TagError(Exception):
    """A tag action that is not allowed; the message says why."""


def normalise_tag_name(name: str) -> str:
    """Lowercase, one space between words, no commas, quotes or control
    characters."""
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cs"))
    name = re.sub(r"\s+", " ", name.replace(",", " ").replace('"', " ")).strip()
    return name.lower()[:TAG_MAX_LENGTH].strip()


def is_meaningful(name: str) -> bool:
    """Whether a tag name can be a tag. Emoji-only tags are kept (with a stable
    `tag-<hash>` slug): listeners use 🌊 or 🔥 as words and mean something by them,
    and transliterating them ("ocean") would silently mix them with the word tags.
    Punctuation or symbols of no meaning ("!!!", "...", "$$$") are refused."""
    return has_letter_digit_or_symbol(name)


def _refuse_meaningless(names: list[str]) -> None:
    meaningless = [n for n in names if not is_meaningful(n)]
    if meaningless:
        raise TagError(
            ngettext(
                "A tag needs a letter, a digit or an emoji: %(tags)s has none.",
                "A tag needs a letter, a digit or an emoji: %(tags)s have none.",
                len(meaningless),
            )
            % {"tags": ", ".join(f"“{n}”" for n in meaningless)}
        )


def is_banned(name: str) -> bool:
    return BannedTag.objects.filter(slug=tag_slug(name)).exists()


def parse_tag_input(text: str) -> list[str]:
    """The tag names typed in a tag field, separated by commas (or new lines) only,
    as the field says: "late night" is one tag, as on every music site, not taggit's
    two. Quotes around a name are dropped."""
    parts = re.split(r"[,\n]", text or "")
    names = [
        normalise_tag_name(part.strip().strip("\"'“”«»").strip()) for part in parts
    ]
    return list(dict.fromkeys(n for n in names if n))


def _album_of(obj: Album | Track) -> Album:
    return obj.album if isinstance(obj, Track) else obj


def _tag_named(name: str) -> Tag:
    tag = (
        Tag.objects.filter(name__iexact=name).first()
        or Tag.objects.filter(slug=tag_slug(name)).first()
    )
    return tag or Tag.objects.create(name=name)


@transaction.atomic
def tag_object(obj: Album | Track, *, by: User, names: list[str]) -> list[Tag]:
    """Put the listener's tags on a published album or one of its tracks; a tag they
    gave already is kept once. Banned tags are refused."""
    if not isinstance(obj, Album | Track):
        raise TagError(_("Only albums and tracks can be tagged."))
    if not _album_of(obj).is_public:
        raise TagError(_("Only published albums and their tracks can be tagged."))
    names = [n for n in (normalise_tag_name(n) for n in names) if n]
    names = list(dict.fromkeys(names))
    if not names:
        raise TagError(_("Type at least one tag."))
    if len(names) > TAGS_PER_REQUEST:
        raise TagError(_("At most 10 tags at a time."))
    _refuse_meaningless(names)
    banned = [n for n in names if is_banned(n)]
    if banned:
        raise TagError(
            _("These tags are not allowed: %(tags)s.") % {"tags": ", ".join(banned)}
        )
    check_rate(by, "tag")
    content_type = ContentType.objects.get_for_model(obj)
    tags = []
    for name in names:
        tag = _tag_named(name)
        CommunityTagging.objects.get_or_create(
            tagger=by, content_type=content_type, object_id=obj.pk, tag=tag
        )
        tags.append(tag)
    _reindex(obj)
    return tags


def _reindex(obj: Album | Track) -> None:
    """Listeners' tags are searched like the artist's: the album's search entry
    follows them at once."""
    from search.tasks import index_album_task

    index_album_task.delay_on_commit(_album_of(obj).pk)


@transaction.atomic
def untag_object(obj: Album | Track, *, by: User, tag: Tag) -> bool:
    """Take back one's own tag; return whether there was one."""
    deleted, _rows = (
        CommunityTagging.objects.on(obj).filter(tagger=by, tag=tag).delete()
    )
    if deleted:
        _reindex(obj)
    return bool(deleted)


@transaction.atomic
def rename_tag(tag: Tag, *, by: User, name: str) -> Tag:
    """Give a tag a new name and slug everywhere (moderators); a name another tag has
    already is refused: merge instead."""
    require_moderator(by)
    name = normalise_tag_name(name)
    if not name:
        raise TagError(_("Type the new name."))
    _refuse_meaningless([name])
    if is_banned(name):
        raise TagError(_("This name is banned."))
    slug = tag_slug(name)
    if Tag.objects.exclude(pk=tag.pk).filter(
        models.Q(name__iexact=name) | models.Q(slug=slug)
    ):
        raise TagError(_("Another tag has this name: merge the two instead."))
    tag.name, tag.slug = name, slug
    try:
        with transaction.atomic():
            tag.save(update_fields=["name", "slug"])
    except IntegrityError as exc:
        raise TagError(_("Another tag has this name: merge the two instead.")) from exc
    return tag


def _identity_fields(model: type[models.Model], tag_field: str) -> list[str]:
    """The columns that say what a tagging is about (all but its id, its tag and its
    timestamps): two rows equal on these are duplicates once they share a tag."""
    return [
        f.attname
        for f in model._meta.concrete_fields
        if not f.primary_key
        and f.name != tag_field
        and not isinstance(f, models.DateTimeField)
    ]


@transaction.atomic
def merge_tags(source: Tag, *, into: Tag, by: User) -> Tag:
    """Move every tagging of `source` (community, artist and editorial ones) to
    `into`, dropping those that would be duplicates, then delete `source`."""
    require_moderator(by)
    if source.pk == into.pk:
        raise TagError(_("A tag cannot be merged into itself."))
    for relation in Tag._meta.related_objects:
        if not relation.one_to_many:
            continue
        model, tag_field = relation.related_model, relation.field.name
        fields = _identity_fields(model, tag_field)
        kept = {
            tuple(row)
            for row in model._default_manager.filter(**{tag_field: into}).values_list(
                *fields
            )
        }
        for row in model._default_manager.filter(**{tag_field: source}):
            identity = tuple(getattr(row, f) for f in fields)
            if identity in kept:
                row.delete()
            else:
                model._default_manager.filter(pk=row.pk).update(**{tag_field: into})
                kept.add(identity)
    source.delete()
    return into


@transaction.atomic
def ban_tag(tag: Tag, *, by: User, reason: str = "") -> BannedTag:
    """Forbid a tag (moderators): listeners' taggings with it are removed and it
    cannot be applied again. The artist's own tags are left to the artist."""
    require_moderator(by)
    banned, _created = BannedTag.objects.update_or_create(
        slug=tag.slug, defaults={"name": tag.name, "reason": reason, "banned_by": by}
    )
    CommunityTagging.objects.filter(tag=tag).delete()
    return banned


@transaction.atomic
def unban_tag(banned: BannedTag, *, by: User) -> None:
    """Allow a banned tag again (moderators)."""
    require_moderator(by)
    banned.delete()
