"""Editorial pages (Wagtail): home, standard pages, the news magazine; site settings.

Catalogue data is not made of pages; only what editors write lives here.
"""

from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from jamhub.editorial.blocks import BodyBlock, SocialLinkBlock, TranslatedTextBlock

NEWS_PER_PAGE = 10


class HomePage(Page):
    hero_title = models.CharField(_("hero title"), max_length=120)
    hero_text = models.TextField(_("hero text"), max_length=500, blank=True)
    hero_cta_text = models.CharField(_("hero button text"), max_length=40, blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("hero button page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["wagtailcore.Page"]
    template = "editorial/home_page.html"

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_cta_text"),
                FieldPanel("hero_cta_page"),
                FieldPanel("hero_image"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_title"),
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = NewsPage.objects.for_locale_of(self).latest()[:3]
        return context


class StandardPage(Page):
    intro = models.TextField(_("introduction"), max_length=500, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    template = "editorial/standard_page.html"
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("standard page")


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "editorial.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPageQuerySet(PageQuerySet):
    def for_locale_of(self, page: Page) -> "NewsPageQuerySet":
        return self.filter(locale_id=page.locale_id)

    def latest(self) -> "NewsPageQuerySet":
        """Live articles, newest first, with what the lists show."""
        return (
            self.live()
            .order_by("-date", "-first_published_at")
            .select_related("image")
            .prefetch_related("authors", "tags")
        )


class NewsIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(_("introduction"), max_length=500, blank=True)

    subpage_types = ["editorial.NewsPage"]
    template = "editorial/news_index_page.html"
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("news index page")

    def articles(self) -> NewsPageQuerySet:
        return NewsPage.objects.child_of(self).latest()  # type: ignore[no-any-return]

    @path("")
    def index_route(self, request: HttpRequest) -> HttpResponse:
        articles = self.articles()
        tag = request.GET.get("tag", "").strip()[:100]
        if tag:
            articles = articles.filter(tags__slug=tag)
        paginator = Paginator(articles, NEWS_PER_PAGE)
        try:
            page_of_articles = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_of_articles = paginator.page(1)
        except EmptyPage:
            page_of_articles = paginator.page(paginator.num_pages)
        return self.render(
            request,
            context_overrides={
                "articles": page_of_articles,
                "tag": tag,
            },
        )

    @path("feed/", name="rss")
    def rss_route(self, request: HttpRequest) -> HttpResponse:
        from jamhub.editorial.feeds import NewsRssFeed

        return NewsRssFeed(self)(request)

    @path("feed/atom/", name="atom")
    def atom_route(self, request: HttpRequest) -> HttpResponse:
        from jamhub.editorial.feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)


class NewsPageForm(WagtailAdminPageForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A new article is signed by the editor writing it; they can add or remove
        # names. Only people the field offers (editors) can be pre-filled.
        user = self.for_user
        if (
            not self.instance.pk
            and "authors" in self.fields
            and user is not None
            and self.fields["authors"].queryset.filter(pk=user.pk).exists()
        ):
            self.initial["authors"] = [user.pk]


class NewsPage(Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.TextField(_("summary"), max_length=500)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"))
    authors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        verbose_name=_("authors"),
        related_name="news_pages",
        limit_choices_to={"groups__name": "Editors"},
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True)

    objects = PageManager.from_queryset(NewsPageQuerySet)()

    parent_page_types = ["editorial.NewsIndexPage"]
    subpage_types: list[str] = []
    template = "editorial/news_page.html"
    base_form_class = NewsPageForm
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("authors"), FieldPanel("tags")],
            heading=_("Article information"),
        ),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    site_name = models.CharField(_("site name"), max_length=60, default="JamHub")
    tagline = models.CharField(
        _("tagline"),
        max_length=200,
        blank=True,
        help_text=_("Shown under the site name; used when no translation matches."),
    )
    tagline_translations = StreamField(
        [("translation", TranslatedTextBlock(label=_("Translation")))],
        blank=True,
        verbose_name=_("tagline translations"),
    )
    social_links = StreamField(
        [("link", SocialLinkBlock(label=_("Link")))],
        blank=True,
        verbose_name=_("social links"),
    )

    panels = [
        FieldPanel("site_name"),
        FieldPanel("tagline"),
        FieldPanel("tagline_translations"),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = _("site settings")

    def tagline_for(self, language: str | None = None) -> str:
        language = language or translation.get_language() or ""
        for block in self.tagline_translations:
            if block.value["language"] == language:
                return str(block.value["text"])
        return self.tagline
