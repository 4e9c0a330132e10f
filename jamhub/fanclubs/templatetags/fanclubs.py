"""Template tags of fan clubs: the fan button on an artist's page, the unread
notifications count in the header."""

from dataclasses import dataclass
from typing import Any

from django import template

from jamhub.fanclubs.models import Fan, FanNotification

register = template.Library()


@dataclass(frozen=True)
class ClubSummary:
    fan_count: int
    is_fan: bool


@register.simple_tag(takes_context=True)
def fan_club(context: dict[str, Any], artist: object) -> ClubSummary:
    user = context["request"].user
    fans = Fan.objects.filter(artist=artist)
    is_fan = user.is_authenticated and fans.filter(user=user).exists()
    return ClubSummary(fans.count(), bool(is_fan))


@register.simple_tag(takes_context=True)
def unread_fan_notifications(context: dict[str, Any]) -> int:
    user = context["request"].user
    if not user.is_authenticated:
        return 0
    return FanNotification.objects.filter(user=user).on_site().unread().count()
