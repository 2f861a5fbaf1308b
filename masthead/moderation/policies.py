"""Pre-moderation: which comments wait for a moderator before readers see them, and why.

Pure functions over plain values: no models, no database, no settings. The screen
(``screening.screen_submission``) gathers the facts about a post or an edit, reads the
settings into a ``Policy``, and asks ``decide_in_section``; the result is a hold or not,
with reason codes the moderation queue shows through ``REASON_LABELS``.

A hold is never a verdict: a held comment keeps its number and waits for a person.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace

__all__ = [
    "ABUSE_SCORE",
    "BANNED_WORD",
    "GUEST",
    "LINKS",
    "MEMBER_ALWAYS",
    "NEW_MEMBER",
    "REASON_LABELS",
    "STRICT_SECTION",
    "Decision",
    "Facts",
    "Policy",
    "count_links",
    "decide",
    "decide_in_section",
    "find_banned_words",
]

MEMBER_ALWAYS = "member_always"
GUEST = "guest"
NEW_MEMBER = "new_member"
BANNED_WORD = "banned_word"
LINKS = "links"
ABUSE_SCORE = "abuse_score"
STRICT_SECTION = "strict_section"

#: What each reason code means, for moderators (the queue's labels and filters).
REASON_LABELS: dict[str, str] = {
    MEMBER_ALWAYS: "Member set to always pre-moderate",
    GUEST: "Guest comment",
    NEW_MEMBER: "New member's first comments",
    BANNED_WORD: "Banned word",
    LINKS: "Too many links",
    ABUSE_SCORE: "High abuse score",
    STRICT_SECTION: "Strict section",
}


@dataclass(frozen=True)
class Policy:
    """What holds a comment. ``premoderate_first`` is K: a member's comments wait while
    they have fewer than K published or moderator-approved ones (0 turns it off);
    ``max_links`` and ``abuse_hold_threshold`` may be ``None`` for no limit."""

    premoderate_guests: bool = False
    premoderate_first: int = 1
    max_links: int | None = 2
    abuse_hold_threshold: float | None = 0.8

    def tightened(self, *, first: int, abuse_hold_threshold: float) -> Policy:
        """The "strict" preset over this policy: every guest waits, members until they
        have ``first`` good comments, and a lower abuse threshold. Never looser than
        the policy it tightens."""
        threshold = abuse_hold_threshold
        if self.abuse_hold_threshold is not None:
            threshold = min(threshold, self.abuse_hold_threshold)
        return replace(
            self,
            premoderate_guests=True,
            premoderate_first=max(self.premoderate_first, first),
            abuse_hold_threshold=threshold,
        )


@dataclass(frozen=True)
class Facts:
    """What the policies look at, for one post or edit.

    ``good_comments`` is how many of the member's comments are published or were
    approved by a moderator; a caller may stop counting at the policy's K.
    ``is_moderator``: moderators and staff, whose comments are never held (the queue
    is theirs to clear).
    """

    is_guest: bool
    is_moderator: bool = False
    always_premoderate: bool = False
    good_comments: int = 0
    links: int = 0
    banned_words: tuple[str, ...] = ()
    abuse_score: float | None = None


@dataclass(frozen=True)
class Decision:
    hold: bool
    reasons: tuple[str, ...] = ()


def decide(policy: Policy, facts: Facts) -> Decision:
    """Hold when any rule of ``policy`` applies to ``facts``; every rule that applies is
    a reason, in a fixed order (who wrote it, then what it says). Moderators' comments
    are never held."""
    if facts.is_moderator and not facts.is_guest:
        return Decision(hold=False)
    reasons: list[str] = []
    if facts.always_premoderate and not facts.is_guest:
        reasons.append(MEMBER_ALWAYS)
    if facts.is_guest and policy.premoderate_guests:
        reasons.append(GUEST)
    if not facts.is_guest and facts.good_comments < policy.premoderate_first:
        reasons.append(NEW_MEMBER)
    if facts.banned_words:
        reasons.append(BANNED_WORD)
    if policy.max_links is not None and facts.links > policy.max_links:
        reasons.append(LINKS)
    if (
        policy.abuse_hold_threshold is not None
        and facts.abuse_score is not None
        and facts.abuse_score >= policy.abuse_hold_threshold
    ):
        reasons.append(ABUSE_SCORE)
    return Decision(hold=bool(reasons), reasons=tuple(reasons))


def decide_in_section(policy: Policy, strict: Policy, facts: Facts, *, is_strict: bool) -> Decision:
    """``decide`` under the section's preset. In a strict section the ``strict`` policy
    applies, and ``STRICT_SECTION`` joins the reasons when the preset added any (so the
    queue tells "held because the section is strict" from "held anywhere")."""
    standard = decide(policy, facts)
    if not is_strict:
        return standard
    tightened = decide(strict, facts)
    if set(tightened.reasons) <= set(standard.reasons):
        return tightened
    return Decision(hold=True, reasons=(*tightened.reasons, STRICT_SECTION))


# -- Links ---------------------------------------------------------------------------

# A link another site's address: <a href="http..."> or "//host"; the site's own #N and
# @name links (comments.references) are relative and don't count.
_EXTERNAL_ANCHOR = re.compile(r"""<a\s[^>]*?href\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)
# An address typed in the text, linked or not: Markdown links, autolinks, bare URLs.
_TYPED_URL = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>()\[\]]+", re.IGNORECASE)


