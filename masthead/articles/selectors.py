"""Reads of stories and sections. Views get their objects here."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Count, Max, Prefetch, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe

from masthead.core import pagecache

from . import caching
from .models import Article, Byline, FormerSlug, Section, Tag
from .querysets import ArticleQuerySet, visible_at


def front_page_articles(*, limit: int | None = None) -> list[Article]:
    """The newest published stories, with their sections, for the front page."""
    limit = limit or settings.MASTHEAD_FRONT_PAGE_STORIES
    return list(Article.objects.published().newest_first().for_listing()[:limit])


def section_articles(*, section: Section, limit: int = 30) -> list[Article]:
    """The newest published stories of one section."""
    qs = Article.objects.published().filter(section=section).newest_first().for_listing()
    return list(qs[:limit])


@dataclass(frozen=True)
class Headline:
    """What a list of headlines shows of a story."""

    pk: int
    url: str
    headline: str
    section_name: str
    comment_count: int


@dataclass(frozen=True)
class NavItem:
    slug: str
    name: str
    url: str


def latest_stories(*, exclude: Article | None = None, limit: int | None = None) -> list[Headline]:
    """Newest headlines across the site, without ``exclude`` (the story being read).

    Every story page shows this list, so it is built once and kept until a story is
    saved or a comment changes its counts (see ``caching``).
    """
    limit = limit or settings.MASTHEAD_LATEST_STORIES

    def build() -> list[Headline]:
        qs = Article.objects.published().newest_first().for_listing()[: limit + 1]
        return [
            Headline(a.pk, a.get_absolute_url(), a.headline, a.section.name, a.comment_count)
            for a in qs
        ]

    headlines = pagecache.cached_value(f"latest:{limit}", caching.listing_keys(), build)
    return [h for h in headlines if exclude is None or h.pk != exclude.pk][:limit]


@dataclass(frozen=True)
class Discussed:
    """A story in "Most discussed": its headline and its comments in the window."""

    pk: int
    url: str
    headline: str
    section_name: str
    recent_comments: int


MOST_DISCUSSED_WINDOW = timedelta(hours=24)


def discussed_between(start: datetime, end: datetime, *, limit: int = 5) -> list[Discussed]:
    """The published stories with the most visible comments posted after ``start`` and
    up to ``end``, most first (ties: the newer story first). One aggregate query;
    uncached."""
    qs = (
        Article.objects.published()
        # Through the ORM relation only (articles cannot import comments); "published"
        # is the comments' visible status, so removed spam does not count.
        .filter(
            comments__created_at__gt=start,
            comments__created_at__lte=end,
            comments__status="published",
        )
        # Grouped by these columns only (not by every column, bodies included).
        .values("pk", "slug", "headline", "section__name", "published_at")
        .annotate(recent_comments=Count("comments"))
        .order_by("-recent_comments", "-published_at", "-pk")
    )
    return [
        Discussed(
            row["pk"],
            reverse("articles:detail", kwargs={"slug": row["slug"]}),
            row["headline"],
            row["section__name"],
            row["recent_comments"],
        )
        for row in qs[:limit]
    ]


def story_aside_html(article: Article) -> SafeString:
    """The story page's sidebar (Latest Stories, Most discussed, the reprint notice) as
    HTML, rendered once for every reader of the story until a list changes or the
    Most discussed count is due (its shorter lifetime)."""

    def build() -> str:
        return render_to_string(
            "articles/_story_aside.html",
            {
                "article": article,
                "latest_stories": latest_stories(exclude=article),
                "most_discussed": most_discussed(),
            },
        )

    html = pagecache.cached_value(
        f"story-aside:{article.slug}",
        caching.listing_keys(),
        build,
        timeout=settings.MASTHEAD_MOST_DISCUSSED_SECONDS,
    )
    return mark_safe(html)  # noqa: S308 - rendered by our own template


def most_discussed(*, limit: int = 5) -> list[Discussed]:
    """The "Most discussed (24 h)" list: ``discussed_between`` 24 hours ago and now.

    Shared by every page that shows it and recounted at most every
    ``MASTHEAD_MOST_DISCUSSED_SECONDS`` (or when a story is saved, which may publish,
    retitle or withdraw one). New comments do not recount it: on a busy site that would
    be a recount per comment, for a ranking that a minute's delay does not change.
    """

    def build() -> list[Discussed]:
        now = timezone.now()
        return discussed_between(now - MOST_DISCUSSED_WINDOW, now, limit=limit)

    return pagecache.cached_value(
        f"most-discussed:{limit}",
        (caching.SITE,),
        build,
        timeout=settings.MASTHEAD_MOST_DISCUSSED_SECONDS,
    )


@dataclass(frozen=True)
class DiscussionStatus:
    """Whether a story takes comments now; ``notice`` tells readers why not."""

    open: bool
    notice: str = ""
    closes_at: datetime | None = None


def discussion_status(article: Article, now: datetime | None = None) -> DiscussionStatus:
    """The one place that decides whether ``article`` takes comments at ``now``: an
    editor's choice (open, closed, or closing ``comments_close_after_days`` after
    publication), and never before the story is out. Used by the story page (form or
    notice, Reply links or none) and by ``post_comment``, which refuses when closed."""
    now = now or timezone.now()
    if not article.is_published or article.published_at is None or article.published_at > now:
        return DiscussionStatus(False, "Comments open when the story is published.")
    if article.comments_mode == Article.CommentsMode.CLOSED:
        return DiscussionStatus(False, "Comments are closed on this story.")
    closes_at = article.comments_close_at()
    if closes_at is not None and now >= closes_at:
        days = article.comments_close_after_days
        on = date_format(timezone.localtime(closes_at), "M j, Y")
        return DiscussionStatus(
            False,
            f"Comments closed on {on}, {days} day{'s' if days != 1 else ''} after publication.",
            closes_at,
        )
    return DiscussionStatus(True, closes_at=closes_at)


def comments_open(article: Article, now: datetime | None = None) -> bool:
    """Whether ``article`` takes comments at ``now`` (see ``discussion_status``)."""
    return discussion_status(article, now).open


def navigation_sections() -> list[NavItem]:
    """Every section, in menu order (kept until a story or section is saved)."""

    def build() -> list[NavItem]:
        return [NavItem(s.slug, s.name, s.get_absolute_url()) for s in Section.objects.all()]

    return pagecache.cached_value("nav", (caching.SITE,), build)


def section_by_slug(slug: str) -> Section:
    """The section at ``slug``; 404 if there is none."""
    try:
        return Section.objects.get(slug=slug)
    except Section.DoesNotExist as exc:
        raise Http404("No such section.") from exc


def access_article_for_commenting(user: AbstractBaseUser | AnonymousUser, slug: str) -> Article:
    """The story at ``slug`` for a write to its discussion (a post, a vote): visible as
    for reading, else 404.

    Readers get a copy kept until a story is saved (``caching.SITE``: publishing,
    closing comments, a new slug), without its text and without its comment counters,
    which change with every post: reading one of those loads it fresh, and posting sets
    them from the row it updates. Staff read the database (drafts, previews).
    """

    def stories() -> ArticleQuerySet:  # built only when the database is read
        return Article.objects.select_related("section").defer(
            "body", "body_html", "summary", "comment_count", "last_comment_number"
        )

    if getattr(user, "is_staff", False):
        article = stories().filter(slug=slug).first()
        if article is None:
            raise Http404("No such story.")
        return article
    article = pagecache.cached_value(
        f"commenting:{slug}",
        (caching.SITE,),
        lambda: stories().published().filter(slug=slug).first(),
    )
    if article is None or not article.is_visible_now():
        raise Http404("No such story.")
    return article


def access_article_for_reading(user: AbstractBaseUser | AnonymousUser, slug: str) -> Article:
    """The story at ``slug`` as a reader may see it: published, or any status for staff
    (so editors can preview drafts). Raises 404 otherwise.

    Readers' copies come from the cache until the story or its discussion changes
    (``caching.story_keys``); staff always read the database.
    """
    qs = Article.objects.select_related("section", "source").prefetch_related(
        "bylines__person", "tags", "corrections"
    )
    if getattr(user, "is_staff", False):
        article = qs.filter(slug=slug).first()
    else:
        article = pagecache.cached_value(
            f"article:{slug}",
            caching.story_keys(slug),
            lambda: qs.published().filter(slug=slug).first(),
        )
        if article is not None and not article.is_visible_now():
            article = None
    if article is None:
        raise Http404("No such story.")
    return article


def byline_person_ids(article: Article) -> frozenset[int]:
    """Who wrote ``article`` (their comments carry an "Author" badge). Read from the
    story's prefetched byline when it has one, else kept until a story is saved (a
    byline changes only then; comments, which change the story's page, do not)."""
    prefetched = getattr(article, "_prefetched_objects_cache", {}).get("bylines")
    if prefetched is not None:
        return frozenset(b.person_id for b in prefetched)
    return pagecache.cached_value(
        f"bylines:{article.pk}",
        (caching.SITE,),
        lambda: frozenset(
            Byline.objects.filter(article_id=article.pk).values_list("person_id", flat=True)
        ),
    )


