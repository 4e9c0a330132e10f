"""Fill an empty site with demo content; running it again adds only what is missing."""

import logging

from django.core.management.base import BaseCommand
from django.db import transaction

from jamhub.accounts.demo import DEMO_PASSWORD, load_demo_people
from jamhub.editorial.demo import load_demo_pages


class Command(BaseCommand):
    help = "Load demo people and pages (idempotent)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has people or pages of its own.",
        )
        parser.add_argument(
            "--no-catalogue",
            action="store_true",
            help="Skip the demo artists and albums (making their audio takes a while).",
        )

    def handle(
        self,
        *args: object,
        if_empty: bool = False,
        no_catalogue: bool = False,
        **options: object,
    ) -> None:
        from jamhub.accounts.models import User

        if if_empty and User.objects.exists():
            self.stdout.write("The site has content already; demo not loaded.")
            return
        # Wagtail logs every page it creates and publishes; that is noise here.
        wagtail_logger = logging.getLogger("wagtail")
        level = wagtail_logger.level
        wagtail_logger.setLevel(logging.WARNING)
        try:
            with transaction.atomic():
                people = load_demo_people()
                pages = load_demo_pages()
        finally:
            wagtail_logger.setLevel(level)
        albums = []
        if not no_catalogue:
            from jamhub.catalog.demo import load_demo_catalogue

            self.stdout.write("Making the demo albums (synthesised audio)…")
            albums = load_demo_catalogue(log=self.stdout.write)
        from jamhub.community.demo import load_demo_community

        with transaction.atomic():
            community = load_demo_community()
        from jamhub.charts.demo import load_demo_charts
        from jamhub.fanclubs.demo import load_demo_fanclubs

        fanclubs = load_demo_fanclubs()
        charts = load_demo_charts()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {len(people)} new people, {len(pages)} new pages, "
                f"{len(albums)} new albums."
            )
        )
        self.stdout.write(
            f"Demo community: {community['listeners']} new listeners, "
            f"{community['reviews']} new reviews, {community['tags']} new tags, "
            f"{community['plays']} plays over the last 90 days."
        )
        self.stdout.write(
            f"Demo fan clubs: {fanclubs['fans']} new fans, {fanclubs['news']} new "
            f"news; charts computed ({charts[0].album_count} albums this week)."
        )
        if people:
            self.stdout.write(
                f"Sign in as editor@jamhub.test (CMS at /cms/), admin@jamhub.test, "
                f"alice@jamhub.test...; every demo password is {DEMO_PASSWORD!r}."
            )
