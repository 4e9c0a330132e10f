"""The moderator's review page shows what the upload checks found and who uploaded
the album; the queue keeps the recent decisions."""

import datetime

from django.utils import timezone

from jamhub.accounts.models import User
from jamhub.catalog.audio import decode_and_measure, probe
from jamhub.catalog.models import Original, Track
from jamhub.catalog.services import albums as album_services
from tests.media import make_audio


def test_loudness_is_measured_in_the_decode_check(tmp_path):
    loud = make_audio(tmp_path / "loud.flac", seconds=3)

    decoded, loudness = decode_and_measure(loud, probe(loud))

    assert abs(decoded - 3.0) < 0.1
    # ffmpeg's sine source is at -18 dBFS: about -21 LUFS for a stereo tone.
    assert loudness is not None
    assert -25 < loudness < -18


def test_the_review_page_shows_what_the_upload_checks_found(
    pending_album, moderator_client
):
    tracks = list(Track.objects.filter(album=pending_album).order_by("number"))
    assert all(t.loudness is not None for t in tracks)

    page = moderator_client.get(f"/en/moderation/albums/{pending_album.pk}/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "What the upload checks found" in html
    assert "FLAC (flac)" in html
    assert "2 lossless files" in html
    assert "0 lossy files" in html
    assert "44100 Hz" in html
    assert "stereo" in html
    assert f"{tracks[0].loudness:.1f} LUFS" in html
    assert "1.flac" in html  # the uploaded file's name


def test_a_track_without_measures_says_not_measured(waiting_album, moderator_client):
    Original.objects.filter(track__album=waiting_album).update(
        sample_rate=None, channels=None
    )

    html = moderator_client.get(
        f"/en/moderation/albums/{waiting_album.pk}/"
    ).content.decode()

    assert "MP3 (mp3)" in html
    assert "not measured" in html
    assert "1 track not measured" in html


def test_the_review_page_shows_the_accounts_age_and_other_albums(
    waiting_album, owner, moderator_client
):
    User.objects.filter(pk=owner.pk).update(
        date_joined=timezone.now() - datetime.timedelta(days=3)
    )
    earlier = album_services.create_album(
        waiting_album.artist, title="Earlier Attempt", licence="cc-by-4.0", by=owner
    )

    html = moderator_client.get(
        f"/en/moderation/albums/{waiting_album.pk}/"
    ).content.decode()

    assert "Who uploaded it" in html
    assert "account is 3\xa0days old" in html
    assert "Earlier Attempt" in html
    assert f"/en/moderation/albums/{earlier.pk}/" in html


def test_the_queue_keeps_the_recent_decisions(
    waiting_album, moderator, moderator_client
):
    moderator_client.post(
        f"/en/moderation/albums/{waiting_album.pk}/",
        {"action": "reject", "reason": "Track 1 is someone else's song."},
    )

    html = moderator_client.get("/en/moderation/").content.decode()

    assert "Recently decided" in html
    decided = html.split("data-recent-decisions")[1].split("</table>")[0]
    assert waiting_album.title in decided
    assert "Sent back" in decided
    assert moderator.get_display_name() in decided
    assert "Track 1 is someone else&#x27;s song." in decided
    assert str(timezone.localdate().year) in decided
