"""Demo editorial pages in English and French: home, two standard pages, a magazine."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from wagtail.models import Locale, Page, Site

from jamhub.accounts.demo import demo_editor
from jamhub.editorial.models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    SiteSettings,
    StandardPage,
)


@dataclass(frozen=True)
class Text:
    en: str
    fr: str

    def get(self, language: str) -> str:
        return str(getattr(self, language))


def paragraphs(*texts: str) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{t}</p>") for t in texts]


HOME = {
    "title": Text("Home", "Accueil"),
    "hero_title": Text(
        "Free music, carried by its fans", "La musique libre, portée par ses fans"
    ),
    "hero_text": Text(
        "Albums published by their own artists under Creative Commons licences. "
        "Listen, download, share, and keep them alive by seeding.",
        "Des albums publiés par leurs artistes sous licences Creative Commons. "
        "Écoutez, téléchargez, partagez, et faites-les vivre en les partageant "
        "en pair à pair.",
    ),
    "hero_cta_text": Text("Read the magazine", "Lire le magazine"),
}

STANDARD_PAGES = [
    {
        "slug": Text("about", "a-propos"),
        "title": Text("About JamHub", "À propos de JamHub"),
        "intro": Text(
            "JamHub is a community for music that is free to share.",
            "JamHub est une communauté pour la musique libre de partage.",
        ),
        "body": Text(
            "Artists publish their albums here under a Creative Commons licence of "
            "their choice. Listeners stream and download them, review them and tag "
            "them. Every album is also published as a torrent, so fans share the "
            "bandwidth and the music stays available.",
            "Les artistes publient ici leurs albums sous la licence Creative Commons "
            "de leur choix. Les auditeurs les écoutent, les téléchargent, les "
            "critiquent et les étiquettent. Chaque album est aussi publié en torrent : "
            "les fans partagent la bande passante et la musique reste disponible.",
        ),
    },
    {
        "slug": Text("licences", "licences"),
        "title": Text(
            "Creative Commons in plain words", "Creative Commons, simplement"
        ),
        "intro": Text(
            "What you may do with the music you find here.",
            "Ce que vous pouvez faire de la musique que vous trouvez ici.",
        ),
        "body": Text(
            "Every licence lets you listen, copy and share the music for free, as "
            "long as you credit the artist. Some licences also allow commercial use "
            "or remixes; each album page says which.",
            "Toutes les licences vous permettent d’écouter, de copier et de partager "
            "la musique gratuitement, à condition de citer l’artiste. Certaines "
            "autorisent aussi l’usage commercial ou le remix ; chaque page d’album "
            "l’indique.",
        ),
    },
]

MAGAZINE = {
    "slug": "magazine",
    "title": Text("Magazine", "Magazine"),
    "intro": Text(
        "News from the community, interviews and guides.",
        "Nouvelles de la communauté, entretiens et guides.",
    ),
}

ARTICLES = [
    {
        "slug": "jamhub-opens",
        "days_ago": 2,
        "tags": ["community", "announcement"],
        "title": Text("JamHub opens its doors", "JamHub ouvre ses portes"),
        "intro": Text(
            "A new home for Creative Commons music, run with its community.",
            "Une nouvelle maison pour la musique Creative Commons, gérée avec sa "
            "communauté.",
        ),
        "body": Text(
            "Today we open JamHub to artists and listeners. Sign up, tell us what "
            "you think, and help us shape the site.",
            "Aujourd’hui, JamHub ouvre aux artistes et aux auditeurs. Inscrivez-vous, "
            "donnez-nous votre avis et aidez-nous à construire le site.",
        ),
    },
    {
        "slug": "why-we-seed",
        "days_ago": 9,
        "tags": ["bittorrent", "guide"],
        "title": Text(
            "Why we seed every album", "Pourquoi nous partageons chaque album"
        ),
        "intro": Text(
            "Peer-to-peer keeps music online long after the hype.",
            "Le pair à pair garde la musique en ligne bien après l’effet de mode.",
        ),
        "body": Text(
            "When fans download an album with BitTorrent, they also share it with "
            "the next listener. That is how a small site can afford to keep every "
            "album online for ever.",
            "Quand les fans téléchargent un album avec BitTorrent, ils le partagent "
            "aussi avec l’auditeur suivant. C’est ainsi qu’un petit site peut garder "
            "chaque album en ligne pour toujours.",
        ),
    },
    {
        "slug": "choosing-a-licence",
        "days_ago": 16,
        "tags": ["guide", "licences"],
        "title": Text(
            "Choosing a licence for your album", "Choisir une licence pour votre album"
        ),
        "intro": Text(
            "Six Creative Commons licences, one question: what may others do?",
            "Six licences Creative Commons, une question : que peuvent faire les "
            "autres ?",
        ),
        "body": Text(
            "Start from what you want to allow: sharing only, remixes, commercial "
            "use. The album form explains each licence in plain words.",
            "Partez de ce que vous voulez autoriser : le partage seul, les remix, "
            "l’usage commercial. Le formulaire d’album explique chaque licence "
            "simplement.",
        ),
    },
]


def _publish(page: Page) -> Page:
    page.save_revision().publish()
    return page


def _ensure_home(
    locale: Locale, english_home: HomePage | None
) -> tuple[HomePage, bool]:
    language = locale.language_code
    existing = HomePage.objects.filter(locale=locale).first()
    if existing:
        return existing, False
    fields = {
        "title": HOME["title"].get(language),
        "hero_title": HOME["hero_title"].get(language),
        "hero_text": HOME["hero_text"].get(language),
        "hero_cta_text": HOME["hero_cta_text"].get(language),
    }
    if english_home is None:
        _remove_wagtail_placeholder()
        home = HomePage(slug="home", locale=locale, **fields)
        Page.get_first_root_node().add_child(instance=home)
    else:
        home = english_home.copy_for_translation(locale)
        for name, value in fields.items():
            setattr(home, name, value)
    _publish(home)
    return home, True


def _ensure_child(
    parent: Page, model: type[Page], slug: str, source: Page | None, **fields: object
) -> tuple[Page, bool]:
    if source is not None:
        existing = source.get_translation_or_none(parent.locale)
    else:
        existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing, False
    if source is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        page = source.copy_for_translation(parent.locale)
        page.slug = slug
        for name, value in fields.items():
            setattr(page, name, value)
    if isinstance(page, NewsPage):
        page.authors.set([demo_editor()])
        page.tags.set(fields_tags(page))
    _publish(page)
    return page, True


def fields_tags(page: NewsPage) -> list[str]:
    for article in ARTICLES:
        if article["slug"] == page.slug:
            return list(article["tags"])  # type: ignore[call-overload]
    return []


def load_demo_pages() -> list[Page]:
    """Create the demo pages that are missing, in English then French."""
    created: list[Page] = []
    english = Locale.objects.get_or_create(language_code="en")[0]
    french = Locale.objects.get_or_create(language_code="fr")[0]
    english_home: HomePage | None = None
    sources: dict[str, Page] = {}
    for locale in (english, french):
        language = locale.language_code
        home, new = _ensure_home(locale, english_home)
        if new:
            created.append(home)
        if english_home is None:
            english_home = home
            _point_default_site_at(home)
        for spec in STANDARD_PAGES:
            key = spec["slug"].en  # type: ignore[attr-defined]
            page, new = _ensure_child(
                home,
                StandardPage,
                spec["slug"].get(language),  # type: ignore[attr-defined]
                sources.get(key) if language != "en" else None,
                title=spec["title"].get(language),  # type: ignore[attr-defined]
                intro=spec["intro"].get(language),  # type: ignore[attr-defined]
                body=paragraphs(spec["body"].get(language)),  # type: ignore[attr-defined]
                show_in_menus=True,
            )
            sources.setdefault(key, page)
            created += [page] if new else []
        magazine, new = _ensure_child(
            home,
            NewsIndexPage,
            MAGAZINE["slug"],  # type: ignore[arg-type]
            sources.get("magazine") if language != "en" else None,
            title=MAGAZINE["title"].get(language),  # type: ignore[union-attr]
            intro=MAGAZINE["intro"].get(language),  # type: ignore[union-attr]
            show_in_menus=True,
        )
        sources.setdefault("magazine", magazine)
        created += [magazine] if new else []
        for article in ARTICLES:
            page, new = _ensure_child(
                magazine,
                NewsPage,
                str(article["slug"]),
                sources.get(str(article["slug"])) if language != "en" else None,
                title=article["title"].get(language),  # type: ignore[attr-defined]
                intro=article["intro"].get(language),  # type: ignore[attr-defined]
                body=paragraphs(article["body"].get(language)),  # type: ignore[attr-defined]
                date=timezone.localdate()
                - datetime.timedelta(days=article["days_ago"]),  # type: ignore[arg-type]
            )
            sources.setdefault(str(article["slug"]), page)
            created += [page] if new else []
        # Re-read: the in-memory home has a stale child count since pages were added
        # below it, and saving it would write that count back.
        home = HomePage.objects.get(pk=home.pk)
        if home.hero_cta_page_id != magazine.pk:
            home.hero_cta_page = magazine
            _publish(home)
    _load_site_settings()
    return created


def _remove_wagtail_placeholder() -> None:
    """Delete the "Welcome to Wagtail" page a new database starts with (and its site).

    It is the only page load_demo ever deletes: a plain Page, the only one below the
    root."""
    children = Page.get_first_root_node().get_children()
    if children.count() == 1:
        only = children.get()
        if only.specific_class is Page and only.slug == "home":
            Site.objects.filter(root_page=only).delete()
            only.delete()


def _point_default_site_at(home: HomePage) -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            root_page=home,
            is_default_site=True,
            site_name="JamHub",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])


def _load_site_settings() -> None:
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    if settings.tagline:
        return
    settings.site_name = "JamHub"
    settings.tagline = "Creative Commons music, shared by its fans"
    settings.tagline_translations = [
        (
            "translation",
            {
                "language": "fr",
                "text": "La musique Creative Commons, partagée par ses fans",
            },
        )
    ]
    settings.social_links = [
        (
            "link",
            {
                "network": "mastodon",
                "url": "https://mastodon.social/@jamhub",
                "label": "Mastodon",
            },
        ),
        (
            "link",
            {
                "network": "peertube",
                "url": "https://peertube.example/c/jamhub",
                "label": "PeerTube",
            },
        ),
    ]
    settings.save()
