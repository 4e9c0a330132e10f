"""Build the missing or stale torrents of every published album (idempotent)."""

from django.core.management.base import BaseCommand

from jamhub.catalog.models import Album
from jamhub.catalog.services.torrents import build_album_torrents


class Command(BaseCommand):
    help = "Build the torrents of published albums whose torrents are missing or stale."

    def handle(self, *args: object, **options: object) -> None:
        albums = Album.objects.published().order_by("pk")
        total = albums.count()
        for number, album in enumerate(albums, start=1):
            torrents = build_album_torrents(album.pk)
            self.stdout.write(f"[{number}/{total}] {album}: {len(torrents)} torrents")
        self.stdout.write(self.style.SUCCESS(f"{total} albums checked."))
