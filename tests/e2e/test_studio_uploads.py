"""A mixed upload in the studio: the good files become tracks, the refused one keeps
its reason on the page until the artist dismisses it."""

import re

import pytest

from tests.media import make_audio

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.e2e,
    pytest.mark.timeout(180),
]


def test_a_refusal_stays_with_its_reason_after_a_mixed_upload(
    live_server, demo_site, page, tmp_path
):
    from playwright.sync_api import expect

    from jamhub.accounts.models import User
    from jamhub.catalog.services import albums as album_services
    from tests.e2e.test_album_journey import sign_in

    alice = User.objects.get(email="alice@jamhub.test")
    artist = album_services.create_artist(name="Mixed Bag", by=alice)
    album = album_services.create_album(
        artist, title="Some Good, One Bad", licence="cc-by-4.0", by=alice
    )
    good = [
        make_audio(tmp_path / f"0{n} Good {n}.wav", seconds=1, frequency=300 * n)
        for n in (1, 2)
    ]
    bad = tmp_path / "notes.mp3"
    bad.write_text("These are lyrics, not audio.\n" * 20)
    lost = make_audio(tmp_path / "03 Lost.wav", seconds=1)

    huge = make_audio(tmp_path / "04 Huge.wav", seconds=1)

    def drop_the_lost_file(route):
        name = route.request.headers.get("x-file-name", "")
        if "Lost" in name:
            # The connection breaks for this file only: a failure, not a refusal.
            route.abort()
        elif "Huge" in name:
            # A proxy in front of the site refuses it with its own HTML page.
            route.fulfill(
                status=413,
                content_type="text/html",
                body="<html><head><title>413 Request Entity Too Large</title></head>"
                "<body><center><h1>413 Request Entity Too Large</h1></center>"
                "<hr><center>nginx</center></body></html>",
            )
        else:
            route.continue_()

    sign_in(page, live_server.url, "alice@jamhub.test")
    page.goto(f"{live_server.url}/en/studio/albums/{album.pk}/")
    page.route("**/upload/", drop_the_lost_file)
    page.locator("[data-upload-input][data-ready]").set_input_files(
        [str(good[0]), str(bad), str(lost), str(huge), str(good[1])]
    )

    # The page refreshes its track list once every file is done...
    expect(page.locator(".track-editor__item")).to_have_count(2, timeout=60_000)
    page.wait_for_load_state("networkidle")
    # ...and the refused and failed files are still listed, the refusal with the
    # server's reason.
    rows = page.locator(".upload-list__item")
    expect(rows).to_have_count(3)
    refused = rows.filter(has_text="notes.mp3")
    expect(refused.locator(".upload-list__name")).to_have_text("notes.mp3")
    expect(refused).to_contain_text("Not accepted")
    expect(refused.locator("[data-upload-reason]")).to_contain_text(
        re.compile(r"notes\.mp3 – .*audio", re.IGNORECASE)
    )
    # Retrying cannot change a refusal: the only Retry is on the failed file.
    failed = rows.filter(has_text="Lost.wav")
    expect(failed).to_contain_text("The upload failed.")
    expect(page.get_by_role("button", name="Retry")).to_have_count(1)
    expect(failed.get_by_role("button", name="Retry")).to_be_visible()
    expect(refused.get_by_role("button", name="Retry")).to_have_count(0)

    # An HTML refusal says its reason too.
    too_big = rows.filter(has_text="Huge.wav")
    expect(too_big.locator("[data-upload-reason]")).to_have_text(
        "413 Request Entity Too Large"
    )
    expect(too_big.get_by_role("button", name="Retry")).to_have_count(0)

    refused.get_by_role("button", name=re.compile("Dismiss")).click()
    too_big.get_by_role("button", name=re.compile("Dismiss")).click()
    expect(page.locator(".upload-list__item")).to_have_count(1)

    page.unroute("**/upload/")
    failed.get_by_role("button", name="Retry").click()
    expect(page.locator(".track-editor__item")).to_have_count(3, timeout=30_000)
    expect(page.locator(".upload-list__item")).to_have_count(0)


def test_on_a_phone_each_uploading_file_shows_its_name(
    live_server, demo_site, page, tmp_path
):
    from playwright.sync_api import expect

    from jamhub.accounts.models import User
    from jamhub.catalog.services import albums as album_services
    from tests.e2e.test_album_journey import sign_in

    alice = User.objects.get(email="alice@jamhub.test")
    artist = album_services.create_artist(name="Small Screen", by=alice)
    album = album_services.create_album(
        artist, title="Pocket Songs", licence="cc-by-4.0", by=alice
    )
    bad = tmp_path / "lyrics.mp3"
    bad.write_text("These are lyrics, not audio.\n")

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, "alice@jamhub.test")
    page.goto(f"{live_server.url}/en/studio/albums/{album.pk}/")
    page.locator("[data-upload-input][data-ready]").set_input_files([str(bad)])

    row = page.locator(".upload-list__item").filter(has_text="Not accepted")
    expect(row).to_be_visible(timeout=30_000)
    # Beside the progress bar and the status, the name used to shrink to nothing.
    name = row.locator(".upload-list__name")
    assert name.evaluate("e => e.clientWidth >= e.scrollWidth && e.clientWidth > 0")
    # The release date is drawn like the other fields of the form, not as the
    # browser's bare default.
    date_box, title_box = (
        page.locator(f"#id_{field}").evaluate(
            "e => { const s = getComputedStyle(e);"
            " return s.paddingLeft + ' ' + s.borderRadius; }"
        )
        for field in ("release_date", "title")
    )
    assert date_box == title_box
