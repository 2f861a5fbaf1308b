"""Moderators' pages. Thin: check access, read through selectors, write through actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from masthead.comments.models import Comment

from . import actions
from .forms import DecisionForm, LogFilterForm, QueueFilterForm, action_label
from .selectors import (
    TABS,
    LogFilters,
    access_comments_for_moderation,
    access_moderation,
    audit_log,
    audit_log_choices,
    moderation_queue,
)

# Queue ---------------------------------------------------------------------------------

_RETURN_KEYS = ("tab", "story", "section", "author", "reason", "page")


@never_cache
@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """``/moderation/``: the queue's tabs with their counts, the filters, and a page of
    comments, each in context with Approve / Reject / Ban. 403 unless a moderator."""
    access_moderation(request.user)
    form = QueueFilterForm(request.GET)
    tab = request.GET.get("tab", "")
    tab = tab if tab in TABS else "pending"
    result = moderation_queue(tab=tab, filters=form.filters(), page=_page_number(request))
    filters = result.filters.as_query()
    return render(
        request,
        "moderation/queue.html",
        {
            "queue": result,
            "form": form,
            "tabs": [
                (key, label, result.counts[key], urlencode({"tab": key, **filters}))
                for key, label in TABS.items()
            ],
            "filter_query": urlencode({"tab": tab, **filters}),
            "return_query": urlencode({"tab": tab, **filters, "page": str(result.page)}),
            "ban_url": _ban_url(),
        },
    )


@never_cache
@login_required
@require_POST
def decide(request: HttpRequest) -> HttpResponse:
    """``POST /moderation/decide/``: approve or reject one comment (its row's button) or
    the ticked ones (the bulk buttons), then back to the same tab, filters and page
    with a message saying what was done."""
    moderator = access_moderation(request.user)
    back = _back_url(request.POST.get("return", ""))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors() or ["That request could not be read."]:
            messages.error(request, str(error))
        return HttpResponseRedirect(back)
    data = form.cleaned_data
    comments = access_comments_for_moderation(moderator, data["ids"])
    approve = data["action"] == "approve"
    verb = "Approved" if approve else "Rejected"
    if data["single"]:
        if not comments:
            messages.error(request, "That comment no longer exists.")
            return HttpResponseRedirect(back)
        comment = comments[0]
        act = actions.approve_comment if approve else actions.reject_comment
        if act(comment=comment, moderator=moderator, reason=data["reason"]):
            messages.success(request, f"{verb} {_name(comment)}.")
        else:
            messages.info(request, f"{_name(comment)} had already been decided: nothing changed.")
        return HttpResponseRedirect(back)
    bulk = actions.approve_comments if approve else actions.reject_comments
    entries = bulk(comments=comments, moderator=moderator, reason=data["reason"])
    done = len(entries)
    text = f"{verb} {done} comment{'' if done == 1 else 's'}."
    if len(comments) > done:
        text += f" {len(comments) - done} had already been decided."
    messages.success(request, text)
    return HttpResponseRedirect(back)


def _name(comment: Comment) -> str:
    return f"#{comment.number} on “{comment.article.headline}”"


def _page_number(request: HttpRequest) -> int:
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() and len(value) < 7 else 1


def _back_url(query: str) -> str:
    """The queue with the tab, filters and page the moderator came from: only the
    queue's own parameters are kept, so this can never send anyone elsewhere."""
    given = QueryDict(query)
    kept = {key: given[key] for key in _RETURN_KEYS if given.get(key)}
    url = reverse("moderation:queue")
    return f"{url}?{urlencode(kept)}" if kept else url


def _ban_url() -> str:
    """The ban form's address, once the bans part of moderation provides one."""
    try:
        return reverse("moderation:ban")
    except NoReverseMatch:
        return ""


# Audit log -----------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    """``/moderation/log/``: every moderator action, newest first, filterable by
    moderator and action; read-only. 403 unless a moderator."""
    access_moderation(request.user)
    filters = LogFilters.from_query(request.GET)
    moderators, logged_actions = audit_log_choices()
    form = LogFilterForm(request.GET, moderators=moderators, actions=logged_actions)
    page = audit_log(filters=filters, page=request.GET.get("page", "1"))
    return render(
        request,
        "moderation/log.html",
        {
            "form": form,
            "page": page,
            "filter_query": urlencode(filters.as_query()),
            "rows": [(entry, action_label(entry.action)) for entry in page.object_list],
        },
    )
