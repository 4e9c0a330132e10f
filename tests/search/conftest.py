"""Search fixtures: a small catalogue written straight to the database (no ingest),
indexed through the search services, on the database backend or on the
Elasticsearch named by ELASTICSEARCH_URL."""

import os
import uuid
from collections.abc import Callable

import pytest

from search import services
from search.backends import _backend
from tests.catalog.conftest import (  # noqa: F401 - the catalogue's fixtures
    album,
    approve,
    artist,
    audio_file,
    cover_png,
    pending_album,
    published_album,
    submit,
    upload,
    waiting_album,
)
from tests.e2e.conftest import page  # noqa: F401 - headless Chromium
from tests.search.catalogue import make_album  # noqa: F401 - a fixture

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request, settings, db) -> str:
    """Each contract test runs on the database backend, and on a live Elasticsearch
    when ELASTICSEARCH_URL is set."""
    if request.param == "elasticsearch":
        if not ES_URL:
            pytest.skip("ELASTICSEARCH_URL is not set")
        request.applymarker(pytest.mark.elasticsearch)
        settings.ELASTICSEARCH_URL = ES_URL
        settings.SEARCH_INDEX_PREFIX = f"jamhub-test-{uuid.uuid4().hex[:8]}"
    else:
        settings.ELASTICSEARCH_URL = ""
    _backend.cache_clear()
    yield request.param
    if request.param == "elasticsearch":
        from search.backends import get_backend

        get_backend().drop()  # type: ignore[attr-defined]
    _backend.cache_clear()


@pytest.fixture
def index_catalogue(backend) -> Callable[[], int]:
    """Rebuild the index of everything published so far."""

    def run() -> int:
        count = services.rebuild_index(progress=lambda step: None)
        from search.backends import get_backend

        refresh = getattr(get_backend(), "refresh", None)
        if refresh:
            refresh()
        return count

    return run
