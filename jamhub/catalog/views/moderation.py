"""Moderators: the review queue, approve / reject, hide / restore, trusted artists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from jamhub.catalog.forms import ReasonForm
from jamhub.catalog.models import Album, AlbumDecision, Artist, Track
from jamhub.catalog.services import albums as album_services
from jamhub.catalog.services.access import require_moderator
from jamhub.catalog.services.albums import WorkflowError
from jamhub.catalog.views.public import _tracks_with_renditions, player_queue
from jamhub.licensing.licences import get_licence


@login_required
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    require_moderator(request.user)
    return render(
        request,
        "catalog/moderation/queue.html",
        {
            "waiting": Album.objects.awaiting_review()
            .select_related("artist")
            .with_track_count(),
            "hidden": Album.objects.filter(status="hidden").select_related("artist")[
                :50
            ],
            "decisions": AlbumDecision.objects.recent(),
        },
    )


@login_required
def review(request: HttpRequest, album_id: int) -> HttpResponse:
    require_moderator(request.user)
    album = get_object_or_404(Album.objects.select_related("artist"), pk=album_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                album_services.approve_album(album, by=request.user)
                messages.success(request, _("Published. The artist has been told."))
                return redirect("catalog:moderation-queue")
            if action == "reject" and form.is_valid():
                album_services.reject_album(
                    album, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request, _("Sent back to the artist with your reason.")
                )
                return redirect("catalog:moderation-queue")
        except WorkflowError as exc:
            messages.error(request, str(exc))
    tracks = _tracks_with_renditions(album)
    checked = list(album.tracks.select_related("original").order_by("number"))
    uploader = album.created_by
    return render(
        request,
        "catalog/moderation/review.html",
        {
            "album": album,
            "tracks": tracks,
            "queue": player_queue(album, tracks),
            "licence": get_licence(album.licence),
            "form": form,
            "checked_tracks": checked,
            "checks": _upload_checks(checked),
            "uploader": uploader,
            "artist_albums": album.artist.albums.exclude(pk=album.pk).order_by(
                "-created_at"
            )[:20],
            "uploader_albums": (
                Album.objects.filter(created_by=uploader)
                .exclude(pk=album.pk)
                .exclude(artist=album.artist)
                .select_related("artist")
                .order_by("-created_at")[:20]
                if uploader
                else []
            ),
            "decisions": album.decisions.select_related("moderator").order_by(
                "-decided_at", "-id"
            ),
        },
    )


def _upload_checks(tracks: list[Track]) -> dict[str, object]:
    """What the upload checks found across the album, summed up for the review."""
    originals = [t.original for t in tracks if hasattr(t, "original")]
    lossless = sum(1 for o in originals if o.lossless)
    loudness = [t.loudness for t in tracks if t.loudness is not None]
    return {
        "formats": sorted({f"{o.format_name.upper()} ({o.codec})" for o in originals}),
        "lossless": lossless,
        "lossy": len(originals) - lossless,
        "sample_rates": sorted({o.sample_rate for o in originals if o.sample_rate}),
        "duration": sum(t.duration or 0 for t in tracks),
        "loudness_range": (min(loudness), max(loudness)) if loudness else None,
        "unmeasured": len(tracks) - len(loudness),
    }


@login_required
@require_POST
def hide(request: HttpRequest, album_id: int) -> HttpResponse:
    require_moderator(request.user)
    album = get_object_or_404(Album, pk=album_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the album is hidden: the artist reads it."))
    else:
        try:
            album_services.hide_album(
                album, by=request.user, reason=form.cleaned_data["reason"]
            )
        except WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("The album is hidden. The artist has been told.")
            )
    return redirect("catalog:moderation-queue")


@login_required
@require_POST
def restore(request: HttpRequest, album_id: int) -> HttpResponse:
    require_moderator(request.user)
    album = get_object_or_404(Album, pk=album_id)
    try:
        album_services.restore_album(album, by=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The album is online again."))
    return redirect("catalog:moderation-queue")


@login_required
@require_POST
def trust_artist(request: HttpRequest, artist_slug: str) -> HttpResponse:
    require_moderator(request.user)
    artist = get_object_or_404(Artist, slug=artist_slug)
    trusted = request.POST.get("trusted") == "1"
    album_services.set_artist_trusted(artist, trusted=trusted, by=request.user)
    messages.success(
        request,
        _("%(name)s now publishes without review.") % {"name": artist.name}
        if trusted
        else _("%(name)s's albums are reviewed again.") % {"name": artist.name},
    )
    return redirect(artist.get_absolute_url())
