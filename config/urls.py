from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from django.views.static import serve

from masthead.core import views as core_views

# The newsroom signs in through the same throttled log-in as everyone else.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("masthead.accounts.urls")),
    path("csrf/", core_views.csrf_token, name="csrf_token"),
    path("moderation/", include("masthead.moderation.urls")),
    # Flagging a comment: /story/<slug>/comments/<n>/flag/ (beside comments' own routes).
    path("", include("masthead.moderation.flag_urls")),
    path("", include("masthead.live.urls")),
    path("", include("masthead.search.urls")),
    path("", include("masthead.comments.urls")),
    path("", include("masthead.articles.urls")),
]

if settings.MASTHEAD_SERVE_MEDIA:
    # Lead image renditions; their names carry a content hash, so they never change.
    urlpatterns.insert(
        0,
        re_path(r"^media/(?P<path>.+)$", serve, {"document_root": settings.MEDIA_ROOT}),
    )
