"""python manage.py import_album DIR --artist NAME --licence CODE [--publish]"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamhub.accounts.models import User
from jamhub.catalog.models import AlbumStatus
from jamhub.catalog.services.imports import ImportFailed, import_album_folder
from jamhub.licensing.licences import UnknownLicence, get_licence


class Command(BaseCommand):
    help = (
        "Import a folder of audio files (and an optional cover image) as an album, "
        "through the same checks and processing as a browser upload."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--artist", required=True, help="Artist name (created if new)."
        )
        parser.add_argument(
            "--licence", required=True, help="Licence code, e.g. cc-by-sa-4.0."
        )
        parser.add_argument("--title", help="Album title (default: the folder's name).")
        parser.add_argument(
            "--owner",
            help="Email of the account the artist belongs to "
            "(default: the first superuser).",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish without review (the owner must be a moderator).",
        )

    def handle(self, *args: object, **options: object) -> None:
        try:
            get_licence(str(options["licence"]))
        except UnknownLicence as exc:
            raise CommandError(str(exc)) from exc
        owner = self._owner(options.get("owner"))
        folder = Path(str(options["folder"])).expanduser().resolve()
        self.stdout.write(f"Importing {folder} …")
        try:
            album, refusals = import_album_folder(
                folder,
                artist_name=str(options["artist"]),
                licence=str(options["licence"]),
                title=options.get("title") or None,  # type: ignore[arg-type]
                by=owner,
                publish=bool(options["publish"]),
            )
        except ImportFailed as exc:
            for refusal in exc.refusals:
                self.stderr.write(f"  refused {refusal.file_name}: {refusal.reason}")
            raise CommandError(str(exc)) from exc
        for refusal in refusals:
            self.stderr.write(f"  refused {refusal.file_name}: {refusal.reason}")
        tracks = album.tracks.count()
        if album.status == AlbumStatus.PUBLISHED:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Published {tracks} track{'s' if tracks != 1 else ''}:"
                )
            )
            self.stdout.write(settings.SITE_URL + album.get_absolute_url())
        elif album.status == AlbumStatus.PENDING_REVIEW:
            self.stdout.write(
                f"{tracks} track{'s' if tracks != 1 else ''} imported; "
                "the album waits for review."
            )
        else:
            raise CommandError(
                f"The album could not be processed ({album.get_status_display()}): "
                f"{album.status_reason}"
            )

    def _owner(self, email: object) -> User:
        if email:
            user = User.objects.filter(email__iexact=str(email)).first()
            if user is None:
                raise CommandError(f"No account with the email {email}.")
            return user
        user = (
            User.objects.filter(is_superuser=True, is_active=True)
            .order_by("pk")
            .first()
        )
        if user is None:
            raise CommandError("No superuser: create one, or pass --owner EMAIL.")
        return user
