"""Loads the demo site: sections, an archive of stories, the seed story and its thread.

The seed thread is posted through the same actions the site uses, so its numbers, paths
and counts are made the way real ones are. The archive's comments (tens of thousands,
so that every demo member's "Posts" is a true count) are bulk-inserted with the same
pure placement functions, to keep loading to a few seconds.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from masthead.accounts.models import User
from masthead.accounts.names import name_keys
from masthead.articles.actions import add_correction, create_article
from masthead.articles.models import Article, Section, Source, Tag
from masthead.comments import threading
from masthead.comments.actions import (
    build_comment,
    hold_comment,
    post_comment,
    remove_comment,
    vote_on_comment,
)
from masthead.comments.models import Comment
from masthead.core.markup import COMMENT, render_markdown
from masthead.moderation.actions import flag_comment

from . import content

#: The seed story's thread, as in shared/seed-page.md: number -> number answered.
SEED_REPLIES: dict[int, int] = {
    9: 1,
    11: 9,
    20: 11,
    15: 9,
    19: 15,
    21: 19,
    12: 2,
    7: 4,
    14: 7,
    18: 13,
    24: 23,
    25: 24,
}
REMOVED_SEED_COMMENTS = frozenset({5})
DEMO_MAX_DEPTH = 8


@dataclass(frozen=True)
class DemoResult:
    story: Article
    password: str
    stories: int
    comments: int


def demo_story_exists() -> bool:
    return Article.objects.filter(slug=content.DEMO_STORY["slug"]).exists()


def _aware(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _joined(value: str) -> datetime:
    return datetime.combine(date.fromisoformat(value), time(12, 0), tzinfo=UTC)


def clear_demo() -> None:
    """Remove everything the demo loader creates (and only what it creates)."""
    slugs = [
        content.DEMO_STORY["slug"],
        content.SCHEDULED_STORY["slug"],
        *(s["slug"] for s in content.ARCHIVE_STORIES),
    ]
    usernames = [
        *(m["username"] for m in content.MEMBERS),
        *(e["username"] for e in content.EDITORS),
    ]
    with transaction.atomic():
        articles = Article.objects.filter(slug__in=slugs)
        # Children first: a comment's parent is protected while replies point at it.
        for depth in range(DEMO_MAX_DEPTH, -1, -1):
            Comment.objects.filter(article__in=articles, depth=depth).delete()
        articles.delete()
        Tag.objects.filter(articles__isnull=True).delete()
        Section.objects.filter(slug__in=[s["slug"] for s in content.SECTIONS]).exclude(
            articles__isnull=False
        ).delete()
        Source.objects.filter(name__in=[s["name"] for s in content.SOURCES]).exclude(
            articles__isnull=False
        ).delete()
        User.objects.filter(username__in=usernames).delete()


def load_demo(*, password: str | None = None) -> DemoResult:
    """Create the demo site from scratch (call ``clear_demo`` first to reload).

    Every demo account gets ``password`` (random if not given) so that a newcomer can
    log in as an editor or a member and try the site.
    """
    password = password or secrets.token_urlsafe(9)
    with transaction.atomic():
        sections = {
            s["slug"]: Section.objects.create(
                slug=s["slug"], name=s["name"], description=s["description"], position=i
            )
            for i, s in enumerate(content.SECTIONS)
        }
        sources = {
            s["name"]: Source.objects.create(name=s["name"], url=s["url"]) for s in content.SOURCES
        }
        template = User(username="template")
        template.set_password(password)  # hash once; argon2 is slow on purpose
        editors = {
            e["username"]: _create_account(e, template.password, is_staff=True, is_superuser=True)
            for e in content.EDITORS
        }
        members = {
            m["key"]: _create_account(
                m, template.password, is_moderator=bool(m.get("is_moderator", False))
            )
            for m in content.MEMBERS
        }
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in [*editors.values(), *members.values()]
        )
        archive = [
            _create_story(story, sections, sources, editors)
            for story in sorted(content.ARCHIVE_STORIES, key=lambda s: s["published"])
        ]
        demo_story = _create_story(content.DEMO_STORY, sections, sources, editors)
        _create_scheduled_story(sections, editors)
        for slug, text in content.CORRECTIONS.items():
            corrected = Article.objects.get(slug=slug)
            assert corrected.published_at is not None
            add_correction(
                article=corrected, text=text, when=corrected.published_at + timedelta(hours=5)
            )
        archive_comments = _fill_archive(archive, members)
        _post_seed_thread(demo_story, members)
        _fill_moderation_queue(demo_story, members)
    demo_story.refresh_from_db()
    return DemoResult(
        story=demo_story,
        password=password,
        stories=len(archive) + 1,
        comments=archive_comments + len(content.SEED_COMMENTS),
    )


def demo_email(username: str) -> str:
    """Demo accounts log in with these addresses (``.test`` is reserved: never delivered)."""
    return f"{username}@demo.masthead.test"


def _create_account(entry: dict[str, Any], password_hash: str, **flags: bool) -> User:
    name_key, name_shape_key = name_keys(entry["display_name"])
    return User.objects.create(
        username=entry["username"],
        email=demo_email(entry["username"]),
        display_name=entry["display_name"],
        name_key=name_key,
        name_shape_key=name_shape_key,
        date_joined=_joined(entry["date_joined"]),
        password=password_hash,
        **flags,
    )


def _create_story(
    story: dict[str, Any],
    sections: dict[str, Section],
    sources: dict[str, Source],
    editors: dict[str, User],
) -> Article:
    return create_article(
        headline=story["headline"],
        slug=story["slug"],
        summary=story["summary"],
        body=story["body"],
        section=sections[story["section"]],
        source=sources[story["source"]] if story.get("source") else None,
        authors=[
            editors[story["byline"]],
            *(editors[u] for u in content.CO_AUTHORS.get(story["slug"], [])),
        ],
        tags=content.STORY_TAGS.get(story["slug"], []),
        published_at=_aware(story["published"]),
    )


def _create_scheduled_story(sections: dict[str, Section], editors: dict[str, User]) -> Article:
    story = content.SCHEDULED_STORY
    return create_article(
        headline=story["headline"],
        slug=story["slug"],
        summary=story["summary"],
        body=story["body"],
        section=sections[story["section"]],
        authors=[editors[story["byline"]]],
        tags=story["tags"],
        published_at=timezone.now() + timedelta(minutes=story["minutes_after_load"]),
    )


def _fill_archive(archive: list[Article], members: dict[str, User]) -> int:
    """Bulk-insert each member's archive comments so that their Posts count is true."""
    rng = random.Random(2013)
    seed_counts = {m["key"]: len(m["comments"]) for m in content.MEMBERS}
    authors: list[User] = []
    for m in content.MEMBERS:
        if m["key"] in {f"m{n}" for n in REMOVED_SEED_COMMENTS}:
            continue
        authors.extend([members[m["key"]]] * (m["posts"] - seed_counts[m["key"]]))
    rng.shuffle(authors)
    rendered = [(text, render_markdown(text, profile=COMMENT)) for text in content.FILLER_COMMENTS]

    next_id = (Comment.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    rows: list[Comment] = []
    per_story: dict[int, list[Comment]] = {a.pk: [] for a in archive}
    # Some stories draw far bigger discussions than others, as on a real site.
    weights = [1 / (rank + 1) ** 0.7 for rank in range(len(archive))]
    rng.shuffle(weights)
    for author in authors:
        article = rng.choices(archive, weights)[0]
        siblings = per_story[article.pk]
        number = len(siblings) + 1
        reply_to = rng.choice(siblings) if siblings and rng.random() < 0.35 else None
        placement = threading.place(
            number=number,
            reply_to_path=reply_to.path if reply_to else None,
            max_depth=DEMO_MAX_DEPTH,
        )
        parent_id = None
        if placement.parent_number is not None:
            parent_id = siblings[placement.parent_number - 1].pk
        assert article.published_at is not None
        text, html = rendered[rng.randrange(len(rendered))]
        comment = build_comment(
            article=article,
            placement=placement,
            number=number,
            parent_id=parent_id,
            author=author,
            body=text,
            body_html=html,
            created_at=article.published_at + timedelta(minutes=3 + number * 4),
        )
        comment.id = next_id
        next_id += 1
        siblings.append(comment)
        rows.append(comment)
    Comment.objects.bulk_create(rows, batch_size=2000)
    _reset_sequences()
    for article in archive:
        count = len(per_story[article.pk])
        Article.objects.filter(pk=article.pk).update(last_comment_number=count, comment_count=count)
    for m in content.MEMBERS:
        archive_posts = sum(1 for a in authors if a.pk == members[m["key"]].pk)
        User.objects.filter(pk=members[m["key"]].pk).update(post_count=archive_posts)
    return len(rows)


def _reset_sequences() -> None:
    """Explicit ids leave PostgreSQL's sequence behind; move it past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Comment])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _post_seed_thread(story: Article, members: dict[str, User]) -> None:
    """Post the seed thread in number order through the site's own actions."""
    author_of = {n: m["key"] for m in content.MEMBERS for n in m["comments"]}
    assert story.published_at is not None
    for number in sorted(content.SEED_COMMENTS):
        member_key = author_of.get(number)
        comment = post_comment(
            article=story,
            body=content.SEED_COMMENTS[number],
            author=members[member_key] if member_key else None,
            guest_name="" if member_key else content.GUEST_NAMES[number],
            reply_to_number=SEED_REPLIES.get(number),
            posted_at=story.published_at + timedelta(minutes=7 * number + number**2 % 11),
        )
        if comment.number != number:
            raise RuntimeError(f"seed comment #{number} got number {comment.number}")
        if number in REMOVED_SEED_COMMENTS:
            remove_comment(comment=comment)
        else:
            _vote_on(comment, list(members.values()), seed=number)


def _vote_on(comment: Comment, voters: list[User], *, seed: int) -> None:
    """A few members' votes, mostly up, so that "Best first" has something to sort."""
    rng = random.Random(seed)
    for voter in rng.sample(voters, k=rng.randint(0, min(7, len(voters)))):
        if voter.pk != comment.author_id:
            vote_on_comment(comment=comment, voter=voter, value=1 if rng.random() < 0.7 else -1)


def _fill_moderation_queue(story: Article, members: dict[str, User]) -> None:
    """A queue for the demo moderator: the held comments of ``MODERATION_QUEUE``,
    posted through the site's action a day after their story (held by the policies in
    force, or here with the listed reasons when policies are off), and the members'
    reports of ``DEMO_FLAGS`` on the seed story, through the flag action."""
    stories = {
        a.slug: a
        for a in Article.objects.filter(slug__in=[q["story"] for q in content.MODERATION_QUEUE])
    }
    for entry in content.MODERATION_QUEUE:
        article = stories[entry["story"]]
        assert article.published_at is not None
        reply_to = entry.get("reply_to")
        comment = post_comment(
            article=article,
            body=entry["text"],
            author=members[entry["member"]] if "member" in entry else None,
            guest_name=entry.get("guest", ""),
            reply_to_number=reply_to
            if reply_to and article.last_comment_number >= reply_to
            else None,
            posted_at=article.published_at + timedelta(days=1),
        )
        if comment.status == Comment.Status.PUBLISHED:
            hold_comment(comment=comment, reasons=entry["hold"])
    for report in content.DEMO_FLAGS:
        comment = Comment.objects.get(article=story, number=report["number"])
        if comment.status == Comment.Status.PUBLISHED:
            flag_comment(
                comment=comment,
                flagger=members[report["by"]],
                reason=report["reason"],
                note=report["note"],
            )
