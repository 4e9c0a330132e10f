from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChartsConfig(AppConfig):
    name = "jamhub.charts"
    verbose_name = _("Charts")
