from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from jamhub.catalog.views import media as catalog_media
from jamhub.catalog.views import public as catalog_public
from jamhub.catalog.views import seeder_api, webseed
from jamhub.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("django-admin/", admin.site.urls),
]

if not settings.MEDIA_URL.startswith(("http://", "https://")):
    # Media with access rules (unpublished albums, private originals) and Range;
    # with JAMHUB_MEDIA_ACCEL_PREFIX, nginx sends the bytes.
    urlpatterns += [
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", catalog_media.serve_media)
    ]
urlpatterns += [
    path("api/plays/", catalog_public.count_play, name="count-play"),
    path("api/seeder/manifest", seeder_api.manifest, name="seeder-manifest"),
    path("api/seeder/stats", seeder_api.stats, name="seeder-stats"),
    path("webseed/<id:album_id>/<path:path>", webseed.web_seed, name="web-seed"),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("jamhub.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # Catalogue search owns /search/; editorial page hits are a section of it.
    path("", include("search.urls")),
    path("", include("jamhub.catalog.urls")),
    path("", include("jamhub.community.urls")),
    path("", include("jamhub.charts.urls")),
    path("", include("jamhub.fanclubs.urls")),
    # Wagtail's catch-all comes last.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

# A request Django cannot read (an upload whose file name is too long...) is refused
# with a reason, as JSON for the studio's uploads.
handler400 = "jamhub.core.errors.bad_request"
