"""The artist's side: artist spaces, album drafts, uploads, submission, progress."""

import tempfile
from pathlib import Path
from urllib.parse import unquote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from jamhub.accounts.models import User
from jamhub.catalog.forms import AlbumForm, ArtistForm, ArtistSettingsForm, MemberForm
from jamhub.catalog.models import Artist, ArtistMembership
from jamhub.catalog.services import albums as album_services
from jamhub.catalog.services import uploads
from jamhub.catalog.services.access import (
    get_album_for_member,
    get_artist_for,
    is_owner,
    require_member,
)
from jamhub.catalog.services.albums import WorkflowError
from jamhub.catalog.validation import ImageError
from jamhub.core.ids import parse_posted_id


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    artists = Artist.objects.managed_by(request.user).prefetch_related("albums")
    return render(request, "catalog/studio/dashboard.html", {"artists": artists})


@login_required
def artist_create(request: HttpRequest) -> HttpResponse:
    form = ArtistForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        artist = album_services.create_artist(by=request.user, **form.cleaned_data)
        messages.success(
            request, _("Your artist space is ready. Add your first album.")
        )
        return redirect("catalog:album-create", artist_slug=artist.slug)
    return render(request, "catalog/studio/artist_form.html", {"form": form})


@login_required
def album_create(request: HttpRequest, artist_slug: str) -> HttpResponse:
    artist = get_artist_for(request.user, artist_slug)
    require_member(request.user, artist)
    form = AlbumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        album = album_services.create_album(
            artist, by=request.user, **form.cleaned_data
        )
        return redirect("catalog:album-manage", album_id=album.pk)
    return render(
        request, "catalog/studio/album_form.html", {"form": form, "artist": artist}
    )


@login_required
def album_manage(request: HttpRequest, album_id: int) -> HttpResponse:
    album = get_album_for_member(request.user, album_id)
    form = AlbumForm(
        request.POST or None,
        initial={
            "title": album.title,
            "licence": album.licence,
            "release_date": album.release_date,
            "description": album.description,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            album_services.update_album(album, by=request.user, **form.cleaned_data)
        except WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Album details saved."))
        return redirect("catalog:album-manage", album_id=album.pk)
    return render(
        request,
        "catalog/studio/album_manage.html",
        {
            "album": album,
            "form": form,
            "tracks": album.tracks.select_related("original").order_by("number"),
            "failed_tracks": album.tracks.filter(state="failed").order_by("number"),
            "max_file_mb": uploads.max_file_bytes() // 1024**2,
        },
    )


def _refusal_payload(refusals: list[uploads.Refusal]) -> list[dict[str, str]]:
    return [{"file": r.file_name, "reason": r.reason} for r in refusals]


@login_required
@require_POST
def album_upload(request: HttpRequest, album_id: int) -> JsonResponse:
    """One file per request (the page sends several in parallel, each with its own
    progress bar): an audio file becomes a track; a zip adds its audio files.

    Every refusal answers 4xx with its reason in words for the artist."""
    album = get_album_for_member(request.user, album_id)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return JsonResponse({"error": _("Invalid request.")}, status=400)
    declared_name = _declared_name(request)
    name = declared_name or "upload"
    try:
        uploads.check_file_name(name)
        # Refuse before reading the body when its declared size already says no.
        limit = (
            uploads.max_zip_bytes()
            if name.lower().endswith(".zip")
            else uploads.max_file_bytes()
        )
        if declared > limit + 64 * 1024:
            raise uploads.UploadRefused(
                name,
                _("The file is larger than %(limit)s.")
                % {"limit": filesizeformat(limit)},
            )
        upload = request.FILES.get("file")
        if upload is None:
            return JsonResponse({"error": _("No file was received.")}, status=400)
        # The page sends the name in a header, whole and in any script; the form
        # part's own name is what Django kept of it (cut at 255 characters).
        name = declared_name or upload.name
        if name.lower().endswith(".zip"):
            path, is_copy = _as_path(upload)
            try:
                tracks, refusals = uploads.add_tracks_from_zip(
                    album, zip_path=path, file_name=name, by=request.user
                )
            finally:
                if is_copy:
                    path.unlink(missing_ok=True)
            return JsonResponse(
                {
                    "tracks": [_track_payload(t) for t in tracks],
                    "refused": _refusal_payload(refusals),
                },
                status=200 if tracks else 400,
            )
        track = uploads.add_track(
            album, source=upload.chunks(), file_name=name, by=request.user
        )
    except uploads.UploadRefused as exc:
        return JsonResponse({"refused": _refusal_payload([exc.refusal])}, status=400)
    except WorkflowError as exc:
        return JsonResponse({"error": str(exc)}, status=409)
    return JsonResponse({"tracks": [_track_payload(track)], "refused": []})


def _declared_name(request: HttpRequest) -> str:
    """The file name the page sent in X-File-Name, percent-encoded there because
    HTTP headers carry only Latin-1."""
    return unquote(request.headers.get("X-File-Name", ""), errors="replace")


def _as_path(upload: UploadedFile) -> tuple[Path, bool]:
    """A file path for a zip upload (zipfile needs a real file), and whether it is a
    copy the caller must delete."""
    if isinstance(upload, TemporaryUploadedFile):
        return Path(upload.temporary_file_path()), False
    handle = tempfile.NamedTemporaryFile(suffix=".zip", delete=False)
    with handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return Path(handle.name), True


def _track_payload(track) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        "id": track.pk,
        "number": track.number,
        "title": track.title,
        "duration": track.duration,
        "state": track.state,
    }


@login_required
@require_POST
def album_cover(request: HttpRequest, album_id: int) -> HttpResponse:
    album = get_album_for_member(request.user, album_id)
    upload = request.FILES.get("cover")
    if upload is None:
        messages.error(request, _("Choose an image file."))
    elif upload.size > 20 * 1024**2:
        messages.error(request, _("The image is larger than 20 MB."))
    else:
        try:
            uploads.set_cover(
                album, data=upload.read(), by=request.user, file_name=upload.name
            )
        except uploads.UploadRefused as exc:
            messages.error(request, exc.refusal.reason)
        except WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Cover saved."))
    return redirect("catalog:album-manage", album_id=album.pk)


@login_required
@require_POST
def album_tracks(request: HttpRequest, album_id: int) -> HttpResponse:
    """Save the order and titles of the tracks (the form lists them in order)."""
    album = get_album_for_member(request.user, album_id)
    try:
        order = [parse_posted_id(v) for v in request.POST.getlist("track")]
        titles = {tid: request.POST.get(f"title-{tid}", "") for tid in order}
        album_services.arrange_tracks(
            album, by=request.user, order=order, titles=titles
        )
    except (ValueError, WorkflowError) as exc:
        messages.error(
            request,
            str(exc) if isinstance(exc, WorkflowError) else _("Invalid track list."),
        )
    else:
        messages.success(request, _("Track list saved."))
    return redirect("catalog:album-manage", album_id=album.pk)


@login_required
@require_POST
def track_delete(request: HttpRequest, album_id: int, track_id: int) -> HttpResponse:
    album = get_album_for_member(request.user, album_id)
    track = get_object_or_404(album.tracks, pk=track_id)
    try:
        album_services.remove_track(track, by=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Track removed."))
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"removed": track_id})
    return redirect("catalog:album-manage", album_id=album.pk)


