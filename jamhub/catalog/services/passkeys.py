"""Listeners' passkeys: the key in the announce URL of their personal .torrent files
and magnet links, which lets the tracker credit what their clients upload."""

from pathlib import Path

from django.conf import settings

from jamhub.accounts.models import User
from jamhub.catalog.models import AlbumTorrent, Passkey
from jamhub.catalog.models.torrents import new_passkey
from seeder.metainfo import with_passkey


def passkey_for(user: User) -> str:
    """The listener's passkey, made on first use."""
    return Passkey.objects.get_or_create(user=user)[0].key


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
