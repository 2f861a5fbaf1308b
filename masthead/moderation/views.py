"""Moderators' pages. Thin: check access, read through selectors, write through actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from masthead.accounts.models import User
from masthead.articles.selectors import access_article_for_reading, byline_person_ids
from masthead.comments.models import Comment
from masthead.comments.rendering import RenderContext, render_comments
from masthead.comments.selectors import comment_by_number, comment_url
from masthead.core.http import client_ip
from masthead.core.refusals import Refused

from . import actions
from .forms import BanForm, DecisionForm, FlagForm, LogFilterForm, QueueFilterForm, action_label
from .models import Ban
from .selectors import (
    TABS,
    LogFilters,
    access_ban_for_lifting,
    access_comment_for_ban,
    access_comments_for_moderation,
    access_moderation,
    active_bans,
    audit_log,
    audit_log_choices,
    check_flag,
    has_flagged,
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


# Flags and bans ------------------------------------------------------------------------


def _wants_json(request: HttpRequest) -> bool:
    """Whether the page's script asked (``Accept: application/json``) rather than a browser."""
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


@never_cache
@vary_on_headers("Accept")
@require_http_methods(["GET", "POST"])
def flag(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """``/story/<slug>/comments/<n>/flag/``: a member reports comment #n. GET shows the
    comment and the form (reasons, note; no JavaScript needed), POST records the flag
    and returns to the comment with thanks; a second flag is thanked the same way and
    changes nothing. With ``Accept: application/json`` a POST answers
    ``{"number", "created", "message"}`` (or ``{"error"}``, ``{"errors"}``). Guests are
    sent to log in; their own comment, or one taken down, is refused with a 403 that
    says why."""
    article = access_article_for_reading(request.user, slug)
    comment = comment_by_number(article, number)
    comment.article = article
    member = request.user if isinstance(request.user, User) else None
    if member is None and request.method == "GET" and not _wants_json(request):
        return redirect_to_login(request.get_full_path())
    try:
        check_flag(flagger=member, comment=comment)
        assert member is not None  # check_flag refuses guests
        form = FlagForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            outcome = actions.flag_comment(
                comment=comment,
                flagger=member,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                ip=client_ip(request),
            )
            return _flagged(request, comment, created=outcome.created)
    except Refused as exc:
        if _wants_json(request):
            refused: HttpResponse = JsonResponse(
                {"number": number, "error": exc.message}, status=exc.status
            )
        else:
            context = {"article": article, "number": number, "refusal": exc.message}
            refused = render(request, "moderation/flag_page.html", context, status=exc.status)
        if exc.retry_after is not None:
            refused["Retry-After"] = str(exc.retry_after)
        return refused
    except PermissionDenied as exc:
        if _wants_json(request):
            return JsonResponse({"number": number, "error": str(exc)}, status=403)
        context = {"article": article, "number": number, "refusal": str(exc)}
        return render(request, "moderation/flag_page.html", context, status=403)
    if _wants_json(request):
        return JsonResponse({"number": number, "errors": form.errors.get_json_data()}, status=400)
    return render(
        request,
        "moderation/flag_page.html",
        {
            "article": article,
            "number": number,
            "form": form,
            "already": has_flagged(flagger=member, comment=comment),
            "comment_html": render_comments(
                [comment],
                RenderContext(
                    byline_author_ids=byline_person_ids(article),
                    permalink_prefix=reverse("comments:post", kwargs={"slug": article.slug}),
                ),
            ),
        },
        status=400 if form.errors else 200,
    )


def _flagged(request: HttpRequest, comment: Comment, *, created: bool) -> HttpResponse:
    """The answer to a flag: thanks, whether it was the first or a repeat."""
    if created:
        text = f"Thank you for flagging comment #{comment.number}: a moderator will look at it."
    else:
        text = (
            f"You have flagged comment #{comment.number} already. "
            "Thank you: a moderator will look at it."
        )
    if _wants_json(request):
        return JsonResponse(
            {"number": comment.number, "created": created, "message": text},
            status=201 if created else 200,
        )
    messages.success(request, text)
    return HttpResponseRedirect(comment_url(comment))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def ban(request: HttpRequest) -> HttpResponse:
    """``/moderation/ban/``: ban or suspend someone, or hold their comments as author
    only. ``?comment=<id>`` fills it from a comment (its member; or its guest's browser
    and address, as checkboxes); ``?next=`` is where to go afterwards (this site only;
    the list of bans by default). 403 unless a moderator."""
    moderator = access_moderation(request.user)
    raw = request.POST.get("comment") or request.GET.get("comment") or ""
    source = (
        access_comment_for_ban(viewer=moderator, comment_id=int(raw))
        if raw.isdigit() and len(raw) < 12
        else None
    )
    form = BanForm(request.POST if request.method == "POST" else None, source=source)
    # Back where the moderator came from (the queue, a story) unless told otherwise.
    referer = request.headers.get("Referer", "") if request.method == "GET" else ""
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next") or referer)
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.ban(moderator=moderator, **form.ban_arguments(timezone.now()))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"{_ban_summary(made)}: {made.reason}")
            return HttpResponseRedirect(next_url or reverse("moderation:bans"))
    return render(
        request,
        "moderation/ban_form.html",
        {"form": form, "source": source, "next": next_url},
        status=400 if form.errors else 200,
    )


def _ban_summary(made: Ban) -> str:
    who = [
        f"member {made.member.public_name}" if made.member else "",
        "a guest's browser" if made.guest_token_hash else "",
        f"address {made.ip}" if made.ip else "",
    ]
    target = ", ".join(w for w in who if w)
    if made.kind == Ban.Kind.AUTHOR_ONLY:
        what = "Comments held as author-only"
    else:
        what = "Suspended" if made.ends_at else "Banned"
    until = f" until {made.ends_at:%Y-%m-%d %H:%M} UTC" if made.ends_at else ""
    return f"{what}{until}: {target}"


def _safe_next(request: HttpRequest, url: str) -> str:
    """``url`` if it stays on this site, else ``""``."""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else ""


@never_cache
@login_required
@require_GET
def bans(request: HttpRequest) -> HttpResponse:
    """``/moderation/bans/``: the bans in force, newest first, each with a Lift button.
    403 unless a moderator."""
    access_moderation(request.user)
    return render(request, "moderation/bans.html", {"bans": active_bans()})


@never_cache
@login_required
@require_POST
def lift_ban(request: HttpRequest, pk: int) -> HttpResponse:
    """``POST /moderation/bans/<id>/lift/``: end a ban now (logged), then back to the
    list. 403 unless a moderator."""
    moderator = access_moderation(request.user)
    target = access_ban_for_lifting(viewer=moderator, ban_id=pk)
    actions.lift_ban(ban=target, moderator=moderator, reason=request.POST.get("reason", ""))
    messages.success(request, f"Lifted: {_ban_summary(target).split(': ', 1)[-1]}.")
    return HttpResponseRedirect(reverse("moderation:bans"))
