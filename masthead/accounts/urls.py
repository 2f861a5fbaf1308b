from __future__ import annotations

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("members/<str:username>/", views.profile, name="profile"),
    path("account/", views.account_settings, name="settings"),
    path("account/export/", views.export_data, name="export"),
    path("account/delete/", views.delete_account, name="delete"),
]
