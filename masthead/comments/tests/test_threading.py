"""Numbers and paths: where a new comment goes in its story's tree."""

from __future__ import annotations

import pytest

from masthead.comments import threading
from masthead.comments.threading import Placement, place


def test_top_level_comment_is_its_own_thread() -> None:
    """A comment that answers nobody starts a thread named by its own number."""
    assert place(number=3, reply_to_path=None, max_depth=8) == Placement(
        path="000003", depth=0, thread_number=3, parent_number=None, reply_to_number=None
    )


def test_reply_extends_parent_path() -> None:
    """#17 under #3 has path 000003000017 and sorts right after #3's earlier replies."""
    assert place(number=17, reply_to_path="000003", max_depth=8) == Placement(
        path="000003000017", depth=1, thread_number=3, parent_number=3, reply_to_number=3
    )


@pytest.mark.parametrize(
    ("reply_to_path", "max_depth", "expected_path", "parent", "reply_to"),
    [
        # Room left: the reply goes under what it answers.
        ("000001000009000015", 8, "000001000009000015000030", 15, 15),
        # Depth cap of 3 levels: a reply to a depth-2 comment joins its parent (depth 1),
        # but still says which comment it answered.
        ("000001000009000015", 3, "000001000009000030", 9, 15),
        # Deeper still: always the deepest ancestor with room.
        ("000001000009000015000019000021", 3, "000001000009000030", 9, 21),
        # A cap of one level keeps everything top-level.
        ("000001", 1, "000030", None, 1),
    ],
)
def test_depth_cap_attaches_to_the_deepest_ancestor_with_room(
    reply_to_path: str, max_depth: int, expected_path: str, parent: int | None, reply_to: int
) -> None:
    """Past the cap a reply moves up the tree but keeps reply_to_number."""
    placement = place(number=30, reply_to_path=reply_to_path, max_depth=max_depth)
    assert placement.path == expected_path
    assert placement.parent_number == parent
    assert placement.reply_to_number == reply_to
    assert placement.depth == threading.depth_of(expected_path)
    assert placement.depth < max_depth


def test_path_order_is_depth_first_number_order() -> None:
    """Sorting paths as strings gives the seed page's depth-first order."""
    replies = {9: 1, 11: 9, 20: 11, 15: 9, 19: 15, 21: 19, 12: 2, 7: 4, 14: 7, 18: 13}
    paths: dict[int, str] = {}
    for number in range(1, 22):
        parent = replies.get(number)
        paths[number] = place(
            number=number, reply_to_path=paths[parent] if parent else None, max_depth=8
        ).path
    order = [n for n, _ in sorted(paths.items(), key=lambda item: item[1])]
    assert order[:12] == [1, 9, 11, 20, 15, 19, 21, 2, 12, 3, 4, 7]


def test_number_limits_are_enforced() -> None:
    """Numbers outside what a path segment holds are refused, not truncated."""
    with pytest.raises(ValueError, match="outside"):
        threading.segment(0)
    with pytest.raises(ValueError, match="outside"):
        threading.segment(threading.MAX_NUMBER + 1)
    with pytest.raises(ValueError, match="malformed"):
        threading.numbers_in_path("00001")


def test_ancestor_paths() -> None:
    """A path is inside another only if it extends it."""
    assert threading.is_ancestor_path("000001", "000001000009")
    assert not threading.is_ancestor_path("000001", "000001")
    assert not threading.is_ancestor_path("000001", "000010000001")
