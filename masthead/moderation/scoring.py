"""Offline abuse scoring with ``alt-profanity-check``: a linear model (TF-IDF + SVM,
calibrated) that ships inside the package and runs in-process; nothing is downloaded.

It scores profanity and insults ("idiot", "shut up", "loser"), not trolling or
hostility in polite words ("nice trolling", "enjoy it while it lasts"); see
``moderation/tests/test_scoring.py`` for where it lands on both. A score is a probability to
sort and hold by, never a reason to delete.

The model is loaded on the first score, not at start-up, and without scikit-learn: the
package's pickled model, unpickled, imports scikit-learn and scipy (about 100 MiB of
memory per process). Instead a child process exports it once to plain data
(``abuse_model``: vocabulary, idf, coefficients, calibration), checked against the
package's ``predict_prob``, cached as ``settings.VAR_DIR / "abuse-model-<version>.json"``
(an upgrade of the package, or a file that fails its checks, exports again); every
process then loads that file (~30 ms, ~7 MiB) and scores in pure Python. If the export
or the file fails, the process loads the package itself, as before, and logs a warning
once. A lock makes that load happen once however many threads ask at the same time, and
a file lock makes one process export while the others wait.

Django only for ``settings.VAR_DIR``: callers read the other settings and decide what to
do with a score.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import logging
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from html import unescape
from pathlib import Path
from typing import Any

from . import abuse_model

__all__ = [
    "abuse_score",
    "abuse_scores",
    "load_in_background",
    "model_loaded",
    "plain_text",
    "sentences",
]

logger = logging.getLogger(__name__)

_EXPORT_TIMEOUT = 300  # seconds; measured ~1 s on the dev machine
_PROJECT_ROOT = Path(__file__).resolve().parents[2]
# A comment is scored as a whole and sentence by sentence, and keeps the highest: one
# insult in a long, friendly comment is diluted in the whole text's TF-IDF (measured:
# 0.24 for the whole, 1.00 for its last sentence). Past this many sentences the rest
# is scored only as part of the whole.
MAX_SENTENCES = 100
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\s*\n\s*")
_BLOCKS = frozenset({"p", "br", "li", "blockquote", "pre", "hr", "ul", "ol", "div"})


def model_loaded() -> bool:
    """Whether this process has paid for loading the model yet."""
    return _load_predictor.cache_info().currsize > 0


def abuse_score(text: str) -> float:
    """How likely ``text`` (plain text) is to be offensive, from 0 to 1: the highest of
    the whole text's score and its sentences'. Loads the model on first use."""
    return abuse_scores([text])[0]


def abuse_scores(texts: Sequence[str]) -> list[float]:
    """``abuse_score`` for many texts in one call to the model (~7 µs a text, sentences
    included, on the dev machine)."""
    predict = _predictor()  # the model loads here, once per process
    rows: list[str] = []
    spans: list[tuple[int, int]] = []
    for text in texts:
        start = len(rows)
        rows.append(text)
        parts = sentences(text)
        if len(parts) > 1:
            rows.extend(parts[:MAX_SENTENCES])
        spans.append((start, len(rows)))
    if not rows:
        return []
    probabilities = predict(rows)
    return [max(probabilities[start:end]) for start, end in spans]


Predictor = Callable[[list[str]], list[float]]
_load_lock = threading.Lock()


def load_in_background() -> threading.Thread:
    """Load the model on a thread now (a server process at start), not in the first
    request that scores: that request, and every request queued behind it in the
    process, waited for the load (about 70 ms)."""

    def load() -> None:
        try:
            _predictor()
        except Exception:  # the first score will try again, and say why
            logger.exception("Abuse scoring: loading the model at start failed")

    thread = threading.Thread(target=load, name="abuse-model-load", daemon=True)
    thread.start()
    return thread


def _predictor() -> Predictor:
    with _load_lock:  # one load per process, whichever thread asks first
        return _load_predictor()


@functools.cache
def _load_predictor() -> Predictor:
    """The exported model's plain arithmetic (exported first if this version of the
    package has no valid file yet); the package itself if that fails, with a warning."""
    try:
        path = model_path()
        with _export_lock(path):
            if path.exists():
                try:
                    return abuse_model.load(path).predict
                except ValueError as error:  # a truncated file, an older FORMAT
                    logger.info("Abuse scoring: exporting the model again (%s)", error)
            _export(path)
            return abuse_model.load(path).predict
    except (OSError, ValueError, RuntimeError, subprocess.SubprocessError) as error:
        logger.warning(
            "Abuse scoring: no plain export of the model (%s); loading scikit-learn in this "
            "process instead (~100 MiB)",
            error,
        )
        return _packaged_predictor()


def model_path() -> Path:
    """Where this version of the package's model is exported: ``settings.VAR_DIR``."""
    from django.conf import settings

    try:
        var_dir = Path(settings.VAR_DIR)
    except Exception as error:  # ImproperlyConfigured, AttributeError
        raise RuntimeError(f"settings.VAR_DIR: {error!r}") from error
    return var_dir / f"abuse-model-{abuse_model.package_version()}.json"


