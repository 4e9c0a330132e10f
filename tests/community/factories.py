"""factory_boy factories for reviews (through the model: for reads and constraints;
behaviour goes through the services)."""

import factory

from jamhub.community.models import Review
from tests.factories import UserFactory


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    author = factory.SubFactory(UserFactory)
    rating = 4
    body = "Warm and slow."
