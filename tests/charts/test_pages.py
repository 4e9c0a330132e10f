"""Chart pages, movement arrows, the "How charts work" page and the dumps."""

import datetime

import pytest
from django.test import Client

from jamhub.charts.services import compute_charts
from tests.charts.conftest import NOW, days_ago, play

pytestmark = pytest.mark.django_db


@pytest.fixture
def charted(make_album, listener, rate):
    """Three albums: A (ambient, CC BY), B (ambient, CC BY-SA), C (rock, CC BY-SA)."""
    a = make_album("Album A", licence="cc-by-4.0", tags=["ambient"])
    b = make_album("Album B", tags=["ambient"])
    c = make_album("Album C", tags=["rock"])
    for album, stars in ((a, 5), (b, 4), (c, 3)):
        for _ in range(4):
            rate(album, listener(), stars, at=NOW - datetime.timedelta(days=1))
    return a, b, c


def titles(response) -> list[str]:
    body = response.content.decode()
    found = [(body.index(t), t) for t in ("Album A", "Album B", "Album C") if t in body]
    return [t for _, t in sorted(found)]


def test_the_chart_lists_albums_best_first(charted):
    compute_charts(now=NOW)
    response = Client().get("/en/charts/")
    assert response.status_code == 200
    assert titles(response) == ["Album A", "Album B", "Album C"]
    assert "How charts work" in response.content.decode()


def test_a_chart_before_any_computation_says_so(db):
    response = Client().get("/en/charts/all/")
    assert response.status_code == 200
    assert "has not been computed yet" in response.content.decode()


def test_unknown_periods_and_formats_are_not_found(charted):
    compute_charts(now=NOW)
    assert Client().get("/en/charts/yearly/").status_code == 404
    assert Client().get("/en/charts/data/week.xml").status_code == 404
    assert Client().get("/en/charts/data/yearly.json").status_code == 404


def test_filters_by_tag_and_licence(charted):
    compute_charts(now=NOW)
    client = Client()
    assert titles(client.get("/en/charts/all/?tag=rock")) == ["Album C"]
    assert titles(client.get("/en/charts/all/?licence=cc-by-sa-4.0")) == [
        "Album B",
        "Album C",
    ]
    assert titles(client.get("/en/charts/all/?tag=ambient&licence=cc-by-4.0")) == [
        "Album A"
    ]


def test_hidden_albums_leave_the_pages(charted):
    compute_charts(now=NOW)
    a, _b, _c = charted
    a.status = "hidden"
    a.save(update_fields=["status"])
    assert titles(Client().get("/en/charts/all/")) == ["Album B", "Album C"]


def test_movement_against_the_chart_of_the_day_before(
    charted, make_album, listener, rate
):
    _a, _b, c = charted
    compute_charts(now=NOW - datetime.timedelta(days=1))
    # C climbs past both; D is new.
    for _ in range(30):
        rate(c, listener(), 5, at=NOW - datetime.timedelta(days=3))
    d = make_album("Album D")
    play(d, "user:1", days_ago(0))
    compute_charts(now=NOW)

    body = Client().get("/en/charts/all/").content.decode()
    rows = {
        t: body[body.index(t) - 600 : body.index(t)]
        for t in ("Album A", "Album B", "Album C", "Album D")
    }
    assert "up 2" in rows["Album C"]
    assert "down 1" in rows["Album A"]
    # D's one listener would lift it above B's four ratings of 4 (E > 1), but with
    # no rating it cannot lead: it comes after every album that has enough.
    assert "down 1" in rows["Album B"]
    assert "chart-move--new" in rows["Album D"]
    assert body.index("Album D") > body.index("Album B")

    french = Client().get("/fr/charts/all/").content.decode()
    assert "monte de 2" in french
    assert "nouveau" in french


def test_movement_within_a_tag(charted, listener, rate):
    _a, b, _c = charted
    compute_charts(now=NOW - datetime.timedelta(days=1))
    for _ in range(30):
        rate(b, listener(), 5, at=NOW - datetime.timedelta(days=3))
    compute_charts(now=NOW)
    body = Client().get("/en/charts/all/?tag=ambient").content.decode()
    assert titles_in(body) == ["Album B", "Album A"]
    assert "up 1" in body
    assert "down 1" in body


