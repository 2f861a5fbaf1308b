"""Shared model bases. Core defines no tables of its own."""

from __future__ import annotations

from django.db import models


class TimestampedModel(models.Model):
    """Adds ``created_at`` and ``updated_at``, set by the database layer on write."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
