"""An album's path: draft -> processing -> review or publication, and back."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from jamhub.catalog.models import (
    Album,
    AlbumStatus,
    Original,
    OriginalStatus,
    Rendition,
    Track,
)
from jamhub.catalog.services import albums as album_services
from jamhub.catalog.services.albums import WorkflowError
from jamhub.catalog.services.ingest import ingest_album
from tests.media import truncate

TRUNCATED = "Part of this recording is missing"


def set_status(album: Album, status: str) -> Album:
    Album.objects.filter(pk=album.pk).update(status=status)
    return Album.objects.get(pk=album.pk)


def page_text(response) -> str:
    return response.content.decode()


def test_submit_moves_a_draft_to_processing_and_queues_the_ingest(
    album, upload, audio_file, owner_client, django_capture_on_commit_callbacks
):
    # given
    upload(album, audio_file("a.flac", title="Dawn"))

    # when
    with django_capture_on_commit_callbacks() as callbacks:
        response = owner_client.post(f"/en/studio/albums/{album.pk}/submit/")

    # then
    assert response.status_code == 302
    assert response["Location"] == f"/en/studio/albums/{album.pk}/"
    album.refresh_from_db()
    assert album.status == AlbumStatus.PROCESSING
    assert album.submitted_at is not None
    assert len(callbacks) == 1  # the ingest task, queued after commit
    progress = owner_client.get(f"/en/studio/albums/{album.pk}/progress/").json()
    assert progress["status"] == "processing"
    assert progress["total"] == 1
    assert progress["done"] == 0


def test_submit_without_a_track_is_refused_with_a_message(album, owner_client):
    # when
    response = owner_client.post(f"/en/studio/albums/{album.pk}/submit/", follow=True)

    # then
    assert "Add at least one track before submitting." in page_text(response)
    album.refresh_from_db()
    assert album.status == AlbumStatus.DRAFT
    with pytest.raises(WorkflowError, match="at least one track"):
        album_services.submit_album(album, by=album.created_by)


def test_submit_is_refused_while_the_album_waits_for_review(
    album, upload, audio_file, owner_client
):
    # given
    upload(album, audio_file("a.mp3"))
    album = set_status(album, AlbumStatus.PENDING_REVIEW)

    # when
    response = owner_client.post(f"/en/studio/albums/{album.pk}/submit/", follow=True)

    # then
    assert "This album cannot be changed while it is waiting for review." in page_text(
        response
    )
    assert Album.objects.get(pk=album.pk).status == AlbumStatus.PENDING_REVIEW
    with pytest.raises(WorkflowError, match="cannot be changed"):
        album_services.submit_album(album, by=album.created_by)


def test_ingest_moves_a_processing_album_to_review(
    album, upload, audio_file, submit, owner_client
):
    # given
    upload(album, audio_file("a.flac", title="Dawn"))

    # when
    album = submit(album)

    # then
    assert album.status == AlbumStatus.PENDING_REVIEW
    assert album.published_at is None
    progress = owner_client.get(f"/en/studio/albums/{album.pk}/progress/").json()
    assert progress["status"] == "pending_review"
    assert progress["done"] == progress["total"] == 1
    assert progress["tracks"][0]["state"] == "ready"
    assert mail.outbox == []  # nothing to tell the artist yet


def test_a_trusted_artists_album_is_published_without_review(
    album, artist, owner, upload, audio_file, submit, moderator_client
):
    # given a moderator trusts the artist
    response = moderator_client.post(
        f"/en/moderation/artists/{artist.slug}/trust/", {"trusted": "1"}
    )
    assert response.status_code == 302
    artist.refresh_from_db()
    assert artist.is_trusted
    upload(album, audio_file("a.mp3", title="Dawn"))

    # when
    album = submit(album)

    # then
    assert album.status == AlbumStatus.PUBLISHED
    assert album.published_at is not None
    assert album.reviewed_by is None
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "is published" in mail.outbox[0].subject
    assert album.archives.count() == 2  # mp3 and ogg zips built after commit


def test_a_truncated_mp3_sends_the_album_back_to_draft_naming_the_track(
    album, owner, upload, audio_file, submit, owner_client
):
    # given a good MP3, then one cut in half (accepted at upload: it probes fine)
    assert upload(album, audio_file("1.mp3", title="Good")).status_code == 200
    broken = truncate(audio_file("2.mp3", title="Broken"), 0.5)
    response = upload(album, broken)
    assert response.status_code == 200, response.json()

    # when
    album = submit(album)

    # then the album is a draft again, with a reason naming the track
    assert album.status == AlbumStatus.DRAFT
    assert album.status_reason == "02. Broken"
    assert "01. Good" not in album.status_reason
    good, bad = album.tracks.order_by("number")
    assert good.state == "ready"
    assert bad.state == "failed"
    assert bad.error == "truncated"
    assert TRUNCATED in bad.error_message
    assert bad.original.status == OriginalStatus.REJECTED
    # the good track keeps its renditions, the bad one has none
    assert sorted(good.renditions.values_list("format", flat=True)) == ["mp3", "ogg"]
    for rendition in good.renditions.all():
        assert (Path(settings.MEDIA_ROOT) / rendition.path).is_file()
    assert not bad.renditions.exists()
    # the artist is told by email, with the reason and the way back
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.email]
    assert message.subject == '[JamHub] "First Light" needs your attention'
    assert f"02. Broken: {TRUNCATED}" in message.body
    assert f"{settings.SITE_URL}/en/studio/albums/{album.pk}/" in message.body
    # and the manage page shows the reason and lets them edit again
    page = page_text(owner_client.get(f"/en/studio/albums/{album.pk}/"))
    assert "02. Broken: Part of this recording is missing" in page
    assert "Submit for publication" in page


def test_removing_the_failed_track_and_resubmitting_reaches_review(
    album, upload, audio_file, submit, owner_client
):
    # given an album sent back because of its second track
    upload(album, audio_file("1.mp3", title="Good"))
    upload(album, truncate(audio_file("2.mp3", title="Broken"), 0.5))
    album = submit(album)
    assert album.status == AlbumStatus.DRAFT
    bad = album.tracks.get(number=2)

    # when
    owner_client.post(f"/en/studio/albums/{album.pk}/tracks/{bad.pk}/delete/")
    album = submit(album)

    # then
    assert album.status == AlbumStatus.PENDING_REVIEW
    assert album.status_reason == ""
    assert list(album.tracks.values_list("title", flat=True)) == ["Good"]


def test_the_queue_says_an_album_was_submitted_just_now(
    pending_album, moderator_client
):
    """Not "0 minutes": a fresh submission reads as now, an older one as ago."""
    Album.objects.filter(pk=pending_album.pk).update(submitted_at=timezone.now())
    assert "0 minutes" not in page_text(moderator_client.get("/en/moderation/"))
    assert "now" in page_text(moderator_client.get("/en/moderation/"))

    earlier = timezone.now() - datetime.timedelta(hours=3)
    Album.objects.filter(pk=pending_album.pk).update(submitted_at=earlier)
    assert "3\xa0hours ago" in page_text(moderator_client.get("/en/moderation/"))


def test_a_moderator_approves_an_album_waiting_for_review(
    pending_album,
    owner,
    moderator,
    moderator_client,
    django_capture_on_commit_callbacks,
):
    # given
    queue = page_text(moderator_client.get("/en/moderation/"))
    assert "First Light" in queue

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            f"/en/moderation/albums/{pending_album.pk}/", {"action": "approve"}
        )

    # then
    assert response.status_code == 302
    assert response["Location"] == "/en/moderation/"
    album = Album.objects.get(pk=pending_album.pk)
    assert album.status == AlbumStatus.PUBLISHED
    assert album.reviewed_by == moderator
    assert album.published_at is not None
    assert sorted(album.archives.values_list("format", flat=True)) == [
        "flac",
        "mp3",
        "ogg",
    ]
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert mail.outbox[0].subject == '[JamHub] "First Light" is published'
    assert f"{settings.SITE_URL}/en/artists/the-loops/first-light/" in (
        mail.outbox[0].body
    )
    waiting, decided = page_text(moderator_client.get("/en/moderation/")).split(
        "Recently decided"
    )
    assert "First Light" not in waiting
    assert "First Light" in decided


def test_rejecting_needs_a_reason(waiting_album, moderator, moderator_client):
    # when
    response = moderator_client.post(
        f"/en/moderation/albums/{waiting_album.pk}/",
        {"action": "reject", "reason": "  "},
    )

    # then the review page comes back with the form's error
    assert response.status_code == 200
    assert "This field is required." in page_text(response)
    assert Album.objects.get(pk=waiting_album.pk).status == AlbumStatus.PENDING_REVIEW
    assert mail.outbox == []
    with pytest.raises(WorkflowError, match="Say why"):
        album_services.reject_album(waiting_album, by=moderator, reason=" ")


def test_a_rejected_album_goes_back_to_its_artist_with_the_reason(
    waiting_album, owner, moderator, moderator_client, owner_client
):
    # when
    response = moderator_client.post(
        f"/en/moderation/albums/{waiting_album.pk}/",
        {"action": "reject", "reason": "Track 2 is someone else's song."},
    )

    # then
    assert response.status_code == 302
    album = Album.objects.get(pk=waiting_album.pk)
    assert album.status == AlbumStatus.REJECTED
    assert album.status_reason == "Track 2 is someone else's song."
    assert album.reviewed_by == moderator
    assert album.is_editable
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [owner.email]
    assert mail.outbox[0].subject == '[JamHub] "First Light" was not accepted'
    assert "Track 2 is someone else's song." in mail.outbox[0].body
    assert f"/en/studio/albums/{album.pk}/" in mail.outbox[0].body

    # when the artist submits it again
    owner_client.post(f"/en/studio/albums/{album.pk}/submit/")

    # then it is processed again, the old reason gone
    album.refresh_from_db()
    assert album.status == AlbumStatus.PROCESSING
    assert album.status_reason == ""


def test_the_rejection_email_is_written_in_the_artists_language(
    waiting_album, owner, moderator_client
):
    # given
    owner.locale = "fr"
    owner.save(update_fields=["locale"])

    # when
    moderator_client.post(
        f"/en/moderation/albums/{waiting_album.pk}/",
        {"action": "reject", "reason": "Le morceau 2 n'est pas le vôtre."},
    )

    # then
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Le morceau 2 n'est pas le vôtre." in message.body
    assert message.subject != '[JamHub] "First Light" was not accepted'
    assert "Hello" not in message.body
    assert "Bonjour" in message.body


def test_a_moderator_hides_a_published_album_then_restores_it(
    single_track_album, approve, owner, moderator_client, client
):
    # given a published album, its page, a rendition and a zip
    published = approve(single_track_album)
    public_url = "/en/artists/the-loops/first-light/"
    rendition_url = settings.MEDIA_URL + Rendition.objects.get(format="ogg").path
    zip_url = settings.MEDIA_URL + published.archives.get(format="mp3").path
    for url in (public_url, rendition_url, zip_url):
        assert client.get(url).status_code == 200
    mail.outbox.clear()

    # when hidden
    response = moderator_client.post(
        f"/en/moderation/albums/{published.pk}/hide/",
        {"reason": "A copyright claim is being checked."},
    )

    # then it is gone for everyone but moderators and its members
    assert response.status_code == 302
    album = Album.objects.get(pk=published.pk)
    assert album.status == AlbumStatus.HIDDEN
    assert album.status_reason == "A copyright claim is being checked."
    for url in (public_url, rendition_url, zip_url):
        assert client.get(url).status_code == 404
        assert moderator_client.get(url).status_code == 200
    assert "First Light" not in page_text(client.get("/en/albums/"))
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert mail.outbox[0].subject == '[JamHub] "First Light" has been hidden'
    assert "A copyright claim is being checked." in mail.outbox[0].body
    assert "First Light" in page_text(moderator_client.get("/en/moderation/"))

    # when restored
    response = moderator_client.post(f"/en/moderation/albums/{published.pk}/restore/")

    # then
    assert response.status_code == 302
    album = Album.objects.get(pk=published.pk)
    assert album.status == AlbumStatus.PUBLISHED
    assert album.status_reason == ""
    assert album.published_at == published.published_at
    for url in (public_url, rendition_url, zip_url):
        assert client.get(url).status_code == 200


def test_hiding_needs_a_reason(waiting_album, moderator, moderator_client):
    # given
    published_album = album_services.approve_album(waiting_album, by=moderator)

    # when
    response = moderator_client.post(
        f"/en/moderation/albums/{published_album.pk}/hide/", {"reason": ""}, follow=True
    )

    # then
    assert "Say why the album is hidden: the artist reads it." in page_text(response)
    assert Album.objects.get(pk=published_album.pk).status == AlbumStatus.PUBLISHED


@pytest.mark.parametrize(
    ("status", "action", "message"),
    [
        ("draft", "approve", "Only albums waiting for review can be approved."),
        ("published", "approve", "Only albums waiting for review can be approved."),
        ("rejected", "reject", "Only albums waiting for review can be rejected."),
        ("draft", "hide", "Only published albums can be hidden."),
        ("pending_review", "hide", "Only published albums can be hidden."),
        ("published", "restore", "Only hidden albums can be restored."),
    ],
)
def test_a_step_that_is_not_allowed_now_raises_workflow_error(
    album, moderator, status, action, message
):
    # given
    album = set_status(album, status)
    step = {
        "approve": lambda: album_services.approve_album(album, by=moderator),
        "reject": lambda: album_services.reject_album(album, by=moderator, reason="x"),
        "hide": lambda: album_services.hide_album(album, by=moderator, reason="x"),
        "restore": lambda: album_services.restore_album(album, by=moderator),
    }[action]

    # when / then
    with pytest.raises(WorkflowError) as raised:
        step()
    assert str(raised.value) == message
    assert Album.objects.get(pk=album.pk).status == status


@pytest.mark.parametrize(
    ("status", "url", "data", "message"),
    [
        (
            "draft",
            "/en/moderation/albums/{pk}/",
            {"action": "approve"},
            "Only albums waiting for review can be approved.",
        ),
        (
            "draft",
            "/en/moderation/albums/{pk}/hide/",
            {"reason": "spam"},
            "Only published albums can be hidden.",
        ),
        (
            "published",
            "/en/moderation/albums/{pk}/restore/",
            {},
            "Only hidden albums can be restored.",
        ),
    ],
)
def test_a_step_that_is_not_allowed_now_shows_an_error(
    album, moderator_client, status, url, data, message
):
    # given
    album = set_status(album, status)

    # when
    response = moderator_client.post(url.format(pk=album.pk), data, follow=True)

    # then
    assert response.status_code == 200
    assert message in page_text(response)
    assert Album.objects.get(pk=album.pk).status == status


def test_the_ingest_leaves_an_album_alone_once_it_left_processing(
    album, upload, audio_file
):
    # given an album the artist submitted, then (say) a moderator acted on
    upload(album, audio_file("a.mp3"))
    album = set_status(album, AlbumStatus.DRAFT)

    # when
    ingest_album(album.pk)

    # then nothing was made
    assert Album.objects.get(pk=album.pk).status == AlbumStatus.DRAFT
    assert not Rendition.objects.filter(track__album=album).exists()
    assert Track.objects.get(album=album).state == "uploaded"
    assert Original.objects.get(track__album=album).status == OriginalStatus.UPLOADED


def test_a_french_artist_reads_why_a_file_failed_in_french(
    album, owner, upload, audio_file, submit, owner_client
):
    from django.utils import translation

    from jamhub.catalog.audio import MESSAGES

    # given an artist who reads French, and a file cut in half
    owner.locale = "fr"
    owner.save(update_fields=["locale"])
    upload(album, truncate(audio_file("1.mp3", title="Coupé"), 0.5))
    with translation.override("fr"):
        french = str(MESSAGES["truncated"])
    assert french != TRUNCATED

    # when the processing (in a worker, with no language of its own) fails it
    submit(album)

    # then the email and the page say why in French
    assert french in mail.outbox[-1].body
    page = page_text(owner_client.get(f"/fr/studio/albums/{album.pk}/"))
    assert french in page
