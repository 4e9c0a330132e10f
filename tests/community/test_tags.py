"""Community tags: who tagged, weights, tag pages, autocomplete, and moderation."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.test import Client
from taggit.models import Tag, TaggedItem

from jamhub.catalog.models import Album
from jamhub.community import reads
from jamhub.community.models import BannedTag, CommunityTagging
from jamhub.community.services import tags as tag_services
from jamhub.community.services.tags import TagError
from tests.factories import UserFactory


def weights(obj) -> dict[str, int]:
    return {row["tag__name"]: row["weight"] for row in reads.community_tags_of(obj)}


def test_a_listener_tags_an_album_through_the_page(album, listener, listener_client):
    response = listener_client.post(
        f"/en/tags/album/{album.pk}/add/", {"tags": "Ambient, dark  drone"}
    )

    assert response.status_code == 302
    assert weights(album) == {"ambient": 1, "dark drone": 1}
    tagging = CommunityTagging.objects.first()
    assert tagging.tagger == listener
    page = listener_client.get(album.get_absolute_url()).content.decode()
    assert 'href="/en/tags/ambient/"' in page


def test_spaces_do_not_split_a_tag_only_commas_do(album, listener_client):
    """The field says "separate tags with commas": "late night" is one tag."""
    listener_client.post(
        f"/en/tags/album/{album.pk}/add/", {"tags": 'late night, "field recordings"'}
    )

    assert weights(album) == {"late night": 1, "field recordings": 1}


def test_a_tags_weight_is_its_number_of_distinct_taggers(album, listener):
    others = [UserFactory() for _ in range(2)]
    for user in (listener, *others):
        tag_services.tag_object(album, by=user, names=["ambient"])
    tag_services.tag_object(album, by=listener, names=["ambient", "drone"])
    tag_services.tag_object(album, by=listener, names=["drone"])

    assert weights(album) == {"ambient": 3, "drone": 1}
    assert CommunityTagging.objects.count() == 4


def test_the_database_keeps_one_tagging_per_tagger_object_and_tag(album, listener):
    tag = Tag.objects.create(name="ambient")
    fields = {
        "tagger": listener,
        "tag": tag,
        "content_type": ContentType.objects.get_for_model(Album),
        "object_id": album.pk,
    }
    CommunityTagging.objects.create(**fields)

    with pytest.raises(IntegrityError), transaction.atomic():
        CommunityTagging.objects.create(**fields)


def test_tracks_are_tagged_too(track, listener, listener_client):
    listener_client.post(f"/en/tags/track/{track.pk}/add/", {"tags": "sunrise"})

    page = Client().get("/en/tags/sunrise/").content.decode()
    assert weights(track) == {"sunrise": 1}
    assert "Tracks tagged by listeners" in page
    assert track.get_absolute_url() in page


def test_tagging_needs_a_published_album_and_a_signed_in_account(make_album, album):
    draft = make_album("Draft", status="draft")

    with pytest.raises(TagError):
        tag_services.tag_object(draft, by=UserFactory(), names=["x"])
    response = Client().post(f"/en/tags/album/{album.pk}/add/", {"tags": "x"})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not CommunityTagging.objects.exists()


def test_a_listener_removes_only_their_own_tag(
    album, listener, other_listener, other_client
):
    tag_services.tag_object(album, by=listener, names=["ambient"])
    tag_services.tag_object(album, by=other_listener, names=["ambient"])

    other_client.post(f"/en/tags/album/{album.pk}/remove/", {"tag": "ambient"})

    assert list(CommunityTagging.objects.values_list("tagger", flat=True)) == [
        listener.pk
    ]


def test_a_tag_page_starts_its_radio(album, listener):
    tag_services.tag_object(album, by=listener, names=["dub"])

    page = Client().get("/en/tags/dub/").content.decode()

    assert '<a class="button" href="/en/radios/tag/dub/">Radio: dub</a>' in page


def test_the_tag_page_orders_albums_by_weight_and_shows_artist_tags_apart(
    make_album, listener, other_listener
):
    light, heavy, artist_only = (make_album(t) for t in ("Light", "Heavy", "Own"))
    tag_services.tag_object(light, by=listener, names=["ambient"])
    for user in (listener, other_listener):
        tag_services.tag_object(heavy, by=user, names=["ambient"])
    artist_only.tags.add("ambient")

    page = Client().get("/en/tags/ambient/").content.decode()
    listeners_part, artists_part = page.split("Albums the artists tagged")

    def card(title: str) -> str:
        return f'<span class="album-card__title">{title}</span>'

    assert listeners_part.index(card("Heavy")) < listeners_part.index(card("Light"))
    assert "2 listeners" in listeners_part
    assert card("Own") not in listeners_part
    assert card("Own") in artists_part


def test_the_tag_cloud_lists_listener_and_artist_tags(album, listener):
    tag_services.tag_object(album, by=listener, names=["ambient"])
    album.tags.add("electronic")

    page = Client().get("/en/tags/").content.decode()

    assert 'href="/en/tags/ambient/"' in page
    assert 'href="/en/tags/electronic/"' in page


def test_autocomplete_suggests_tags_by_prefix(album, listener):
    tag_services.tag_object(
        album, by=listener, names=["ambient", "dark ambient", "dub"]
    )

    response = Client().get("/en/tags/autocomplete/", {"q": "amb"})

    assert response.status_code == 200
    names = [t["name"] for t in response.json()["tags"]]
    assert names[0] == "ambient"
    assert set(names) == {"ambient", "dark ambient"}
    assert Client().get("/en/tags/autocomplete/", {"q": ""}).json() == {"tags": []}


def test_merging_moves_every_tagging_without_duplicates(
    make_album, listener, other_listener, moderator
):
    first, second = make_album("One"), make_album("Two")
    tag_services.tag_object(first, by=listener, names=["electronica", "electronic"])
    tag_services.tag_object(first, by=other_listener, names=["electronica"])
    tag_services.tag_object(second, by=listener, names=["electronica"])
    first.tags.add("electronica", "electronic")
    second.tags.add("electronica")
    source = Tag.objects.get(name="electronica")
    target = Tag.objects.get(name="electronic")

    tag_services.merge_tags(source, into=target, by=moderator)

    assert not Tag.objects.filter(pk=source.pk).exists()
    assert weights(first) == {"electronic": 2}
    assert weights(second) == {"electronic": 1}
    assert CommunityTagging.objects.count() == 3
    assert set(first.tags.names()) == {"electronic"}
    assert set(second.tags.names()) == {"electronic"}
    assert TaggedItem.objects.filter(tag=target).count() == 2


def test_a_moderator_merges_through_the_page(album, listener, moderator_client):
    tag_services.tag_object(album, by=listener, names=["electronica", "electronic"])
    source = Tag.objects.get(name="electronica")

    response = moderator_client.post(
        f"/en/moderation/tags/{source.pk}/merge/", {"into": "electronic"}
    )

    assert response.status_code == 302
    assert weights(album) == {"electronic": 1}


def test_a_moderator_renames_a_tag(album, listener, moderator_client):
    tag_services.tag_object(album, by=listener, names=["ambiant"])
    tag = Tag.objects.get(name="ambiant")

    moderator_client.post(f"/en/moderation/tags/{tag.pk}/rename/", {"name": "Ambient"})

    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("ambient", "ambient")
    assert Client().get("/en/tags/ambient/").status_code == 200


def test_renaming_onto_an_existing_tag_is_refused(album, listener, moderator):
    tag_services.tag_object(album, by=listener, names=["ambiant", "ambient"])

    with pytest.raises(TagError):
        tag_services.rename_tag(
            Tag.objects.get(name="ambiant"), by=moderator, name="Ambient"
        )


def test_a_banned_tag_is_removed_and_cannot_be_applied_again(
    album, listener, listener_client, moderator_client
):
    tag_services.tag_object(album, by=listener, names=["slur", "ambient"])
    tag = Tag.objects.get(name="slur")

    moderator_client.post(f"/en/moderation/tags/{tag.pk}/ban/", {"reason": "Hateful"})
    response = listener_client.post(
        f"/en/tags/album/{album.pk}/add/", {"tags": "Slur"}, follow=True
    )

    assert BannedTag.objects.filter(slug="slur").exists()
    assert weights(album) == {"ambient": 1}
    assert "These tags are not allowed: slur." in response.content.decode()
    with pytest.raises(TagError):
        tag_services.tag_object(album, by=listener, names=["SLUR"])
    assert Client().get("/en/tags/slur/").status_code == 404
    assert Client().get("/en/tags/autocomplete/", {"q": "slu"}).json() == {"tags": []}


def test_only_moderators_rename_merge_and_ban(
    album, listener, listener_client, owner_client
):
    tag_services.tag_object(album, by=listener, names=["one", "two"])
    one, two = Tag.objects.get(name="one"), Tag.objects.get(name="two")

    for client in (listener_client, owner_client):
        assert client.get("/en/moderation/tags/").status_code == 403
        assert (
            client.post(f"/en/moderation/tags/{one.pk}/rename/", {"name": "x"})
        ).status_code == 403
        assert (
            client.post(f"/en/moderation/tags/{one.pk}/merge/", {"into": "two"})
        ).status_code == 403
        assert client.post(f"/en/moderation/tags/{one.pk}/ban/").status_code == 403
    for service, kwargs in (
        (tag_services.rename_tag, {"name": "x"}),
        (tag_services.merge_tags, {"into": two}),
        (tag_services.ban_tag, {}),
    ):
        with pytest.raises(PermissionDenied):
            service(one, by=listener, **kwargs)
    assert set(Tag.objects.values_list("name", flat=True)) == {"one", "two"}
    assert not BannedTag.objects.exists()


def test_the_moderators_tag_page_lists_uses(album, listener, moderator_client):
    tag_services.tag_object(album, by=listener, names=["ambient"])

    page = moderator_client.get("/en/moderation/tags/?q=amb").content.decode()

    assert "Moderate tags" in page
    assert "ambient" in page


def test_the_moderators_tag_table_scrolls_inside_its_box_on_a_phone(
    album, listener, moderator_client
):
    # Four columns with "Rename, merge or ban" are wider than a 390 px phone: the
    # table scrolls in its own box instead of widening the whole page.
    tag_services.tag_object(album, by=listener, names=["ambient"])

    page = moderator_client.get("/en/moderation/tags/").content.decode()

    assert '<div class="table-scroll">\n    <table class="table">' in page


def test_the_track_page_shows_its_tags_and_the_tag_field(
    track, listener, listener_client
):
    tag_services.tag_object(track, by=listener, names=["sunrise"])

    page = listener_client.get(track.get_absolute_url()).content.decode()

    assert 'href="/en/tags/sunrise/"' in page
    assert f'action="/en/tags/track/{track.pk}/add/"' in page
    assert "data-tag-autocomplete" in page
    assert "/static/js/community.js" in page
