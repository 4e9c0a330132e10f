from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "jamhub.editorial"
    label = "editorial"
    verbose_name = "Editorial"
