from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone


class User(AbstractUser):
    """A member of the site.

    ``display_name`` is what readers see; ``post_count`` is the site-wide number of the
    member's published comments, kept by the comment actions so that a thread of any
    size shows it without counting. ``name_key`` and ``name_shape_key`` are the two
    confusable-comparison keys of the public name (``names.name_keys``): unique, so that
    no two members can look alike on the page, not even under a race.
    """

    display_name = models.CharField(max_length=50, blank=True)
    name_key = models.CharField(max_length=200, blank=True, editable=False)
    name_shape_key = models.CharField(max_length=200, blank=True, editable=False)
    post_count = models.PositiveIntegerField(default=0)
    is_moderator = models.BooleanField(
        default=False,
        help_text="Moderates the discussion; their comments carry a Moderator badge.",
    )
    always_premoderate = models.BooleanField(
        default=False,
        help_text="Hold every comment of this member for review, however long they have posted.",
    )
    # Kept now so members can choose ahead of the notifications feature that reads them.
    notify_on_reply = models.BooleanField("e-mail me replies to my comments", default=True)
    notify_on_mention = models.BooleanField("e-mail me when someone @mentions me", default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("display_name"),
                name="accounts_user_display_name_ci_unique",
                condition=~models.Q(display_name=""),
            ),
            models.UniqueConstraint(
                fields=["name_key"],
                name="accounts_user_name_key_unique",
                condition=~models.Q(name_key=""),
            ),
            models.UniqueConstraint(
                fields=["name_shape_key"],
                name="accounts_user_name_shape_key_unique",
                condition=~models.Q(name_shape_key=""),
            ),
        ]
        # Whether a name is taken (``selectors.name_is_taken_by_member``, on every guest
        # post) looks each of these up; the partial unique indexes above cannot serve a
        # plain lookup on SQLite, and case-blind names need their own.
        indexes = [
            models.Index(fields=["name_key"], name="accounts_user_name_key"),
            models.Index(fields=["name_shape_key"], name="accounts_user_name_shape_key"),
            models.Index(Lower("username"), name="accounts_user_username_ci"),
            models.Index(Lower("display_name"), name="accounts_user_display_name_ci"),
        ]

    def __str__(self) -> str:
        return self.public_name

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", kwargs={"username": self.username})

    @property
    def public_name(self) -> str:
        return self.display_name or self.username


class LoginFailure(models.Model):
    """One failed log-in: what was typed as the login (hashed, so the table holds no
    e-mail addresses) and where from. ``throttling`` counts these to slow and then
    refuse guessing; a success clears that login's failures from that address."""

    login_key = models.CharField(max_length=64)
    ip = models.GenericIPAddressField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["login_key", "ip", "created_at"], name="loginfailure_pair"),
            models.Index(fields=["ip", "created_at"], name="loginfailure_ip"),
            models.Index(fields=["created_at"], name="loginfailure_age"),
        ]

    def __str__(self) -> str:
        return f"failed log-in from {self.ip} at {self.created_at:%Y-%m-%d %H:%M}"
