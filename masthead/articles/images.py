"""Lead images: checked on upload, stripped of metadata, stored in a few widths.

Readers' browsers pick a width from ``srcset``; no page serves the upload itself, and
the stored files carry no EXIF (a photographer's camera serial or a GPS position).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

WIDTHS = (480, 960, 1600)
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
MIN_WIDTH = 480
JPEG_QUALITY = 82


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    name: str

    def as_dict(self) -> dict[str, Any]:
        return {"width": self.width, "height": self.height, "name": self.name}


def check_upload(upload: Any) -> None:
    """Refuse what cannot become a lead image, saying why (size, format, dimensions)."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"The image is {upload.size / 1_048_576:.1f} MB; the limit is "
            f"{MAX_UPLOAD_BYTES // 1_048_576} MB."
        )
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            width, height = probe.size
            fmt = probe.format
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError("That file is not an image this site can read.") from exc
    finally:
        upload.seek(0)
    if fmt not in {"JPEG", "PNG", "WEBP", "GIF"}:
        raise ValidationError(f"{fmt} images are not accepted: upload JPEG, PNG, WebP or GIF.")
    if width * height > MAX_PIXELS:
        raise ValidationError(
            f"The image is {width} by {height} pixels; at most {MAX_PIXELS // 1_000_000} "
            "megapixels are accepted."
        )
    if width < MIN_WIDTH:
        raise ValidationError(
            f"The image is {width} pixels wide; a lead image needs at least {MIN_WIDTH}."
        )


def store_renditions(upload: Any, *, base_name: str) -> list[Rendition]:
    """Write the image at each of ``WIDTHS`` that it reaches (and at its own width when
    narrower than the widest), as JPEG without metadata; widest last.

    ``base_name`` is the upload's path without its extension; names carry a content hash
    so a replaced image never hides behind a cached old one.
    """
    upload.seek(0)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original)
        if image.mode not in ("RGB", "L"):
            background = Image.new("RGB", image.size, "white")
            rgba = image.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            image = background
        elif image.mode == "L":
            image = image.convert("RGB")
        widths = [w for w in WIDTHS if w < image.width] + [min(image.width, WIDTHS[-1])]
        renditions: list[Rendition] = []
        for width in sorted(set(widths)):
            height = round(image.height * width / image.width)
            resized = (
                image
                if width == image.width
                else image.resize((width, height), Image.Resampling.LANCZOS)
            )
            buffer = io.BytesIO()
            resized.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
            data = buffer.getvalue()
            digest = hashlib.sha256(data).hexdigest()[:10]
            name = default_storage.save(f"{base_name}-{digest}-{width}w.jpg", ContentFile(data))
            renditions.append(Rendition(width, height, name))
    return renditions


def srcset(renditions: list[dict[str, Any]]) -> str:
    """``srcset`` for stored renditions."""
    return ", ".join(f"{default_storage.url(r['name'])} {r['width']}w" for r in renditions)
