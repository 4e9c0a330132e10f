"""JAMHUB_THEME: a theme overrides what it has and falls back to the default theme."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured

from jamhub.core.themes import theme_static_dirs, theme_template_dirs

DEFAULT_THEME = Path(django_settings.THEMES_ROOT) / "default"


@pytest.fixture
def themes_root(tmp_path: Path) -> Path:
    """A themes folder with the real default theme and a "night" theme overriding
    the footer template and the stylesheet only."""
    root = tmp_path / "themes"
    root.mkdir()
    (root / "default").symlink_to(DEFAULT_THEME, target_is_directory=True)
    night = root / "night"
    (night / "templates" / "includes").mkdir(parents=True)
    (night / "templates" / "includes" / "footer.html").write_text(
        '<footer class="night-footer">Night theme footer</footer>'
    )
    (night / "static" / "css").mkdir(parents=True)
    (night / "static" / "css" / "main.css").write_text("body { background: #000; }")
    return root


def test_a_theme_comes_before_the_default(themes_root):
    assert theme_template_dirs(themes_root, "night") == [
        themes_root / "night" / "templates",
        themes_root / "default" / "templates",
    ]
    assert theme_static_dirs(themes_root, "default") == [
        themes_root / "default" / "static"
    ]


def test_an_unknown_theme_fails_fast_naming_the_choices(themes_root):
    with pytest.raises(ImproperlyConfigured, match=r"'sunset'.*default, night"):
        theme_template_dirs(themes_root, "sunset")


@pytest.mark.parametrize("name", ["", "../etc", ".hidden", "a/b"])
def test_a_theme_name_cannot_leave_the_themes_folder(themes_root, name):
    with pytest.raises(ImproperlyConfigured):
        theme_template_dirs(themes_root, name)


def test_pages_use_the_theme_template_and_fall_back_for_the_rest(
    demo_site, client, settings, themes_root
):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": theme_template_dirs(themes_root, "night")}
    ]

    response = client.get("/en/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Night theme footer" in html  # overridden by the theme
    assert 'class="site-header"' in html  # inherited from the default theme
    assert "Free music, carried by its fans" in html


def test_static_files_of_the_theme_win_and_the_rest_fall_back(settings, themes_root):
    settings.STATICFILES_DIRS = theme_static_dirs(themes_root, "night")

    assert (
        Path(finders.find("css/main.css")).read_text() == "body { background: #000; }"
    )
    assert Path(finders.find("js/main.js")).resolve() == (
        DEFAULT_THEME / "static" / "js" / "main.js"
    )
