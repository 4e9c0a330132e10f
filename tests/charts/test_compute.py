"""Computing charts from the raw events in the database."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from jamhub.charts.models import ChartEntry, ChartSnapshot
from jamhub.charts.ranking import (
    FORMULA,
    Formula,
    Period,
    rank_albums,
    rater_weight,
    table_from_dump,
)
from jamhub.charts.services import compute_charts, refresh_album_charts
from jamhub.community.models import Review
from tests.charts.conftest import NOW, days_ago, download, play

pytestmark = pytest.mark.django_db


def entry(period: Period, album) -> ChartEntry:
    snapshot = ChartSnapshot.objects.for_period(period).latest_first().first()
    return snapshot.entries.get(album=album)


def test_every_period_gets_a_snapshot_of_the_albums_with_activity(
    make_album, listener, rate
):
    rated, played, silent = (
        make_album("Rated"),
        make_album("Played"),
        make_album("Silent"),
    )
    rate(rated, listener(), 4, at=NOW - datetime.timedelta(days=2))
    play(played, "user:1", days_ago(1))

    snapshots = compute_charts(now=NOW)

    assert {s.period for s in snapshots} == set(Period)
    for snapshot in snapshots:
        albums = set(snapshot.entries.values_list("album_id", flat=True))
        assert albums == {rated.pk, played.pk}
        assert snapshot.album_count == 2
        assert sorted(snapshot.entries.values_list("rank", flat=True)) == [1, 2]
    assert not ChartEntry.objects.filter(album=silent).exists()


def test_rating_weights_and_exclusions(make_album, listener, rate, owner, artist):
    album = make_album("Weighed")
    other = make_album("Other")
    rate(album, listener(), 5)  # 1.0
    rate(album, listener(verified=False), 5)  # unverified: 0.1
    rate(album, listener(joined=NOW - datetime.timedelta(days=3)), 3)  # new: 0.5
    rate(album, owner, 5)  # the artist's own member: never counts
    rate(album, listener(), 1, status="held")  # held for moderators
    rate(album, listener(), 1, status="hidden")
    rate(other, owner, 5)

    compute_charts(now=NOW)

    all_time = entry(Period.ALL_TIME, album)
    weights = [
        rater_weight(verified=True, account_age_days=400),
        rater_weight(verified=False, account_age_days=400),
        rater_weight(verified=True, account_age_days=3),
    ]
    assert all_time.rating_count == 3
    assert all_time.rating_weight == pytest.approx(sum(weights))
    assert all_time.rating_sum == pytest.approx(5 * 1.0 + 5 * 0.1 + 3 * 0.5)
    assert not ChartEntry.objects.filter(album=other).exists()


def test_engagement_counts_people_per_day_capped(make_album):
    album = make_album("Busy")
    # One listener, two tracks, the same day: one person-day; the next day: another.
    play(album, "user:7", days_ago(0), track=1)
    play(album, "user:7", days_ago(0), track=2)
    play(album, "user:7", days_ago(1))
    # Five people on one day, with a cap of three.
    for n in range(5):
        play(album, f"anon:{n}", days_ago(2))
    # Two downloads by one person on one day count once; one 20 days ago.
    download(album, "user:7", NOW - datetime.timedelta(hours=1))
    download(album, "user:7", NOW - datetime.timedelta(hours=2))
    download(album, "user:8", NOW - datetime.timedelta(days=20))

    compute_charts(now=NOW, formula=Formula(daily_cap=3))

    week, month = entry(Period.WEEK, album), entry(Period.MONTH, album)
    assert (week.plays, week.downloads) == (1 + 1 + 3, 1)
    assert (month.plays, month.downloads) == (5, 2)
    trending = entry(Period.TRENDING, album)
    assert (trending.plays, trending.downloads, trending.baseline_downloads) == (
        5,
        1,
        1,
    )


def test_windows_leave_old_activity_to_the_longer_charts(make_album, listener, rate):
    album = make_album("Old")
    rate(album, listener(), 5, at=NOW - datetime.timedelta(days=10))
    play(album, "user:3", days_ago(40))

    compute_charts(now=NOW)

    assert not ChartEntry.objects.filter(album=album, snapshot__period="week").exists()
    month = entry(Period.MONTH, album)
    assert (month.rating_count, month.plays) == (1, 0)
    all_time = entry(Period.ALL_TIME, album)
    assert (all_time.rating_count, all_time.plays) == (1, 1)


def _some_activity(make_album, listener, rate):
    albums = [
        make_album(f"Album {n}", tags=["ambient"] if n % 2 else []) for n in range(6)
    ]
    people = [listener(verified=n % 4 != 0) for n in range(12)]
    for index, album in enumerate(albums):
        for n, person in enumerate(people[: 2 + index]):
            rate(
                album, person, 1 + (n + index) % 5, at=NOW - datetime.timedelta(days=n)
            )
        for day in range(index):
            play(album, f"user:{day}", days_ago(day * 4))
    return albums


@pytest.mark.parametrize("period", list(Period))
def test_recomputing_from_the_json_dump_gives_the_stored_snapshot(
    make_album, listener, rate, period
):
    _some_activity(make_album, listener, rate)
    compute_charts(now=NOW)

    response = Client().get(f"/en/charts/data/{period}.json")
    assert response.status_code == 200
    data = json.loads(b"".join(response.streaming_content))
    table = table_from_dump(data, data["rows"])
    recomputed = [(s.album_id, s.score) for s in table.ranked()]

    stored = ChartSnapshot.objects.get(period=period).entries.order_by("rank")
    assert [
        (e.album_id, pytest.approx(e.score, rel=1e-12)) for e in stored
    ] == recomputed
    assert len(recomputed) == 6


def test_recomputing_from_the_csv_dump_gives_the_same_ranks(make_album, listener, rate):
    _some_activity(make_album, listener, rate)
    compute_charts(now=NOW)

    response = Client().get("/fr/charts/data/all.csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    header = {}
    for line in lines:
        if line.startswith("# "):
            key, value = line[2:].split(": ", 1)
            header[key] = value
    header["formula_version"] = int(header["formula_version"])
    rows = [line.split(",") for line in lines if not line.startswith("#")][1:]
    table = table_from_dump(header, rows)
    stored = list(
        ChartSnapshot.objects.get(period="all")
        .entries.order_by("rank")
        .values_list("album_id", flat=True)
    )
    assert [s.album_id for s in table.ranked()] == stored


def test_the_prior_is_the_site_mean_of_every_counted_rating(make_album, listener, rate):
    albums = _some_activity(make_album, listener, rate)
    compute_charts(now=NOW)
    snapshot = ChartSnapshot.objects.get(period="all")
    weight = FORMULA.site_prior_weight + sum(
        e.rating_weight for e in snapshot.entries.all()
    )
    total = FORMULA.site_prior_weight * FORMULA.site_prior_mean + sum(
        e.rating_sum for e in snapshot.entries.all()
    )
    assert snapshot.prior_mean == pytest.approx(total / weight)
    assert len(albums) == snapshot.album_count


def test_a_new_rating_updates_one_album_incrementally(make_album, listener, rate):
    albums = _some_activity(make_album, listener, rate)
    compute_charts(now=NOW)
    target = albums[0]
    before = entry(Period.WEEK, target).score
    snapshots = set(ChartSnapshot.objects.values_list("pk", flat=True))

    rate(target, listener(), 5, at=NOW)
    refresh_album_charts(target.pk, now=NOW)

    assert set(ChartSnapshot.objects.values_list("pk", flat=True)) == snapshots
    updated = entry(Period.WEEK, target)
    assert updated.score > before
    assert updated.rating_count == 3
    prior = ChartSnapshot.objects.get(period="week").prior_mean
    expected = rank_albums(
        _inputs_of(Period.WEEK),
        period=Period.WEEK,
        prior_mean=prior,
    )
    assert {s.album_id: pytest.approx(s.score) for s in expected}[target.pk] == (
        updated.score
    )


def _inputs_of(period):
    from jamhub.charts.ranking import AlbumInputs

    snapshot = ChartSnapshot.objects.get(period=period)
    return [
        AlbumInputs(
            album_id=e.album_id,
            rating_count=e.rating_count,
            rating_weight=e.rating_weight,
            rating_sum=e.rating_sum,
            plays=e.plays,
            downloads=e.downloads,
            completions=e.completions,
        )
        for e in snapshot.entries.all()
    ]


def test_an_album_rated_for_the_first_time_enters_the_chart(make_album, listener, rate):
    _some_activity(make_album, listener, rate)
    compute_charts(now=NOW)
    newcomer = make_album("Newcomer")

    rate(newcomer, listener(), 5, at=NOW)
    refresh_album_charts(newcomer.pk, now=NOW)

    assert entry(Period.WEEK, newcomer).rating_count == 1


def test_a_burst_of_ratings_is_held_for_moderators(make_album, listener, rate):
    album = make_album("Targeted")
    steady = rate(album, listener(), 3, at=NOW - datetime.timedelta(days=5))
    burst = [
        rate(album, listener(), 5, at=NOW - datetime.timedelta(minutes=n * 2))
        for n in range(15)
    ]

    compute_charts(now=NOW)

    statuses = dict(Review.objects.values_list("pk", "status"))
    assert {statuses[r.pk] for r in burst} == {"held"}
    assert statuses[steady.pk] == "visible"
    assert entry(Period.ALL_TIME, album).rating_count == 1
    # The moderators are told why.
    reasons = set(
        Review.objects.filter(status="held").values_list("status_reason", flat=True)
    )
    assert reasons == {"One of a sudden burst of ratings of this album."}


def test_the_command_and_the_task_compute_every_chart(make_album, listener, rate):
    _some_activity(make_album, listener, rate)
    call_command("compute_charts", stdout=io.StringIO())
    assert ChartSnapshot.objects.count() == 4

    from jamhub.charts.tasks import compute_charts_task

    compute_charts_task.delay()
    assert ChartSnapshot.objects.count() == 8


def test_old_snapshots_are_pruned_to_one_a_day(make_album, listener, rate):
    _some_activity(make_album, listener, rate)
    for hours in (24 * 40, 24 * 5 + 2, 24 * 5 + 1, 24 * 5, 3, 2, 1, 0):
        compute_charts(now=NOW - datetime.timedelta(hours=hours))

    kept = ChartSnapshot.objects.filter(period="week").values_list(
        "computed_at", flat=True
    )
    assert sorted(NOW - when for when in kept) == [
        datetime.timedelta(hours=h) for h in (0, 1, 2, 3, 24 * 5)
    ]
    assert ChartEntry.objects.filter(snapshot__period="week").count() == 5 * 6


def test_the_review_service_rescores_the_album_at_once(
    make_album, listener, django_capture_on_commit_callbacks
):
    from jamhub.community.services.reviews import create_review, delete_review

    album = make_album("Fresh")
    compute_charts()
    fan = listener()

    with django_capture_on_commit_callbacks(execute=True):
        review = create_review(album, by=fan, rating=5)
    rated = entry(Period.WEEK, album).rating_count
    with django_capture_on_commit_callbacks(execute=True):
        delete_review(review, by=fan)

    assert rated == 1
    assert not ChartEntry.objects.filter(album_id=album.pk, rating_count__gt=0).exists()


def test_a_rating_reaches_the_search_index(
    make_album, listener, django_capture_on_commit_callbacks
):
    from jamhub.community.services.reviews import create_review
    from search.models import IndexedAlbum

    album = make_album("Rated")
    with django_capture_on_commit_callbacks(execute=True):
        create_review(album, by=listener(), rating=4)
    with django_capture_on_commit_callbacks(execute=True):
        create_review(album, by=listener(), rating=5)

    assert IndexedAlbum.objects.get(album_id=album.pk).rating == pytest.approx(4.5)
