"""``{{ data|json_ld }}``: a ``<script type="application/ld+json">`` element.

Django's ``json_script`` escapes what could end the element early, but always writes
``type="application/json"``; structured data needs its own type, with the same escapes.
"""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# As json_script: "</script>" or "<!--" in a headline stays text inside the element.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def dumps(value: Any) -> str:
    """``value`` as JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_ESCAPES)


@register.filter(is_safe=True)
def json_ld(value: Any) -> SafeString:
    """The element holding ``value`` (a JSON-LD dict)."""
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(dumps(value)),  # noqa: S308 - escaped above
    )
