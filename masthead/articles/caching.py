"""What the story pages' cache entries depend on, and the calls that make them stale.

- ``site``: any story published, edited or unpublished (headlines, Latest Stories).
- ``story:<slug>``: one story's own page (its text and its discussion).
- ``listings``: front and section pages, which also show comment counts.

"Most discussed (24 h)" depends on ``site`` only and lives
``MASTHEAD_MOST_DISCUSSED_SECONDS``: its window moves with the clock, not with events.

A story that closes its comments automatically does so at a time, not on an event: a
copy of its page cached just before then may show the comment form until the copy
expires (``MASTHEAD_PAGE_CACHE_SECONDS``, 300 s by default). ``post_comment`` refuses
such posts all the same; an editor's change (open, close) bumps ``site`` at once.
"""

from __future__ import annotations

from django.core.cache import cache

from masthead.core import pagecache

SITE = "site"
# When the next scheduled story goes out (see ``selectors.next_publication_timestamp``).
NEXT_PUBLICATION_KEY = "articles:next-publication"
# This process's copy of it for a second: (Unix time or None, valid until).
next_publication_memo: tuple[float | None, float] | None = None
LISTINGS = "listings"


def story_keys(slug: str) -> tuple[str, ...]:
    return (SITE, f"story:{slug}")


def listing_keys() -> tuple[str, ...]:
    return (SITE, LISTINGS)


def story_changed(slug: str) -> None:
    """A story's discussion changed: its pages and the lists' counts are stale."""
    pagecache.bump(f"story:{slug}", LISTINGS)


def story_page_changed(slug: str) -> None:
    """Only a story's own page changed (a comment's score): the lists stay fresh."""
    pagecache.bump(f"story:{slug}")


def site_changed() -> None:
    """A story was saved: every page may show its headline, and its schedule may have
    changed when the next story goes out."""
    global next_publication_memo
    next_publication_memo = None
    cache.delete(NEXT_PUBLICATION_KEY)
    pagecache.bump(SITE)
