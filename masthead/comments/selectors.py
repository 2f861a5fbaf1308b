"""Reads of comments. A thread is one query, whatever its size."""

from __future__ import annotations

from django.http import Http404

from masthead.articles.models import Article

from .models import Comment
from .threading import is_ancestor_path


def thread_for_article(article: Article) -> list[Comment]:
    """The story's discussion depth-first, as one flat list in path order.

    One query (authors joined). A removed comment stays as a placeholder while some
    reply under it is shown; a removed comment with nothing under it is left out, so the
    thread shows only a gap in the numbers.
    """
    comments = list(
        Comment.objects.filter(article=article).in_thread().in_thread_order().with_authors()
    )
    shown: list[Comment] = []
    # Walk backwards: a removed comment is kept iff the next comment kept is inside it.
    next_kept_path = ""
    for comment in reversed(comments):
        if comment.is_removed and not is_ancestor_path(comment.path, next_kept_path):
            continue
        shown.append(comment)
        next_kept_path = comment.path
    shown.reverse()
    return shown


def find_comment(article: Article, number: int) -> Comment | None:
    """The comment ``number`` of ``article`` with its author, or ``None``."""
    return Comment.objects.with_authors().filter(article=article, number=number).first()


def comment_by_number(article: Article, number: int) -> Comment:
    """The comment ``number`` of ``article``, with its author; 404 if there is none."""
    comment = find_comment(article, number)
    if comment is None:
        raise Http404(f"This story has no comment #{number}.")
    return comment
