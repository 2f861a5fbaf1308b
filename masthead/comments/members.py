"""What the comments app adds to members' pages: the recent-comments panel on public
profiles and the "comments" section of a member's data export. Both are registered with
accounts in ``CommentsConfig.ready()`` (accounts cannot import comments)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from masthead.accounts.models import User
from masthead.accounts.panels import Panel

from .selectors import comments_by_member_for_export, recent_comments_by_member

# Far beyond any real member's history; keeps a typed ?page= from asking for a huge OFFSET.
MAX_PAGE = 10_000


def _page_number(raw: str) -> int:
    """``?page=N``; anything else is the first page (a stale or hand-made link)."""
    return int(raw) if raw.isdigit() and 0 < int(raw) <= MAX_PAGE else 1


def recent_comments_panel(request: HttpRequest, member: User) -> Panel:
    """The member's published comments, newest first, 20 a page (one query)."""
    page = recent_comments_by_member(member, page=_page_number(request.GET.get("page", "")))
    return Panel(
        template_name="comments/_profile_comments.html",
        context={"member": member, "page": page},
    )


def comments_export(user: User) -> list[dict[str, Any]]:
    """Every comment ``user`` wrote, as they typed it, oldest first (one query)."""
    return [
        {
            "story": comment.article.headline,
            "story_url": comment.article.get_absolute_url(),
            "number": comment.number,
            "permalink": comment.get_absolute_url(),
            "body": comment.body,
            "created_at": comment.created_at.isoformat(),
            "status": comment.status,
        }
        for comment in comments_by_member_for_export(user)
    ]
