"""The chart formula as plain functions: no database."""

import datetime
import random

import pytest

from jamhub.charts.ranking import (
    FORMULA,
    AlbumInputs,
    Period,
    RatingTime,
    bayesian_mean,
    engagement_factor,
    find_bursts,
    jamendo_2005,
    movement,
    rank_albums,
    rater_weight,
    score_album,
    site_mean,
)

UTC = datetime.UTC


def ratings(album_id: int, stars: list[int], *, weight: float = 1.0) -> AlbumInputs:
    return AlbumInputs(
        album_id=album_id,
        rating_count=len(stars),
        rating_weight=weight * len(stars),
        rating_sum=weight * sum(stars),
    )


def combine(a: AlbumInputs, b: AlbumInputs) -> AlbumInputs:
    return AlbumInputs(
        album_id=a.album_id,
        rating_count=a.rating_count + b.rating_count,
        rating_weight=a.rating_weight + b.rating_weight,
        rating_sum=a.rating_sum + b.rating_sum,
        plays=a.plays + b.plays,
        downloads=a.downloads + b.downloads,
        completions=a.completions + b.completions,
    )


def two_hundred_at_4_6(album_id: int) -> AlbumInputs:
    # 120 fives and 80 fours: 920 stars, a mean of 4.6.
    return ratings(album_id, [5] * 120 + [4] * 80)


def position(scores, album_id: int) -> int:
    return [s.album_id for s in scores].index(album_id)


@pytest.mark.parametrize("period", list(Period))
def test_one_five_star_review_ranks_below_two_hundred_averaging_4_6(period):
    lone, crowd = ratings(1, [5]), two_hundred_at_4_6(2)

    alone = rank_albums([lone, crowd], period=period)
    on_a_site = rank_albums(
        [lone, crowd, *(ratings(10 + n, [3, 4, 3, 4, 3]) for n in range(50))],
        period=period,
    )

    assert [s.album_id for s in alone] == [2, 1]
    assert position(on_a_site, 2) < position(on_a_site, 1)


def test_the_historical_baseline_is_fooled_by_nothing_of_the_kind():
    # Jamendo 2005 also ranks the crowd first here: 5 x 1/4 < 4.6 x (200/201)^2.
    assert jamendo_2005(5, 1) < jamendo_2005(4.6, 200)
    assert jamendo_2005(4.6, 200) == pytest.approx(4.6 * (200 / 201) ** 2)


def test_fifty_new_unverified_accounts_weigh_what_their_weight_says():
    base = combine(ratings(1, [3, 4, 3, 2, 4, 3]), AlbumInputs(1, plays=40))
    others = [
        combine(ratings(2, [4] * 30), AlbumInputs(2, plays=40)),
        ratings(3, [3] * 12),
    ]
    weight = rater_weight(verified=False, account_age_days=0)
    assert weight == FORMULA.unverified_weight < 1

    puppets = ratings(1, [5] * 50, weight=weight)
    # The same total weight of five-star ratings from established accounts.
    equivalent = ratings(1, [5] * 5, weight=50 * weight / 5)

    with_puppets = rank_albums([combine(base, puppets), *others], period=Period.WEEK)
    with_equivalent = rank_albums(
        [combine(base, equivalent), *others], period=Period.WEEK
    )

    assert [(s.album_id, s.score) for s in with_puppets] == [
        (s.album_id, pytest.approx(s.score)) for s in with_equivalent
    ]
    # And they do not carry the album past one that 30 real people rate 4.
    assert position(with_puppets, 2) < position(with_puppets, 1)


def test_rater_weights():
    assert rater_weight(verified=True, account_age_days=400) == 1.0
    assert rater_weight(verified=True, account_age_days=2) == 0.5
    assert rater_weight(verified=False, account_age_days=400) == 0.1


@pytest.mark.parametrize("period", list(Period))
def test_adding_a_good_rating_never_lowers_a_score(period):
    generator = random.Random(2005)
    for _ in range(300):
        albums = [
            AlbumInputs(
                album_id=n,
                rating_count=(count := generator.randint(0, 40)),
                rating_weight=(weight := count * generator.choice([0.1, 0.5, 1.0])),
                rating_sum=weight * generator.uniform(1, 5),
                plays=generator.randint(0, 3000),
                downloads=generator.randint(0, 100),
                completions=generator.randint(0, 50),
                baseline_plays=generator.randint(0, 3000),
            )
            for n in range(5)
        ]
        target = generator.randrange(5)
        weight = generator.choice([0.1, 0.5, 1.0])
        before = {s.album_id: s.score for s in rank_albums(albums, period=period)}
        albums[target] = combine(albums[target], ratings(target, [5], weight=weight))
        after = {s.album_id: s.score for s in rank_albums(albums, period=period)}
        assert after[target] >= before[target] - 1e-12


