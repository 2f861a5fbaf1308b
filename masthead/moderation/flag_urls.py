"""Moderation's routes under a story's comments (included from ``config/urls.py`` at the
site root, beside ``comments.urls``): what readers do to a comment, as opposed to the
moderators' pages under ``/moderation/``."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "flags"
urlpatterns = [
    path("story/<slug:slug>/comments/<int:number>/flag/", views.flag, name="flag"),
]
