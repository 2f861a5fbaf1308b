from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from masthead.core import pagecache
from masthead.core.http import absolute_url

from . import actions, caching, selectors, structured_data
from .forms import ReprintRequestForm
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


@require_GET
@shared_for_anonymous(caching.story_keys)
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.access_article_for_reading(request.user, slug)
    meta = structured_data.story_metadata(article, request=request)
    context = {
        "article": article,
        "canonical_url": meta.canonical_url,
        "story_meta": meta,
        "current_section": article.section.slug,
        "aside_html": selectors.story_aside_html(article),
        "panels": story_panels(request, article, "page"),
    }
    return render(request, "articles/article_detail.html", _context(request, context))


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
