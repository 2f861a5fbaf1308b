from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from masthead.core import views as core_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("csrf/", core_views.csrf_token, name="csrf_token"),
    path("", include("masthead.live.urls")),
    path("", include("masthead.comments.urls")),
    path("", include("masthead.articles.urls")),
]
