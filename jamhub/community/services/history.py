"""Listening history: recorded by the play counter, switched off and cleared by the
listener."""

from django.db import transaction

from jamhub.accounts.models import User
from jamhub.catalog.models import Track
from jamhub.community.models import Listening, ListeningPreference


def keeps_history(user: object) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    preference = ListeningPreference.objects.filter(user=user).first()
    return preference is None or preference.keep_history


def record_listening(track: Track, *, user: User) -> Listening | None:
    """Add the play to the user's history, unless they turned history off."""
    if not keeps_history(user):
        return None
    return Listening.objects.create(user=user, track=track)


@transaction.atomic
def set_history_kept(user: User, *, keep: bool) -> None:
    """Turn the history on or off; turning it off also clears it."""
    ListeningPreference.objects.update_or_create(
        user=user, defaults={"keep_history": keep}
    )
    if not keep:
        clear_history(user)


def clear_history(user: User) -> int:
    """Delete the user's whole history; return how many plays it held."""
    deleted, _by_model = Listening.objects.filter(user=user).delete()
    return deleted
