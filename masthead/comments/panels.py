"""The discussion panel that the comments app adds to every story page."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from masthead.articles.models import Article
from masthead.articles.panels import PageKind, Panel

from .forms import CommentForm
from .selectors import thread_for_article


def discussion_panel(request: HttpRequest, article: Article, kind: PageKind) -> Panel:
    """The numbered thread, and (on the story page) the form to join it."""
    context: dict[str, object] = {"article": article, "comments": thread_for_article(article)}
    if kind == "page":
        context["form"] = CommentForm(
            initial={"name": request.session.get("guest_name", "")},
            is_guest=not request.user.is_authenticated,
        )
        context["can_comment"] = article.is_published
        # Reply links are built by string, not {% url %}, to keep big threads cheap.
        context["reply_prefix"] = reverse("comments:post", kwargs={"slug": article.slug})
    return Panel(template_name="comments/_discussion.html", context=context)