@login_required
@require_POST
def album_submit(request: HttpRequest, album_id: int) -> HttpResponse:
    album = get_album_for_member(request.user, album_id)
    try:
        album_services.submit_album(album, by=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Submitted. We are preparing your files; follow the progress here."),
        )
    return redirect("catalog:album-manage", album_id=album.pk)


@login_required
@require_safe
def album_progress(request: HttpRequest, album_id: int) -> JsonResponse:
    """What the manage page polls while the album is processing."""
    album = get_album_for_member(request.user, album_id)
    tracks = list(album.tracks.order_by("number"))
    return JsonResponse(
        {
            "status": album.status,
            "status_display": album.get_status_display(),
            "reason": album.status_reason,
            "tracks": [
                {
                    "id": t.pk,
                    "number": t.number,
                    "title": t.title,
                    "state": t.state,
                    "state_display": t.get_state_display(),
                    "error": t.error_message if t.error else "",
                }
                for t in tracks
            ],
            "done": sum(1 for t in tracks if t.state == "ready"),
            "total": len(tracks),
        }
    )


@login_required
def artist_settings(request: HttpRequest, artist_slug: str) -> HttpResponse:
    """The artist's public profile (any member) and its members (owners)."""
    artist = get_artist_for(request.user, artist_slug)
    require_member(request.user, artist)
    form = ArtistSettingsForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "name": artist.name,
            "bio": artist.bio,
            "location": artist.location,
            "links": "\n".join(artist.links),
        },
    )
    if request.method == "POST" and form.is_valid():
        image = form.cleaned_data.get("image")
        try:
            album_services.update_artist(
                artist,
                by=request.user,
                name=form.cleaned_data["name"],
                bio=form.cleaned_data["bio"],
                location=form.cleaned_data["location"],
                links=form.cleaned_data["links"],
                image=image.read() if image else None,
            )
        except ImageError as exc:
            form.add_error("image", str(exc))
        else:
            messages.success(request, _("Artist profile saved."))
            return redirect("catalog:artist-settings", artist_slug=artist.slug)
    return render(
        request,
        "catalog/studio/artist_settings.html",
        {
            "artist": artist,
            "form": form,
            "member_form": MemberForm(),
            "members": artist.memberships.select_related("user").order_by("created_at"),
            "is_owner": is_owner(request.user, artist),
        },
    )


@login_required
@require_POST
def artist_member_add(request: HttpRequest, artist_slug: str) -> HttpResponse:
    artist = get_artist_for(request.user, artist_slug)
    require_member(request.user, artist)
    form = MemberForm(request.POST)
    if form.is_valid():
        person = User.objects.filter(
            email__iexact=form.cleaned_data["email"], is_active=True
        ).first()
        if person is None:
            messages.error(
                request,
                _("No JamHub account uses this address: ask them to sign up first."),
            )
        else:
            album_services.add_member(
                artist, user=person, role=form.cleaned_data["role"], by=request.user
            )
            messages.success(
                request,
                _("%(name)s is now a member.") % {"name": person.get_display_name()},
            )
    else:
        messages.error(request, _("Give the email address of their account."))
    return redirect("catalog:artist-settings", artist_slug=artist.slug)


@login_required
@require_POST
def artist_member_remove(
    request: HttpRequest, artist_slug: str, public_id: str
) -> HttpResponse:
    artist = get_artist_for(request.user, artist_slug)
    require_member(request.user, artist)
    person = get_object_or_404(User, public_id=public_id)
    try:
        album_services.remove_member(artist, user=person, by=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    except ArtistMembership.DoesNotExist:
        messages.error(request, _("This person is not a member."))
    else:
        messages.success(request, _("Member removed."))
    return redirect("catalog:artist-settings", artist_slug=artist.slug)
