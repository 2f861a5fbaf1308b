from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors

_PAGE = re.compile(r"[1-9][0-9]{0,5}")


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """``/search/?q=...&tab=stories|comments&page=N``: any query answers 200, with
    results or "No results"; a ``page`` that is not a number is the first."""
    raw_query, raw_page = request.GET.get("q", ""), request.GET.get("page", "")
    results = selectors.search(
        query=raw_query,
        tab=request.GET.get("tab", ""),
        page=int(raw_page) if _PAGE.fullmatch(raw_page) else 1,
    )
    context = {
        "results": results,
        "search_query": results.query.text,
        # Something was typed, if only symbols: answer it, if only with "No results".
        "submitted": bool(raw_query.strip()),
        "tabs": [
            (key, label, getattr(results.counts, key)) for key, label in selectors.TABS.items()
        ],
    }
    return render(request, "search/search.html", context)
