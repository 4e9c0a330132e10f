from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "jamhub.site"
    # "site" alone reads like django.contrib.sites' model; the label says whose.
    label = "jamhub_site"
    verbose_name = _("Site")
