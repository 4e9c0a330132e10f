from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jamhub.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from jamhub.accounts.signal_handlers import register_signal_handlers

        register_signal_handlers()
