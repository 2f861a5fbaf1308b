from __future__ import annotations

from django.urls import path

from . import views

app_name = "live"
urlpatterns = [
    path("story/<slug:slug>/live/", views.story_stream, name="stream"),
]
