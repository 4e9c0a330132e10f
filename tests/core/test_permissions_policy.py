"""The Permissions-Policy header: no camera, microphone or position for any page;
autoplay for our own origin (the player starts the next track by itself)."""

import pytest
from django.test import Client

POLICY = "camera=(), microphone=(), geolocation=(), autoplay=(self)"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/", "/healthz", "/media/nothing", "/en/nowhere/"])
def test_every_response_carries_the_permissions_policy(url):
    response = Client().get(url)

    assert response["Permissions-Policy"] == POLICY
