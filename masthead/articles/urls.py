from __future__ import annotations

from django.urls import path

from . import views

app_name = "articles"
urlpatterns = [
    path("", views.front_page, name="front_page"),
    path("section/<slug:slug>/", views.section_page, name="section"),
    path("authors/<str:username>/", views.author_page, name="author"),
    path("tags/<slug:slug>/", views.tag_page, name="tag"),
    path("story/<slug:slug>/", views.article_detail, name="detail"),
    path("story/<slug:slug>/print/", views.article_print, name="print"),
    path("story/<slug:slug>/reprints/", views.reprint_request, name="reprints"),
]
