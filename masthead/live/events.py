"""What a live stream carries, as plain values: no Django, no I/O.

A :class:`LiveEvent` is built once per change and shared by every stream of its story,
so its Server-Sent Events frame is encoded once however many readers are watching.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

EventKind = Literal["comment", "remove"]

# Sent first on every stream: how long a browser waits before reconnecting (ms), and a
# comment line so the client knows the stream is subscribed and caught up.
OPENING_FRAME = b"retry: 5000\n: ready\n\n"
HEARTBEAT_FRAME = b": ping\n\n"
# Sent when a reconnecting reader missed more comments than a stream replays.
OVERFLOW_FRAME = b"event: overflow\ndata: {}\n\n"


@dataclass(frozen=True)
class LiveEvent:
    """A comment that appeared (``comment``) or was removed (``remove``) on a story."""

    kind: EventKind
    article_id: int
    number: int
    path: str = ""
    html: str = ""

    def to_json(self) -> str:
        """The broker's wire form (Redis message body)."""
        return json.dumps(
            {
                "kind": self.kind,
                "article_id": self.article_id,
                "number": self.number,
                "path": self.path,
                "html": self.html,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, raw: str | bytes) -> LiveEvent:
        """Parse :meth:`to_json` output; raises ``ValueError`` on anything else."""
        try:
            data = json.loads(raw)
            kind = data["kind"]
            if kind not in ("comment", "remove"):
                raise ValueError(f"unknown live event kind {kind!r}")
            return cls(
                kind=kind,
                article_id=int(data["article_id"]),
                number=int(data["number"]),
                path=str(data.get("path", "")),
                html=str(data.get("html", "")),
            )
        except (KeyError, TypeError, json.JSONDecodeError) as exc:
            raise ValueError(f"not a live event: {exc}") from exc

    @cached_property
    def frame(self) -> bytes:
        """The SSE frame. A new comment carries ``id: <number>`` so that a reconnecting
        browser sends it back as ``Last-Event-ID``; a removal does not move that mark."""
        if self.kind == "comment":
            data = json.dumps(
                {
                    "article_id": self.article_id,
                    "number": self.number,
                    "path": self.path,
                    "html": self.html,
                },
                separators=(",", ":"),
            )
            # json.dumps escapes newlines, so the payload is a single data line.
            return f"id: {self.number}\nevent: comment\ndata: {data}\n\n".encode()
        data = json.dumps({"article_id": self.article_id, "number": self.number})
        return f"event: remove\ndata: {data}\n\n".encode()


def resume_point(last_event_id: str | None, after: str | None, *, newest: int) -> int:
    """The comment number a stream starts after.

    ``Last-Event-ID`` (sent by a reconnecting browser) wins over ``?after=`` (written
    into the page); an absent or malformed value falls through to the next, and then to
    ``newest`` (only comments from now on). Never beyond ``newest``: a number the story
    has not reached would hide its next comments.
    """
    for raw in (last_event_id, after):
        value = (raw or "").strip()
        if value.isdigit() and len(value) <= 9:
            return min(int(value), newest)
    return newest


class ResumeFilter:
    """Decides which comments a stream still has to send, so that a comment read from
    the database on (re)connect and then delivered live is sent once.

    Comment numbers are handed out in order but may commit out of order, so this keeps
    the set of numbers sent rather than only the highest.
    """

    def __init__(self, after: int) -> None:
        self.after = after
        self._sent: set[int] = set()

    def admit(self, number: int) -> bool:
        """True (and remembered) if ``number`` has not been sent on this stream."""
        if number <= self.after or number in self._sent:
            return False
        self._sent.add(number)
        return True

    def skip_to(self, number: int) -> None:
        """Send nothing numbered ``number`` or below from now on."""
        self.after = max(self.after, number)

    @property
    def highest(self) -> int:
        """The highest number sent, or the starting point: where a re-read resumes."""
        return max(self._sent, default=self.after)
