from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.articles.selectors import access_article_for_reading
from masthead.core.http import csrf_passes

from . import actions
from .forms import CommentEditForm, CommentForm
from .guests import hash_guest_token, new_guest_token, read_guest_token, set_guest_cookie
from .models import Comment
from .rendering import render_comments
from .selectors import (
    access_comment_for_author_change,
    access_comment_history,
    author_change_ends,
    comment_by_number,
    comment_url,
    find_comment,
)


@csrf_exempt  # checked below, so that a stale or missing token costs one click, not the text
@require_POST
def post_comment(request: HttpRequest, slug: str) -> HttpResponse:
    article = access_article_for_reading(request.user, slug)
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
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if is_guest and request.session.get("guest_name") != data["name"]:
                request.session["guest_name"] = data["name"]  # a write: only on change
            response = HttpResponseRedirect(comment_url(comment, prefer_first_page=False))
            if guest_token:
                set_guest_cookie(response, request, guest_token)
            return response
        status = 400
    else:
        status = 400
    raw_reply_to = str(form.data.get("reply_to", ""))
    reply_to = find_comment(article, int(raw_reply_to)) if raw_reply_to.isdigit() else None
    return render(
        request,
        "comments/comment_form_page.html",
        _form_page_context(article, form, reply_to),
        status=status,
    )


@require_GET
def permalink(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """``/story/<slug>/comments/<n>/``: the page of the discussion that shows #n."""
    article = access_article_for_reading(request.user, slug)
    return HttpResponseRedirect(comment_url(comment_by_number(article, number)))


@require_GET
def reply_form(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The reply form for one comment: works without JavaScript."""
    article = access_article_for_reading(request.user, slug)
    reply_to = comment_by_number(article, number)
    is_guest = not request.user.is_authenticated
    form = CommentForm(
        initial={"reply_to": number, "name": request.session.get("guest_name", "")},
        is_guest=is_guest,
    )
    return render(
        request,
        "comments/comment_form_page.html",
        _form_page_context(article, form, reply_to),
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
    if request.method == "POST":
        messages.success(request, f"Your comment #{number} was deleted.")
        return HttpResponseRedirect(comment_url(comment))
    return render(
        request,
        "comments/comment_delete_page.html",
        {
            "article": article,
            "number": number,
            "comment_html": render_comments([comment], byline_author_id=article.author_id),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def edit_comment(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """``/story/<slug>/comments/<n>/edit/``: GET shows the text in a form (no JavaScript
    needed), POST saves it and returns to the comment. Only the comment's author (a
    member, or the guest browser that posted it) within the edit window; anyone else
    gets a 403 that says why. With ``Accept: application/json`` a POST answers JSON, for
    the page's script to update the comment in place."""
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
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    return _edited(request, comment, changed=comment.edited_at != edited_before)
    except PermissionDenied as exc:
        if _wants_json(request):
            return JsonResponse({"number": number, "error": str(exc)}, status=403)
        context = {"article": article, "number": number, "refusal": str(exc)}
        return render(request, "comments/comment_edit_page.html", context, status=403)
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
        return JsonResponse(
            {
                "number": comment.number,
                "body_html": comment.body_html,
                "edited": comment.edited_at is not None,
                "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
            }
        )
    if changed:
        messages.success(request, f"Your comment #{comment.number} was changed.")
    else:
        messages.info(request, f"Your comment #{comment.number} was left as it was.")
    return HttpResponseRedirect(comment_url(comment))


def _wants_json(request: HttpRequest) -> bool:
    """Whether the page's script asked (``Accept: application/json``) rather than a browser."""
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


def _member(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _form_page_context(
    article: Article, form: CommentForm, reply_to: Comment | None
) -> dict[str, object]:
    return {
        "article": article,
        "form": form,
        "reply_to": reply_to,
        "reply_to_html": (
            render_comments([reply_to], byline_author_id=article.author_id) if reply_to else ""
        ),
    }
