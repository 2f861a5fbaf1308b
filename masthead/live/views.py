from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.views.decorators.http import require_GET

from masthead.articles.selectors import byline_person_ids

from . import selectors, streams
from .broker import get_broker
from .events import resume_point


@require_GET
async def story_stream(request: HttpRequest, slug: str) -> HttpResponseBase:
    """``/story/<slug>/live/``: the story's new comments as Server-Sent Events.

    Starts after ``Last-Event-ID`` (a reconnecting browser) or ``?after=`` (the number
    the page was rendered with); without either, from now on. Reads no session, so it
    costs no session lookup and sets no cookie.
    """
    if not isinstance(request, ASGIRequest):
        # Under a WSGI server a stream would hold a worker for as long as the reader
        # stays. 204 No Content tells EventSource to stop; the page works without it.
        return HttpResponse(status=204)
    article = await streams.read_db(partial(selectors.live_article, slug))
    after = resume_point(
        request.headers.get("Last-Event-ID"),
        request.GET.get("after"),
        newest=article.last_comment_number,
    )
    limit = int(settings.MASTHEAD_LIVE_MAX_STREAMS)
    if not streams.slots.try_acquire(limit):
        return streams.busy_response(limit)
    stream = streams.EventStream(
        article_id=article.pk,
        slug=article.slug,
        after=after,
        broker=get_broker(),
        on_close=streams.slots.release,
        byline_author_ids=byline_person_ids(article),
    )
    return streams.stream_response(stream)
