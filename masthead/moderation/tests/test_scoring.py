"""The offline abuse scorer (alt-profanity-check) on our own paraphrases of the seed
thread's hostile comments and on friendly ones.

What it is: a profanity and insult detector. It holds name-calling ("idiot", "loser",
"shut up") and leaves every friendly comment far below any threshold; it does not see
trolling, sarcasm or off-topic jabs written in polite words, which is most of what is
hostile in the seed thread ("too bad Nokia will take them over", "nice trolling",
"haters do what they do best"). Those are for flags and moderators.

The table states bands, not exact numbers (a retrained model may move them a little):
HELD is at or above the hold threshold (0.8), PASSES is below the strict sections'
threshold (0.5). The scores measured with alt-profanity-check 1.9.1 / scikit-learn
1.9.1 are in the comments.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from masthead.moderation import abuse_model, scoring
from masthead.moderation.scoring import (
    abuse_score,
    abuse_scores,
    linear_predictor,
    plain_text,
    sentences,
)

ROOT = Path(__file__).resolve().parents[3]

HELD = "held"  # >= 0.8: held everywhere
PASSES = "passes"  # < 0.5: published even in a strict section

# Paraphrases of the seed thread's hostility, then plain insults.
HOSTILE: dict[str, str] = {
    # "too bad Nokia will take them over": a takeover jab  (0.31)
    "Enjoy the record while it lasts, Samsung will swallow them whole by next year.": PASSES,
    # "nice trolling"  (0.16)
    "Brilliant trolling there, mate.": PASSES,
    # "haters do what they do best"  (0.05)
    "The haters are out in force again, doing the one thing they're good at.": PASSES,
    # an off-topic jab at a rival brand  (0.16)
    "Who cares about Sony, my iPhone beats this junk every day of the week.": PASSES,
    # a sneer at a whole group, no swear word  (0.39)
    "Sony fanboys are the dumbest people on the internet.": PASSES,
    # name-calling  (1.00, 0.91, 1.00)
    "Only an idiot would pay that much for a Sony.": HELD,
    "You clearly have no clue what you're talking about, so shut up.": HELD,
    "What a pathetic loser. Go troll somewhere else, moron.": HELD,
}

FRIENDLY: dict[str, str] = {
    "Great quarter for Sony, the Z really deserved it.": PASSES,  # 0.02
    "Thanks for the clear write-up, the numbers are easy to follow.": PASSES,  # 0.00
    "I had my doubts about the glass back, but mine has survived two drops.": PASSES,  # 0.10
    "Does anyone know when the Z1 reaches shops in Canada?": PASSES,  # 0.03
    "Fair point about the viewing angles, I hadn't noticed until you mentioned it.": PASSES,  # 0.01
    "Congratulations to the team, ten million is a huge number.": PASSES,  # 0.03
    "The camera button alone makes me want to upgrade.": PASSES,  # 0.02
    "Good discussion here, I learned a lot from the replies.": PASSES,  # 0.01
}


@pytest.fixture(autouse=True, scope="module")
def _var_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """This module's scores export the model into a temporary VAR_DIR, not the repo's
    var/ (a model another module loaded in this process is dropped first)."""
    var_dir = tmp_path_factory.mktemp("var")
    scoring._load_predictor.cache_clear()
    with override_settings(VAR_DIR=var_dir):
        yield var_dir


def _band(score: float) -> str:
    if score >= 0.8:
        return HELD
    if score < 0.5:
        return PASSES
    return "between"


@pytest.mark.parametrize(("text", "band"), HOSTILE.items(), ids=range(1, len(HOSTILE) + 1))
def test_hostile_comments(text: str, band: str) -> None:
    """Insults are held; trolling and jabs in polite words pass (the model misses them)."""
    assert _band(abuse_score(text)) == band


@pytest.mark.parametrize(("text", "band"), FRIENDLY.items(), ids=range(1, len(FRIENDLY) + 1))
def test_friendly_comments(text: str, band: str) -> None:
    """No friendly comment comes near a threshold, even a strict section's."""
    assert _band(abuse_score(text)) == band


def test_false_positives_on_casual_swearing() -> None:
    """Swearing in praise scores high: what the model sees is the word, not the intent.
    This is why a score holds a comment for a person, never removes it."""
    assert abuse_score("Damn, that camera is good.") >= 0.5  # 0.61


def test_one_insult_in_a_long_comment_is_not_diluted() -> None:
    """A comment scores as its worst sentence: the whole text's score alone would bury
    one insult among friendly sentences."""
    text = (
        "Great write-up, thanks. Quick maths: 9.6 million plus 10 million leaves 22.4 "
        "million to reach 42 million, so 11 million a quarter. The Z1 at Christmas will "
        "help. Anyway, you are an idiot."
    )
    assert abuse_score(text) >= 0.8


