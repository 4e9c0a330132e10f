from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FanclubsConfig(AppConfig):
    name = "jamhub.fanclubs"
    verbose_name = _("Fan clubs")
