"""Everything `make run` does before starting the processes, in one Django start-up:
migrate, collect static files, load the demo into an empty site, list the torrents
for the tracker."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, collect static files and load demo content when the site is empty."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--no-demo", action="store_true", help="Do not load demo content."
        )

    def handle(self, *args: object, no_demo: bool = False, **options: object) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if not no_demo:
            call_command("load_demo", if_empty=True, stdout=self.stdout)
        # The tracker starts next and reads this list of published torrents.
        from jamhub.catalog.services.torrents import write_tracker_allowed_file

        write_tracker_allowed_file()