def test_many_texts_in_one_call() -> None:
    """``abuse_scores`` scores each text as ``abuse_score`` does, in one model call."""
    texts = ["Brilliant trolling there, mate.", "Only an idiot would pay that much."]
    assert abuse_scores(texts) == [abuse_score(t) for t in texts]
    assert abuse_scores([]) == []


def test_fast_path_gives_the_packages_numbers() -> None:
    """The model's arithmetic without scikit-learn's per-call checks scores every text
    of this file exactly as the package's ``predict_prob`` does."""
    import profanity_check
    from profanity_check import profanity_check as package

    texts = [*HOSTILE, *FRIENDLY, "", "Damn, that camera is good."]
    fast = linear_predictor(package.vectorizer, package.model)
    assert fast is not None
    expected = profanity_check.predict_prob(texts)
    assert fast(texts) == pytest.approx(list(expected), abs=1e-9)


def test_other_model_shapes_fall_back() -> None:
    """A model of another shape (a future version of the package) gets no fast path."""
    assert linear_predictor(object(), object()) is None


def test_plain_text_of_comment_html() -> None:
    """What is scored is what readers read: no tags, entities decoded, a line a block."""
    html = (
        "<p>Hello &amp; <em>welcome</em></p>"
        '<blockquote><p>quoted</p></blockquote><p><a href="/x">#3</a></p>'
    )
    assert plain_text(html) == "Hello & welcome\nquoted\n#3"


def test_plain_text_keeps_escaped_markup_as_words() -> None:
    """Escaped tags are text a reader sees; a ">" inside a quoted attribute does not end
    its tag; comments and line breaks add no words."""
    html = (
        '<p><a href="https://x.example/" title="a > b">link</a> &lt;b&gt;not bold&lt;/b&gt;'
        "<!-- hidden --></p><p>one<br>two</p>"
    )
    assert plain_text(html) == "link <b>not bold</b>\none\ntwo"


def test_sentences() -> None:
    """Sentences end at . ! ? and at line breaks."""
    assert sentences("One. Two! Three?\nFour\n\n") == ["One.", "Two!", "Three?", "Four"]


def test_model_loads_on_first_score_only(tmp_path: Path) -> None:
    """Starting Django and importing the screen does not load the model; the first
    score does, without scikit-learn (a fresh interpreter, so that this process's state
    doesn't matter)."""
    script = textwrap.dedent(
        """
        import sys, django
        django.setup()
        from masthead.comments import hooks
        from masthead.moderation import scoring, screening
        assert "sklearn" not in sys.modules, "scikit-learn imported at start-up"
        assert not scoring.model_loaded()
        scoring.abuse_score("hello")
        assert scoring.model_loaded() and "sklearn" not in sys.modules
        """
    )
    result = _run(script, tmp_path)
    assert result.returncode == 0, result.stderr


def test_a_server_process_loads_the_model_at_start(tmp_path: Path) -> None:
    """The ASGI application a server worker imports starts loading the model at once
    (without scikit-learn), so no post waits for it."""
    script = textwrap.dedent(
        """
        import sys, threading
        import config.settings.test as test_settings
        test_settings.MASTHEAD_ABUSE_SCORING = True  # as in production; tests turn it off
        from django.conf import settings
        import config.asgi
        from masthead.moderation import scoring
        assert settings.MASTHEAD_ABUSE_SCORING
        loading = [t for t in threading.enumerate() if t.name == "abuse-model-load"]
        for thread in loading:
            thread.join(60)
        assert loading and scoring.model_loaded(), "not loaded at start"
        assert "sklearn" not in sys.modules
        """
    )
    result = _run(script, tmp_path)
    assert result.returncode == 0, result.stderr


def _run(script: str, var_dir: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "MASTHEAD_VAR_DIR": str(var_dir),
        },
    )


_SCORE_IN_A_FRESH_PROCESS = textwrap.dedent(
    """
    import json, sys, django
    django.setup()
    from masthead.moderation import abuse_model, scoring
    texts = json.load(sys.stdin)
    scores = scoring.abuse_scores(texts)
    raw = abuse_model.load(scoring.model_path()).predict(texts)
    heavy = sorted(m for m in ("sklearn", "scipy", "numpy", "profanity_check") if m in sys.modules)
    print(json.dumps({"scores": scores, "raw": raw, "heavy": heavy}))
    """
)


def _packaged_abuse_scores(texts: list[str]) -> list[float]:
    """``abuse_scores`` computed with the package's ``predict_prob``."""
    import profanity_check

    scores = []
    for text in texts:
        parts = sentences(text)
        rows = [text, *parts[: scoring.MAX_SENTENCES]] if len(parts) > 1 else [text]
        scores.append(max(float(p) for p in profanity_check.predict_prob(rows)))
    return scores


