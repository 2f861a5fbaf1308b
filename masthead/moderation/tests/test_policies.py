"""The pre-moderation policies, as tables: facts in, held or published with reasons out.

Pure functions: no database, no settings.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from masthead.moderation.policies import (
    ABUSE_SCORE,
    BANNED_WORD,
    GUEST,
    LINKS,
    MEMBER_ALWAYS,
    NEW_MEMBER,
    REASON_LABELS,
    STRICT_SECTION,
    Decision,
    Facts,
    Policy,
    count_links,
    decide,
    decide_in_section,
    find_banned_words,
)

STANDARD = Policy()  # guests free, first comment held, 2 links, abuse at 0.8
GUESTS_HELD = Policy(premoderate_guests=True)
OFF = Policy(premoderate_first=0, max_links=None, abuse_hold_threshold=None)
STRICT = STANDARD.tightened(first=5, abuse_hold_threshold=0.5)

MEMBER = {"is_guest": False, "good_comments": 40}
NEWCOMER = {"is_guest": False, "good_comments": 0}
GUEST_FACTS = {"is_guest": True}

# name: (policy, facts, held?, reasons)
DECISIONS: dict[str, tuple[Policy, dict[str, Any], bool, tuple[str, ...]]] = {
    "established member, clean text": (STANDARD, MEMBER, False, ()),
    "guest, guests not pre-moderated": (STANDARD, GUEST_FACTS, False, ()),
    "guest, guests pre-moderated": (GUESTS_HELD, GUEST_FACTS, True, (GUEST,)),
    "member's first comment": (STANDARD, NEWCOMER, True, (NEW_MEMBER,)),
    "member with one good comment": (STANDARD, {**NEWCOMER, "good_comments": 1}, False, ()),
    "newcomer, first-K off": (OFF, NEWCOMER, False, ()),
    "guest is never a new member": (STANDARD, {**GUEST_FACTS, "good_comments": 0}, False, ()),
    "always pre-moderated member": (
        STANDARD,
        {**MEMBER, "always_premoderate": True},
        True,
        (MEMBER_ALWAYS,),
    ),
    "two links": (STANDARD, {**MEMBER, "links": 2}, False, ()),
    "three links": (STANDARD, {**MEMBER, "links": 3}, True, (LINKS,)),
    "three links, no limit": (OFF, {**MEMBER, "links": 3}, False, ()),
    "banned word": (STANDARD, {**MEMBER, "banned_words": ("moron*",)}, True, (BANNED_WORD,)),
    "banned word, everything else off": (
        OFF,
        {**MEMBER, "banned_words": ("moron*",)},
        True,
        (BANNED_WORD,),
    ),
    "abuse score below threshold": (STANDARD, {**MEMBER, "abuse_score": 0.79}, False, ()),
    "abuse score at threshold": (STANDARD, {**MEMBER, "abuse_score": 0.8}, True, (ABUSE_SCORE,)),
    "abuse score, threshold off": (OFF, {**MEMBER, "abuse_score": 0.99}, False, ()),
    "no score (scoring off)": (STANDARD, {**MEMBER, "abuse_score": None}, False, ()),
    "moderator's comment, however it reads": (
        GUESTS_HELD,
        {
            "is_guest": False,
            "is_moderator": True,
            "always_premoderate": True,
            "good_comments": 0,
            "links": 9,
            "banned_words": ("shill*",),
            "abuse_score": 0.97,
        },
        False,
        (),
    ),
    "every reason at once, in order": (
        GUESTS_HELD,
        {
            "is_guest": False,
            "always_premoderate": True,
            "good_comments": 0,
            "links": 9,
            "banned_words": ("shill*",),
            "abuse_score": 0.97,
        },
        True,
        (MEMBER_ALWAYS, NEW_MEMBER, BANNED_WORD, LINKS, ABUSE_SCORE),
    ),
}


@pytest.mark.parametrize(
    ("policy", "facts", "held", "reasons"), DECISIONS.values(), ids=DECISIONS.keys()
)
def test_decide_holds_with_reasons(
    policy: Policy, facts: dict[str, Any], held: bool, reasons: tuple[str, ...]
) -> None:
    """Each policy that applies holds the comment and adds its reason code."""
    assert decide(policy, Facts(**facts)) == Decision(hold=held, reasons=reasons)


# name: (facts, in a strict section?, held?, reasons)
SECTIONS: dict[str, tuple[dict[str, Any], bool, bool, tuple[str, ...]]] = {
    "standard section, guest": (GUEST_FACTS, False, False, ()),
    "strict section, guest": (GUEST_FACTS, True, True, (GUEST, STRICT_SECTION)),
    "strict section, member with 4 good comments": (
        {**NEWCOMER, "good_comments": 4},
        True,
        True,
        (NEW_MEMBER, STRICT_SECTION),
    ),
    "strict section, member with 5 good comments": (
        {**NEWCOMER, "good_comments": 5},
        True,
        False,
        (),
    ),
    "strict section, score between the thresholds": (
        {**MEMBER, "abuse_score": 0.6},
        True,
        True,
        (ABUSE_SCORE, STRICT_SECTION),
    ),
    "standard section, same score": ({**MEMBER, "abuse_score": 0.6}, False, False, ()),
    "strict section adds nothing to a first comment held anyway": (
        NEWCOMER,
        True,
        True,
        (NEW_MEMBER,),
    ),
    "strict section, banned word (held anywhere)": (
        {**MEMBER, "banned_words": ("shill*",)},
        True,
        True,
        (BANNED_WORD,),
    ),
}


@pytest.mark.parametrize(
    ("facts", "is_strict", "held", "reasons"), SECTIONS.values(), ids=SECTIONS.keys()
)
def test_strict_section_preset(
    facts: dict[str, Any], is_strict: bool, held: bool, reasons: tuple[str, ...]
) -> None:
    """A strict section holds every guest, members' first five comments and scores from
    0.5, and says so with ``strict_section`` when the preset made the difference."""
    decision = decide_in_section(STANDARD, STRICT, Facts(**facts), is_strict=is_strict)
    assert decision == Decision(hold=held, reasons=reasons)


def test_strict_preset_is_never_looser() -> None:
    """Tightening keeps a site's stricter settings (K, threshold) where they are."""
    site = Policy(premoderate_first=8, abuse_hold_threshold=0.3)
    assert site.tightened(first=5, abuse_hold_threshold=0.5) == Policy(
        premoderate_guests=True, premoderate_first=8, abuse_hold_threshold=0.3
    )


