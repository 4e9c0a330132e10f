"""Editors publish in the magazine themselves, through the Wagtail admin."""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Page, Workflow
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from jamhub.accounts.roles import Role
from jamhub.accounts.services import grant_role
from jamhub.editorial.models import NewsIndexPage, NewsPage
from tests.factories import UserFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def magazine() -> NewsIndexPage:
    home = Page.get_first_root_node().get_children().first()
    index = NewsIndexPage(title="Magazine", slug="magazine")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def editor():
    user = UserFactory(display_name="Élodie Martin")
    grant_role(user, role=Role.EDITOR)
    return user


def article_form(title: str, *, authors: list[int], action: str) -> dict[str, object]:
    data = nested_form_data(
        {
            "title": title,
            "slug": "hello-listeners",
            "date": "2026-11-30",
            "intro": "A word from the editors.",
            "body": streamfield([("paragraph", rich_text("<p>Hello.</p>"))]),
            "tags": "",
            "comments": inline_formset([]),
        }
    )
    data["authors"] = [str(pk) for pk in authors]
    data[action] = "1"
    return data


def test_an_editor_publishes_a_draft_article_through_the_admin(magazine, editor):
    draft = NewsPage(
        title="Hello, listeners", slug="hello-listeners", intro="Soon.", body=[]
    )
    draft.live = False
    magazine.add_child(instance=draft)
    draft.save_revision()

    response = client_for(editor).post(
        f"/cms/pages/{draft.pk}/edit/",
        article_form("Hello, listeners", authors=[editor.pk], action="action-publish"),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    assert draft.live is True
    assert draft.has_unpublished_changes is False
    assert draft.date == datetime.date(2026, 11, 30)
    assert list(draft.authors.all()) == [editor]


def test_an_editor_publishes_a_new_article_in_one_step(magazine, editor):
    response = client_for(editor).post(
        f"/cms/pages/add/editorial/newspage/{magazine.pk}/",
        article_form("Straight to press", authors=[editor.pk], action="action-publish"),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    article = NewsPage.objects.get(title="Straight to press")
    assert article.live is True
    assert article.get_parent().pk == magazine.pk


def test_the_editors_edit_form_offers_publish(magazine, editor):
    html = (
        client_for(editor)
        .get(f"/cms/pages/add/editorial/newspage/{magazine.pk}/")
        .content.decode()
    )

    assert 'name="action-publish"' in html


def test_a_new_article_is_signed_by_the_editor_writing_it(magazine, editor):
    UserFactory(display_name="Another Editor").groups.add(
        Group.objects.get(name="Editors")
    )

    html = (
        client_for(editor)
        .get(f"/cms/pages/add/editorial/newspage/{magazine.pk}/")
        .content.decode()
    )

    selected = re.findall(
        r'<(?:option|input)[^>]*value="(\d+)"[^>]*(?:selected|checked)', html
    )
    assert selected == [str(editor.pk)]


def test_the_approval_workflow_asks_the_editors_not_an_empty_group():
    workflow = Workflow.objects.get(name="Editors approval")

    [task] = [wt.task.specific for wt in workflow.workflow_tasks.all()]
    assert task.name == "Editors approval"
    assert list(task.groups.values_list("name", flat=True)) == ["Editors"]
    assert not Workflow.objects.filter(name="Moderators approval").exists()


def test_the_migration_repairs_an_existing_site():
    """A site migrated before the fix: editors could not publish."""
    migration = importlib.import_module(
        "jamhub.editorial.migrations.0003_editors_publish"
    )
    migration.editors_submit(apps, None)
    root = Page.get_first_root_node()
    editors = Group.objects.get(name="Editors")
    assert not GroupPagePermission.objects.filter(
        group=editors, page=root, permission__codename="publish_page"
    ).exists()
    assert Workflow.objects.filter(name="Moderators approval").exists()

    migration.editors_publish(apps, None)
    migration.editors_publish(apps, None)

    assert (
        GroupPagePermission.objects.filter(
            group=editors, page=root, permission__codename="publish_page"
        ).count()
        == 1
    )
    task = Workflow.objects.get(name="Editors approval").workflow_tasks.get().task
    assert list(task.specific.groups.values_list("name", flat=True)) == ["Editors"]