def byline_people_for_filter() -> list[tuple[int, str]]:
    """Everyone who has a byline, for the newsroom's story list filter."""
    people = (
        Byline.objects.values_list("person_id", "person__display_name", "person__username")
        .order_by("person__display_name", "person__username")
        .distinct()
    )
    return [(pk, display or username) for pk, display, username in people]


def author_by_username(username: str) -> Any:
    """The person at ``/authors/<username>/``: someone with at least one published
    byline (a member who never wrote a story has a profile, not an author page)."""
    from django.contrib.auth import get_user_model

    person = (
        get_user_model()
        .objects.filter(
            username=username,
            bylines__article__in=Article.objects.published(),
        )
        .distinct()
        .first()
    )
    if person is None:
        raise Http404("No such author.")
    return person


def author_articles(*, person: Any, limit: int = 30) -> list[Article]:
    """The author's newest published stories."""
    qs = Article.objects.published().filter(bylines__person=person).newest_first().for_listing()
    return list(qs[:limit])


def tag_by_slug(slug: str) -> Tag:
    """The tag at ``slug``; 404 if there is none."""
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404("No such tag.")
    return tag


def tag_articles(*, tag: Tag, limit: int = 30) -> list[Article]:
    """The newest published stories with ``tag``."""
    qs = Article.objects.published().filter(tags=tag).newest_first().for_listing()
    return list(qs[:limit])


