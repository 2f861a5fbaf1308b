"""Template helpers for stories: the lead image in several widths."""

from __future__ import annotations

from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html
from django.utils.safestring import SafeString

from masthead.articles import images
from masthead.articles.models import Article

register = template.Library()


@register.simple_tag
def lead_image(article: Article, sizes: str = "100vw", *, lazy: bool = True) -> SafeString:
    """``<img>`` with ``srcset`` over the story's renditions (empty without an image).
    The lead picture of a story page is not lazy: it is what the reader sees first."""
    renditions = article.lead_image_renditions
    if not renditions:
        return SafeString("")
    middle = renditions[min(1, len(renditions) - 1)]
    widest = renditions[-1]
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}>',
        default_storage.url(middle["name"]),
        images.srcset(renditions),
        sizes,
        widest["width"],
        widest["height"],
        article.lead_image_alt,
        SafeString(' loading="lazy" decoding="async"')
        if lazy
        else SafeString(' fetchpriority="high"'),
    )
