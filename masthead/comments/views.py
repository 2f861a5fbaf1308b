from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.articles.selectors import (
    access_article_for_commenting,
    access_article_for_reading,
    byline_person_ids,
    discussion_status,
)
from masthead.core.http import client_ip, csrf_passes
from masthead.core.refusals import Refused

from . import actions, hooks
from .forms import CommentEditForm, CommentForm
from .guests import (
    hash_guest_token,
    new_guest_token,
    read_guest_name,
    read_guest_token,
    remember_guest_name,
    set_guest_cookie,
)
from .models import Comment
from .references import quote_body
from .rendering import RenderContext, edited_marker, render_comment, render_comments
from .selectors import (
    HELD_ON_SESSION_KEY,
    LOG_IN_TO_VOTE,
    access_comment_for_author_change,
    access_comment_for_moderation,
    access_comment_history,
    author_change_ends,
    branch_of,
    can_read_history,
    comment_by_number,
    comment_url,
    find_comment,
    votes_of,
)


@csrf_exempt  # checked below, so that a stale or missing token costs one click, not the text
@require_POST
def post_comment(request: HttpRequest, slug: str) -> HttpResponse:
    article = access_article_for_commenting(request.user, slug)
    is_guest = not request.user.is_authenticated
    form = CommentForm(request.POST, is_guest=is_guest)
    if not csrf_passes(request):
        # Cached pages carry no token; without JavaScript to fetch one, the first post
        # lands here. Nothing is written: the reader confirms on a page with a token.
        form.is_valid()
        form.add_error(
            None,
            "Please confirm: your comment has not been posted yet. "
            "Check it below and press Post comment.",
        )
        if _wants_json(request):
            return _form_errors_json(form, status=403)
        status = 403
    elif form.is_valid():
        data = form.cleaned_data
        # A guest's browser keeps one id across posts; it may delete what it posted.
        guest_token = (read_guest_token(request) or new_guest_token()) if is_guest else None
        try:
            comment = actions.post_comment(
                article=article,
                body=data["body"],
                author=None if is_guest else _member(request),
                guest_name=data.get("name", ""),
                guest_email=data.get("email", ""),
                guest_token_hash=hash_guest_token(guest_token) if guest_token else "",
                reply_to_number=data.get("reply_to"),
                ip=client_ip(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except hooks.Duplicate as exc:
            # A double-click or a retried submit: the comment is there already, and the
            # person lands on it (the page's script places it if it has not yet).
            if _wants_json(request):
                return _posted_json(request, article, exc.comment, as_posted=False)
            messages.info(request, f"Your comment #{exc.comment.number} is posted.")
            return HttpResponseRedirect(comment_url(exc.comment, prefer_first_page=False))
        except Refused as exc:
            # Banned, too fast: nothing was written; the text stays in the form.
            form.add_error(None, exc.message)
            if _wants_json(request):
                return _with_retry_after(_form_errors_json(form, status=exc.status), exc)
            raw = str(form.data.get("reply_to", ""))
            page = render(
                request,
                "comments/comment_form_page.html",
                _form_page_context(
                    article, form, find_comment(article, int(raw)) if raw.isdigit() else None
                ),
                status=exc.status,
            )
            return _with_retry_after(page, exc)
        else:
            if comment.status in (Comment.Status.PENDING, Comment.Status.AUTHOR_ONLY):
                held_on = request.session.get(HELD_ON_SESSION_KEY, [])
                if article.pk not in held_on:
                    request.session[HELD_ON_SESSION_KEY] = [*held_on[-49:], article.pk]
            if not _wants_json(request) and comment.status == Comment.Status.PENDING:
                messages.info(
                    request,
                    f"Thank you. Your comment #{comment.number} is waiting for a moderator; "
                    "until then only you can see it.",
                )
            response = (
                _posted_json(request, article, comment, as_posted=True)
                if _wants_json(request)
                else HttpResponseRedirect(comment_url(comment, prefer_first_page=False))
            )
            if guest_token:
                set_guest_cookie(response, request, guest_token)
                remember_guest_name(response, request, data["name"])
            return response
        status = 400
    else:
        status = 400
    if _wants_json(request):
        return _form_errors_json(form, status=status)
    raw_reply_to = str(form.data.get("reply_to", ""))
    reply_to = find_comment(article, int(raw_reply_to)) if raw_reply_to.isdigit() else None
    context = _form_page_context(article, form, reply_to)
    return render(
        request,
        "comments/comment_form_page.html",
        context,
        status=status if context["can_comment"] else 403,
    )


def _with_retry_after(response: HttpResponse, refusal: Refused) -> HttpResponse:
    if refusal.retry_after is not None:
        response["Retry-After"] = str(refusal.retry_after)
    return response


def _posted_json(
    request: HttpRequest, article: Article, comment: Comment, *, as_posted: bool
) -> JsonResponse:
    """What the page's script gets after posting: the new comment's ``<li>`` (with the
    author's own Delete link) and where it goes, so it can show it without a reload.

    ``as_posted``: ``comment`` and ``article`` come from the posting itself (the post
    count and the story's comment count as the posting left them). Otherwise (a repeat
    landing on an earlier comment) both are read again."""
    if as_posted:
        shown, comment_count = comment, article.comment_count
    else:
        shown = comment_by_number(article, comment.number)
        comment_count = Article.objects.values_list("comment_count", flat=True).get(pk=article.pk)
    context = RenderContext(
        reply_prefix=reverse("comments:post", kwargs={"slug": article.slug}),
        byline_author_ids=byline_person_ids(article),
        own=frozenset({comment.number}),
        member_id=comment.author_id,
        is_member=request.user.is_authenticated,
        story_url=article.get_absolute_url(),
    )
    return JsonResponse(
        {
            "number": comment.number,
            "path": comment.path,
            "html": render_comment(shown, context),
            "url": comment_url(comment, prefer_first_page=False),
            "comment_count": comment_count,
        },
        status=201,
    )


def _form_errors_json(form: CommentForm, *, status: int) -> JsonResponse:
    """A refused post for the page's script: every message, by field ("__all__" for the
    form as a whole); nothing was written."""
    errors = {field: [str(m) for m in messages_] for field, messages_ in form.errors.items()}
    return JsonResponse({"errors": errors}, status=status)


@require_GET
def permalink(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """``/story/<slug>/comments/<n>/``: the page of the discussion that shows #n."""
    article = access_article_for_reading(request.user, slug)
    return HttpResponseRedirect(comment_url(comment_by_number(article, number)))


@require_GET
def thread_branch(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """``/story/<slug>/comments/<n>/thread/``: comment #n and the replies under it, for
    branches deeper than the story page shows ("Continue this thread")."""
    article = access_article_for_reading(request.user, slug)
    top = comment_by_number(article, number)
    items = branch_of(top)
    member = request.user if isinstance(request.user, User) else None
    context = RenderContext(
        reply_prefix=reverse("comments:post", kwargs={"slug": article.slug}),
        byline_author_ids=byline_person_ids(article),
        can_reply=discussion_status(article).open,
        is_member=request.user.is_authenticated,
        depth_shown=settings.MASTHEAD_THREAD_DEPTH_SHOWN,
        base_depth=top.depth,
        member_id=member.pk if member else None,
        my_votes=(
            votes_of(
                member=member,
                article=article,
                numbers=[c.number for c in items if not c.is_placeholder],
            )
            if member
            else {}
        ),
        csrf_token=get_token(request) if member else "",
        story_url=article.get_absolute_url(),
    )
    return render(
        request,
        "comments/thread_branch_page.html",
        {"article": article, "top": top, "thread_html": render_comments(items, context)},
    )


@require_GET
@vary_on_headers("Accept")
def reply_form(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The reply form for one comment: works without JavaScript. ``?quote=1`` (the
    Quote link) starts the text with the comment quoted, unless it was taken down; the
    page's script, which replies in place, asks for just that text as JSON
    (``{"number", "body"}``)."""
    article = access_article_for_reading(request.user, slug)
    reply_to = comment_by_number(article, number)
    if reply_to.status in (Comment.Status.PENDING, Comment.Status.AUTHOR_ONLY):
        # Held for review: nobody answers (or reads) it until it is approved.
        raise Http404(f"Comment #{number} is not shown.")
    is_guest = not request.user.is_authenticated
    initial = {"reply_to": number, "name": read_guest_name(request)}
    if request.GET.get("quote") and not reply_to.is_placeholder:
        initial["body"] = quote_body(reply_to.body)
    if _wants_json(request):
        return JsonResponse({"number": number, "body": initial.get("body", "")})
    form = CommentForm(initial=initial, is_guest=is_guest)
    context = _form_page_context(article, form, reply_to)
    return render(
        request,
        "comments/comment_form_page.html",
        context,
        status=200 if context["can_comment"] else 403,  # closed: a notice, no form
    )


@never_cache
@require_http_methods(["GET", "POST"])
def delete_comment(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """``/story/<slug>/comments/<n>/delete/``: GET asks to confirm (no JavaScript
    needed), POST deletes and returns to the comment's place. Only the comment's author
    (a member, or the guest browser that posted it) within the edit window; anyone else
    gets a 403 page that says why."""
    article = access_article_for_reading(request.user, slug)
    member = request.user if isinstance(request.user, User) else None
    guest_token = read_guest_token(request)
    try:
        comment = access_comment_for_author_change(
            article=article, number=number, member=member, guest_token=guest_token
        )
        if request.method == "POST":
            actions.delete_own_comment(comment=comment, member=member, guest_token=guest_token)
    except PermissionDenied as exc:
        return render(
            request,
            "comments/comment_delete_page.html",
            {"article": article, "number": number, "refusal": str(exc)},
            status=403,
        )
    return _taken_down(
        request,
        article,
        comment,
        done=f"Your comment #{number} was deleted.",
        confirm_template="comments/comment_delete_page.html",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def remove_comment(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """``/story/<slug>/comments/<n>/remove/``: a moderator takes a comment down. GET asks
    to confirm; POST removes it (number, place and replies stay, under "removed by a
    moderator") and returns to its place. Anyone else gets 403."""
    article = access_article_for_reading(request.user, slug)
    comment = access_comment_for_moderation(
        article=article,
        number=number,
        viewer=request.user if isinstance(request.user, User) else None,
    )
    if request.method == "POST":
        actions.remove_comment(comment=comment)
    return _taken_down(
        request,
        article,
        comment,
        done=f"Comment #{number} was removed.",
        confirm_template="comments/comment_remove_page.html",
    )


def _taken_down(
    request: HttpRequest,
    article: Article,
    comment: Comment,
    *,
    done: str,
    confirm_template: str,
) -> HttpResponse:
    """After a POST that took ``comment`` down (its author's delete, a moderator's
    removal): its placeholder as JSON for the page's script, else back to its place
    with ``done``. On GET: the page that asks to confirm."""
    if request.method == "POST":
        if _wants_json(request):
            html = render_comment(comment, RenderContext())
            return JsonResponse({"number": comment.number, "html": html})
        messages.success(request, done)
        return HttpResponseRedirect(comment_url(comment))
    context = {
        "article": article,
        "number": comment.number,
        "comment_html": render_comments([comment], _single_comment_context(article)),
    }
    return render(request, confirm_template, context)


@never_cache
@require_http_methods(["GET", "POST"])
def edit_comment(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """``/story/<slug>/comments/<n>/edit/``: GET shows the text in a form (no JavaScript
    needed), POST saves it and returns to the comment. Only the comment's author (a
    member, or the guest browser that posted it) within the edit window; anyone else
    gets a 403 that says why. With ``Accept: application/json`` both answer JSON (the
    text; the new HTML or the error), for the page's script to edit in place."""
    article = access_article_for_reading(request.user, slug)
    member = request.user if isinstance(request.user, User) else None
    guest_token = read_guest_token(request)
    try:
        comment = access_comment_for_author_change(
            article=article, number=number, member=member, guest_token=guest_token, change="edit"
        )
        if request.method == "GET":
            form = CommentEditForm(initial={"body": comment.body})
        else:
            form = CommentEditForm(request.POST)
            if form.is_valid():
                edited_before = comment.edited_at
                try:
                    comment = actions.edit_comment(
                        comment=comment,
                        body=form.cleaned_data["body"],
                        member=member,
                        guest_token=guest_token,
                        ip=client_ip(request),
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                except Refused as exc:
                    if _wants_json(request):
                        answer = JsonResponse(
                            {"number": number, "error": exc.message}, status=exc.status
                        )
                        return _with_retry_after(answer, exc)
                    form.add_error(None, exc.message)
                else:
                    return _edited(request, comment, changed=comment.edited_at != edited_before)
    except PermissionDenied as exc:
        if _wants_json(request):
            return JsonResponse({"number": number, "error": str(exc)}, status=403)
        context = {"article": article, "number": number, "refusal": str(exc)}
        return render(request, "comments/comment_edit_page.html", context, status=403)
    if _wants_json(request) and request.method == "GET":
        # The text to edit in place, and until when.
        ends = author_change_ends(comment).isoformat()
        return JsonResponse({"number": number, "body": comment.body, "ends": ends})
    if _wants_json(request):
        return JsonResponse({"number": number, "errors": form.errors.get_json_data()}, status=400)
    return render(
        request,
        "comments/comment_edit_page.html",
        {"article": article, "number": number, "form": form, "ends": author_change_ends(comment)},
        status=400 if form.errors else 200,
    )


def _edited(request: HttpRequest, comment: Comment, *, changed: bool) -> HttpResponse:
    """The answer to a saved edit: JSON for the page's script, else back to the comment."""
    if _wants_json(request):
        member = request.user if isinstance(request.user, User) else None
        history_url = (
            reverse("comments:history", args=[comment.article.slug, comment.number])
            if can_read_history(member)
            else ""
        )
        return JsonResponse(
            {
                "number": comment.number,
                "body_html": comment.body_html,
                "edited": comment.edited_at is not None,
                "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
                # The marker the thread shows after the comment's time, for the script.
                "edited_html": edited_marker(comment.edited_at, history_url=history_url),
            }
        )
    if changed:
        messages.success(request, f"Your comment #{comment.number} was changed.")
    else:
        messages.info(request, f"Your comment #{comment.number} was left as it was.")
    return HttpResponseRedirect(comment_url(comment))


def _wants_json(request: HttpRequest) -> bool:
    """Whether the page's script asked (``Accept: application/json``) rather than a browser."""
    if "json" not in request.META.get("HTTP_ACCEPT", ""):
        return False  # browsers' own form posts: no need to weigh the Accept header
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


@never_cache
@require_GET
def comment_history(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """``/story/<slug>/comments/<n>/history/``: every text comment #n has had, newest
    first, with when each was written and replaced. For moderators only (403 else)."""
    article = access_article_for_reading(request.user, slug)
    member = request.user if isinstance(request.user, User) else None
    try:
        history = access_comment_history(article=article, number=number, viewer=member)
    except PermissionDenied as exc:
        context = {"article": article, "number": number, "refusal": str(exc)}
        return render(request, "comments/comment_history_page.html", context, status=403)
    return render(
        request,
        "comments/comment_history_page.html",
        {"article": article, "number": number, "history": history},
    )


# The vote form's ``value`` field.
VOTE_VALUES = {"up": 1, "down": -1, "clear": 0}


@csrf_exempt  # checked below, after the log-in check, so that guests learn why
@require_POST
def vote(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """``POST /story/<slug>/comments/<n>/vote/`` with ``value`` up, down or clear.

    Members only. A form post (no JavaScript) returns to the comment; with ``Accept:
    application/json`` the answer is the new counts and the reader's own vote:
    ``{"upvotes", "downvotes", "score", "mine"}``. Refusals are 403 (a page, or
    ``{"error", "login_url"}``), an unknown ``value`` 400.
    """
    wants_json = "application/json" in request.headers.get("Accept", "")
    article = access_article_for_commenting(request.user, slug)
    member = request.user if isinstance(request.user, User) else None
    value = VOTE_VALUES.get(str(request.POST.get("value", "")))
    if member is None:
        return _vote_refused(request, article, number, LOG_IN_TO_VOTE, wants_json)
    if not csrf_passes(request):
        return _vote_refused(
            request,
            article,
            number,
            "Your vote was not counted: the page had expired. Please try again.",
            wants_json,
        )
    if value is None:
        return _vote_refused(
            request, article, number, "A vote is up, down or clear.", wants_json, status=400
        )
    comment = comment_by_number(article, number)
    comment.article = article
    try:
        tally = actions.vote_on_comment(
            comment=comment, voter=member, value=value, ip=client_ip(request)
        )
    except PermissionDenied as exc:
        return _vote_refused(request, article, number, str(exc), wants_json)
    except Refused as exc:
        return _with_retry_after(
            _vote_refused(request, article, number, exc.message, wants_json, status=exc.status),
            exc,
        )
    if wants_json:
        return JsonResponse(
            {
                "upvotes": tally.upvotes,
                "downvotes": tally.downvotes,
                "score": tally.score,
                "mine": tally.mine,
            }
        )
    return HttpResponseRedirect(comment_url(comment))


def _vote_refused(
    request: HttpRequest,
    article: Article,
    number: int,
    reason: str,
    wants_json: bool,
    *,
    status: int = 403,
) -> HttpResponse:
    permalink = reverse("comments:permalink", kwargs={"slug": article.slug, "number": number})
    login_url = f"{reverse('account_login')}?{urlencode({'next': permalink})}"
    if wants_json:
        return JsonResponse({"error": reason, "login_url": login_url}, status=status)
    context = {
        "article": article,
        "number": number,
        "refusal": reason,
        "login_url": login_url if request.user.is_anonymous else "",
    }
    return render(request, "comments/comment_vote_page.html", context, status=status)


def _member(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _single_comment_context(article: Article) -> RenderContext:
    """One comment shown alone: no actions; "in reply to #M" goes to #M's permalink."""
    return RenderContext(
        byline_author_ids=byline_person_ids(article),
        permalink_prefix=reverse("comments:post", kwargs={"slug": article.slug}),
    )


def _form_page_context(
    article: Article, form: CommentForm, reply_to: Comment | None
) -> dict[str, object]:
    discussion = discussion_status(article)
    return {
        "article": article,
        "can_comment": discussion.open,
        "closed_notice": discussion.notice,
        "form": form,
        "reply_to": reply_to,
        "reply_to_html": (
            render_comments([reply_to], _single_comment_context(article)) if reply_to else ""
        ),
    }
