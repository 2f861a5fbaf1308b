"""Live events: the frames browsers read, and where a reconnecting stream resumes."""

from __future__ import annotations

import json

import pytest

from masthead.live.events import LiveEvent, ResumeFilter, resume_point


def test_comment_frame_carries_its_number_as_event_id() -> None:
    """A new comment is one SSE event: ``id`` is its number, ``data`` one JSON line."""
    event = LiveEvent(
        kind="comment", article_id=7, number=12, path="000003000012", html="<li>a\nb</li>"
    )
    lines = event.frame.decode().split("\n")
    assert lines[:2] == ["id: 12", "event: comment"]
    assert lines[2].startswith("data: ")
    assert json.loads(lines[2][len("data: ") :]) == {
        "article_id": 7,
        "number": 12,
        "path": "000003000012",
        "html": "<li>a\nb</li>",
    }
    assert lines[3:] == ["", ""]


def test_removal_frame_has_no_id_and_no_text() -> None:
    """A removal does not move the reconnect mark and carries none of the comment."""
    frame = LiveEvent(kind="remove", article_id=7, number=3).frame.decode()
    assert frame == 'event: remove\ndata: {"article_id": 7, "number": 3}\n\n'


def test_wire_form_round_trips() -> None:
    """What one process publishes, another reads back as the same event."""
    event = LiveEvent(kind="comment", article_id=1, number=2, path="000002", html="<li></li>")
    assert LiveEvent.from_json(event.to_json()) == event
    assert LiveEvent.from_json(event.to_json().encode()) == event


@pytest.mark.parametrize("raw", ["", "[]", "{}", '{"kind": "edit", "article_id": 1, "number": 1}'])
def test_malformed_wire_form_is_refused(raw: str) -> None:
    """Anything else on the channel is a ValueError, not a crash in the listener."""
    with pytest.raises(ValueError, match="live event"):
        LiveEvent.from_json(raw)


@pytest.mark.parametrize(
    ("last_event_id", "after", "expected"),
    [
        ("4", "2", 4),  # a reconnecting browser's Last-Event-ID wins
        (None, "2", 2),  # the number the page was rendered with
        ("", "2", 2),
        ("junk", "3", 3),  # malformed values fall through
        (None, None, 9),  # neither: from now on
        ("-1", "x", 9),
        ("12", None, 9),  # never beyond the story's newest comment
        ("99999999999999", None, 9),
    ],
)
def test_resume_point(last_event_id: str | None, after: str | None, expected: int) -> None:
    """Where a stream starts, given the story's newest comment is #9."""
    assert resume_point(last_event_id, after, newest=9) == expected


def test_resume_filter_sends_each_number_once_even_out_of_order() -> None:
    """Numbers at or below the start, and numbers already sent, are not sent again;
    a lower number that commits late still goes out."""
    seen = ResumeFilter(after=3)
    assert [n for n in [2, 3, 4, 6, 4, 5, 6] if seen.admit(n)] == [4, 6, 5]
    assert seen.highest == 6


def test_resume_filter_skip_to() -> None:
    """After an overflow nothing at or below the skipped-to number is sent."""
    seen = ResumeFilter(after=0)
    seen.skip_to(250)
    assert not seen.admit(250)
    assert seen.admit(251)
