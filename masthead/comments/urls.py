from __future__ import annotations

from django.urls import path

from . import feeds, views

app_name = "comments"
urlpatterns = [
    path("story/<slug:slug>/comments/", views.post_comment, name="post"),
    path("story/<slug:slug>/comments/feed/", feeds.CommentFeed().as_view(), name="feed_rss"),
    path(
        "story/<slug:slug>/comments/feed/atom/",
        feeds.AtomCommentFeed().as_view(),
        name="feed_atom",
    ),
    path("story/<slug:slug>/comments/<int:number>/", views.permalink, name="permalink"),
    path("story/<slug:slug>/comments/<int:number>/reply/", views.reply_form, name="reply"),
    path("story/<slug:slug>/comments/<int:number>/thread/", views.thread_branch, name="branch"),
    path("story/<slug:slug>/comments/<int:number>/delete/", views.delete_comment, name="delete"),
    path("story/<slug:slug>/comments/<int:number>/remove/", views.remove_comment, name="remove"),
    path("story/<slug:slug>/comments/<int:number>/vote/", views.vote, name="vote"),
    path("story/<slug:slug>/comments/<int:number>/edit/", views.edit_comment, name="edit"),
    path(
        "story/<slug:slug>/comments/<int:number>/history/",
        views.comment_history,
        name="history",
    ),
]
