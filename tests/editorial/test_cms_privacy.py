"""The CMS sends nothing about its editors to a third party."""

from wagtail.users.utils import get_gravatar_url


def test_the_cms_asks_gravatar_for_no_avatar():
    # With a provider, Wagtail would put an <img> to gravatar.com carrying the MD5
    # of the editor's email on every CMS page.
    assert get_gravatar_url("editor@jamhub.test") is None
