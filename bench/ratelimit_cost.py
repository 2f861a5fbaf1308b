"""What one rate-limit check costs: ``moderation.ratelimit.hit_all`` with a guest post's
four windows (guest address a minute and an hour, the address a minute and an hour), on
the database store and, with ``REDIS_URL`` set, on Redis.

    .venv/bin/python bench/ratelimit_cost.py                  # SQLite in a scratch folder
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/ratelimit_cost.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/ratelimit_cost.py

Prints the median and p99 of N checks, each on a fresh address (a new row or key, the
costlier case) and on one address (an existing row). Writes nothing in the repository.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MASTHEAD_VAR_DIR", tempfile.mkdtemp(prefix="masthead-rl-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("MASTHEAD_TEST_RUN_ID", f"bench-{os.getpid()}")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from masthead.moderation import ratelimit  # noqa: E402
from masthead.moderation.limits import rules_for  # noqa: E402

N = 2000


def _time(make_ip: Callable[[int], str]) -> tuple[float, float]:
    samples = []
    for i in range(N):
        ip = make_ip(i)
        rules = rules_for("post", ip=ip, member=None)
        started = time.perf_counter()
        ratelimit.hit_all(rules)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99)]


def main() -> None:
    settings.MASTHEAD_RATE_LIMITS_ENABLED = True
    if connection.vendor == "sqlite":
        call_command("migrate", verbosity=0)
    stores = [("database", "")]
    redis_url = settings.REDIS_URL
    if redis_url:
        stores.append(("redis", redis_url))
    print(f"{N} checks of a guest post's 4 windows; ms per check (median / p99)")
    for name, url in stores:
        settings.REDIS_URL = url
        label = f"{name} ({connection.vendor})" if name == "database" else name
        fresh = _time(lambda i: f"10.{i // 65536}.{i // 256 % 256}.{i % 256}")
        same = _time(lambda i: "192.0.2.1")
        print(
            f"  {label:22} new address {fresh[0]:.3f} / {fresh[1]:.3f}"
            f"   same address {same[0]:.3f} / {same[1]:.3f}"
        )


if __name__ == "__main__":
    main()
