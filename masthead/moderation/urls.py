from __future__ import annotations

from django.urls import path

from . import views

app_name = "moderation"
urlpatterns = [
    # Queue and audit log
    path("", views.queue, name="queue"),
    path("decide/", views.decide, name="decide"),
    path("log/", views.log, name="log"),
    # Bans
    path("ban/", views.ban, name="ban"),
    path("bans/", views.bans, name="bans"),
    path("bans/<int:pk>/lift/", views.lift_ban, name="lift_ban"),
]
