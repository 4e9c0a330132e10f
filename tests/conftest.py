"""Fixtures shared by the whole suite."""

import gettext
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test.signals import setting_changed


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path: Path) -> None:
    """Each test writes media to its own folder and starts with an empty cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.JAMHUB_TRACKER_ALLOWED_FILE = tmp_path / "tracker-allowed.txt"
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request to a /fr/ page leaves
    French active in the thread, and reverse() would then build /fr/ URLs."""
    from django.utils import translation

    with translation.override(django_settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def demo_site(db):
    """The demo people and the English and French editorial pages."""
    from jamhub.accounts.demo import load_demo_people
    from jamhub.editorial.demo import load_demo_pages

    load_demo_people()
    load_demo_pages()


def _service_url(variable: str) -> str:
    """A service URL from the environment: required in CI, else the test skips."""
    url = os.environ.get(variable, "")
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{variable} must be set in CI")
        pytest.skip(f"{variable} is not set")
    return url


@pytest.fixture
def amqp_url() -> str:
    """A RabbitMQ broker (JAMHUB_TEST_AMQP_URL), for the Celery round trip."""
    return _service_url("JAMHUB_TEST_AMQP_URL")


@pytest.fixture
def redis_url() -> str:
    """REDIS_URL, required in CI; elsewhere the test is skipped without it."""
    return _service_url("REDIS_URL")


def _stale_catalogues() -> list[Path]:
    """The .po files under LOCALE_PATHS whose .mo is missing or older."""
    stale = []
    for base in django_settings.LOCALE_PATHS:
        for po in sorted(Path(base).glob("*/LC_MESSAGES/*.po")):
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                stale.append(po)
    return stale


def _compile(msgfmt: str, po: Path) -> None:
    """Compile po next to itself; written to a temporary file first so that a
    concurrent run never reads half a catalogue."""
    mo = po.with_suffix(".mo")
    fd, tmp = tempfile.mkstemp(dir=po.parent, prefix=".", suffix=".mo.tmp")
    os.close(fd)
    try:
        result = subprocess.run(
            [msgfmt, "--check-format", "-o", tmp, str(po)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(
                f"msgfmt could not compile {po}:\n{result.stderr}", pytrace=False
            )
        os.chmod(tmp, 0o644)
        os.replace(tmp, mo)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """Compile locale/*/LC_MESSAGES/*.po into .mo when the .mo is missing or stale.

    The .mo files are build products (`make messages`), not committed, and a plain
    pytest run must work too."""
    stale = _stale_catalogues()
    if not stale:
        return
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.fail(
            "msgfmt is not installed, so the translations cannot be compiled "
            f"({', '.join(str(p) for p in stale)}). Install GNU gettext "
            "(`apt-get install gettext`, or `make system-packages` as root), "
            "then run `make messages` or the tests again.",
            pytrace=False,
        )
    for po in stale:
        _compile(msgfmt, po)
    # A catalogue read before this point (without the new .mo) must not be reused:
    # Django drops its caches when it is told LOCALE_PATHS changed.
    gettext._translations.clear()  # type: ignore[attr-defined]
    setting_changed.send(
        sender=django_settings._wrapped.__class__,
        setting="LOCALE_PATHS",
        value=django_settings.LOCALE_PATHS,
        enter=False,
    )


# --- People shared by every package's tests ---------------------------------------


@pytest.fixture
def owner(db):
    """The owner of the artist the package's tests build on."""
    from tests.factories import UserFactory

    return UserFactory(display_name="Zoë Owner")


@pytest.fixture
def owner_client(owner):
    from tests.factories import client_for

    return client_for(owner)


@pytest.fixture
def moderator(db):
    from jamhub.accounts.roles import Role
    from jamhub.accounts.services import grant_role
    from tests.factories import UserFactory

    user = UserFactory(display_name="Mo Derator")
    grant_role(user, role=Role.MODERATOR)
    return user


@pytest.fixture
def moderator_client(moderator):
    from tests.factories import client_for

    return client_for(moderator)
