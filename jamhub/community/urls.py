from django.urls import path

from jamhub.community.views import (
    favourites,
    history,
    moderation,
    playlists,
    radio_index,
    radios,
    reviews,
    tag_moderation,
    tags,
)

app_name = "community"

urlpatterns = [
    path(
        "reviews/albums/<id:album_id>/write/",
        reviews.write_review,
        name="review-write",
    ),
    path("reviews/<id:review_id>/", reviews.review_detail, name="review"),
    path("reviews/<id:review_id>/delete/", reviews.delete_review, name="review-delete"),
    path(
        "reviews/<id:review_id>/helpful/", reviews.vote_helpful, name="review-helpful"
    ),
    path("reviews/<id:review_id>/reply/", reviews.reply, name="review-reply"),
    path("reviews/<id:review_id>/report/", reviews.report, name="review-report"),
    path(
        "moderation/reviews/<id:review_id>/hide/",
        moderation.hide_review,
        name="review-hide",
    ),
    path(
        "moderation/reviews/<id:review_id>/restore/",
        moderation.restore_review,
        name="review-restore",
    ),
    path(
        "moderation/reports/<id:report_id>/dismiss/",
        moderation.dismiss_report,
        name="report-dismiss",
    ),
    path("tags/", tags.tag_cloud, name="tag-cloud"),
    path("tags/autocomplete/", tags.autocomplete, name="tag-autocomplete"),
    path("tags/<str:kind>/<id:object_id>/add/", tags.add_tags, name="tag-add"),
    path("tags/<str:kind>/<id:object_id>/remove/", tags.remove_tag, name="tag-remove"),
    path("tags/<str:slug>/", tags.tag_detail, name="tag"),
    path("moderation/tags/", tag_moderation.tag_list, name="tag-moderation"),
    path(
        "moderation/tags/<id:tag_id>/rename/",
        tag_moderation.rename_tag,
        name="tag-rename",
    ),
    path(
        "moderation/tags/<id:tag_id>/merge/",
        tag_moderation.merge_tag,
        name="tag-merge",
    ),
    path("moderation/tags/<id:tag_id>/ban/", tag_moderation.ban_tag, name="tag-ban"),
    path(
        "moderation/tags/banned/<id:banned_id>/unban/",
        tag_moderation.unban_tag,
        name="tag-unban",
    ),
    path("favourites/", favourites.favourite_list, name="favourites"),
    path(
        "favourites/<str:kind>/<id:object_id>/",
        favourites.toggle_favourite,
        name="favourite-toggle",
    ),
    path(
        "favourites/<str:kind>/<id:object_id>/status/",
        favourites.favourite_status,
        name="favourite-status",
    ),
    path("playlists/", playlists.playlist_list, name="playlists"),
    path("playlists/add-track/", playlists.add_track, name="playlist-add-track"),
    path("playlists/<id:playlist_id>/", playlists.playlist_detail, name="playlist"),
    path(
        "playlists/<id:playlist_id>/edit/",
        playlists.edit_playlist,
        name="playlist-edit",
    ),
    path(
        "playlists/<id:playlist_id>/delete/",
        playlists.delete_playlist,
        name="playlist-delete",
    ),
    path(
        "playlists/<id:playlist_id>/reorder/",
        playlists.reorder_playlist,
        name="playlist-reorder",
    ),
    path(
        "playlists/<id:playlist_id>/download/",
        playlists.request_zip,
        name="playlist-download",
    ),
    path(
        "playlists/<id:playlist_id>/download/<str:fmt>/",
        playlists.zip_status,
        name="playlist-zip-status",
    ),
    path(
        "playlists/<id:playlist_id>/zip/<str:fmt>/",
        playlists.download_zip,
        name="playlist-zip",
    ),
    path(
        "playlists/items/<id:item_id>/move/",
        playlists.move_item,
        name="playlist-item-move",
    ),
    path(
        "playlists/items/<id:item_id>/remove/",
        playlists.remove_item,
        name="playlist-item-remove",
    ),
    path("history/", history.history, name="history"),
    path("history/settings/", history.set_history, name="history-settings"),
    path("history/clear/", history.clear_history, name="history-clear"),
    path("radios/", radio_index.radio_index, name="radio-index"),
    path("radios/<str:kind>/<str:value>/", radios.radio, name="radio"),
    path("radios/<str:kind>/<str:value>/next/", radios.radio_next, name="radio-next"),
]
