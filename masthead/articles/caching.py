"""What the story pages' cache entries depend on, and the calls that make them stale.

- ``site``: any story published, edited or unpublished (headlines, Latest Stories).
- ``story:<slug>``: one story's own page (its text and its discussion).
- ``listings``: front and section pages, which also show comment counts.
"""

from __future__ import annotations

from masthead.core import pagecache

SITE = "site"
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
    """A story was saved: every page may show its headline."""
    pagecache.bump(SITE)
