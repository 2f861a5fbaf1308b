"""The discussion panel that the comments app adds to every story page."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from masthead.articles.models import Article
from masthead.articles.panels import PageKind, Panel

from .forms import CommentForm
from .rendering import render_comments
from .selectors import thread_for_article


def discussion_panel(request: HttpRequest, article: Article, kind: PageKind) -> Panel:
    """The numbered thread, and (on the story page) the form to join it."""
    comments = thread_for_article(article)
    reply_prefix = reverse("comments:post", kwargs={"slug": article.slug}) if kind == "page" else ""
    context: dict[str, object] = {
        "article": article,
        "comments": comments,
        "thread_html": render_comments(comments, reply_prefix=reply_prefix),
    }
    if kind == "page":
        context["form"] = CommentForm(
            initial={"name": request.session.get("guest_name", "")},
            is_guest=not request.user.is_authenticated,
        )
        context["can_comment"] = article.is_published
    return Panel(template_name="comments/_discussion.html", context=context)
