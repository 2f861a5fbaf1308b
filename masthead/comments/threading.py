"""Pure functions for comment numbers and thread paths. No database, no Django.

A comment's ``path`` is the numbers of its ancestors and itself, each written as
``PATH_WIDTH`` zero-padded digits: ``000003000017`` is #17 under #3. Sorting by path
gives the thread depth-first with siblings in number order, in one indexed query.
"""

from __future__ import annotations

from dataclasses import dataclass

PATH_WIDTH = 6
MAX_NUMBER = 10**PATH_WIDTH - 1


@dataclass(frozen=True)
class Placement:
    """Where a new comment goes in its story's tree."""

    path: str
    depth: int
    thread_number: int
    parent_number: int | None
    reply_to_number: int | None


def segment(number: int) -> str:
    """One path segment for ``number``."""
    if not 1 <= number <= MAX_NUMBER:
        raise ValueError(f"comment number {number} is outside 1..{MAX_NUMBER}")
    return f"{number:0{PATH_WIDTH}d}"


def numbers_in_path(path: str) -> list[int]:
    """The numbers along ``path``, root first, the comment itself last."""
    if not path or len(path) % PATH_WIDTH:
        raise ValueError(f"malformed comment path {path!r}")
    return [int(path[i : i + PATH_WIDTH]) for i in range(0, len(path), PATH_WIDTH)]


def depth_of(path: str) -> int:
    """0 for a top-level comment, 1 for a reply to it, and so on."""
    return len(numbers_in_path(path)) - 1


def is_ancestor_path(ancestor: str, path: str) -> bool:
    """Whether the comment at ``ancestor`` is above the comment at ``path``."""
    return len(path) > len(ancestor) and path.startswith(ancestor)


def place(*, number: int, reply_to_path: str | None, max_depth: int) -> Placement:
    """Place comment ``number`` as a reply to the comment at ``reply_to_path`` (or at the
    top level when ``None``).

    ``max_depth`` counts levels: with 8, depths 0..7 exist. A reply that would go deeper
    is attached to the deepest ancestor that still has room, and keeps
    ``reply_to_number`` pointing at the comment the reader actually answered.
    """
    if max_depth < 1:
        raise ValueError("max_depth must be at least 1")
    if reply_to_path is None:
        return Placement(
            path=segment(number),
            depth=0,
            thread_number=number,
            parent_number=None,
            reply_to_number=None,
        )
    ancestors = numbers_in_path(reply_to_path)
    chain = ancestors[: max_depth - 1]
    if not chain:
        # max_depth == 1: everything is top-level, but remember what was answered.
        return Placement(
            path=segment(number),
            depth=0,
            thread_number=number,
            parent_number=None,
            reply_to_number=ancestors[-1],
        )
    return Placement(
        path="".join(segment(n) for n in chain) + segment(number),
        depth=len(chain),
        thread_number=chain[0],
        parent_number=chain[-1],
        reply_to_number=ancestors[-1],
    )
