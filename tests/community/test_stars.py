"""Stars are drawn to the half (4.5 is four and a half stars) and say the number."""

import pytest
from django.template.loader import render_to_string

from tests.community.factories import ReviewFactory


def stars(rating) -> str:
    return render_to_string("community/includes/stars.html", {"rating": rating})


@pytest.mark.parametrize(
    ("rating", "full", "half", "label"),
    [
        (4.5, 4, 1, "4.5 out of 5"),
        (4.6, 4, 1, "4.6 out of 5"),
        (4.8, 5, 0, "4.8 out of 5"),
        (4, 4, 0, "4 out of 5"),
        (3.24, 3, 0, "3.2 out of 5"),
        (0.5, 0, 1, "0.5 out of 5"),
        (None, 0, 0, "0 out of 5"),
    ],
)
def test_stars_are_drawn_to_the_half_with_the_number_for_screen_readers(
    rating, full, half, label
):
    html = stars(rating)
    assert html.count("star--full") == full
    assert html.count("star--half") == half
    assert html.count('class="star ') == 5
    assert f'aria-label="{label}"' in html


@pytest.mark.django_db
def test_an_album_rated_4_5_on_average_shows_four_and_a_half_stars(album, client):
    ReviewFactory(album=album, rating=5)
    ReviewFactory(album=album, rating=4)
    body = client.get(album.get_absolute_url()).content.decode()
    summary = body[body.index('class="rating-summary"') :]
    summary = summary[: summary.index("</p>")]
    assert summary.count("star--full") == 4
    assert summary.count("star--half") == 1
    assert 'aria-label="4.5 out of 5"' in summary
