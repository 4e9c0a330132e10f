"""Handlers for signals of code we do not own, connected in one place."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def sync_roles_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    from jamhub.accounts.services import sync_role_groups

    sync_role_groups()


def register_signal_handlers() -> None:
    # Permissions are created by post_migrate handlers too; connecting from the last
    # app to be migrated would be fragile, so sync on every app's post_migrate: the
    # sync is idempotent and cheap.
    post_migrate.connect(sync_roles_after_migrate, dispatch_uid="jamhub-sync-roles")
