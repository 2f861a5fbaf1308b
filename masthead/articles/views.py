from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from . import actions, selectors
from .forms import ReprintRequestForm
from .panels import story_panels


@require_GET
def front_page(request: HttpRequest) -> HttpResponse:
    articles = selectors.front_page_articles()
    lead, rest = (articles[0], articles[1:]) if articles else (None, [])
    return render(request, "articles/front_page.html", {"lead": lead, "articles": rest})


@require_GET
def section_page(request: HttpRequest, slug: str) -> HttpResponse:
    section = selectors.section_by_slug(slug)
    articles = selectors.section_articles(section=section)
    context = {"section": section, "articles": articles, "current_section": section.slug}
    return render(request, "articles/section.html", context)


@require_GET
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.access_article_for_reading(request.user, slug)
    context = {
        "article": article,
        "current_section": article.section.slug,
        "latest_stories": selectors.latest_stories(exclude=article),
        "panels": story_panels(request, article, "page"),
    }
    return render(request, "articles/article_detail.html", context)


@require_GET
def article_print(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.access_article_for_reading(request.user, slug)
    with_comments = request.GET.get("comments") == "1"
    context = {
        "article": article,
        "with_comments": with_comments,
        "canonical_url": request.build_absolute_uri(article.get_absolute_url()),
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
