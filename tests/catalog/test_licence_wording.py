"""The licence chooser calls CC0 what it is, and names the Free Art License."""

from django.utils.functional import Promise

from jamhub.licensing.licences import CC0, FREE_ART


def test_cc0_is_offered_as_a_public_domain_dedication(artist, owner_client):
    html = owner_client.get(f"/en/studio/artists/{artist.slug}/albums/new/")
    html = html.content.decode()

    cc0 = html.split('value="cc0-1.0"')[1].split("licence-choice__option")[0]
    assert "CC0 1.0 (public domain dedication)" in cc0
    assert "waiving all their rights" in cc0
    # Crediting is not asked of everyone: CC0 asks for nothing.
    assert "for free and must credit you" not in html


def test_the_free_art_license_is_named_in_full_and_translatable(artist, owner_client):
    html = owner_client.get(f"/en/studio/artists/{artist.slug}/albums/new/")

    assert "Free Art License 1.3" in html.content.decode()
    # The label goes through gettext ("Licence Art Libre 1.3" in French); the short
    # name written into the files' tags does not change.
    assert isinstance(FREE_ART.label, Promise)
    assert str(FREE_ART.label) == "Free Art License 1.3"
    assert FREE_ART.short_name == "Free Art 1.3"
    assert CC0.short_name == "CC0 1.0"
