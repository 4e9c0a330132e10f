"""Demo people for a new site. Every demo account uses DEMO_PASSWORD."""

from allauth.account.models import EmailAddress

from jamhub.accounts.models import User
from jamhub.accounts.roles import Role
from jamhub.accounts.services import grant_role

DEMO_PASSWORD = "jamhub-demo"  # noqa: S105 - printed by load_demo, documented
DEMO_PEOPLE = [
    # email, display name, locale, roles, superuser
    ("admin@jamhub.test", "Admin", "en", [Role.STAFF], True),
    ("editor@jamhub.test", "Élodie Martin", "fr", [Role.LISTENER, Role.EDITOR], False),
    (
        "moderator@jamhub.test",
        "Sam Okafor",
        "en",
        [Role.LISTENER, Role.MODERATOR],
        False,
    ),
    ("alice@jamhub.test", "Alice", "en", [Role.LISTENER], False),
    ("bruno@jamhub.test", "Bruno", "fr", [Role.LISTENER], False),
]


def load_demo_people() -> list[str]:
    """Create the demo accounts that are missing; return the emails created."""
    created = []
    for email, name, locale, roles, superuser in DEMO_PEOPLE:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            factory = (
                User.objects.create_superuser if superuser else User.objects.create_user
            )
            user = factory(email, DEMO_PASSWORD, display_name=name, locale=locale)
            created.append(email)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        for role in roles:
            grant_role(user, role=role)
    return created


def demo_editor() -> User:
    return User.objects.get(email__iexact="editor@jamhub.test")
