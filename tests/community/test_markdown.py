"""Review text is Markdown rendered and sanitised: nothing hostile reaches the page."""

import re

import pytest
from django.test import Client

from jamhub.community.services import reviews as review_services

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    "![x](https://evil.example/track.png)",
    "<img src=x onerror=alert(1)>",
    '<p onclick="alert(1)">hi</p>',
    '<a href="https://ok.example" onmouseover="alert(1)">ok</a>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    "<div><span><svg onload=alert(1)><script>alert(1)</script></svg></span></div>",
    "<style>body{display:none}</style>",
    '<object data="x.swf"></object><embed src="x.swf">',
    "<form action=https://evil.example><input name=q></form>",
    "[x](vbscript:msgbox(1))",
    '<a href="&#106;avascript:alert(1)">x</a>',
    "<<script>script>alert(1)<</script>/script>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
]
FORBIDDEN = re.compile(
    r"<script|<img|<iframe|<svg|<style|<object|<embed|<form|<input|<math|"
    r"javascript:|vbscript:|data:|\son\w+=",
    re.IGNORECASE,
)


def review_body_html(page: str) -> str:
    match = re.search(
        r'<div class="review__body prose">(.*?)</div>\n', page, flags=re.DOTALL
    )
    assert match, "the review body is not on the page"
    return match.group(1)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_is_neutralised(album, listener, text):
    review_services.create_review(album, by=listener, rating=3, body=f"Hi {text}")

    html = review_body_html(Client().get(album.get_absolute_url()).content.decode())

    assert "Hi" in html
    assert not FORBIDDEN.search(html), html


def test_links_are_kept_with_nofollow_ugc(album, listener):
    review_services.create_review(
        album, by=listener, rating=4, body="See [the band](https://band.example/)."
    )

    html = review_body_html(Client().get(album.get_absolute_url()).content.decode())

    link = re.search(r"<a [^>]*>", html).group(0)
    assert 'href="https://band.example/"' in link
    assert re.search(r'rel="[^"]*\bnofollow\b[^"]*"', link)
    assert re.search(r'rel="[^"]*\bugc\b[^"]*"', link)


def test_markdown_emphasis_and_lists_survive(album, listener):
    review_services.create_review(
        album, by=listener, rating=4, body="**Bold** and _soft_\n\n- one\n- two"
    )

    html = review_body_html(Client().get(album.get_absolute_url()).content.decode())

    assert "<strong>Bold</strong>" in html
    assert "<em>soft</em>" in html
    assert "<li>one</li>" in html


def test_replies_history_and_the_moderators_queue_are_sanitised_too(
    album, listener, other_listener, owner, moderator
):
    from tests.factories import client_for

    hostile = "<script>alert(1)</script>[x](javascript:alert(1))<img src=x onerror=y>"
    review = review_services.create_review(album, by=listener, rating=2, body=hostile)
    review_services.edit_review(review, by=listener, rating=3, body=hostile + " v2")
    review_services.reply_to_review(review, by=owner, body=hostile)
    review_services.report_review(review, by=other_listener, reason="spam")

    pages = [
        Client().get(album.get_absolute_url()),
        Client().get(review.get_absolute_url()),
        client_for(moderator).get("/en/moderation/"),
    ]

    for response in pages:
        main = response.content.decode().split('<main id="main"', 1)[1]
        main = main.split("</main>", 1)[0]
        assert "alert(1)" not in main.replace("&lt;script&gt;alert(1)", "")
        assert not re.search(r"<img|javascript:|\sonerror=", main, re.IGNORECASE)
