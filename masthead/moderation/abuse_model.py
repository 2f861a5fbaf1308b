"""alt-profanity-check's model as plain data, scored in pure Python: no scikit-learn,
scipy or numpy in the process that scores.

The package ships a pickled ``TfidfVectorizer`` and a ``CalibratedClassifierCV`` over
linear SVMs; unpickling them imports scikit-learn (about 100 MiB of memory per process).
``export`` runs once, in a child process (``python -m masthead.moderation.abuse_model
export PATH``): it reads those objects, writes what ``predict_prob`` computes with to a
JSON file (vocabulary, idf weights, each fold's coefficients, intercept and sigmoid
calibration, the tokenizer's settings), and writes nothing unless this module's
arithmetic gives ``predict_prob``'s numbers, within ``TOLERANCE``, on probe texts and on
every word of the vocabulary. ``load`` reads the file back and checks it on the probes
whose ``predict_prob`` scores the file carries.

Standard library only (the export imports the package itself, in the child), and no
Django: ``scoring`` decides where the file lives.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["FORMAT", "TOLERANCE", "PlainModel", "export", "load", "package_version"]

PACKAGE = "alt-profanity-check"
FORMAT = 1  # bump when the file's layout or this module's arithmetic changes
TOLERANCE = 1e-9
# Checked at export and again at every load (their predict_prob scores are in the file).
PROBES = (
    "What a great phone.",
    "Only an idiot would buy this.",
    "Damn, good camera.",
    "",
    "SHUT UP, you LOSER!!!",
    "idiot idiot idiot, what an idiot",
    "the and of to in is it",
    "Café crème, naïve résumé: 10/10 über-cool.",
    "Привет, дурак. 你好 世界",
    "snake_case_words and 1990s tech, x2 y3",
    "You clearly have no clue what you're talking about, so shut up.",
    "Fair point about the viewing angles, I hadn't noticed until you mentioned it.",
)


def package_version() -> str:
    """The installed alt-profanity-check's version (read without importing it)."""
    return metadata.version(PACKAGE)


@dataclass(frozen=True)
class PlainModel:
    """``predict_prob`` as arithmetic: token counts, times idf, L2-normalised; for each
    fold ``1 / (1 + exp(a * (x . w + c) + b))``; the mean over the folds."""

    token_pattern: re.Pattern[str]
    lowercase: bool
    stop_words: frozenset[str]
    binary: bool
    sublinear_tf: bool
    # token -> (idf, the folds' coefficients for its column)
    columns: dict[str, tuple[float, tuple[float, ...]]]
    intercepts: tuple[float, ...]
    a: tuple[float, ...]
    b: tuple[float, ...]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> PlainModel:
        """The model a file written by ``export`` describes (``ValueError`` if it isn't one)."""
        try:
            if data["format"] != FORMAT:
                raise ValueError(f"format {data['format']!r}, expected {FORMAT}")
            folds = len(data["intercepts"])
            tokens, idf, coef = data["vocabulary"], data["idf"], data["coef"]
            if not folds or {len(coef), len(data["a"]), len(data["b"])} != {folds}:
                raise ValueError("the folds' parameters differ in number")
            if any(len(column) != len(tokens) for column in [idf, *coef]):
                raise ValueError("the columns differ in number")
            columns = {
                token: (float(weight), tuple(float(fold[i]) for fold in coef))
                for i, (token, weight) in enumerate(zip(tokens, idf, strict=True))
            }
            return cls(
                token_pattern=re.compile(data["token_pattern"]),
                lowercase=bool(data["lowercase"]),
                stop_words=frozenset(data["stop_words"]),
                binary=bool(data["binary"]),
                sublinear_tf=bool(data["sublinear_tf"]),
                columns=columns,
                intercepts=tuple(float(c) for c in data["intercepts"]),
                a=tuple(float(x) for x in data["a"]),
                b=tuple(float(x) for x in data["b"]),
            )
        except (KeyError, TypeError, IndexError, re.error) as error:
            raise ValueError(f"not an exported abuse model: {error!r}") from error

    def predict(self, texts: Sequence[str]) -> list[float]:
        """The probability that each text is offensive, as ``predict_prob`` gives it."""
        return [self._probability(text) for text in texts]

    def _probability(self, text: str) -> float:
        counts: dict[str, int] = {}
        for token in self.token_pattern.findall(text.lower() if self.lowercase else text):
            if token in self.columns and token not in self.stop_words:
                counts[token] = counts.get(token, 0) + 1
        weighted: list[tuple[float, tuple[float, ...]]] = []
        for token, count in counts.items():
            idf, coefficients = self.columns[token]
            tf = 1.0 if self.binary else float(count)
            if self.sublinear_tf:
                tf = math.log(tf) + 1.0
            weighted.append((tf * idf, coefficients))
        norm = math.sqrt(math.fsum(x * x for x, _ in weighted))
        total = 0.0
        for fold, intercept in enumerate(self.intercepts):
            dot = math.fsum(x * coefficients[fold] for x, coefficients in weighted)
            decision = (dot / norm if norm else 0.0) + intercept
            total += _expit(-(self.a[fold] * decision + self.b[fold]))
        return total / len(self.intercepts)

    def disagreements(self, texts: Sequence[str], expected: Sequence[float]) -> list[str]:
        """The texts this model scores more than ``TOLERANCE`` away from ``expected``."""
        return [
            f"{text!r}: {got!r} != {want!r}"
            for text, got, want in zip(texts, self.predict(texts), expected, strict=True)
            if not abs(got - want) <= TOLERANCE
        ]


