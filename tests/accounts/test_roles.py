"""Roles: groups with fixed permissions, granted and revoked through the services."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from jamhub.accounts.demo import DEMO_PASSWORD
from jamhub.accounts.roles import ROLES, Role
from jamhub.accounts.services import (
    grant_role,
    revoke_role,
    sync_role_groups,
    user_has_role,
)
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def group_permissions(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def existing(dotted_names: tuple[str, ...]) -> set[str]:
    """The permissions among these that exist in the database."""
    found = set()
    for dotted in dotted_names:
        app_label, codename = dotted.split(".", 1)
        if Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).exists():
            found.add(dotted)
    return found


def logged_in(email: str, password: str) -> Client:
    client = Client()
    response = client.post(
        "/en/accounts/login/", {"login": email, "password": password}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/en/"
    return client


def test_every_role_group_exists_after_migrate_with_its_listed_permissions():
    for spec in ROLES.values():
        assert Group.objects.filter(name=spec.group_name).exists(), spec.group_name
        assert existing(spec.permissions) <= group_permissions(spec.group_name)


def test_the_role_table_permissions_that_exist_today_are_granted():
    assert group_permissions("Listeners") == set()
    assert group_permissions("Artist members") == set()
    assert group_permissions("Community moderators") == {
        "wagtailadmin.access_admin",
        "catalog.moderate_album",
        "catalog.view_album",
        "catalog.change_album",
        "catalog.view_artist",
        "catalog.change_artist",
        "catalog.view_track",
        "catalog.change_track",
    }
    assert group_permissions("Staff") == {
        "wagtailadmin.access_admin",
        "accounts.view_user",
        "accounts.change_user",
        "auth.view_group",
    }
    assert {
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "editorial.change_sitesettings",
    } <= group_permissions("Editors")


def test_sync_keeps_permissions_given_to_a_role_group_by_hand():
    stray = Permission.objects.get(
        content_type__app_label="accounts", codename="delete_user"
    )
    Group.objects.get(name="Staff").permissions.add(stray)

    sync_role_groups()

    assert "accounts.delete_user" in group_permissions("Staff")
    assert existing(ROLES[Role.STAFF].permissions) <= group_permissions("Staff")


def test_wagtails_editors_group_keeps_its_own_permissions_after_sync():
    sync_role_groups()

    editors = group_permissions("Editors")
    assert {"wagtailimages.delete_image", "wagtaildocs.delete_document"} <= editors
    assert existing(ROLES[Role.EDITOR].permissions) <= editors


def test_sync_role_groups_recreates_a_deleted_group_and_is_idempotent():
    Group.objects.filter(name="Community moderators").delete()

    sync_role_groups()
    sync_role_groups()

    assert Group.objects.filter(name="Community moderators").count() == 1
    assert group_permissions("Community moderators") == {
        "wagtailadmin.access_admin",
        "catalog.moderate_album",
        "catalog.view_album",
        "catalog.change_album",
        "catalog.view_artist",
        "catalog.change_artist",
        "catalog.view_track",
        "catalog.change_track",
    }
    assert Group.objects.filter(name="Staff").count() == 1


def test_grant_and_revoke_a_role_change_group_membership():
    user = UserFactory()

    grant_role(user, role=Role.ARTIST)
    grant_role(user, role=Role.ARTIST)

    assert list(user.groups.values_list("name", flat=True)) == ["Artist members"]
    assert user_has_role(user, Role.ARTIST)
    assert not user_has_role(user, Role.MODERATOR)

    revoke_role(user, role=Role.ARTIST)

    assert not user.groups.exists()
    assert not user_has_role(user, Role.ARTIST)


def test_granting_staff_sets_is_staff_and_revoking_clears_it():
    user = UserFactory()
    assert user.is_staff is False

    grant_role(user, role=Role.STAFF)

    user.refresh_from_db()
    assert user.is_staff is True
    assert user.groups.filter(name="Staff").exists()
    assert user.has_perm("accounts.change_user")

    revoke_role(user, role=Role.STAFF)

    user.refresh_from_db()
    assert user.is_staff is False
    assert not user.groups.filter(name="Staff").exists()


def test_revoking_staff_from_a_superuser_keeps_is_staff():
    user = UserFactory(is_staff=True, is_superuser=True)
    grant_role(user, role=Role.STAFF)

    revoke_role(user, role=Role.STAFF)

    user.refresh_from_db()
    assert user.is_staff is True
    assert not user.groups.filter(name="Staff").exists()


def test_staff_can_list_users_in_the_django_admin_and_listeners_cannot():
    staff = UserFactory(email="staff@example.org")
    grant_role(staff, role=Role.STAFF)
    listener = UserFactory(email="listener@example.org")
    grant_role(listener, role=Role.LISTENER)

    staff_client = logged_in("staff@example.org", PASSWORD)
    listener_client = logged_in("listener@example.org", PASSWORD)

    assert staff_client.get("/django-admin/accounts/user/").status_code == 200
    refused = listener_client.get("/django-admin/accounts/user/")
    assert refused.status_code == 302
    assert refused["Location"].startswith("/django-admin/login/")


def test_demo_editor_can_open_the_cms(demo_site):
    client = logged_in("editor@jamhub.test", DEMO_PASSWORD)

    response = client.get("/cms/")

    assert response.status_code == 200
    assert "Élodie Martin" in response.content.decode()


def test_demo_moderator_can_open_the_cms(demo_site):
    client = logged_in("moderator@jamhub.test", DEMO_PASSWORD)

    assert client.get("/cms/").status_code == 200


def test_a_plain_listener_cannot_open_the_cms(demo_site):
    client = logged_in("alice@jamhub.test", DEMO_PASSWORD)

    response = client.get("/cms/")

    assert response.status_code == 302
    assert response["Location"].startswith("/cms/login/")
    assert client.get("/cms/pages/").status_code == 302
