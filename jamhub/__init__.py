"""JamHub: a Creative Commons music community with peer-to-peer distribution."""

from jamhub.celery import app as celery_app

__all__ = ["celery_app"]
