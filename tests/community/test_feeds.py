"""Review feeds on the home, artist and album pages, in English and French."""

from django.test import Client

from jamhub.community.services import reviews as review_services


def test_the_artist_page_shows_reviews_of_its_albums(album, artist, listener):
    review_services.create_review(album, by=listener, rating=5, body="Gorgeous drones.")

    page = Client().get(artist.get_absolute_url()).content.decode()

    assert "What listeners say" in page
    assert "Gorgeous drones." in page
    assert "First Light" in page


def test_the_home_page_shows_the_latest_reviews(demo_site, album, listener):
    review_services.create_review(album, by=listener, rating=4, body="Home sweet home.")

    page = Client().get("/en/").content.decode()

    assert "Latest reviews" in page
    assert "Home sweet home." in page


def test_the_album_page_in_french(album, listener):
    review_services.create_review(album, by=listener, rating=4, body="Très doux.")

    page = (
        Client().get(f"/fr/artists/{album.artist.slug}/{album.slug}/").content.decode()
    )

    assert "Avis" in page
    assert "4,0 sur 5 pour 1 note" in page
    assert "Connectez-vous pour donner votre avis sur cet album." in page


def test_the_tag_pages_in_french(album, listener):
    from jamhub.community.services import tags as tag_services

    tag_services.tag_object(album, by=listener, names=["ambient"])

    cloud = Client().get("/fr/tags/").content.decode()
    tag_page = Client().get("/fr/tags/ambient/").content.decode()

    assert "Étiquettes" in cloud
    assert "Albums étiquetés par les auditeurs" in tag_page


def test_the_rate_limit_page_in_french(make_album, listener, monkeypatch):
    from jamhub.community.services import ratelimit

    monkeypatch.setattr(
        ratelimit, "LIMITS", {**ratelimit.LIMITS, "review": ratelimit.Limit(0, 120)}
    )
    client = Client()
    client.force_login(listener)
    album = make_album("Encore")

    response = client.post(f"/fr/reviews/albums/{album.pk}/write/", {"rating": "4"})

    assert response.status_code == 429
    assert "Veuillez réessayer dans 2 minutes." in response.content.decode()
