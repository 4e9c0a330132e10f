"""Listeners' passkeys: the key in the announce URL of their personal .torrent files
and magnet links, which lets the tracker credit what their clients upload."""

from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from jamhub.accounts.models import User
from jamhub.catalog.models import AlbumTorrent, Passkey
from jamhub.catalog.models.torrents import new_passkey
from seeder.metainfo import with_passkey


def passkey_for(user: User) -> str:
    """The listener's passkey, made on first use."""
    existing = Passkey.objects.filter(user=user).values_list("key", flat=True).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Passkey.objects.create(user=user).key
    except IntegrityError:  # made meanwhile by another request
        return Passkey.objects.get(user=user).key


def replace_passkey(user: User) -> str:
    """A new passkey for the listener; torrents with the old one stop being
    credited (what was credited stays)."""
    passkey, _created = Passkey.objects.update_or_create(
        user=user, defaults={"key": new_passkey()}
    )
    return passkey.key


def personal_torrent(torrent: AlbumTorrent, user: User) -> bytes:
    """The album's .torrent with the listener's passkey in every announce URL: same
    info-hash, same swarm."""
    data = (Path(settings.MEDIA_ROOT) / torrent.path).read_bytes()
    return with_passkey(data, passkey_for(user))