def test_a_fresh_process_scores_as_predict_prob_without_scikit_learn(tmp_path: Path) -> None:
    """Two processes start at once with no export yet (one exports, the other waits for
    it), then a third loads the file: none imports scikit-learn, scipy, numpy or the
    package, and all score the tables as ``predict_prob`` does."""
    texts = [*HOSTILE, *FRIENDLY, "", "Damn, that camera is good.", "Yes. You are an idiot."]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "MASTHEAD_VAR_DIR": str(tmp_path),
    }
    both = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", _SCORE_IN_A_FRESH_PROCESS],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(json.dumps(texts), timeout=60) for process in both]
    assert [p.returncode for p in both] == [0, 0], [err for _, err in outputs]
    assert not any("warning" in err.lower() for _, err in outputs), outputs
    later = _run(_SCORE_IN_A_FRESH_PROCESS, tmp_path, stdin=json.dumps(texts))
    assert later.returncode == 0, later.stderr

    import profanity_check

    expected_raw = [float(p) for p in profanity_check.predict_prob(texts)]
    expected = _packaged_abuse_scores(texts)
    for stdout in [*(out for out, _ in outputs), later.stdout]:
        result = json.loads(stdout)
        assert result["heavy"] == []
        assert result["raw"] == pytest.approx(expected_raw, abs=1e-9, rel=0)
        assert result["scores"] == pytest.approx(expected, abs=1e-9, rel=0)
    assert [p.name for p in tmp_path.glob("abuse-model-*.json")] == [
        f"abuse-model-{abuse_model.package_version()}.json"
    ]


def test_scores_in_this_process_are_predict_probs() -> None:
    """The predictor this process loaded (from the export in this module's VAR_DIR)
    scores the tables as the package does."""
    texts = [*HOSTILE, *FRIENDLY, "", "Damn, that camera is good."]
    assert abuse_scores(texts) == pytest.approx(_packaged_abuse_scores(texts), abs=1e-9, rel=0)
    assert scoring.model_path().exists()


def test_export_refuses_arithmetic_that_disagrees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the plain arithmetic strays from ``predict_prob`` by more than 1e-9 on a probe
    or a word of the vocabulary, the export writes nothing."""
    predict = abuse_model.PlainModel.predict

    def off_by_a_little(self: abuse_model.PlainModel, texts: list[str]) -> list[float]:
        scores = predict(self, texts)
        return [p + 1e-8 if "idiot" in t else p for t, p in zip(texts, scores, strict=True)]

    monkeypatch.setattr(abuse_model.PlainModel, "predict", off_by_a_little)
    path = tmp_path / "model.json"
    with pytest.raises(ValueError, match="disagrees"):
        abuse_model.export(path)
    assert list(tmp_path.iterdir()) == []


def test_load_refuses_a_file_whose_probes_score_differently() -> None:
    """A file altered after its export (a coefficient changed) fails its own probes."""
    path = scoring.model_path()
    abuse_score("hello")  # exported by now
    data = json.loads(path.read_text())
    column = data["vocabulary"].index("idiot")
    data["coef"][0][column] += 0.5
    altered = path.with_name("altered.json")
    altered.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="probes"):
        abuse_model.load(altered)


def test_a_file_that_fails_its_checks_is_exported_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A truncated file (or one of an older format) is replaced, not a reason to load
    scikit-learn in every process from then on."""
    scoring._load_predictor.cache_clear()
    try:
        with override_settings(VAR_DIR=tmp_path), caplog.at_level(logging.WARNING):
            path = scoring.model_path()
            path.write_text('{"format": 1, "vocabulary": ["idi')
            score = abuse_score("Only an idiot would pay that much for a Sony.")
            assert abuse_model.load(path).predict([""])  # a valid file again
    finally:
        scoring._load_predictor.cache_clear()
    assert not [r for r in caplog.records if r.name == scoring.__name__]
    expected = _packaged_abuse_scores(["Only an idiot would pay that much for a Sony."])
    assert [score] == pytest.approx(expected, abs=1e-9, rel=0)


def test_a_failed_export_falls_back_to_the_package_with_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """No export (no writable VAR_DIR, a failing child): the process loads the package
    itself, scores the same, and says so once."""

    def fail(path: Path) -> None:
        raise RuntimeError("export exited with 1: no")

    monkeypatch.setattr(scoring, "_export", fail)
    scoring._load_predictor.cache_clear()
    try:
        with override_settings(VAR_DIR=tmp_path), caplog.at_level(logging.WARNING):
            first = abuse_score("Only an idiot would pay that much for a Sony.")
            second = abuse_score("Brilliant trolling there, mate.")
    finally:
        scoring._load_predictor.cache_clear()
    warnings = [r for r in caplog.records if r.name == scoring.__name__]
    assert len(warnings) == 1
    assert "no plain export" in warnings[0].getMessage()
    assert [first, second] == pytest.approx(
        _packaged_abuse_scores(
            ["Only an idiot would pay that much for a Sony.", "Brilliant trolling there, mate."]
        ),
        abs=1e-9,
        rel=0,
    )
