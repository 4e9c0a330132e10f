from django.urls import path

from jamhub.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.edit_profile, name="profile"),
    path("people/<uuid:public_id>/", views.public_profile, name="public-profile"),
    path("contact/", views.contact, name="contact"),
    path("resend-confirmation/", views.resend_confirmation, name="resend-confirmation"),
]
