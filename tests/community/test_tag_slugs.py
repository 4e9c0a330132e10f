"""Tags whose name slugifies to nothing (emoji, punctuation) never take a page down:
every tag gets a usable slug, a tag without meaning is refused, old bad rows are
repaired, and every page that links tags renders whatever the slug."""

import pytest
from django.core.cache import cache
from django.core.validators import validate_unicode_slug
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from taggit.models import Tag

from jamhub.accounts.roles import Role
from jamhub.accounts.services import grant_role
from jamhub.catalog.models import Album, AlbumStatus, Track
from jamhub.catalog.services import albums as album_services
from jamhub.community import reads
from jamhub.community.models import CommunityTagging
from jamhub.community.services import tags as tag_services
from jamhub.community.services.tags import TagError
from tests.factories import UserFactory

# Emoji, right-to-left scripts, combining marks, controls and NUL; no lone
# surrogates, which neither a form nor a database can carry.
UNICODE_TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60)


def legacy_tag(name: str, slug: str) -> Tag:
    """A tag row as taggit wrote it before the fix (the slug written as is)."""
    tag = Tag.objects.create(name=name)
    Tag.objects.filter(pk=tag.pk).update(slug=slug)
    return Tag.objects.get(pk=tag.pk)


@pytest.fixture
def legacy_bad_tags(album, listener):
    """What listeners and artists left in the database before the fix: an empty
    slug, and taggit's "_1" for the next tag that slugified to nothing."""
    from django.contrib.contenttypes.models import ContentType

    wave, shout = legacy_tag("🌊", ""), legacy_tag("!!!", "_1")
    for tag in (wave, shout):
        CommunityTagging.objects.create(
            tagger=listener,
            tag=tag,
            content_type=ContentType.objects.get_for_model(album),
            object_id=album.pk,
        )
    album.tags.add(legacy_tag("...", "_2"))
    return [wave, shout]


def test_tags_with_an_empty_slug_do_not_take_the_pages_down(
    album, legacy_bad_tags, moderator_client
):
    pages = {
        album.get_absolute_url(): Client(),
        "/en/tags/": Client(),
        "/en/moderation/tags/": moderator_client,
    }

    for url, client in pages.items():
        response = client.get(url)

        assert response.status_code == 200, url
        assert "🌊" in response.content.decode(), url


@pytest.mark.parametrize("slug", ["", "a/b", None])
def test_a_tag_link_without_a_possible_url_is_plain_text(slug):
    template = Template("{% load community %}{% tag_link name slug %}")

    html = template.render(Context({"name": "<b>🌊</b>", "slug": slug}))

    assert html == "<span>&lt;b&gt;🌊&lt;/b&gt;</span>"


def test_an_emoji_tag_given_through_the_page_gets_a_working_tag_page(
    album, listener_client
):
    listener_client.post(f"/en/tags/album/{album.pk}/add/", {"tags": "🌊"})

    tag = Tag.objects.get(name="🌊")
    assert tag.slug.startswith("tag-")
    assert Client().get(album.get_absolute_url()).status_code == 200
    assert Client().get("/en/tags/").status_code == 200
    page = Client().get(f"/en/tags/{tag.slug}/")
    assert page.status_code == 200
    assert album.title in page.content.decode()


def test_the_same_emoji_gets_the_same_tag_and_another_one_its_own(
    album, listener, other_listener
):
    (first,) = tag_services.tag_object(album, by=listener, names=["🌊"])
    (again,) = tag_services.tag_object(album, by=other_listener, names=["🌊"])
    (fire,) = tag_services.tag_object(album, by=listener, names=["🔥"])

    assert again.pk == first.pk
    assert fire.slug not in ("", first.slug)
    assert {row["tag__slug"] for row in reads.community_tags_of(album)} == {
        first.slug,
        fire.slug,
    }


@pytest.mark.parametrize("name", ["!!!", "...", " - ", "'", "¿¡", "$$$"])
def test_a_tag_without_a_letter_digit_or_emoji_is_refused(album, listener, name):
    with pytest.raises(TagError, match="letter, a digit or an emoji"):
        tag_services.tag_object(album, by=listener, names=[name])

    assert not Tag.objects.exists()


def test_the_refusal_reaches_the_listener(album, listener_client):
    response = listener_client.post(
        f"/en/tags/album/{album.pk}/add/", {"tags": "!!!"}, follow=True
    )

    assert response.status_code == 200
    assert "needs a letter, a digit or an emoji" in response.content.decode()
    assert not Tag.objects.exists()


@pytest.mark.parametrize(
    ("name", "slug"),
    [("ロック", "ロック"), ("Ψυχεδέλεια", "ψυχεδέλεια"), ("hip-hop!", "hip-hop")],
)
def test_letters_in_any_script_make_the_slug(album, listener, name, slug):
    (tag,) = tag_services.tag_object(album, by=listener, names=[name])

    assert tag.slug == slug
    assert Client().get(f"/en/tags/{slug}/").status_code == 200


def test_an_artists_emoji_tag_gets_a_slug_too(album):
    album.tags.add("🌊", "✨")

    slugs = set(album.tags.values_list("slug", flat=True))

    assert len(slugs) == 2
    assert all(s.startswith("tag-") for s in slugs)
    assert Client().get(album.get_absolute_url()).status_code == 200


