"""Running a test's async scenario on an event loop of its own."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_async(main: Callable[[], Coroutine[Any, Any, T]], timeout: float = 60) -> T:
    """Run ``main()`` on a fresh event loop in a thread of its own, and return its result
    (or raise its exception). Independent of any loop the test's thread already holds:
    playwright's sync API, used by the browser tests, keeps one there."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-loop") as pool:
        return pool.submit(lambda: asyncio.run(main())).result(timeout=timeout)
