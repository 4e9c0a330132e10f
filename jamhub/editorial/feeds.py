"""RSS and Atom feeds of the news magazine, one pair per news index (and language)."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from jamhub.editorial.models import NewsIndexPage, NewsPage

FEED_LENGTH = 20


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index: NewsIndexPage) -> None:
        super().__init__()
        self.index = index

    def __call__(self, request: HttpRequest, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        return self.index.title

    def link(self) -> str:
        return self.index.get_url(self.request) or "/"

    def description(self) -> str:
        return self.index.intro

    def feed_url(self) -> str:
        return self.index.get_full_url(self.request) + self.index.reverse_subpage(
            "atom" if self.feed_type is Atom1Feed else "rss"
        )

    def items(self) -> list[NewsPage]:
        return list(self.index.articles()[:FEED_LENGTH])

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_description(self, item: NewsPage) -> str:
        return item.intro

    def item_link(self, item: NewsPage) -> str:
        return item.get_url(self.request) or "/"

    def item_pubdate(self, item: NewsPage) -> datetime:
        return item.first_published_at or timezone.make_aware(
            datetime.combine(item.date, time())
        )

    def item_updateddate(self, item: NewsPage) -> datetime | None:
        return item.last_published_at

    def item_author_name(self, item: NewsPage) -> str | None:
        names = [a.get_display_name() for a in item.authors.all()]
        return ", ".join(names) or None

    def item_categories(self, item: NewsPage) -> list[str]:
        return [t.name for t in item.tags.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
