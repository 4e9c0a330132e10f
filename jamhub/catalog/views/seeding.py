"""Listeners' seeding: personal .torrent files (with their passkey) and the page that
shows what their BitTorrent clients carried."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from jamhub.catalog.models import AlbumStatus, AlbumTorrent
from jamhub.catalog.services.distribution import seeding_totals
from jamhub.catalog.services.passkeys import (
    passkey_for,
    personal_torrent,
    replace_passkey,
)
from jamhub.core.media import attachment_disposition


@login_required
@require_safe
def personal_torrent_file(
    request: HttpRequest, artist_slug: str, album_slug: str, fmt: str
) -> HttpResponse:
    torrent = (
        AlbumTorrent.objects.select_related("album")
        .filter(
            album__artist__slug=artist_slug,
            album__slug=album_slug,
            album__status=AlbumStatus.PUBLISHED,
            format=fmt,
        )
        .first()
    )
    if torrent is None:
        raise Http404
    try:
        data = personal_torrent(torrent, request.user)  # type: ignore[arg-type]
    except FileNotFoundError as error:
        raise Http404 from error
    return HttpResponse(
        data,
        content_type="application/x-bittorrent",
        headers={
            "Content-Disposition": attachment_disposition(f"{torrent.name}.torrent"),
            # Personal: never in a shared cache.
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@login_required
@require_safe
def my_seeding(request: HttpRequest) -> HttpResponse:
    user = request.user
    credits = (
        user.seeding_credits.select_related("torrent__album__artist")  # type: ignore[union-attr]
        .filter(torrent__album__status=AlbumStatus.PUBLISHED)
        .order_by("-uploaded")
    )
    return render(
        request,
        "catalog/my_seeding.html",
        {
            "passkey": passkey_for(user),  # type: ignore[arg-type]
            "totals": seeding_totals(user),  # type: ignore[arg-type]
            "credits": credits,
        },
    )


@login_required
@require_POST
def new_passkey(request: HttpRequest) -> HttpResponse:
    replace_passkey(request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        _(
            "You have a new passkey. Download your .torrent files again so that your "
            "seeding is credited."
        ),
    )
    return redirect("catalog:my-seeding")
