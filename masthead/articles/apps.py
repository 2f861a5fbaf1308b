from __future__ import annotations

from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "masthead.articles"
    label = "articles"
    verbose_name = "Stories"
