"""The discussion panel that the comments app adds to every story page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from masthead.accounts.models import User
from masthead.articles.caching import SITE
from masthead.articles.models import Article
from masthead.articles.panels import PageKind, Panel
from masthead.articles.selectors import byline_person_ids, discussion_status
from masthead.core import pagecache
from masthead.core.http import client_ip

from . import hooks
from .forms import CommentForm
from .guests import hash_guest_token, read_guest_name, read_guest_token
from .rendering import RenderContext, render_comments
from .selectors import (
    HELD_ON_SESSION_KEY,
    SORTS,
    PagePosition,
    can_read_history,
    held_for_reader,
    own_comment_numbers,
    thread_for_article,
    thread_page,
    votes_of,
    with_held,
)


def discussion_panel(request: HttpRequest, article: Article, kind: PageKind) -> Panel:
    """The numbered thread (a page of it on the story page), and the form to join it."""
    if kind == "print":
        comments = thread_for_article(article)
        return Panel(
            template_name="comments/_discussion.html",
            context={
                "article": article,
                "thread_html": render_comments(
                    comments, RenderContext(byline_author_ids=byline_person_ids(article))
                ),
            },
        )
    page = thread_page(article, PagePosition.from_query(request.GET))
    # Closed (by an editor, or by time): the thread stays readable, without the form,
    # Reply or Quote, and with a notice that says why.
    discussion = discussion_status(article)
    reply_prefix = reverse("comments:post", kwargs={"slug": article.slug})
    guest_name = read_guest_name(request)
    is_guest = not request.user.is_authenticated
    own: frozenset[int] = frozenset()
    comments = page.comments
    my_votes: dict[int, int] = {}
    csrf_token = ""
    is_moderator = False
    posting_notice = ""
    if not getattr(request, "shared_page", False):
        # A private page (members; guests holding the guest cookie): the reader's own
        # recent comments get Edit and Delete links; moderators, history links.
        is_moderator = can_read_history(request.user if isinstance(request.user, User) else None)
        own = own_comment_numbers(
            article=article,
            comments=page.comments,
            member=request.user if isinstance(request.user, User) else None,
            guest_token=read_guest_token(request),
        )
        # The reader's own held comments (waiting for review) show to them alone. The
        # session remembers the stories where they have some, so other pages cost no query.
        held_on: list[int] = request.session.get(HELD_ON_SESSION_KEY, [])
        if article.pk in held_on:
            held = held_for_reader(
                article=article,
                member=request.user if isinstance(request.user, User) else None,
                guest_token=read_guest_token(request),
            )
            if not held:  # all reviewed since
                request.session[HELD_ON_SESSION_KEY] = [pk for pk in held_on if pk != article.pk]
            comments = with_held(page, held)
        if discussion.open:
            # Why this reader may not post (a ban): shown instead of the form.
            posting_notice = hooks.posting_notice(_reader(request))
        if isinstance(request.user, User):
            # A member's own votes press their buttons (one query for the page).
            my_votes = votes_of(
                member=request.user,
                article=article,
                numbers=[c.number for c in page.comments if not c.is_placeholder],
            )
            csrf_token = get_token(request)

    def fields() -> str:
        form = CommentForm(initial={"name": guest_name}, is_guest=is_guest)
        return render_to_string("_form_fields.html", {"form": form})

    # The blank form is the same for every reader of a kind: render it once.
    fields_html = (
        fields()
        if guest_name
        else pagecache.cached_value(
            f"comment-form-fields:{'guest' if is_guest else 'member'}", (SITE,), fields
        )
    )
    return Panel(
        template_name="comments/_discussion.html",
        context={
            "article": article,
            "page": page,
            "sorts": [
                {"key": key, "label": label, "query": "" if key == "number" else f"?sort={key}"}
                for key, label in SORTS.items()
            ],
            "thread_html": render_comments(
                comments,
                RenderContext(
                    reply_prefix=reply_prefix,
                    byline_author_ids=byline_person_ids(article),
                    can_reply=discussion.open,
                    own=own,
                    is_member=request.user.is_authenticated,
                    member_id=request.user.pk,
                    my_votes=my_votes,
                    csrf_token=csrf_token,
                    is_moderator=is_moderator,
                    depth_shown=settings.MASTHEAD_THREAD_DEPTH_SHOWN,
                    cut_threads=page.cut_threads,
                    story_url=article.get_absolute_url(),
                ),
            ),
            "fields_html": mark_safe(fields_html),  # noqa: S308 - rendered by our template
            "can_comment": discussion.open,
            "closed_notice": discussion.notice,
            "posting_notice": posting_notice,
        },
    )


def _reader(request: HttpRequest) -> hooks.Reader:
    """The reader of a private page as the comment form would post for them: the member,
    or the guest browser (its cookie's hash) and its address."""
    if isinstance(request.user, User):
        return hooks.Reader(author=request.user)
    token = read_guest_token(request)
    return hooks.Reader(
        author=None,
        guest_token_hash=hash_guest_token(token) if token else "",
        ip=client_ip(request),
    )
