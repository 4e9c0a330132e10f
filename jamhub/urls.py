from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from jamhub.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG and not settings.MEDIA_URL.startswith(("http://", "https://")):
    # Development serves uploads itself; production puts the web server in front.
    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += i18n_patterns(
    path("accounts/", include("jamhub.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("jamhub.editorial.urls")),
    # Wagtail's catch-all comes last.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
