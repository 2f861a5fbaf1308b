"""Story-page panels: how higher apps add to a story page without articles importing them.

A panel is a function registered by another app (in its ``AppConfig.ready()``) that
returns a template and its context for one story; the story and print templates include
each panel in order. The discussion is the first such panel. Panels must do a fixed
number of queries, whatever the size of what they show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.http import HttpRequest

from .models import Article

PageKind = Literal["page", "print"]


@dataclass(frozen=True)
class Panel:
    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


PanelBuilder = Callable[[HttpRequest, Article, PageKind], Panel | None]

_builders: list[PanelBuilder] = []


def register_story_panel(builder: PanelBuilder) -> PanelBuilder:
    """Add ``builder`` to every story page (idempotent; usable as a decorator)."""
    if builder not in _builders:
        _builders.append(builder)
    return builder


def story_panels(request: HttpRequest, article: Article, kind: PageKind) -> list[Panel]:
    """The panels for one story page, in registration order."""
    panels = (builder(request, article, kind) for builder in _builders)
    return [panel for panel in panels if panel is not None]
