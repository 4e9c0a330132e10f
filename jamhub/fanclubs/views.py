"""Fan club pages: the club, joining and leaving, news, preferences, the
notifications inbox and one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from jamhub.catalog.models import Artist
from jamhub.catalog.services.access import get_artist_for, is_member
from jamhub.catalog.validation import ImageError
from jamhub.fanclubs import services
from jamhub.fanclubs.forms import NewsForm, PreferencesForm
from jamhub.fanclubs.models import ArtistNews, Fan, FanNotification


def _artist(request: HttpRequest, artist_slug: str) -> Artist:
    """Like the artist's page: not there while nothing of it is published."""
    return get_artist_for(request.user, artist_slug)


@require_safe
def club(request: HttpRequest, artist_slug: str) -> HttpResponse:
    artist = _artist(request, artist_slug)
    fans = Fan.objects.filter(artist=artist)
    fan = (
        fans.filter(user=request.user).first()
        if request.user.is_authenticated
        else None
    )
    listed = list(fans.listed().select_related("user").order_by("-created_at")[:60])
    total = fans.count()
    today = timezone.localdate()
    most_active = services.most_active_fans(artist, today=today)
    return render(
        request,
        "fanclubs/club.html",
        {
            "artist": artist,
            "fan": fan,
            "fans": listed,
            "fan_count": total,
            # Fans who did not opt in to the lists are counted, never named.
            "unlisted_count": total - fans.listed().count(),
            "most_active": most_active,
            "unlisted_active_count": services.unlisted_active_fan_count(
                artist, today=today
            ),
            "news": ArtistNews.objects.readable_by(request.user, artist)
            .newest_first()
            .select_related("author")[:20],
            "is_member": is_member(request.user, artist),
        },
    )


@require_safe
def news_detail(request: HttpRequest, artist_slug: str, news_id: int) -> HttpResponse:
    artist = _artist(request, artist_slug)
    news = (
        ArtistNews.objects.readable_by(request.user, artist).filter(pk=news_id).first()
    )
    if news is None:
        raise Http404
    return render(
        request, "fanclubs/news_detail.html", {"artist": artist, "news": news}
    )


@login_required
@require_POST
def join(request: HttpRequest, artist_slug: str) -> HttpResponse:
    artist = _artist(request, artist_slug)
    services.become_fan(artist, user=request.user)
    messages.success(request, _("You are a fan of %(name)s.") % {"name": artist.name})
    return redirect("fanclubs:club", artist_slug=artist.slug)


@login_required
@require_POST
def leave(request: HttpRequest, artist_slug: str) -> HttpResponse:
    artist = _artist(request, artist_slug)
    services.leave_fan_club(artist, user=request.user)
    messages.success(
        request, _("You left the fan club of %(name)s.") % {"name": artist.name}
    )
    return redirect("fanclubs:club", artist_slug=artist.slug)


@login_required
@require_POST
def visibility(request: HttpRequest, artist_slug: str) -> HttpResponse:
    artist = _artist(request, artist_slug)
    if not Fan.objects.filter(artist=artist, user=request.user).exists():
        raise Http404
    listed = request.POST.get("listed") == "1"
    services.set_fan_listed(artist, user=request.user, listed=listed)
    messages.success(
        request,
        _("Your name is shown in this fan club's lists.")
        if listed
        else _("Your name is no longer shown in this fan club's lists."),
    )
    return redirect("fanclubs:club", artist_slug=artist.slug)


@login_required
def news_create(request: HttpRequest, artist_slug: str) -> HttpResponse:
    artist = _artist(request, artist_slug)
    if not is_member(request.user, artist):
        raise PermissionDenied
    form = NewsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        image = form.cleaned_data["image"]
        try:
            news = services.post_news(
                artist,
                by=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                fans_only=form.cleaned_data["fans_only"],
                image=image.read() if image else None,
            )
        except ImageError:
            form.add_error("image", _("This image cannot be used: try a JPEG or PNG."))
        else:
            messages.success(request, _("Your news is posted; your fans are told."))
            return redirect(news.get_absolute_url())
    return render(request, "fanclubs/news_form.html", {"artist": artist, "form": form})


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = services.preferences_of(request.user)
    fields = ["album_site", "album_email", "news_site", "news_email"]
    form = PreferencesForm(
        request.POST or None, initial={name: getattr(current, name) for name in fields}
    )
    if request.method == "POST" and form.is_valid():
        services.update_preferences(request.user, **form.cleaned_data)
        messages.success(request, _("Your preferences are saved."))
        return redirect("fanclubs:preferences")
    clubs = Fan.objects.filter(user=request.user).select_related("artist")
    return render(request, "fanclubs/preferences.html", {"form": form, "clubs": clubs})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.mark_notifications_read(request.user)
        return redirect("fanclubs:notifications")
    items = (
        FanNotification.objects.filter(user=request.user)
        .on_site()
        .select_related("artist", "album__artist", "news__artist")[:100]
    )
    return render(request, "fanclubs/notifications.html", {"items": items})


@csrf_exempt  # RFC 8058: mail clients POST here with no session and no token
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a confirmation button (link scanners must not unsubscribe anyone);
    POST, from that button or a mail client's one-click, unsubscribes."""
    from jamhub.fanclubs.tokens import read_unsubscribe_token

    request_data = read_unsubscribe_token(token)
    if request_data is None:
        raise Http404
    done = False
    if request.method == "POST":
        done = services.unsubscribe(token)
    artist = (
        Artist.objects.filter(pk=request_data.artist_id).first()
        if request_data.artist_id
        else None
    )
    return render(
        request,
        "fanclubs/unsubscribe.html",
        {"done": done, "artist": artist, "token": token},
    )