@contextlib.contextmanager
def _export_lock(path: Path) -> Iterator[None]:
    """Held while a process checks for the file and exports it: the others wait, then
    find it (the export also writes it by an atomic rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_name(path.name + ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _export(path: Path) -> None:
    """``abuse_model.export(path)`` in a child process, so that this one never imports
    scikit-learn; ``RuntimeError`` with the child's complaint if it fails."""
    result = subprocess.run(  # noqa: S603 - our own module, by this interpreter
        [sys.executable, "-m", abuse_model.__name__, "export", str(path)],
        cwd=_PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=_EXPORT_TIMEOUT,
        check=False,
    )
    if result.returncode != 0 or not path.exists():
        complaint = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise RuntimeError(f"export exited with {result.returncode}: {complaint}")


def _packaged_predictor() -> Predictor:
    """The package's ``predict_prob``, or the same arithmetic without scikit-learn's
    per-call checks (``linear_predictor``) when it gives the same numbers: measured
    2.4 ms -> 0.25 ms a call, most of the rest being the TF-IDF transform."""
    import profanity_check
    from profanity_check import profanity_check as package

    def packaged(texts: list[str]) -> list[float]:
        return [float(p) for p in profanity_check.predict_prob(texts)]

    fast = linear_predictor(package.vectorizer, package.model)
    if fast is not None and _agree(fast, packaged):
        return fast
    logger.warning("Abuse scoring: the model's shape is not the one expected; using predict_prob")
    return packaged


def linear_predictor(vectorizer: Any, model: Any) -> Predictor | None:
    """``model.predict_proba(vectorizer.transform(texts))[:, 1]`` for the model the
    package ships (scikit-learn's ``CalibratedClassifierCV`` over linear SVMs with
    sigmoid calibration, binary): the mean over its folds of
    ``1 / (1 + exp(a * (x . w + c) + b))``, one sparse product for all folds. ``None``
    when the model is not of that shape (a new version of the package)."""
    import numpy as np

    try:
        folds = model.calibrated_classifiers_
        if len(model.classes_) != 2 or not folds:
            return None
        if any(f.method != "sigmoid" or len(f.calibrators) != 1 for f in folds):
            return None
        weights = np.hstack([f.estimator.coef_.reshape(-1, 1) for f in folds])
        intercepts = np.array([float(f.estimator.intercept_[0]) for f in folds])
        a = np.array([float(f.calibrators[0].a_) for f in folds])
        b = np.array([float(f.calibrators[0].b_) for f in folds])
    except (AttributeError, IndexError, TypeError, ValueError):
        return None

    def predict(texts: list[str]) -> list[float]:
        decisions = vectorizer.transform(texts) @ weights + intercepts
        probabilities = (1.0 / (1.0 + np.exp(a * decisions + b))).mean(axis=1)
        return [float(p) for p in probabilities]

    return predict


def _agree(fast: Predictor, packaged: Predictor) -> bool:
    """Whether the fast path gives the package's numbers on a few probe texts."""
    probes = ["What a great phone.", "Only an idiot would buy this.", "Damn, good camera.", ""]
    return all(abs(x - y) < 1e-9 for x, y in zip(fast(probes), packaged(probes), strict=True))


def sentences(text: str) -> list[str]:
    """``text`` cut at sentence ends and line breaks, blanks dropped."""
    return [part for part in (p.strip() for p in _SENTENCE_END.split(text)) if part]


def plain_text(html: str) -> str:
    """The words of a comment's sanitised HTML, one line per block, entities decoded:
    what readers read, which is what is scored (Markdown syntax and tags are not).

    Sanitised HTML is regular (nh3 writes it: text escaped, attribute values quoted, no
    scripts), so its tags are found with a pattern instead of a parser, at a sixth of
    the cost."""
    text = _TAG.sub(_tag_as_text, html)
    return "\n".join(line.strip() for line in unescape(text).splitlines() if line.strip())


# A start or end tag (a quoted attribute value may hold ">"), or a comment.
_TAG = re.compile(r"""<(?:/?([A-Za-z][A-Za-z0-9]*)(?:[^>"']|"[^"]*"|'[^']*')*|!--.*?--)>""", re.S)


def _tag_as_text(match: re.Match[str]) -> str:
    name = match[1]
    return "\n" if name and name.lower() in _BLOCKS else ""