def titles_in(body: str) -> list[str]:
    found = [(body.index(t), t) for t in ("Album A", "Album B", "Album C") if t in body]
    return [t for _, t in sorted(found)]


def test_no_arrows_without_an_earlier_chart(charted):
    compute_charts(now=NOW)
    body = Client().get("/en/charts/all/").content.decode()
    assert "chart-move" not in body
    # An empty column says nothing: there is none until there is an earlier chart.
    assert ">Move</th>" not in body
    compute_charts(now=NOW + datetime.timedelta(days=1))
    body = Client().get("/en/charts/all/").content.decode()
    assert ">Move</th>" in body
    assert body.count("chart-move--same") == 3


def test_chart_rows_show_covers_play_buttons_and_the_figures(charted):
    import json

    from jamhub.catalog.models import Rendition
    from tests.charts.conftest import download

    a, _b, c = charted
    Rendition.objects.create(
        track=a.tracks.get(number=1),
        format="mp3",
        codec="mp3",
        path="a/1.mp3",
        size=1,
        sha256="",
        duration=1.0,
    )
    Rendition.objects.create(
        track=a.tracks.get(number=2),
        format="mp3",
        codec="mp3",
        path="a/2.mp3",
        size=1,
        sha256="",
        duration=1.0,
    )
    Rendition.objects.create(
        track=c.tracks.get(number=1),
        format="mp3",
        codec="mp3",
        path="c/1.mp3",
        size=1,
        sha256="",
        duration=1.0,
    )
    for key in ("user:1", "user:2", "user:3"):
        play(a, key, days_ago(2))
    download(a, "user:1", NOW - datetime.timedelta(days=2))
    compute_charts(now=NOW)

    body = Client().get("/en/charts/all/").content.decode()
    queue = json.loads(
        body.split('id="player-queue"')[1].split(">", 1)[1].split("<")[0]
    )
    assert [entry["album"] for entry in queue] == ["Album A", "Album A", "Album C"]
    assert 'data-play-index="0"' in body  # A's first track
    assert 'data-play-index="2"' in body  # C's first track
    assert "Play Album A" in body
    row_a = body[body.index("Album A") : body.index("Album B")]
    assert 'class="chart-table__cover' in row_a
    assert '<td class="chart-table__number">3</td>' in row_a  # plays
    assert 'chart-table__optional">1</td>' in row_a  # downloads
    assert "5.0 from 4 ratings" in row_a
    assert 'aria-label="5 out of 5"' in row_a
    row_b = body[body.index("Album B") : body.index("Album C")]
    assert "data-play-index" not in row_b  # nothing to stream


def test_a_lone_rating_cannot_lead_the_chart_page(charted, make_album, listener, rate):
    from jamhub.charts.ranking import FORMULA

    lone = make_album("Album Z")
    rate(lone, listener(), 5, at=NOW - datetime.timedelta(days=1))
    for key in range(40):
        play(lone, f"user:{key}", days_ago(1))
    compute_charts(now=NOW)
    body = Client().get("/en/charts/all/").content.decode()
    assert titles_in(body)[0] == "Album A"
    assert body.index("Album Z") > body.index("Album C")
    assert (
        f"An album needs {FORMULA.min_ratings_to_lead} ratings in this period to lead"
        in body
    )


def test_how_charts_work_in_both_languages(db):
    english = Client().get("/en/charts/how-charts-work/").content.decode()
    assert "Bayesian mean" in english
    assert "C = 10.0" in english
    assert "rating × (n / (n + 1))²" in english
    assert "/en/charts/data/week.json" in english
    assert "/en/charts/data/trending.csv" in english

    assert "An album needs at least 3 ratings in the chart" in english

    french = Client().get("/fr/charts/how-charts-work/").content.decode()
    assert "Comment les classements sont calculés" in french
    assert "moyenne bayésienne" in french
    assert "rating × (n / (n + 1))²" in french


def test_the_dumps_name_their_period_and_time(charted):
    compute_charts(now=NOW)
    response = Client().get("/en/charts/data/week.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "jamhub-chart-week-20260315T1200.csv" in response["Content-Disposition"]
