from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="results"),
    path("search/suggest/", views.suggestions, name="suggest"),
    path("search/suggest/tags/", views.tag_suggestions, name="suggest-tags"),
]
