from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from masthead.accounts.models import User
from masthead.articles.models import Article
from masthead.articles.selectors import access_article_for_reading

from . import actions
from .forms import CommentForm
from .models import Comment
from .rendering import render_comments
from .selectors import comment_by_number, find_comment


@require_POST
def post_comment(request: HttpRequest, slug: str) -> HttpResponse:
    article = access_article_for_reading(request.user, slug)
    is_guest = not request.user.is_authenticated
    form = CommentForm(request.POST, is_guest=is_guest)
    if form.is_valid():
        data = form.cleaned_data
        try:
            comment = actions.post_comment(
                article=article,
                body=data["body"],
                author=None if is_guest else _member(request),
                guest_name=data.get("name", ""),
                guest_email=data.get("email", ""),
                reply_to_number=data.get("reply_to"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if is_guest:
                request.session["guest_name"] = data["name"]
            return HttpResponseRedirect(comment.get_absolute_url())
    raw_reply_to = str(form.data.get("reply_to", ""))
    reply_to = find_comment(article, int(raw_reply_to)) if raw_reply_to.isdigit() else None
    return render(
        request,
        "comments/comment_form_page.html",
        _form_page_context(article, form, reply_to),
        status=400,
    )


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
        "reply_to_html": render_comments([reply_to]) if reply_to else "",
    }
