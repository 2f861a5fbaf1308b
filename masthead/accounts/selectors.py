"""Reads about members."""

from __future__ import annotations

from django.db.models import Q

from .models import User


def name_is_taken_by_member(name: str) -> bool:
    """Whether ``name`` equals (ignoring case and outer spaces) a member's display name or
    username, so that a guest cannot pass as that member."""
    name = name.strip()
    return User.objects.filter(Q(display_name__iexact=name) | Q(username__iexact=name)).exists()
