from django.urls import path

from jamhub.fanclubs import views

app_name = "fanclubs"

urlpatterns = [
    path("fan-clubs/preferences/", views.preferences, name="preferences"),
    path("fan-clubs/notifications/", views.notifications, name="notifications"),
    path("fan-clubs/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("fans/<slug:artist_slug>/", views.club, name="club"),
    path("fans/<slug:artist_slug>/join/", views.join, name="join"),
    path("fans/<slug:artist_slug>/leave/", views.leave, name="leave"),
    path("fans/<slug:artist_slug>/visibility/", views.visibility, name="visibility"),
    path("fans/<slug:artist_slug>/news/new/", views.news_create, name="news-create"),
    path(
        "fans/<slug:artist_slug>/news/<id:news_id>/",
        views.news_detail,
        name="news",
    ),
]
