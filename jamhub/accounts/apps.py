from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jamhub.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from jamhub.accounts.signal_handlers import register_signal_handlers

        register_signal_handlers()
