from django.urls import path

from jamhub.catalog.views import (
    artists,
    moderation,
    public,
    seeding,
    statistics,
    studio,
)

app_name = "catalog"

urlpatterns = [
    path("albums/", public.album_list, name="album-list"),
    path("artists/", artists.artist_list, name="artist-list"),
    path("artists/<slug:artist_slug>/", public.artist_detail, name="artist"),
    path(
        "artists/<slug:artist_slug>/<slug:album_slug>/",
        public.album_detail,
        name="album",
    ),
    path(
        "artists/<slug:artist_slug>/<slug:album_slug>/tracks/<id:track_id>/",
        public.track_detail,
        name="track",
    ),
    path(
        "artists/<slug:artist_slug>/<slug:album_slug>/download/<str:fmt>/",
        public.download_album,
        name="album-download",
    ),
    path(
        "artists/<slug:artist_slug>/<slug:album_slug>/torrent/<str:fmt>/",
        seeding.personal_torrent_file,
        name="album-torrent",
    ),
    path(
        "statistics/artists/<slug:artist_slug>/",
        statistics.artist_statistics,
        name="artist-statistics",
    ),
    path(
        "statistics/artists/<slug:artist_slug>/<slug:album_slug>/",
        statistics.album_statistics,
        name="album-statistics",
    ),
    path("seeding/", seeding.my_seeding, name="my-seeding"),
    path("seeding/passkey/", seeding.new_passkey, name="new-passkey"),
    path("studio/", studio.dashboard, name="studio"),
    path("studio/artists/new/", studio.artist_create, name="artist-create"),
    path(
        "studio/artists/<slug:artist_slug>/",
        studio.artist_settings,
        name="artist-settings",
    ),
    path(
        "studio/artists/<slug:artist_slug>/members/",
        studio.artist_member_add,
        name="artist-member-add",
    ),
    path(
        "studio/artists/<slug:artist_slug>/members/<uuid:public_id>/remove/",
        studio.artist_member_remove,
        name="artist-member-remove",
    ),
    path(
        "studio/artists/<slug:artist_slug>/albums/new/",
        studio.album_create,
        name="album-create",
    ),
    path("studio/albums/<id:album_id>/", studio.album_manage, name="album-manage"),
    path(
        "studio/albums/<id:album_id>/upload/", studio.album_upload, name="album-upload"
    ),
    path("studio/albums/<id:album_id>/cover/", studio.album_cover, name="album-cover"),
    path(
        "studio/albums/<id:album_id>/tracks/", studio.album_tracks, name="album-tracks"
    ),
    path(
        "studio/albums/<id:album_id>/tracks/<id:track_id>/delete/",
        studio.track_delete,
        name="track-delete",
    ),
    path(
        "studio/albums/<id:album_id>/submit/", studio.album_submit, name="album-submit"
    ),
    path(
        "studio/albums/<id:album_id>/progress/",
        studio.album_progress,
        name="album-progress",
    ),
    path("moderation/", moderation.queue, name="moderation-queue"),
    path(
        "moderation/albums/<id:album_id>/", moderation.review, name="moderation-review"
    ),
    path("moderation/albums/<id:album_id>/hide/", moderation.hide, name="album-hide"),
    path(
        "moderation/albums/<id:album_id>/restore/",
        moderation.restore,
        name="album-restore",
    ),
    path(
        "moderation/artists/<slug:artist_slug>/trust/",
        moderation.trust_artist,
        name="artist-trust",
    ),
]