def _expit(x: float) -> float:
    """scipy's ``expit``: ``1 / (1 + exp(-x))``, without overflowing."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def load(path: Path) -> PlainModel:
    """The model exported to ``path``, once its probes score as ``predict_prob`` scored
    them (``ValueError`` otherwise: a truncated or foreign file)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    model = PlainModel.from_data(data)
    try:
        texts, expected = data["probes"]["texts"], data["probes"]["scores"]
    except (KeyError, TypeError) as error:
        raise ValueError(f"{path}: no probes") from error
    if not texts or len(texts) != len(expected):
        raise ValueError(f"{path}: no probes")
    if wrong := model.disagreements(texts, expected):
        raise ValueError(f"{path}: the probes score differently: {wrong[:3]}")
    return model


def export(path: Path) -> PlainModel:
    """Write the installed package's model to ``path`` (atomically) as plain data, after
    checking this module's arithmetic against ``predict_prob`` on the probes and on every
    word of the vocabulary; ``ValueError`` and nothing written if it disagrees or the
    model is not of the shape expected. Imports scikit-learn: run it in a child process."""
    import profanity_check
    from profanity_check import profanity_check as package

    def predict_prob(texts: Sequence[str]) -> list[float]:
        return [float(p) for p in profanity_check.predict_prob(list(texts))]

    data = _plain_data(package.vectorizer, package.model)
    data["package"] = {"name": PACKAGE, "version": package_version()}
    data["probes"] = {"texts": list(PROBES), "scores": predict_prob(PROBES)}
    model = PlainModel.from_data(data)
    # Every column at least once, twenty words a text, plus the probes.
    vocabulary = data["vocabulary"]
    texts = [*PROBES, *(" ".join(vocabulary[i : i + 20]) for i in range(0, len(vocabulary), 20))]
    if wrong := model.disagreements(texts, predict_prob(texts)):
        raise ValueError(f"the plain arithmetic disagrees with predict_prob: {wrong[:3]}")

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump(data, file, allow_nan=False, separators=(",", ":"))
            file.flush()
            os.fsync(file.fileno())
        # mkstemp makes it 0600: workers running as another user must read it too.
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return model


def _plain_data(vectorizer: Any, model: Any) -> dict[str, Any]:
    """The numbers ``predict_prob`` computes with, as JSON-ready data; ``ValueError`` if
    the vectorizer or the model is not of the shape this module reproduces."""
    params = vectorizer.get_params()
    expected = {
        "input": "content",
        "analyzer": "word",
        "ngram_range": (1, 1),
        "preprocessor": None,
        "tokenizer": None,
        "strip_accents": None,
        "norm": "l2",
        "use_idf": True,
    }
    if type(vectorizer).__name__ != "TfidfVectorizer" or any(
        params.get(key) != value for key, value in expected.items()
    ):
        raise ValueError(f"unexpected vectorizer: {vectorizer!r}")
    tokens = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    if [vectorizer.vocabulary_[t] for t in tokens] != list(range(len(tokens))):
        raise ValueError("the vocabulary's columns are not 0..n-1")

    folds = model.calibrated_classifiers_
    if type(model).__name__ != "CalibratedClassifierCV" or len(model.classes_) != 2 or not folds:
        raise ValueError(f"unexpected model: {model!r}")
    if any(f.method != "sigmoid" or len(f.calibrators) != 1 for f in folds):
        raise ValueError("a fold is not calibrated with one sigmoid")
    coef = [[float(w) for w in f.estimator.coef_.reshape(-1)] for f in folds]
    if any(len(column) != len(tokens) for column in coef):
        raise ValueError("a fold's coefficients don't match the vocabulary")
    return {
        "format": FORMAT,
        "python": sys.version.split()[0],
        "lowercase": bool(params["lowercase"]),
        "token_pattern": params["token_pattern"],
        "stop_words": sorted(vectorizer.get_stop_words() or ()),
        "binary": bool(params["binary"]),
        "sublinear_tf": bool(params["sublinear_tf"]),
        "vocabulary": tokens,
        "idf": [float(x) for x in vectorizer.idf_],
        "coef": coef,
        "intercepts": [float(f.estimator.intercept_[0]) for f in folds],
        "a": [float(f.calibrators[0].a_) for f in folds],
        "b": [float(f.calibrators[0].b_) for f in folds],
    }


def main(argv: Sequence[str]) -> int:
    """``export PATH``: what ``scoring`` runs in a child process."""
    if len(argv) != 2 or argv[0] != "export":
        print("usage: python -m masthead.moderation.abuse_model export PATH", file=sys.stderr)
        return 2
    try:
        export(Path(argv[1]))
    except (ValueError, OSError, ImportError, AttributeError) as error:
        print(f"abuse model export failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