def test_every_reason_has_a_label() -> None:
    """The queue can show every reason code the policies give."""
    codes = {MEMBER_ALWAYS, GUEST, NEW_MEMBER, BANNED_WORD, LINKS, ABUSE_SCORE, STRICT_SECTION}
    assert set(REASON_LABELS) == codes
    assert all(REASON_LABELS.values())


# (text, html, links)
LINK_COUNTS: dict[str, tuple[str, str, int]] = {
    "none": ("Great phone.", "<p>Great phone.</p>", 0),
    "bare address": ("See https://a.example/x", "<p>See https://a.example/x</p>", 1),
    "www without scheme": ("Try www.b.example today", "<p>Try www.b.example today</p>", 1),
    "Markdown link counted once": (
        "[specs](https://a.example)",
        '<p><a href="https://a.example" rel="nofollow">specs</a></p>',
        1,
    ),
    "same address three times": ("http://s.example " * 3, "", 3),
    "protocol-relative anchor": ("", '<a href="//c.example">x</a>', 1),
    "the site's own #N and @name links": (
        "As #3 said, @Kestrel",
        '<p>As <a class="ref" href="/story/s/#c-3">#3</a> said, '
        '<a class="mention" href="/members/kestrel/">@Kestrel</a></p>',
        0,
    ),
}


@pytest.mark.parametrize(("body", "html", "links"), LINK_COUNTS.values(), ids=LINK_COUNTS.keys())
def test_count_links(body: str, html: str, links: int) -> None:
    """Links to other sites count, typed or linked; the site's own references don't."""
    assert count_links(body, html) == links


BANNED = ("shill*", "moron", "ass", "kill yourself")

# text: what it matches
BANNED_MATCHES: dict[str, tuple[str, ...]] = {
    "What a moron": ("moron",),
    "MORON!!!": ("moron",),
    "m0r0n": ("moron",),
    "m o r o n": ("moron",),
    "m.o.r.o.n": ("moron",),
    "m-o-r-o-n": ("moron",),
    "mooooron": ("moron",),
    "**moron**": ("moron",),
    "m\u200boron": ("moron",),  # a zero-width space inside
    "m\u043er\u043en": ("moron",),  # Cyrillic o twice
    "móron": ("moron",),
    "paid shills": ("shill*",),
    "$h1ll": ("shill*",),
    "you ass": ("ass",),
    "@$$": ("ass",),
    "just k1ll   y0urself": ("kill yourself",),
    "a moron and a shill": ("shill*", "moron"),
    # Whole words only: none of these is a banned word.
    "morons": (),
    "oxymoron": (),
    "class": (),
    "assess the glass": (),
    "I was sad": (),
    "as said": (),
    "kill the process yourself": (),
    "Great phone, great quarter.": (),
}


@pytest.mark.parametrize(("text", "found"), BANNED_MATCHES.items(), ids=BANNED_MATCHES.keys())
def test_find_banned_words(text: str, found: tuple[str, ...]) -> None:
    """Banned words match as whole words, whatever the case, leetspeak, look-alikes or
    spacing; ``word*`` also matches longer words that start with it."""
    assert find_banned_words(text, BANNED) == found


def test_no_banned_words_by_default() -> None:
    """An empty list finds nothing."""
    assert find_banned_words("moron", ()) == ()


def test_banned_words_stay_fast_on_hostile_input() -> None:
    """Long runs of one letter (the worst case for a backtracking matcher) are cut
    before matching: a 10,000-character comment is checked at once."""
    text = "a" * 5000 + "s" * 5000 + " s" * 2000
    started = time.perf_counter()
    assert find_banned_words(text, BANNED) == ("ass",)  # "aaa...sss" is a stretched "ass"
    assert time.perf_counter() - started < 0.5  # measured: about 2 ms
