"""Every kind of page a reader meets is valid HTML, as the Nu HTML checker sees it, and
every stylesheet valid CSS.

The checker (npm ``vnu-jar``, installed by ``make test`` from package-lock.json) runs on
the machine's Java, once for all pages: starting the JVM costs seconds, checking a page
milliseconds. The stylesheets go in as ``<style>`` elements of one more page, so that
the same run checks them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from .conftest import DiscussedStory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _checker() -> list[str]:
    java = shutil.which("java")
    if java is None:
        pytest.skip(
            "java not found: the Nu HTML checker needs a Java runtime "
            "(apt-get install -y default-jre-headless)"
        )
    if not VNU_JAR.exists():
        pytest.skip(f"{VNU_JAR} not found: `npm ci --ignore-scripts` installs it (make test does)")
    return [java, "-Xss8m", "-jar", str(VNU_JAR), "--format", "json", "--errors-only"]


def _search_url() -> str | None:
    """The search results page, once the search app routes it."""
    try:
        resolve("/search/")
    except Resolver404:
        return None
    return "/search/?q=phones"


def _pages(story: DiscussedStory) -> dict[str, str]:
    article = story.article
    pages = {
        "front": reverse("articles:front_page"),
        "section": article.section.get_absolute_url(),
        "story": article.get_absolute_url(),
        "print": article.get_print_url(),
        "print-with-comments": article.get_print_url() + "?comments=1",
        "profile": story.commenter.get_absolute_url(),
        "author": reverse("articles:author", kwargs={"username": story.authors[0].username}),
        "tag": article.tags.first().get_absolute_url(),  # type: ignore[union-attr]
    }
    search = _search_url()
    if search is not None:
        pages["search"] = search
    return pages


def _stylesheets_page() -> str:
    """Every stylesheet of the site, each in a ``<style>`` element of one page."""
    styles = "".join(
        f"<style>/* {path.relative_to(ROOT)} */\n{path.read_text(encoding='utf-8')}</style>\n"
        for path in sorted((ROOT / "masthead").glob("*/static/**/*.css"))
    )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Stylesheets</title>\n'
        f"{styles}</head><body></body></html>\n"
    )


def _render(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_reader_pages_have_no_html_errors(
    discussed_story: DiscussedStory, tmp_path: Path, settings: Any
) -> None:
    """Front, section, story (anonymous and member), print, profile, author, tag and search
    pages, and the stylesheets: the Nu HTML checker reports no error on any of them."""
    command = _checker()
    files: dict[str, str] = {}
    anonymous, member = Client(), Client()
    member.force_login(discussed_story.commenter)
    for name, url in _pages(discussed_story).items():
        files[f"{name}.html"] = _render(anonymous, url)
    files["story-member.html"] = _render(member, discussed_story.article.get_absolute_url())
    files["front-member.html"] = _render(member, reverse("articles:front_page"))
    files["stylesheets.html"] = _stylesheets_page()
    for name, html in files.items():
        (tmp_path / name).write_text(html, encoding="utf-8")
    paths = [str(tmp_path / name) for name in files]
    result = subprocess.run(  # noqa: S603 - our own command line
        [*command, *paths], capture_output=True, text=True, timeout=300, check=False
    )
    report = json.loads(result.stderr or '{"messages": []}')
    errors = [m for m in report["messages"] if m.get("type") in {"error", "non-document-error"}]
    by_page: dict[str, list[str]] = {name: [] for name in files}
    for m in errors:
        page = Path(m.get("url", "")).name
        by_page.setdefault(page, []).append(
            f"line {m.get('lastLine')}: {m.get('message')} [{m.get('extract', '').strip()}]"
        )
    summary = "\n".join(
        f"{page}: {len(msgs)} error(s)\n  " + "\n  ".join(msgs)
        for page, msgs in by_page.items()
        if msgs
    )
    print(f"Nu HTML checker: {len(errors)} error(s) in {len(files)} pages")
    assert not errors, summary