def count_links(body: str, body_html: str = "") -> int:
    """How many links to other sites a comment carries: the larger of the external
    ``<a>`` in its HTML and the addresses typed in its text (each counted where it
    appears, so the same link three times is three)."""
    return max(len(_EXTERNAL_ANCHOR.findall(body_html)), len(_TYPED_URL.findall(body)))


# -- Banned words --------------------------------------------------------------------

# Look-alikes that NFKD does not fold: Cyrillic and Greek letters drawn like Latin ones.
_HOMOGLYPHS = str.maketrans(
    # Cyrillic a ve ie io ka em en o er es te u ha, Ukrainian i, je, dze
    "\u0430\u0432\u0435\u0451\u043a\u043c\u043d\u043e\u0440\u0441\u0442\u0443\u0445"
    "\u0456\u0458\u0455"
    # Greek alpha epsilon iota kappa omicron rho tau upsilon chi
    "\u03b1\u03b5\u03b9\u03ba\u03bf\u03c1\u03c4\u03c5\u03c7",
    "abeekmhopctyxijsaeikoptux",
)
# What can stand for a letter in leetspeak.
_LEET: dict[str, str] = {
    "a": "a4@",
    "b": "b8",
    "e": "e3",
    "g": "g96",
    "i": "i1!|l",
    "l": "l1|i",
    "o": "o0",
    "s": "s5$",
    "t": "t7+",
    "z": "z2",
}
# What may sit between the letters of a word spelt out to dodge a filter: "s h i t",
# "s.h.i.t", "s-h-i-t", "s*h*i*t" (Markdown's emphasis stars).
_SPACER = r"[\s.\-_*~]*"
_LETTER_OR_DIGIT = r"[^\W_]"
# Long runs are cut to two before matching, so "shiiiiit" is "shiit" and no run of one
# character can make the matcher backtrack for long.
_RUN = re.compile(r"(.)\1{2,}", re.DOTALL)


def find_banned_words(text: str, banned: tuple[str, ...]) -> tuple[str, ...]:
    """The entries of ``banned`` that ``text`` contains as whole words, in list order.

    Case and accents don't matter, nor Cyrillic or Greek look-alikes, leetspeak ("5h1t"),
    stretched letters ("shiiit") or letters spelt apart ("s h i t", "s.h.i.t"); "ass"
    does not match "class" or "assess". An entry ending in ``*`` matches any word that
    starts with it ("idiot*": "idiots", "idiotic"); an entry of several words matches
    them in a row.
    """
    if not banned or not text:
        return ()
    normal = _RUN.sub(r"\1\1", _normalise(text))
    return tuple(entry for entry, pattern in _patterns(banned) if pattern.search(normal))


def _normalise(text: str) -> str:
    """Casefolded, accents and invisible characters dropped, look-alikes made Latin."""
    decomposed = unicodedata.normalize("NFKD", text.casefold()).translate(_HOMOGLYPHS)
    return "".join(c for c in decomposed if unicodedata.category(c) not in {"Mn", "Cf"})


@functools.lru_cache(maxsize=8)
def _patterns(banned: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One compiled pattern per entry, kept per list (a changed setting is a new key)."""
    compiled = []
    for entry in banned:
        pattern = _entry_pattern(entry)
        if pattern is not None:
            compiled.append((entry, pattern))
    return tuple(compiled)


def _entry_pattern(entry: str) -> re.Pattern[str] | None:
    word = _normalise(entry.strip())
    prefix = word.endswith("*")
    words = word.rstrip("*").split()
    if not words:
        return None
    spelt = [_SPACER.join(_letter(c) for c in w) for w in words]
    body = r"[\W_]+".join(spelt)
    tail = f"{_LETTER_OR_DIGIT}*" if prefix else ""
    return re.compile(f"(?<!{_LETTER_OR_DIGIT}){body}{tail}(?!{_LETTER_OR_DIGIT})")


def _letter(char: str) -> str:
    """A letter of a banned word as a pattern: itself or a stand-in, once or twice."""
    return f"[{re.escape(_LEET.get(char, char))}]{{1,2}}"