def test_a_tag_named_like_a_tag_route_gets_a_page_of_its_own(album, listener):
    (tag,) = tag_services.tag_object(album, by=listener, names=["autocomplete"])

    page = Client().get(f"/en/tags/{tag.slug}/")

    assert tag.slug != "autocomplete"
    assert page.status_code == 200
    assert album.title in page.content.decode()


def test_a_moderator_cannot_rename_a_tag_to_punctuation(album, listener, moderator):
    (tag,) = tag_services.tag_object(album, by=listener, names=["ambient"])

    with pytest.raises(TagError):
        tag_services.rename_tag(tag, by=moderator, name="...")

    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("ambient", "ambient")


def test_a_moderator_renames_an_emoji_tag_into_words(album, listener, moderator):
    (tag,) = tag_services.tag_object(album, by=listener, names=["🌊"])

    tag_services.rename_tag(tag, by=moderator, name="Ocean")

    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("ocean", "ocean")


def repair() -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("jamhub.community.migrations.0003_repair_tag_slugs")
    migration.repair_tag_slugs(apps, None)


def test_the_migration_repairs_empty_and_suffix_only_slugs(album, legacy_bad_tags):
    good = Tag.objects.create(name="ambient")
    hidden = legacy_tag("autocomplete", "autocomplete")

    repair()

    slugs = dict(Tag.objects.values_list("name", "slug"))
    assert slugs["ambient"] == "ambient" == good.slug
    assert slugs["autocomplete"] == "autocomplete-tag" != hidden.slug
    for name in ("🌊", "!!!", "..."):
        assert slugs[name].startswith("tag-")
    assert len(set(slugs.values())) == len(slugs)
    for slug in slugs.values():
        assert Client().get(f"/en/tags/{slug}/").status_code == 200


def test_the_migration_merges_a_repaired_tag_into_the_one_with_its_slug(
    album, listener, other_listener, moderator
):
    (wave,) = tag_services.tag_object(album, by=listener, names=["🌊"])
    tag_services.tag_object(album, by=other_listener, names=["🌊"])
    album.tags.add(wave)
    old = legacy_tag("🌊 ", "")
    tag_services.ban_tag(old, by=moderator)
    from django.contrib.contenttypes.models import ContentType

    for user in (listener, moderator):
        CommunityTagging.objects.create(
            tagger=user,
            tag=old,
            content_type=ContentType.objects.get_for_model(album),
            object_id=album.pk,
        )
    album.tags.add(old)

    repair()

    assert not Tag.objects.filter(pk=old.pk).exists()
    assert reads.community_tags_of(album) == [
        {"tag__name": "🌊", "tag__slug": wave.slug, "weight": 3}
    ]
    assert list(album.tags.all()) == [wave]
    assert tag_services.is_banned("🌊")


class TagsOverArbitraryUnicode(HypothesisTestCase):
    """Whatever a listener types, tagging either works or is refused with a
    TagError, and every page that shows tags answers 200. hypothesis's Django
    TestCase runs each example in its own transaction, rolled back after it, so
    the examples never see each other's tags."""

    @classmethod
    def setUpTestData(cls) -> None:
        owner = UserFactory()
        artist = album_services.create_artist(name="The Loops", by=owner)
        album = album_services.create_album(
            artist, title="First Light", licence="cc-by-sa-4.0", by=owner
        )
        Album.objects.filter(pk=album.pk).update(
            status=AlbumStatus.PUBLISHED, published_at=timezone.now()
        )
        cls.album = Album.objects.get(pk=album.pk)
        cls.track = Track.objects.create(album=cls.album, number=1, title="Dawn")
        cls.listener = UserFactory()
        cls.moderator = UserFactory()
        grant_role(cls.moderator, role=Role.MODERATOR)

    def setUp(self) -> None:
        cache.clear()  # the rate limits count in the cache, not in the transaction

    @settings(max_examples=50, deadline=None)
    @given(names=st.lists(UNICODE_TEXT, min_size=1, max_size=3))
    def test_tagging_anything_never_takes_a_page_down(self, names):
        cache.clear()
        tags = []
        for target in (self.album, self.track):
            try:
                tags += tag_services.tag_object(target, by=self.listener, names=names)
            except TagError:
                pass
        # The artist's tag field refuses NUL, as every form does (and PostgreSQL
        # cannot store it); the listeners' tag service drops it itself.
        self.album.tags.add(*{n.replace("\x00", "") for n in names} - {""})

        for tag in Tag.objects.all():
            validate_unicode_slug(tag.slug)
        for tag in tags:
            assert tag_services.is_meaningful(tag.name)
            page = self.client.get(reverse("community:tag", args=[tag.slug]))
            assert page.status_code == 200, tag
        pages = [
            self.album.get_absolute_url(),
            self.track.get_absolute_url(),
            reverse("community:tag-cloud"),
        ]
        for url in pages:
            assert self.client.get(url).status_code == 200, url
        self.client.force_login(self.moderator)
        assert self.client.get(reverse("community:tag-moderation")).status_code == 200
