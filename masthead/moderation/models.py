"""What moderators work with: flags from members, bans, the audit log, and the counters
behind rate limits. Comments themselves carry their moderation state (status, held
reasons, abuse score, flag count, review) on ``comments.Comment``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from masthead.comments.models import Comment


class Flag(models.Model):
    """A member's report of a comment, once per member and comment."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        ABUSE = "abuse", "Abuse or harassment"
        OFF_TOPIC = "off_topic", "Off-topic"
        OTHER = "other", "Something else"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags_made"
    )
    reason = models.CharField(max_length=10, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a moderator decides on the comment; open flags are the ones without it.
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "flagger"], name="flag_once_per_member"),
        ]
        indexes = [models.Index(fields=["comment", "resolved_at"], name="flag_open")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} flag on comment {self.comment_id}"


class Ban(models.Model):
    """A member, a guest browser (its cookie's hash) or an address kept from posting,
    until ``ends_at`` (a suspension) or for good (``ends_at`` empty), or kept as
    "author only": they may post, but what they post is seen by them alone.

    Lifting a ban sets ``lifted_at``; rows are never deleted (the audit log points here).
    """

    class Kind(models.TextChoices):
        BAN = "ban", "Banned from posting"
        AUTHOR_ONLY = "author_only", "Posts visible to themselves only"

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.BAN)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="bans",
    )
    guest_token_hash = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    reason = models.CharField(max_length=500, help_text="Shown to the person banned.")
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Empty: permanent.")
    lifted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bans_made",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member__isnull=False)
                | ~models.Q(guest_token_hash="")
                | models.Q(ip__isnull=False),
                name="ban_has_a_target",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "lifted_at"], name="ban_member"),
            models.Index(fields=["guest_token_hash", "lifted_at"], name="ban_guest"),
            models.Index(fields=["ip", "lifted_at"], name="ban_ip"),
        ]

    def __str__(self) -> str:
        target = self.member_id or self.guest_token_hash[:8] or self.ip
        return f"{self.get_kind_display()}: {target}"


class AuditEntry(models.Model):
    """One moderator action, as it happened: who, what, when, why, before and after.
    Read-only everywhere (admin included)."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="moderation_actions",
    )
    action = models.CharField(max_length=40)
    comment = models.ForeignKey(
        Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries_about",
    )
    ban = models.ForeignKey(Ban, on_delete=models.SET_NULL, null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    before = models.CharField(max_length=40, blank=True)
    after = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.action} by {self.moderator_id} at {self.created_at:%Y-%m-%d %H:%M}"


class RateCounter(models.Model):
    """Hits of one rate-limit key in one fixed window, bumped by a single upsert
    (``INSERT ... ON CONFLICT DO UPDATE``) so concurrent processes never over-admit.
    Used when there is no Redis; old windows are pruned as new ones start."""

    key = models.CharField(max_length=200)
    window_start = models.BigIntegerField(help_text="Unix time of the window's start.")
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="rate_counter_window"),
        ]
        indexes = [models.Index(fields=["window_start"], name="rate_counter_age")]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window_start}: {self.hits}"
