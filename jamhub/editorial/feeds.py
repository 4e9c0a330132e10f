"""RSS and Atom feeds of the news magazine, one pair per news index (and language)."""

from datetime import datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from wagtail.models import Page

from jamhub.editorial.models import NewsIndexPage, NewsPage

FEED_LENGTH = 20


def public_url(page: Page, request: HttpRequest, subpage: str = "") -> str:
    """The page's address under SITE_URL.

    Feeds are copied and cached by readers far from this request: neither the Host
    the request came with nor the Wagtail Site's hostname ("localhost" on a new
    site) is the public address, SITE_URL is."""
    parts = page.get_url_parts(request)
    path = parts[2] if parts else "/"
    return f"{settings.SITE_URL}{path}{subpage.lstrip('/')}"


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
        return public_url(self.index, self.request)

    def description(self) -> str:
        return self.index.intro

    def feed_url(self) -> str:
        route = "atom" if self.feed_type is Atom1Feed else "rss"
        return public_url(self.index, self.request, self.index.reverse_subpage(route))

    def items(self) -> list[NewsPage]:
        return list(self.index.articles()[:FEED_LENGTH])

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_description(self, item: NewsPage) -> str:
        return item.intro

    def item_link(self, item: NewsPage) -> str:
        return public_url(item, self.request)

    def item_pubdate(self, item: NewsPage) -> datetime:
        # The article's own date, which editors set and the pages show; when it was
        # first published is a detail of the CMS (the demo publishes every article
        # at load time, so readers saw them all dated "now").
        return timezone.make_aware(datetime.combine(item.date, time()))

    # Atom requires an entry's <updated>; a fix to an article does not make it news.
    item_updateddate = item_pubdate

    def item_author_name(self, item: NewsPage) -> str | None:
        names = [a.get_display_name() for a in item.authors.all()]
        return ", ".join(names) or None

    def item_categories(self, item: NewsPage) -> list[str]:
        return [t.name for t in item.tags.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
