from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower


class User(AbstractUser):
    """A member of the site.

    ``display_name`` is what readers see; ``post_count`` is the site-wide number of the
    member's published comments, kept by the comment actions so that a thread of any
    size shows it without counting.
    """

    display_name = models.CharField(max_length=50, blank=True)
    post_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("display_name"),
                name="accounts_user_display_name_ci_unique",
                condition=~models.Q(display_name=""),
            ),
        ]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        return self.display_name or self.username
