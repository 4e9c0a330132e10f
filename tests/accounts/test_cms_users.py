"""Staff manage people in the CMS with our fields: email, display name, language."""

from django.urls import reverse

from jamhub.accounts.models import User
from tests.factories import UserFactory


def test_staff_create_a_person_in_the_cms(db, client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    form = client.get(reverse("wagtailusers_users:add"))
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "New.Editor@Example.org",
            "display_name": "Nouvelle",
            "locale": "fr",
            "password1": "a-long-enough-password-42",
            "password2": "a-long-enough-password-42",
        },
    )

    assert form.status_code == 200
    assert 'name="display_name"' in form.content.decode()
    assert 'name="first_name"' not in form.content.decode()
    assert response.status_code == 302
    person = User.objects.get(email="new.editor@example.org")
    assert (person.display_name, person.locale) == ("Nouvelle", "fr")
    assert person.check_password("a-long-enough-password-42")


def test_staff_deactivate_a_person_in_the_cms(db, client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    person = UserFactory(display_name="Spammer")
    client.force_login(admin)

    response = client.post(
        reverse("wagtailusers_users:edit", args=[person.pk]),
        {"email": person.email, "display_name": "Spammer", "locale": "en"},
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_active is False  # the unchecked box
