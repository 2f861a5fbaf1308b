from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from masthead.core import pagecache
from masthead.core.http import absolute_url

from . import actions, caching, selectors, structured_data
from .forms import ReprintRequestForm
from .models import Article
from .panels import story_panels

View = Callable[..., HttpResponse]


def shared_for_anonymous(keys: Callable[..., tuple[str, ...]]) -> Callable[[View], View]:
    """Serve and store one copy of the page for every reader without a session.

    ``keys(**view_kwargs)`` names what the page depends on (see ``caching``). The view
    renders with an anonymous user and ``shared_page`` in its context, and must not
    read the session; members get a private, uncached page.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, **kwargs: str) -> HttpResponse:
            if not pagecache.is_shared_request(request.method or "GET", request.COOKIES):
                response = view(request, **kwargs)
                patch_cache_control(response, private=True, no_cache=True)
                return response
            entry = pagecache.lookup(pagecache.request_address(request))
            if entry is not None:
                return pagecache.response_from(entry, request.headers.get("If-None-Match"))
            depends_on = pagecache.versions(keys(**kwargs))
            request.user = AnonymousUser()
            request.shared_page = True  # type: ignore[attr-defined]
            response = view(request, **kwargs)
            return pagecache.store(request, response, depends_on=depends_on)

        return wrapper

    return decorator


def _context(request: HttpRequest, context: dict[str, object]) -> dict[str, object]:
    context["shared_page"] = getattr(request, "shared_page", False)
    return context


@require_GET
@shared_for_anonymous(lambda: caching.listing_keys())
def front_page(request: HttpRequest) -> HttpResponse:
    articles = selectors.front_page_articles()
    lead, rest = (articles[0], articles[1:]) if articles else (None, [])
    context: dict[str, object] = {
        "lead": lead,
        "articles": rest,
        "most_discussed": selectors.most_discussed(),
        "canonical_url": absolute_url(request, request.path),
    }
    return render(request, "articles/front_page.html", _context(request, context))


@require_GET
@shared_for_anonymous(lambda slug: caching.listing_keys())
def section_page(request: HttpRequest, slug: str) -> HttpResponse:
    section = selectors.section_by_slug(slug)
    articles = selectors.section_articles(section=section)
    context = {
        "section": section,
        "articles": articles,
        "current_section": section.slug,
        "canonical_url": absolute_url(request, section.get_absolute_url()),
    }
    return render(request, "articles/section.html", _context(request, context))


@require_GET
@shared_for_anonymous(lambda username: caching.listing_keys())
def author_page(request: HttpRequest, username: str) -> HttpResponse:
    person = selectors.author_by_username(username)
    articles = selectors.author_articles(person=person)
    context = {
        "person": person,
        "articles": articles,
        "canonical_url": absolute_url(
            request, reverse("articles:author", kwargs={"username": person.username})
        ),
    }
    return render(request, "articles/author.html", _context(request, context))


@require_GET
@shared_for_anonymous(lambda slug: caching.listing_keys())
def tag_page(request: HttpRequest, slug: str) -> HttpResponse:
    tag = selectors.tag_by_slug(slug)
    articles = selectors.tag_articles(tag=tag)
    context = {
        "tag": tag,
        "articles": articles,
        "canonical_url": absolute_url(request, tag.get_absolute_url()),
    }
    return render(request, "articles/tag.html", _context(request, context))


# Where a shared story page's panels (the discussion, live updates) go into its frame.
PANELS_SLOT = "<!-- story panels -->"


@require_GET
@shared_for_anonymous(caching.story_keys)
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.access_article_for_reading(request.user, slug)
    panels = story_panels(request, article, "page")
    if not getattr(request, "shared_page", False):
        context = _story_context(request, article) | {"panels": panels}
        return render(request, "articles/article_detail.html", _context(request, context))
    panels_html = "".join(
        render_to_string(p.template_name, {"panel": p.context, "shared_page": True}, request)
        for p in panels
    )
    return HttpResponse(_story_frame(request, article).replace(PANELS_SLOT, panels_html, 1))


def _story_context(request: HttpRequest, article: Article) -> dict[str, object]:
    meta = structured_data.story_metadata(article, request=request)
    return {
        "article": article,
        "canonical_url": meta.canonical_url,
        "story_meta": meta,
        "current_section": article.section.slug,
        "aside_html": selectors.story_aside_html(article),
    }


def _story_frame(request: HttpRequest, article: Article) -> str:
    """A shared story page without its panels: head, story, sidebar, header and footer.

    Readers without a session all get the same one for an address, so it is rendered
    once and kept until a story is saved, a list changes, the story's comment count
    changes (its structured data states it) or the sidebar's lifetime ends. A vote or an
    edit to a comment then re-renders only the discussion.
    """
    address = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()[
        :32
    ]

    def build() -> str:
        context = _story_context(request, article) | {"panels_html": mark_safe(PANELS_SLOT)}  # noqa: S308
        return render_to_string("articles/article_detail.html", _context(request, context), request)

    return pagecache.cached_value(
        f"story-frame:{article.pk}:{article.comment_count}:{address}",
        caching.listing_keys(),
        build,
        timeout=settings.MASTHEAD_MOST_DISCUSSED_SECONDS,
    )


@require_GET
def article_print(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.access_article_for_reading(request.user, slug)
    with_comments = request.GET.get("comments") == "1"
    context = {
        "article": article,
        "with_comments": with_comments,
        "canonical_url": absolute_url(request, article.get_absolute_url()),
        "panels": story_panels(request, article, "print") if with_comments else [],
    }
    return render(request, "articles/article_print.html", context)


@require_http_methods(["GET", "POST"])
def reprint_request(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.access_article_for_reading(request.user, slug)
    form = ReprintRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.request_reprint(article=article, **form.cleaned_data)
        messages.success(
            request, "Thank you. Our permissions desk will reply by e-mail within two working days."
        )
        return redirect(article.get_print_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request, "articles/reprint_request.html", {"article": article, "form": form}, status=status
    )
