"""Profile-page panels: how higher apps add to a member's public page without accounts
importing them (mirrors ``masthead.articles.panels``).

A panel is a function registered by another app (in its ``AppConfig.ready()``) that
returns a template and its context for one member; the profile template includes each
panel in order. Panels must do a fixed number of queries, whatever the member has done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from .models import User


@dataclass(frozen=True)
class Panel:
    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


ProfilePanelBuilder = Callable[[HttpRequest, User], Panel | None]

_builders: list[ProfilePanelBuilder] = []


def register_profile_panel(builder: ProfilePanelBuilder) -> ProfilePanelBuilder:
    """Add ``builder`` to every profile page (idempotent; usable as a decorator)."""
    if builder not in _builders:
        _builders.append(builder)
    return builder


def profile_panels(request: HttpRequest, member: User) -> list[Panel]:
    """The panels for ``member``'s profile page, in registration order."""
    panels = (builder(request, member) for builder in _builders)
    return [panel for panel in panels if panel is not None]