def next_publication_timestamp() -> float | None:
    """When the next scheduled story goes out (Unix time), or ``None``.

    Registered with the page cache, so that no shared page or list cached before that
    moment outlives it: the story appears on time in every process even if the task
    that marks it published runs late or bumps a cache this process does not share.
    Kept in the cache and re-read when that moment passes, when a story is saved, or
    after ``MASTHEAD_PAGE_CACHE_SECONDS`` (no cached page lives longer: a process whose
    in-process cache did not see another process's save is late by at most that).
    """
    now = time.time()
    memo = caching.next_publication_memo
    if memo is not None and memo[1] > now and (memo[0] is None or memo[0] > now):
        return memo[0]  # asked many times a request: the cache is read once a second
    entry = cache.get(caching.NEXT_PUBLICATION_KEY)
    if isinstance(entry, tuple) and entry[1] > now and (entry[0] is None or entry[0] > now):
        caching.next_publication_memo = (entry[0], min(entry[1], now + 1.0))
        return cast(float | None, entry[0])
    when = (
        Article.objects.filter(status=Article.Status.SCHEDULED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    stamp = when.timestamp() if when is not None else None
    recheck = int(settings.MASTHEAD_PAGE_CACHE_SECONDS)
    cache.set(caching.NEXT_PUBLICATION_KEY, (stamp, now + recheck), timeout=recheck)
    caching.next_publication_memo = (stamp, now + 1.0)
    return stamp


def current_path_for_former_slug(path: str) -> str | None:
    """Where ``/story/<old-slug>/...`` lives now, if ``old-slug`` is a story's former
    address (``None`` otherwise)."""
    prefix = "/story/"
    if not path.startswith(prefix):
        return None
    slug, _, rest = path[len(prefix) :].partition("/")
    former = FormerSlug.objects.filter(slug=slug).select_related("article").first()
    if former is None or former.article.slug == slug:
        return None
    return f"{prefix}{former.article.slug}/{rest}"


# Feeds and sitemaps

FEED_STORIES = 30


def feed_stories(*, stories: ArticleQuerySet, limit: int = FEED_STORIES) -> list[Article]:
    """The newest ``limit`` of ``stories`` that readers see, as a feed shows them: with
    their section, byline (people joined in) and tags. Three queries, however many."""
    qs = (
        stories.published()
        .newest_first()
        .select_related("section")
        .defer("body")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("person")), "tags"
        )
    )
    return list(qs[:limit])


