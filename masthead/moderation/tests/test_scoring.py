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

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from masthead.moderation.scoring import (
    abuse_score,
    abuse_scores,
    linear_predictor,
    plain_text,
    sentences,
)

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


def test_sentences() -> None:
    """Sentences end at . ! ? and at line breaks."""
    assert sentences("One. Two! Three?\nFour\n\n") == ["One.", "Two!", "Three?", "Four"]


def test_model_loads_on_first_score_only() -> None:
    """Starting Django and importing the screen does not load scikit-learn; the first
    score does (a fresh interpreter, so that this process's state doesn't matter)."""
    script = textwrap.dedent(
        """
        import sys, django
        django.setup()
        from masthead.comments import hooks
        from masthead.moderation import scoring, screening
        assert "sklearn" not in sys.modules, "scikit-learn imported at start-up"
        assert not scoring.model_loaded()
        scoring.abuse_score("hello")
        assert scoring.model_loaded() and "sklearn" in sys.modules
        """
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[3],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    assert result.returncode == 0, result.stderr
