"""Turning discussion changes into live events and handing them to the broker."""

from __future__ import annotations

from django.urls import reverse

from masthead.articles.selectors import byline_person_ids
from masthead.comments.models import Comment
from masthead.comments.rendering import RenderContext, render_comment

from . import selectors
from .broker import get_broker
from .events import LiveEvent


def reply_prefix(slug: str) -> str:
    """The story's comments URL, which gives each live comment its Reply link."""
    return reverse("comments:post", kwargs={"slug": slug})


def comment_event(
    comment: Comment, *, slug: str, byline_author_ids: frozenset[int] = frozenset()
) -> LiveEvent:
    """A published comment as the event a stream sends (the page's own ``<li>``, the
    same for every reader: no Delete link). ``byline_author_ids`` is the story's writer,
    whose comments carry the Author badge."""
    return LiveEvent(
        kind="comment",
        article_id=comment.article_id,
        number=comment.number,
        path=comment.path,
        html=render_comment(
            comment,
            RenderContext(reply_prefix=reply_prefix(slug), byline_author_ids=byline_author_ids),
        ),
    )


def publish_new_comment(comment: Comment, *, as_posted: bool = False) -> bool:
    """Send a newly published comment to every open stream of its story, in every
    process the broker reaches. Call after the posting transaction has committed.

    A comment approved by a moderator is read again first (one query), so one held or
    removed since is never sent and its author line shows the current post count. One
    just posted (``as_posted``: the object its posting transaction committed) is sent
    as it is, without a query, if it was published; a held one is not sent. Nothing is
    built when the broker knows no stream of the story is open (the in-process broker).
    Side effects: one Redis ``PUBLISH`` when ``REDIS_URL`` is set, else an in-process
    fan-out. Returns whether it was sent; raises ``redis.RedisError`` if Redis cannot
    be reached.
    """
    broker = get_broker()
    if not broker.may_have_streams(comment.article_id):
        return False  # nobody to send it to; a stream opened later reads it from the database
    if as_posted:
        fresh = comment if comment.status == Comment.Status.PUBLISHED else None
    else:
        fresh = selectors.published_comment(comment.pk)
    if fresh is None:
        return False
    article = comment.article
    broker.publish(
        comment_event(fresh, slug=article.slug, byline_author_ids=byline_person_ids(article))
    )
    return True


def publish_removal(comment: Comment) -> None:
    """Tell open streams of its story that comment ``#n`` was removed, so a browser that
    holds it unshown drops it. The event carries the number only, none of the text.
    Side effects and errors as :func:`publish_new_comment`; no query."""
    get_broker().publish(
        LiveEvent(kind="remove", article_id=comment.article_id, number=comment.number)
    )