def test_the_bayesian_mean_pulls_toward_the_prior():
    assert bayesian_mean(0, 0, prior_mean=3.4) == 3.4
    assert bayesian_mean(5, 1, prior_mean=3.4) == pytest.approx((10 * 3.4 + 5) / 11)


def test_the_site_mean_starts_at_the_middle_of_the_scale():
    assert site_mean([]) == FORMULA.site_prior_mean
    assert site_mean([ratings(1, [5] * 100)]) == pytest.approx(4.0)


def test_engagement_grows_and_is_capped():
    assert engagement_factor(0) == 1.0
    assert 1.0 < engagement_factor(10) < engagement_factor(100) < 1.5
    assert engagement_factor(FORMULA.engagement_cap) == pytest.approx(1.5)
    assert engagement_factor(10**9) == pytest.approx(1.5)


def test_trending_rewards_a_rise_over_a_steady_level():
    rising = AlbumInputs(1, plays=700, baseline_plays=210)
    steady = AlbumInputs(2, plays=700, baseline_plays=2100)
    scores = rank_albums([steady, rising], period=Period.TRENDING, prior_mean=3.5)
    assert [s.album_id for s in scores] == [1, 2]
    assert scores[0].momentum > 1 > scores[1].momentum or scores[1].momentum == 1
    # The other charts ignore the baseline.
    week = score_album(rising, period=Period.WEEK, prior_mean=3.5)
    assert week.score == score_album(steady, period=Period.WEEK, prior_mean=3.5).score


def at(minute: int) -> datetime.datetime:
    return datetime.datetime(2026, 3, 1, 12, 0, tzinfo=UTC) + datetime.timedelta(
        minutes=minute
    )


def test_a_burst_of_ratings_is_held():
    burst = [RatingTime(n, at(n * 3)) for n in range(12)]  # 12 in 33 minutes
    assert find_bursts(burst, history_count=0) == set(range(12))


def test_a_steady_pace_is_not_a_burst():
    steady = [RatingTime(n, at(n * 10)) for n in range(12)]  # 6 an hour
    assert find_bursts(steady, history_count=0) == set()


def test_a_popular_album_may_get_many_ratings_an_hour():
    # 30 days at ~3 an hour: 12 in an hour is less than five times its pace.
    busy = [RatingTime(n, at(n * 5)) for n in range(12)]
    assert find_bursts(busy, history_count=3 * 24 * 30) == set()


def test_movement():
    assert movement(2, 5).kind == "up"
    assert movement(2, 5).places == 3
    assert movement(5, 2).places == 3
    assert movement(4, 4).kind == "same"
    assert movement(1, None).kind == "new"


@pytest.mark.parametrize("period", list(Period))
def test_an_album_needs_the_minimum_ratings_to_lead_a_chart(period):
    few = FORMULA.min_ratings_to_lead - 1
    # Top marks and many plays, but too few ratings to lead...
    lone = combine(ratings(1, [5] * few), AlbumInputs(1, plays=2000, downloads=500))
    # ...against middling albums that have just enough ratings.
    enough = [
        ratings(2, [3] * FORMULA.min_ratings_to_lead),
        ratings(3, [3, 4] + [3] * (FORMULA.min_ratings_to_lead - 2)),
    ]

    ranked = rank_albums([lone, *enough], period=period)
    scores = {s.album_id: s.score for s in ranked}

    assert scores[1] > scores[2]  # it scores higher...
    assert scores[1] > scores[3]
    assert [s.album_id for s in ranked] == [3, 2, 1]  # ...and still comes after


def test_albums_short_of_ratings_keep_their_order_among_themselves():
    few = FORMULA.min_ratings_to_lead - 1
    better = combine(ratings(1, [5] * few), AlbumInputs(1, plays=100))
    worse = ratings(2, [2] * few)
    assert [s.album_id for s in rank_albums([worse, better], period=Period.WEEK)] == [
        1,
        2,
    ]


def test_the_minimum_is_a_constant_of_the_published_formula():
    from jamhub.charts.ranking import FORMULA_VERSION, Formula

    assert "min_ratings_to_lead" in Formula.__dataclass_fields__
    assert FORMULA.min_ratings_to_lead >= 2
    assert FORMULA_VERSION >= 2
