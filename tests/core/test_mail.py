"""Queued mail: what the web process serialises is what the worker sends."""

from django.core.mail import EmailMessage, EmailMultiAlternatives

from jamhub.core.mail import message_from_data, message_to_data


def test_a_message_survives_the_queue_unchanged():
    original = EmailMultiAlternatives(
        subject="Votre album est publié",
        body="Bonne écoute !",
        from_email="JamHub <noreply@jamhub.test>",
        to=["artiste@example.org"],
        cc=["band@example.org"],
        bcc=["archive@example.org"],
        reply_to=["help@jamhub.test"],
        headers={"List-Unsubscribe": "<https://jamhub.test/u/abc>"},
    )
    original.attach_alternative("<p>Bonne écoute !</p>", "text/html")
    original.attach("LICENSE.txt", b"CC BY 4.0\n", "text/plain")

    rebuilt = message_from_data(message_to_data(original))

    assert rebuilt.subject == original.subject
    assert rebuilt.body == original.body
    assert rebuilt.from_email == original.from_email
    assert (rebuilt.to, rebuilt.cc, rebuilt.bcc) == (
        original.to,
        original.cc,
        original.bcc,
    )
    assert rebuilt.reply_to == original.reply_to
    assert rebuilt.extra_headers == original.extra_headers
    assert rebuilt.alternatives[0][0] == "<p>Bonne écoute !</p>"
    assert tuple(rebuilt.attachments[0]) == tuple(original.attachments[0])
    assert rebuilt.message().as_bytes().count(b"Content-Type: text/html") == 1


def test_a_message_without_recipients_is_not_queued(settings, mailoutbox):
    settings.EMAIL_BACKEND = "jamhub.core.mail.QueuedEmailBackend"

    sent = EmailMessage("Nobody", "to send to", "noreply@jamhub.test", []).send()

    assert sent == 0
