"""The home page's music (see jamhub.editorial.home)."""

from django import template

from jamhub.editorial.home import HomeMusic, home_music

register = template.Library()


@register.simple_tag(name="home_music")
def home_music_tag() -> HomeMusic:
    return home_music()
