from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from masthead.articles.models import Article

from .querysets import CommentQuerySet


def body_digest(body: str) -> int:
    """A 64-bit digest of a comment's text (``Comment.body_digest``): equal texts have
    equal digests, so a story's copies of one text are found by an index lookup."""
    return int.from_bytes(
        hashlib.blake2b(body.encode(), digest_size=8).digest(), "big", signed=True
    )


class Comment(models.Model):
    """A numbered comment under a story.

    ``number`` is per story, in posting order, never reused; ``path``/``depth``/
    ``thread_number`` place it in the tree (see ``threading.py``); ``reply_to_number``
    is what the reader answered, which differs from the parent only past the depth cap.
    A comment is never deleted from the thread: removal by a moderator or deletion by its
    author changes ``status``. ``guest_token_hash`` is the SHA-256 of the guest's browser
    cookie (never the cookie itself), which lets that browser delete the comment.
    """

    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        REMOVED = "removed", "Removed by a moderator"
        DELETED = "deleted", "Deleted by its author"
        # Held by moderation: PENDING waits for review and its author sees it with a
        # notice; AUTHOR_ONLY (spammers) looks published to its author alone. Neither
        # shows to other readers nor counts, but both keep their number.
        PENDING = "pending", "Waiting for review"
        AUTHOR_ONLY = "author_only", "Held, visible to its author only"

    class Review(models.TextChoices):
        NONE = "", "Not reviewed"
        APPROVED = "approved", "Approved by a moderator"
        REJECTED = "rejected", "Rejected by a moderator"

    # No single-column indexes on ``article``, ``author`` or ``status``: the composite
    # indexes below start with each of them and serve those lookups, and every index is
    # one more page to write, under the write lock, on every post.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="comments", db_index=False
    )
    number = models.PositiveIntegerField()
    # Indexed for replies only (``comment_parent``): a thread's first comment has none.
    parent = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="replies",
        db_index=False,
    )
    path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField(default=0)
    thread_number = models.PositiveIntegerField()
    reply_to_number = models.PositiveIntegerField(null=True, blank=True)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        db_index=False,
    )
    guest_name = models.CharField(max_length=50, blank=True)
    guest_email = models.EmailField(blank=True, help_text="Never shown to readers.")
    guest_token_hash = models.CharField(max_length=64, blank=True, editable=False)

    body = models.TextField()
    body_html = models.TextField()
    # ``body_digest(body)``, kept with ``body`` by every write of the text: the repeated-
    # post check looks a text up by (story, digest) instead of reading the story's
    # recent comments.
    body_digest = models.BigIntegerField(default=0, editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PUBLISHED)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the author changes the text; earlier texts are kept as CommentRevision.
    edited_at = models.DateTimeField(null=True, blank=True)
    # Moderation: why it was held (reason codes, comma-separated), the offline abuse
    # score, the open flags, the last review, and where it was posted from (for bans and
    # rate limits; shown to moderators only).
    held_reasons = models.CharField(max_length=200, blank=True)
    abuse_score = models.FloatField(null=True, blank=True)
    flag_count = models.PositiveIntegerField(default=0)
    review = models.CharField(max_length=10, choices=Review.choices, blank=True, default="")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # Denormalised from Vote by the vote action, always equal to the votes' sums.
    upvotes = models.PositiveIntegerField(default=0)
    downvotes = models.PositiveIntegerField(default=0)
    # Wilson lower bound of upvotes/downvotes (comments.ranking), kept with them by the
    # vote action so that "best first" is an indexed ORDER BY.
    best_rank = models.FloatField(default=0.0)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["article", "path"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="comment_number_unique"),
            models.UniqueConstraint(fields=["article", "path"], name="comment_path_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="comment_number_gte_1"),
            models.CheckConstraint(
                condition=models.Q(author__isnull=True) | models.Q(guest_name=""),
                name="comment_member_or_guest",
            ),
        ]
        indexes = [
            # A member's comments, newest first; a guest's comment adds no entry.
            models.Index(
                fields=["author", "-created_at"],
                name="comment_author_recent",
                condition=models.Q(author__isnull=False),
            ),
            # A comment's replies (what deleting it must check); a thread's first
            # comment adds no entry.
            models.Index(
                fields=["parent"], name="comment_parent", condition=models.Q(parent__isnull=False)
            ),
            # A page of threads: its roots in number order, then their comments in order.
            models.Index(fields=["article", "depth", "number"], name="comment_roots"),
            models.Index(fields=["article", "thread_number", "path"], name="comment_thread_order"),
            # The moderation queue's held comments, newest first. (Its flagged tab starts
            # from the open flags, not from the comments.)
            models.Index(fields=["status", "-created_at"], name="comment_status_recent"),
            # ... and its Approved / Rejected tabs, latest decision first. Only comments a
            # moderator decided on are in it: a new comment adds no entry.
            models.Index(
                fields=["review", "-reviewed_at"],
                name="comment_review_recent",
                condition=models.Q(reviewed_at__isnull=False),
            ),
            # One text on a story (the repeated-post check): one lookup, however many
            # comments the story took in the last minutes.
            models.Index(
                fields=["article", "body_digest", "created_at"], name="comment_article_text"
            ),
            # "Most discussed (24 h)": the comments of a recent window, site-wide.
            models.Index(fields=["created_at"], name="comment_created"),
            # A story's last change of any comment (its feed's Last-Modified): one
            # index lookup, however long the discussion.
            models.Index(fields=["article", "updated_at"], name="comment_article_changed"),
            models.Index(
                fields=["article", "depth", "-best_rank", "number"], name="comment_best_roots"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number} on {self.article_id}"

    def get_absolute_url(self) -> str:
        """The permalink, which redirects to the page of the discussion that holds it
        (a bare ``story#c-N`` would miss comments past the first page)."""
        return reverse(
            "comments:permalink", kwargs={"slug": self.article.slug, "number": self.number}
        )

    @property
    def score(self) -> int:
        """Up votes minus down votes (the sum of the comment's votes)."""
        return self.upvotes - self.downvotes

    @property
    def is_guest(self) -> bool:
        return self.author_id is None and bool(self.guest_name)

    @property
    def is_removed(self) -> bool:
        return self.status == self.Status.REMOVED

    @property
    def is_placeholder(self) -> bool:
        """Removed by a moderator or deleted by its author: only its number and place
        are shown, so that its replies stay attached."""
        return self.status != self.Status.PUBLISHED


class Vote(models.Model):
    """One member's up (+1) or down (-1) vote on a comment; at most one each."""

    class Value(models.IntegerChoices):
        UP = 1, "Up"
        DOWN = -1, "Down"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_votes"
    )
    value = models.SmallIntegerField(choices=Value.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "voter"], name="vote_once_per_member"),
            models.CheckConstraint(condition=models.Q(value__in=[1, -1]), name="vote_up_or_down"),
        ]
        indexes = [models.Index(fields=["voter", "comment"], name="vote_by_voter")]

    def __str__(self) -> str:
        return f"{self.value:+d} on comment {self.comment_id} by {self.voter_id}"


class CommentRevision(models.Model):
    """A text a comment had before an edit, for moderators (readers see "edited")."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    body_html = models.TextField()
    written_at = models.DateTimeField(help_text="When this text was posted or last edited.")
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["comment", "replaced_at"]

    def __str__(self) -> str:
        return f"revision of comment {self.comment_id} replaced {self.replaced_at:%Y-%m-%d %H:%M}"


class Mention(models.Model):
    """A member named with ``@name`` in a comment (read by notifications)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="mentions")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "member"], name="mention_once"),
        ]

    def __str__(self) -> str:
        return f"@{self.member_id} in comment {self.comment_id}"
