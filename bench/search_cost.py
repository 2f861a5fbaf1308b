"""What a reader's search costs on the demo data (37 stories, ~26,900 comments), in
process: ``search.selectors.search`` (both tabs' counts and one page of 20 hits, with
snippets) and the whole ``/search/`` page through Django's test client; and, with
``--load``, what the search index adds to loading the demo (``clear_demo`` +
``load_demo``, runs alternating with and without the index's triggers).

    .venv/bin/python bench/search_cost.py                 # SQLite in a scratch folder
    .venv/bin/python bench/search_cost.py --load          # ... and the demo load, both ways
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/search_cost.py

The database is migrated and the demo loaded first if it is not there (a minute at
most). Prints the median and p95 of N searches per query; writes nothing in the
repository.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MASTHEAD_VAR_DIR", tempfile.mkdtemp(prefix="masthead-search-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
# Scoring 27,000 comments for abuse is the loader's business, not search's.
os.environ.setdefault("MASTHEAD_ABUSE_SCORING", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from masthead.demo.loader import clear_demo, demo_story_exists, load_demo  # noqa: E402
from masthead.search import schema, selectors  # noqa: E402

N = 30
QUERIES = [
    ("rare word", "xperia"),
    ("common word", "price"),
    ("very common word", "the"),  # a stop word on PostgreSQL: nothing there
    ("frequent word", "know"),
    ("phrase", '"the price"'),
    ("alternatives, exclusion", "sony or nokia -camera"),
    ("two words", "battery life"),
    ("10 KB of text", "lorem ipsum " * 850),
    ("symbols only", '* - " NEAR('),
]


def _ms(fn: Callable[[], object], n: int = N) -> tuple[float, float]:
    fn()  # warm: the first call compiles URL patterns, templates, SQL plans
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def _searches() -> None:
    client = Client(SERVER_NAME="localhost")
    print(f"{'query':<36}{'stories':>8}{'comments':>9}   search(), ms    /search/ page, ms")
    print(f"{'':<36}{'':>8}{'':>9}   median   p95    median   p95")
    for label, q in QUERIES:
        for tab in ("stories", "comments"):
            results = selectors.search(query=q, tab=tab)
            assert client.get("/search/", {"q": q, "tab": tab}).status_code == 200
            med, p95 = _ms(lambda q=q, tab=tab: selectors.search(query=q, tab=tab))
            pmed, pp95 = _ms(lambda q=q, tab=tab: client.get("/search/", {"q": q, "tab": tab}))
            name = f"{label} ({tab})"
            print(
                f"{name:<36}{results.counts.stories:>8}{results.counts.comments:>9}"
                f"   {med:6.1f} {p95:6.1f}    {pmed:6.1f} {pp95:6.1f}"
            )


def _load(runs: int) -> None:
    """Reload the demo ``runs`` times each way, alternating (drift hits both alike).
    CPU time is the steadier figure on a busy machine: SQLite works in this process."""
    if connection.vendor != "sqlite":
        print("--load measures SQLite's triggers; PostgreSQL's GIN indexes are not triggers.")
        return
    figures: dict[bool, list[tuple[float, float, float, float]]] = {True: [], False: []}
    for _ in range(runs):
        for indexed in (True, False):
            if not indexed:
                schema.drop(connection)
            wall, cpu = time.perf_counter(), time.process_time()
            clear_demo()
            clear = (time.perf_counter() - wall, time.process_time() - cpu)
            wall, cpu = time.perf_counter(), time.process_time()
            load_demo(password="bench")
            load = (time.perf_counter() - wall, time.process_time() - cpu)
            figures[indexed].append((*clear, *load))
            if not indexed:
                schema.create(connection)  # tables, triggers, and the index rebuilt
    rebuild = _ms(lambda: schema.rebuild(connection), 3)[0]
    print("demo reload, median of", runs, "runs     clear_demo wall/CPU     load_demo wall/CPU")
    for indexed, label in ((False, "without the search index"), (True, "with it (triggers)")):
        med = [statistics.median(f[i] for f in figures[indexed]) for i in range(4)]
        clear, load = f"{med[0]:6.1f} s / {med[1]:4.1f} s", f"{med[2]:6.1f} s / {med[3]:4.1f} s"
        print(f"  {label:<30} {clear}      {load}")
    print(f"rebuilding the whole index (rebuild_search_index): {rebuild / 1000:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--load", action="store_true", help="also time the demo load both ways")
    parser.add_argument("--load-runs", type=int, default=3)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if not demo_story_exists():
        load_demo(password="bench")
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum gathers within a minute of a bulk load: with
        # none, the planner takes 27,000 comments for a handful and skips the indexes.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    db = connection.settings_dict["NAME"]
    print(f"Database: {connection.vendor} ({db})")
    if args.load:
        _load(args.load_runs)
    _searches()
    env = f"DATABASE_URL={os.environ['DATABASE_URL']} " if "DATABASE_URL" in os.environ else ""
    load = f" --load --load-runs {args.load_runs}" if args.load else ""
    print(f"\nReproduce: {env}.venv/bin/python bench/search_cost.py{load}")


if __name__ == "__main__":
    main()
