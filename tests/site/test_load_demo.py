"""load_demo fills an empty site once; running it again changes nothing."""

from io import StringIO

from django.contrib.auth import authenticate
from django.core.management import call_command
from wagtail.models import Page, Site

from jamhub.accounts.demo import DEMO_PASSWORD
from jamhub.accounts.models import User
from jamhub.editorial.models import HomePage, NewsPage, SiteSettings


def run_load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_load_demo_fills_an_empty_site(db):
    output = run_load_demo("--no-catalogue")

    assert "Demo loaded: 5 new people, 14 new pages, 0 new albums." in output
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert {h.locale.language_code for h in HomePage.objects.all()} == {"en", "fr"}
    assert NewsPage.objects.live().count() == 6
    # Wagtail's placeholder page is gone; only our two home pages sit below the root.
    assert Page.get_first_root_node().get_children().count() == 2
    assert SiteSettings.for_site(site).tagline_for("fr").startswith("La musique")
    editor = authenticate(email="editor@jamhub.test", password=DEMO_PASSWORD)
    assert editor is not None
    assert editor.has_perm("wagtailadmin.access_admin")


def test_load_demo_twice_adds_nothing(db):
    run_load_demo("--no-catalogue")
    counts = (User.objects.count(), Page.objects.count())

    output = run_load_demo("--no-catalogue")

    assert "0 new people, 0 new pages" in output
    assert (User.objects.count(), Page.objects.count()) == counts


def test_load_demo_if_empty_leaves_a_site_with_people_alone(db):
    User.objects.create_user("someone@example.org", "a-long-password-1")

    output = run_load_demo("--if-empty")

    assert "demo not loaded" in output
    assert not HomePage.objects.exists()