def stories_freshness(*, stories: QuerySet[Article]) -> tuple[int, datetime | None]:
    """How many of ``stories`` readers see now, and when they last changed: the newest
    publication or revision among those, or the newest save of any of ``stories``
    whatever its status (so a story withdrawn from readers moves the time too). One
    aggregate query, for a feed's ETag and Last-Modified."""
    visible = visible_at(timezone.now())
    row = stories.aggregate(
        count=Count("pk", filter=visible, distinct=True),
        published=Max("published_at", filter=visible),
        revised=Max("revised_at", filter=visible),
        saved=Max("updated_at"),
    )
    times = [t for t in (row["published"], row["revised"], row["saved"]) if t is not None]
    return row["count"], max(times, default=None)


def _last_change(prefix: str = "") -> Greatest:
    """A story's last change as readers see it: published, revised or saved, whichever
    is latest (``revised_at`` is usually empty, and SQLite's GREATEST is NULL then)."""
    published = f"{prefix}published_at"
    return Greatest(published, Coalesce(f"{prefix}revised_at", published), f"{prefix}updated_at")


def sitemap_stories() -> QuerySet[Article, dict[str, Any]]:
    """Every story readers see, oldest first (so that a new story lands on the last page
    of the sitemap and the others keep theirs), as ``slug`` and ``lastmod`` only."""
    return (
        Article.objects.published()
        .order_by("published_at", "id")
        .values("slug")
        .annotate(lastmod=_last_change())
    )


def sitemap_stories_lastmod() -> datetime | None:
    """When any story readers see last changed (see ``sitemap_stories``)."""
    last: datetime | None = Article.objects.published().aggregate(last=Max(_last_change()))["last"]
    return last


def sitemap_sections() -> QuerySet[Section, dict[str, Any]]:
    """Every section, as ``slug`` and ``lastmod`` (when its newest visible story last
    changed; ``None`` while it has none), in menu order."""
    visible = visible_at(timezone.now(), prefix="articles__")
    return (
        Section.objects.values("slug")
        .annotate(lastmod=Max(_last_change("articles__"), filter=visible))
        .order_by("position", "name")
    )


def sitemap_tags() -> QuerySet[Tag, dict[str, Any]]:
    """The tags of at least one story readers see, as ``slug`` and ``lastmod``."""
    visible = visible_at(timezone.now(), prefix="articles__")
    return (
        Tag.objects.filter(visible)
        .values("slug")
        .annotate(lastmod=Max(_last_change("articles__")))
        .order_by("slug")
    )


def news_stories(*, since: datetime, limit: int) -> list[dict[str, Any]]:
    """The stories readers see that were published after ``since``, newest first, at
    most ``limit``: ``slug``, ``headline`` and ``published_at``, for the news sitemap."""
    qs = (
        Article.objects.published()
        .filter(published_at__gt=since)
        .newest_first()
        .values("slug", "headline", "published_at")
    )
    return [dict(row) for row in qs[:limit]]
