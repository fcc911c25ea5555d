"""In-text citation pointers: superscript, bracketed and parenthesised numbers, author-year mentions.

:func:`find_citations` reads running text (as extracted from a PDF, or written in
Markdown) and returns one :class:`~kgaudit.model.InTextCitation` per pointer, with
spans absolute into the text it was given.

Numbered pointers
    * Unicode superscript digit groups: ``¹⁴``, ``¹⁻³``, ``¹–³``, ``¹,³``, ``¹˒³``,
      ``⁵⁻⁷,⁹``, before or after punctuation.  Superscript markup is read too:
      ``^14^`` (Pandoc), ``<sup>14</sup>`` (HTML), ``^{14}`` / ``$^{14}$`` (LaTeX).
      Exponents are not pointers: a group glued to a digit (``10⁵``), to a single
      letter (``R²``, ``I²``, ``χ²``), to a two-letter symbol that is not an
      acronym (``Dk²``; ``CT¹⁴`` stays a pointer) or to a unit (``m²``, ``kg/m ²``),
      followed by ``=``/``<``/``>`` or by a charge sign (``Ca²⁺``), glued to a
      following letter (isotopes ``¹⁴C``, ``¹H``), or standing at the start of a
      line (affiliation and footnote markers, ``¹Department``), is skipped.
      Plain digits glued to a word (``practice1.``) are never read as pointers:
      in plain text they cannot be told from data.
    * Brackets: ``[14]``, ``[5–7]``, ``[2, 9, 12–14]``, IEEE ranges ``[1]–[3]``.
      Not pointers: anything with a non-integer in it (``[n=5]``, ``[95% CI ...]``,
      ``[p < 0.05]``), a 4-digit number (``[2019]``), ``[0]``, an interval after a
      number (``12 [8–17]``, ``12 [8, 17]``; but ``in 1969 [8]``, ``1.6% [9]`` and
      ``compound 7600 [25]`` are pointers), a label (``Table [3]``), an equation
      number (last on a line that holds ``=``, after a wide gap).
    * Written out: ``ref. 38``, ``refs. 19–21`` when the reference list's size is
      known and every number lies within it.
    * Parentheses: ``(14)``, ``(5–7)`` are pointers only in papers that cite
      this way.  The rule (``parens=None``, automatic): the caller passes
      ``max_number`` (the size of the reference list), every number in the group
      lies in ``1..max_number`` (so ``(2019)`` and ``(125)`` beyond the list fail),
      the group is not a list enumerator (``...were: (1) age ≥ 18; (2) ...``,
      ``...two themes. (1) In ...``), not a label, does not follow a number, is not
      an equation number — and, over the *whole* text, there are at least two such
      candidates and they outnumber the superscript and bracket pointers plus the
      author-year mentions (so a superscript-style or author-year paper's ``(1)``,
      ``(2)`` stay text, even in a paragraph with no other pointer).  ``parens=True``
      or ``False`` forces the decision; ``(n=125)``, ``(54.4%)``, ``(12mo)`` never match.

Author-year mentions
    ``Kim et al. (2019)``, ``Smith and Jones (2017)``, ``Smith & Jones (2017)``,
    ``Kim and colleagues (2019)``, ``van der Berg et al. (2020)``, ``Nunes da
    Fonseca``, ``O'Brien``, ``Müller``, hyphenated names, ``(Kim et al., 2019)``,
    ``(Smith 2003a; Jones and Lee, 2004)`` and ``[Panfilio, 2008]`` (one mention
    per item; ``e.g.``/``see also`` prefixes skipped; an item that starts with other
    words counts only when its tail names co-authors: ``(barnacle geese, Branta
    leucopsis, Kurvers et al. 2013)``), and, in numeric papers, ``Kim et al.¹⁴`` /
    ``Smith and Lee [14]`` without a year (``named_year`` None).  ``named_author``
    is the first surname as printed (particles kept: ``van der Berg``),
    ``named_year`` the year without its suffix letter.  Capitalised function words,
    months and section names are not surnames (``Similarly, Zhang and Lee (2020)``
    names Zhang; ``In December (2022)`` names nobody), nor are acronyms outside
    parentheses (``CT and MRI (2019)``).  A one-word name before a year in running
    text is taken at its word: ``in England (2009)`` is a (false) mention.

Tying a mention to a numbered pointer
    A mention is tied to a pointer printed right next to it (``Okafor et al. [14]
    (2020)``, ``Kim et al.¹⁴ (2019)``, ``Kim et al. (2019)¹⁴``); otherwise to the
    nearest pointer that follows it in the same sentence, where a blank line
    followed by a lower-case word (a page break inside a sentence) does not end
    the sentence.  A pointer right next to one mention is not given to another;
    two mentions without pointers of their own share the pointer that follows
    both ("Kim et al. (2019) and Lee et al. (2020) found ...¹⁴˒¹⁵").  A tied
    mention is returned once, as style ``"author-year"`` with the pointer's text,
    span and numbers and the ``mention_*`` fields set; the pointer is not returned
    again.  A mention with no pointer is returned with no numbers.

Nothing here raises on odd text; ``sentence`` and ``section`` are left None for
the caller to fill.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from kgaudit.ingest.names import first_author_keys, name_key
from kgaudit.model import InTextCitation, Reference, Span

__all__ = ["MAX_RANGE", "expand_numbers", "find_citations"]

# A printed range wider than this ("[1–400]") is kept as its two endpoints, not expanded.
MAX_RANGE = 100

# --------------------------------------------------------------------------- characters

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS + "⁻", "0123456789-")
# Dashes a range may be printed with: hyphen-minus, hyphen, non-breaking hyphen,
# figure dash, en dash, em dash, minus sign, superscript minus.
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212\u207b"
# Separators seen between superscript numbers in extracted PDF text: comma, the
# modifier-letter ring PDFs use for a raised comma, low-9 quote, apostrophes.
_SUP_LIST_SEPS = ",\u02d2\u201a'\u2019"
_SUP = f"[{SUPERSCRIPT_DIGITS}]"
_SUP_GROUP = re.compile(rf"{_SUP}+(?:(?:[{_DASHES}]|[{_SUP_LIST_SEPS}] ?){_SUP}+)*")
# Characters that make a superscript digit part of a formula or a charge, not a pointer.
_FORMULA_NEIGHBOURS = "⁺⁻⁼⁽⁾ⁿⁱ^×·*/" + SUPERSCRIPT_DIGITS

# An ASCII number list as printed inside brackets, parentheses or markup.
_NUMS = rf"\d{{1,4}}(?:\s*(?:[{_DASHES}]|[,;])\s*\d{{1,4}})*"
_BRACKET = re.compile(rf"\[\s*(?P<nums>{_NUMS})\s*\]")
_IEEE_RANGE_TAIL = re.compile(rf"\s*[{_DASHES}]\s*\[\s*(?P<high>\d{{1,4}})\s*\]")
_PAREN = re.compile(rf"\(\s*(?P<nums>{_NUMS})\s*\)")
_REF_WORD = re.compile(rf"\b[Rr]efs?\.\s*(?P<nums>{_NUMS})(?![\d.]*\d)")
_MARKUP = re.compile(
    rf"<sup>\s*\[?\s*(?P<html>{_NUMS})\s*\]?\s*</sup>"
    rf"|\$\s*\^\{{\s*(?P<latex1>{_NUMS})\s*\}}\s*\$"
    rf"|\^\{{\s*(?P<latex2>{_NUMS})\s*\}}"
    rf"|\^(?P<pandoc>{_NUMS})\^",
    re.IGNORECASE,
)

# Words after which a bracketed or parenthesised number is a label ("Table [3]", "Eq. (2)").
# Ordinary nouns are not listed: "many years [1]" and "imputed stage [7, 14]" are citations.
_LABEL_WORDS = frozenset(
    """table tables tab fig figs figure figures eq eqs equation equations formula section sections sec
    chapter appendix supplement supplementary panel panels lemma theorem proposition corollary
    definition algorithm step steps""".split()
)
# Words before a bracketed/parenthesised pair that make it an interval.
_INTERVAL_WORDS = frozenset("iqr range ci ci95 interval".split())
# Units that take exponents ("cm²", "kg/m ²"): a superscript after them is not a pointer.
_UNITS = frozenset(
    """m cm mm km dm nm µm μm um in ft yd mi s sec ms min h hr hrs l ml dl kg g mg µg μg mol mmol
    m2 cm2 mm2""".split()
)


def _char_class(predicate: Callable[[str], bool]) -> str:
    """A regex character class of every BMP character for which ``predicate`` holds."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF or not predicate(chr(code)):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    parts = [re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges]
    return "[" + "".join(parts) + "]"


_UPPER = _char_class(lambda c: c.isupper() or c.istitle())
_LETTER = r"[^\W\d_]"

# --------------------------------------------------------------------------- author names

# A surname: optional particles ("van der", "de la", "Van"), then a capitalised word that
# may hold apostrophes and hyphens between letters (O'Brien, Smith-Jones, Müller).
_PARTICLES = (
    r"(?:van|von|der|den|de|del|della|degli|di|da|das|dos|du|la|le|ten|ter|bin|ibn|al|el|"
    r"Van|Von|De|Del|Della|Di|Da|Du|La|Le|Ten|Ter|Mc|St\.?)"
)
_WORD = rf"{_UPPER}(?:{_LETTER}|['’\u2010-](?={_LETTER}))*"
# In running text a word before the particles belongs to the name ("Nunes da Fonseca");
# inside a parenthetical citation two capitalised words may form one ("Vargas Jentzsch").
_SURNAME = rf"(?:{_WORD}\s+(?={_PARTICLES}\s))?(?:{_PARTICLES}\s+){{0,3}}{_WORD}"
_PAREN_SURNAME = rf"(?:{_WORD}\s+){{0,2}}{_SURNAME}"
_ET_AL = r"\s+et\.?\s+al\b\.?"
_COLLEAGUES = r"\s+and\s+(?:colleagues|co-?workers|co-?authors|associates|collaborators)\b"


def _authors(surname: str, *, coauthors_required: bool = False) -> str:
    """First author (group ``first``) and what follows it: et al., colleagues, or co-authors (``more``)."""
    pair_or_list = rf"(?:\s*,\s*{surname}){{0,6}}\s*,?\s+(?:and|&)\s+{surname}|\s*&\s*{surname}"
    optional = "" if coauthors_required else "?"
    return rf"(?P<first>{surname})(?P<more>{_ET_AL}|{_COLLEAGUES}|{pair_or_list}){optional}"


_AUTHORS = _authors(_SURNAME)
_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)(?P<suffix>[a-z])?(?![\d\w])"
_NEAR_POINTER = (
    rf"{_SUP_GROUP.pattern}|\[\s*{_NUMS}\s*\]|<sup>[^<\n]{{1,40}}</sup>|\$?\^\{{[^}}\n]{{1,40}}\}}\$?"
    rf"|\^{_NUMS}\^"
)
# Spaces that may hold one line break (PDF text is wrapped) but not a blank line.
_LINE_GAP = r"[ \t]*(?:\n[ \t]*)?"
_NARRATIVE = re.compile(
    # a possessive apostrophe after a name ending in s ("Jones' (2019) model") belongs to the mention
    rf"(?<![\w'’\-/.]){_AUTHORS}(?:(?<=s)['’](?=\s))?(?P<gap>{_LINE_GAP}(?:(?:{_NEAR_POINTER}){_LINE_GAP})?)"
    rf"\(\s*{_YEAR}(?P<rest>\s*[,;][^()\n]{{0,40}})?\s*\)"
)
# A mention without a year, only where a pointer follows: "Kim et al.¹⁴", "Smith and Lee [3]".
_YEARLESS = re.compile(
    rf"(?<![\w'’\-/.]){_authors(_SURNAME, coauthors_required=True)}[ \t]*\Z"
)
# A parenthetical group "(Kim et al., 2019; Smith 2003a, 2004)", or bracketed "[Panfilio, 2008]".
_GROUP_BODY = r"(?:[^()\[\]\n]|\n(?![ \t]*\n)){4,400}"
_PAREN_GROUP = re.compile(rf"\((?P<body>{_GROUP_BODY})\)|\[(?P<bbody>{_GROUP_BODY})\]")
_PAREN_PREFIX = re.compile(
    r"(?:e\.\s?g\.|i\.\s?e\.|see(?:\s+also)?|cf\.?|but\s+see|(?:reviewed|reviews?)\s+in|for\s+(?:a\s+)?reviews?,?\s+see"
    r"|as\s+(?:reviewed|described|discussed)\s+(?:in|by)|adapted\s+from|from|in|by)(?!\w)"
    r"\s*,?\s*",
    re.IGNORECASE,
)
_PAREN_ITEM = re.compile(
    rf"{_authors(_PAREN_SURNAME)}\s*,?\s+{_YEAR}(?:\s*,\s*(?:(?:1[5-9]\d\d|20\d\d)[a-z]?|[a-z])\b)*"
    # a page locator, "p. 5", "pp. 4–5", or Chicago's bare "773"
    r"(?:\s*,\s*(?:(?:pp?\.|pages?|chap\.|ch\.)\s*)?\d+(?:\s*[-–]\s*\d+)?)?\s*"
)
# Capitalised words that stand where a surname would but are not names.
_NOT_SURNAMES = frozenset(
    """a an and the this that these those in on at of for from with by to as or but if since until
    before after during while when where between among both all each every some many most several
    however similarly moreover furthermore additionally also recently previously notably thus hence
    therefore although though because finally first second third overall together likewise conversely
    in-hospital our we their its it his her they there here table tables figure figures fig figs
    january february march april may june july august september october november december jan feb mar
    apr jun jul aug sep sept oct nov dec spring summer autumn fall winter version release update
    edition vol volume issue accessed published received revised accepted copyright updated retrieved
    cohort group trial study survey census wave phase round class grade stage year years total mean
    median range data results methods guidelines guideline criteria classification report reports
    discussion introduction conclusion conclusions abstract background objective objectives aim aims
    limitations materials patients participants subjects outcomes
    registry database model analysis review meta-analysis appendix supplement section chapter
    statement consensus""".split()
)

# ...of which these are surnames too when co-authors follow ("May et al. (2019)").
_SURNAME_HOMONYMS = frozenset("may march april june july august spring summer autumn fall winter".split())

# --------------------------------------------------------------------------- sentences

_ABBREVIATIONS = frozenset(
    """al fig figs eq eqs no nos vs approx cf e.g i.e eg ie p pp vol dr prof mr mrs ms st jr sr ca inc
    ltd co corp resp viz ref refs tab sect ed eds et etc""".split()
)
_SENTENCE_BREAK = re.compile(r"[.!?]|(?P<blank>\n[ \t]*\n\s*)")
# Fewer parenthesised candidates than this never make a paper "parenthesised numeric".
_MIN_PAREN_POINTERS = 2
# How far a mention looks for the pointer that closes its sentence.
_MAX_SENTENCE_REACH = 1500


@dataclass(frozen=True)
class _Pointer:
    start: int
    end: int
    numbers: tuple[int, ...]


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    author: str
    year: int | None
    adjacent: _Pointer | None  # a pointer printed right next to the mention
    second: str | None = None  # the second author of a two-author mention


_POSSESSIVE = re.compile(r"['’]s\Z")
# The second author of "Smith & Lee", "Smith and Lee" (not of "Smith, Lee, and Park" nor "et al.").
_SECOND_AUTHOR = re.compile(r"\A\s*,?\s*(?:and|&)\s+(?P<second>.+?)\s*\Z", re.DOTALL)
# Further years of one author group: "2020a, 2020b", "2020a, b", "2019, 2021".
_MORE_YEARS = re.compile(
    r"\s*,\s*(?:(?P<year>1[5-9]\d\d|20\d\d)(?P<suffix>[a-z])?|(?P<letter>[a-z]))(?=\s*(?:,|;|\)|$))")


def _surname(name: str) -> str:
    """A surname as a mention prints it, without a possessive ("Smith-Jones's (2022)" names Smith-Jones)."""
    return _POSSESSIVE.sub("", name)


def _second_author(match: re.Match[str]) -> str | None:
    more = match.group("more")
    if not more:
        return None
    two = _SECOND_AUTHOR.match(more)
    if (two is None or "," in two.group("second") or " et al" in two.group("second")
            or not two.group("second")[:1].isupper()):
        return None  # a list, et al., or "and colleagues"
    return _surname(" ".join(two.group("second").split()))


def _further_years(text: str, position: int, end: int, first_year: int, first: _Mention) -> list[_Mention]:
    """Mentions for the further years after the first one ("Lindqvist et al., 2020a, 2020b" cites two works).

    A bare letter ("2020a, b") repeats the previous year.
    """
    out = []
    year = first_year
    while True:
        match = _MORE_YEARS.match(text, position, end)
        if match is None:
            return out
        if match.group("year"):
            year = int(match.group("year"))
        begin = match.start("letter") if match.group("letter") else match.start("year")
        out.append(_Mention(begin, match.end(), first.author, year, None, first.second))
        position = match.end()


# --------------------------------------------------------------------------- numbers


def expand_numbers(text: str) -> tuple[int, ...]:
    """The reference numbers a printed group denotes: ``"5–7,9"`` → ``(5, 6, 7, 9)``.

    Superscript digits and dashes are read too (``"⁵⁻⁷,⁹"``).  Zero and pieces that
    are not numbers are dropped; a range wider than :data:`MAX_RANGE`, or printed
    backwards, yields its two endpoints only; duplicates are dropped, order kept.
    """
    plain = text.translate(_TO_ASCII)
    numbers: list[int] = []
    for piece in re.split(r"[,;\u02d2\u201a'’]|\band\b", plain):
        match = re.fullmatch(rf"[\s\[\](){{}}^]*(\d{{1,6}})(?:\s*[{_DASHES}]\s*(\d{{1,6}}))?[\s\[\](){{}}^]*", piece)
        if not match:
            continue
        low = int(match.group(1))
        if match.group(2) is None:
            numbers.append(low)
            continue
        high = int(match.group(2))
        if low <= high and high - low <= MAX_RANGE:
            numbers.extend(range(low, high + 1))
        else:
            numbers.extend((low, high))
    seen: dict[int, None] = {}
    for number in numbers:
        if number > 0:
            seen.setdefault(number, None)
    return tuple(seen)


# --------------------------------------------------------------------------- context helpers


def _word_before(text: str, position: int) -> tuple[str, int]:
    """The token that ends right before ``position`` (spaces/tabs skipped) and its start."""
    i = position
    while i > 0 and text[i - 1] in " \t\u00a0":
        i -= 1
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    return text[j:i], j


def _skipped_space(text: str, position: int) -> bool:
    return position > 0 and text[position - 1] in " \t\u00a0"


def _at_line_start(text: str, position: int) -> bool:
    i = position
    while i > 0 and text[i - 1] in " \t\u00a0":
        i -= 1
    return i == 0 or text[i - 1] in "\n\r"


def _next_char(text: str, position: int, limit: int) -> str:
    i = position
    while i < limit and text[i] in " \t\u00a0":
        i += 1
    return text[i] if i < limit else ""


def _is_one_of(char: str, chars: str) -> bool:
    """``char in chars`` for one character; the empty string (text end) is in no set."""
    return len(char) == 1 and char in chars


def _bare(word: str) -> str:
    """A token without surrounding punctuation, lower-cased: '(Table' → 'table'."""
    return word.strip(".,;:()[]{}\"'“”‘’*").lower()


def _is_unit(token: str) -> bool:
    token = token.strip("(").lower()
    if not token:
        return False
    if "/" in token:
        token = token.rsplit("/", 1)[1]
    return token in _UNITS


# "et al" right before a raised number: the number is a pointer ("Kim et al¹⁴"), not an exponent.
_AFTER_ET_AL = re.compile(r"(?<![\w])et\.?\s+al\Z")


def _superscript_context_ok(text: str, start: int, end: int) -> bool:
    """False when a raised number is an exponent, a charge, or an affiliation/footnote marker."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before.isdigit() or _is_one_of(before, _FORMULA_NEIGHBOURS) or _is_one_of(after, _FORMULA_NEIGHBOURS):
        return False
    if _at_line_start(text, start) or after.isalpha():
        return False  # "¹Department" (affiliation), "¹⁴C", "¹H NMR" (isotopes)
    if _is_one_of(_next_char(text, end, len(text)), "=<>≤≥±"):
        return False
    word, _ = _word_before(text, start)
    if _skipped_space(text, start):
        # "practice ¹⁴" is a pointer; "25 ²" and "kg/m ²" are not.
        return bool(word) and not word[-1].isdigit() and not _is_unit(word) and not word.endswith(("=", "×"))
    letters = re.search(rf"(?:{_LETTER}|[/µμ])+$", word)
    if letters:
        token = letters.group(0)
        if len(token) == 1 or _is_unit(token):  # "R²", "I²", "χ²", "m²"
            return False
        if len(token) == 2 and not token.isupper() and not _AFTER_ET_AL.search(text, 0, start):
            return False  # "Dk²", "xy²"; "CT¹⁴" and "Kim et al¹⁴" (no full stop) stay pointers
    return True


def _number_context_ok(text: str, start: int, end: int, *, strict_after_number: bool) -> bool:
    """False for a bracketed/parenthesised number that is an interval, a label or an equation number.

    After a printed number a group is an interval ("12 [8–17]", "12 [8, 17]") unless
    the number is a year ("in 1969 [8]"), or the group is one number or three or
    more ("compound 7600 [25]"); ``strict_after_number`` (parentheses: "12 (3)")
    rejects every group after a number.
    """
    word, _ = _word_before(text, start)
    bare = _bare(word)
    if word and word[-1] in "=<>≤≥±×":
        return False  # "x = (1, 2)"
    if word and word[-1] in "0123456789%‰":
        if strict_after_number:
            return False
        year_before = re.fullmatch(r"(?:1[89]|20)\d\d", bare) is not None
        if not year_before and len(re.findall(r"\d+", text[start:end])) == 2:
            return False
    if bare in _LABEL_WORDS or bare in _INTERVAL_WORDS:
        return False
    if _is_one_of(_next_char(text, end, len(text)), "=%"):
        return False
    return not _is_equation_number(text, start, end)


def _is_equation_number(text: str, start: int, end: int) -> bool:
    """A number alone at the end of a formula line after a wide gap: ``y = a + b      (3)``."""
    line_end = text.find("\n", end)
    if text[end : len(text) if line_end < 0 else line_end].strip():
        return False
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    if "=" not in before:
        return False
    stripped = before.rstrip()
    gap = before[len(stripped) :]
    return ("\t" in gap or len(gap) >= 2) and not stripped.endswith((".", ",", ";", ":", "!", "?"))


def _not_reference_numbers(numbers: tuple[int, ...], printed: str) -> bool:
    """True when a printed group cannot be reference numbers: empty, a zero, or a year-like number."""
    printed_numbers = [int(n) for n in re.findall(r"\d+", printed)]
    return not numbers or 0 in printed_numbers or any(n >= 1000 for n in printed_numbers)


def _is_enumerator(text: str, start: int, end: int) -> bool:
    """``(1) age ≥ 18; (2) ...``: a parenthesised number that opens a list item."""
    following = _next_char(text, end, len(text))
    if not (following.isalpha() or _is_one_of(following, "≥≤<>")):
        return False
    if _at_line_start(text, start):
        return True
    word, _ = _word_before(text, start)
    if word.endswith(".") and word.rstrip(".").lower() in _ABBREVIATIONS:
        return False  # "Kim et al. (14) showed"
    # "...were: (1) age", "...; and (2) consent", "...two themes. (1) In more"
    return word.endswith((":", ";", ",", ".", "!", "?")) or _bare(word) in {"and", "or"} or not word


# --------------------------------------------------------------------------- numbered pointers


def _superscript_pointers(text: str, start: int, end: int) -> list[_Pointer]:
    found = []
    for match in _SUP_GROUP.finditer(text, start, end):
        if not _superscript_context_ok(text, match.start(), match.end()):
            continue
        numbers = expand_numbers(match.group(0))
        if numbers:
            found.append(_Pointer(match.start(), match.end(), numbers))
    for match in _MARKUP.finditer(text, start, end):
        printed = next(g for g in match.groups() if g is not None)
        if not _superscript_context_ok(text, match.start(), match.end()):
            continue
        numbers = expand_numbers(printed)
        if not _not_reference_numbers(numbers, printed):
            found.append(_Pointer(match.start(), match.end(), numbers))
    return found


def _bracket_pointers(text: str, start: int, end: int) -> list[_Pointer]:
    found = []
    position = start
    while True:
        match = _BRACKET.search(text, position, end)
        if match is None:
            return found
        stop = match.end()
        printed = match.group("nums")
        tail = _IEEE_RANGE_TAIL.match(text, stop, end)
        if tail and re.fullmatch(r"\d{1,4}", printed.strip()):
            printed = f"{printed.strip()}-{tail.group('high')}"  # "[1]–[3]"
            stop = tail.end()
        position = stop
        numbers = expand_numbers(printed)
        if _not_reference_numbers(numbers, printed):
            continue
        if _number_context_ok(text, match.start(), stop, strict_after_number=False):
            found.append(_Pointer(match.start(), stop, numbers))


def _ref_word_pointers(text: str, start: int, end: int, max_number: int) -> list[_Pointer]:
    """Pointers written out as "ref. 38" / "refs. 19–21" (PNAS, physics journals), within the list's size."""
    found = []
    for match in _REF_WORD.finditer(text, start, end):
        numbers = expand_numbers(match.group("nums"))
        if numbers and not _not_reference_numbers(numbers, match.group("nums")) and max(numbers) <= max_number:
            found.append(_Pointer(match.start(), match.end(), numbers))
    return found


def _paren_candidates(text: str, start: int, end: int, max_number: int) -> list[_Pointer]:
    found = []
    for match in _PAREN.finditer(text, start, end):
        printed = match.group("nums")
        numbers = expand_numbers(printed)
        if _not_reference_numbers(numbers, printed) or any(n > max_number for n in numbers):
            continue
        if _is_enumerator(text, match.start(), match.end()):
            continue
        if _number_context_ok(text, match.start(), match.end(), strict_after_number=True):
            found.append(_Pointer(match.start(), match.end(), numbers))
    return found


@lru_cache(maxsize=8)
def _paper_cites_in_parentheses(text: str, max_number: int) -> bool:
    """Whether parenthesised numbers are the text's main pointer style (see the module doc)."""
    candidates = len(_paren_candidates(text, 0, len(text), max_number))
    if candidates < _MIN_PAREN_POINTERS:
        return False
    numbered = _superscript_pointers(text, 0, len(text)) + _bracket_pointers(text, 0, len(text))
    numbered.sort(key=lambda p: p.start)
    mentions = _narrative_mentions(text, 0, len(text), numbered) + _parenthetical_mentions(text, 0, len(text), numbered)
    return candidates > len(numbered) + len(mentions)


def _numbered_pointers(
    text: str, start: int, end: int, max_number: int | None, parens: bool | None
) -> list[_Pointer]:
    pointers = _superscript_pointers(text, start, end) + _bracket_pointers(text, start, end)
    if max_number is not None and max_number > 0:
        use_parens = parens if parens is not None else _paper_cites_in_parentheses(text, max_number)
        if use_parens:
            pointers += _paren_candidates(text, start, end, max_number)
        pointers += _ref_word_pointers(text, start, end, max_number)
    elif parens:
        pointers += _paren_candidates(text, start, end, sys.maxsize)
    pointers.sort(key=lambda p: p.start)
    # Overlaps cannot come from one pattern; between patterns keep the first (longest) one.
    kept: list[_Pointer] = []
    for pointer in pointers:
        if kept and pointer.start < kept[-1].end:
            continue
        kept.append(pointer)
    return kept


# --------------------------------------------------------------------------- author-year mentions


def _first_surname_ok(match: re.Match[str], *, allow_acronym: bool = False) -> bool:
    """Whether the first author of a candidate mention looks like a name.

    Capitalised function words ("Similarly", "In December (2022)") are not names,
    except before "et al." ("An et al.") and, for the few that are also surnames,
    before a co-author ("May and Lee");
    nor are acronyms in running text ("CT and MRI (2019)"), though inside
    parentheses an organisation may be the author ("(WHO, 2019)").
    """
    words = [w for w in match.group("first").split() if w[0].isupper()]
    more = (match.group("more") or "").split()
    if not words or len(words[-1]) < 2:
        return False
    if any(w.lower() in _NOT_SURNAMES for w in words[:-1]):
        return False  # "Similarly da Silva et al.": retried from "da Silva"
    head = words[-1].lower()
    before_et_al = bool(more) and (more[0] in ("et", "et.") or more[1:2] in (["colleagues"], ["co-workers"]))
    if head in _NOT_SURNAMES and not before_et_al and not (more and head in _SURNAME_HOMONYMS):
        return False  # nobody writes "The et al.", so "An et al." is Dr An
    return allow_acronym or not words[-1].isupper()


def _first_from(pointers: list[_Pointer], position: int) -> int:
    """Index of the first pointer (sorted by start) that starts at or after ``position``."""
    return bisect_left(pointers, position, key=lambda p: p.start)


def _pointer_in(pointers: list[_Pointer], start: int, end: int) -> _Pointer | None:
    k = _first_from(pointers, start)
    return pointers[k] if k < len(pointers) and pointers[k].end <= end else None


def _adjacent_after(text: str, pointers: list[_Pointer], position: int) -> _Pointer | None:
    """A pointer that starts right after ``position`` (at most one space or tab between)."""
    k = _first_from(pointers, position)
    if k == len(pointers):
        return None
    gap = text[position : pointers[k].start]
    return pointers[k] if len(gap) <= 1 and gap.strip() == "" else None


def _narrative_mentions(text: str, start: int, end: int, pointers: list[_Pointer]) -> list[_Mention]:
    mentions = []
    position = start
    while True:
        match = _NARRATIVE.search(text, position, end)
        if match is None:
            return mentions
        if not _first_surname_ok(match):
            # Retry from the next word: "Similarly, Zhang and Lee (2020)".
            position = match.start("first") + len(match.group("first").split()[0])
            continue
        position = match.end()
        adjacent = None
        if match.group("gap").strip():
            adjacent = _pointer_in(pointers, match.start("gap"), match.end("gap"))
            if adjacent is None:
                continue  # something raised but not a pointer ("Smith²" exponent): not a mention
        else:
            adjacent = _adjacent_after(text, pointers, match.end())
        first = _Mention(match.start(), match.end(), _surname(match.group("first")), int(match.group("year")),
                         adjacent, _second_author(match))
        mentions.append(first)
        rest = match.group("rest")
        if rest:
            mentions.extend(_further_years(text, match.start("rest"), match.end("rest"), first.year or 0, first))


def _yearless_mentions(text: str, start: int, pointers: list[_Pointer], taken: list[_Mention]) -> list[_Mention]:
    mentions = []
    for pointer in pointers:
        k = bisect_right(taken, pointer.start, key=lambda m: m.start) - 1
        if k >= 0 and pointer.start < taken[k].end:
            continue  # the pointer sits inside a mention already found
        line_start = text.rfind("\n", 0, pointer.start) + 1
        window_start = max(start, line_start, pointer.start - 160)
        match = _YEARLESS.search(text[window_start : pointer.start])
        if match is None or not _first_surname_ok(match):
            continue
        begin = window_start + match.start()
        stop = window_start + match.end("more")
        mentions.append(_Mention(begin, stop, match.group("first"), None, pointer))
    return mentions


# A surname alone as one ";"-item of a group: ABNT (Brazil, NBR 10520) separates co-authors with semicolons,
# "(RUSSELL; SUGIMOTO, 2009)", so such an item leads the authors of the item that follows it.
_LEAD_AUTHOR = re.compile(rf"\s*(?P<first>{_SURNAME})\s*")


def _group_items(text: str, start: int, body: str) -> list[tuple[int, int, list[re.Match[str]]]]:
    """The ";"-items of a group body at ``start``, each with the bare surnames that lead it (ABNT co-authors)."""
    items: list[tuple[int, int, list[re.Match[str]]]] = []
    leads: list[re.Match[str]] = []
    cursor = start
    for piece in body.split(";"):
        lead = _LEAD_AUTHOR.fullmatch(text, cursor, cursor + len(piece))
        if lead is not None and lead.group("first").split()[-1].lower() not in _NOT_SURNAMES:
            leads.append(lead)
        else:
            items.append((cursor, cursor + len(piece), leads))
            leads = []
        cursor += len(piece) + 1
    return items


def _led_item(item: _Mention, match: re.Match[str], leads: list[re.Match[str]]) -> _Mention:
    """The mention of an item led by ABNT co-authors: the first lead is the first author."""
    if not leads:
        return item
    second = _surname(match.group("first")) if len(leads) == 1 and not match.group("more") else None
    return replace(item, start=leads[0].start("first"), author=_surname(leads[0].group("first")), second=second)


def _parenthetical_mentions(text: str, start: int, end: int, pointers: list[_Pointer]) -> list[_Mention]:
    mentions = []
    for group in _PAREN_GROUP.finditer(text, start, end):
        body = "body" if group.group("body") is not None else "bbody"
        found = []
        for item_start, item_end, leads in _group_items(text, group.start(body), group.group(body)):
            match = _parenthetical_item(text, item_start, item_end)
            if match is None:
                continue
            stop = match.end()
            while stop > match.start() and text[stop - 1].isspace():
                stop -= 1
            year_end = match.end("suffix") if match.group("suffix") else match.end("year")
            item = _Mention(match.start(), stop, _surname(match.group("first")), int(match.group("year")),
                            None, _second_author(match))
            item = _led_item(item, match, leads)
            further = _further_years(text, year_end, stop, item.year or 0, item)
            # With further years the first mention ends at its own year, so each names one work.
            found.append(replace(item, end=year_end) if further else item)
            found.extend(further)
        adjacent = _adjacent_after(text, pointers, group.end()) if len(found) == 1 else None
        mentions.extend(replace(m, adjacent=adjacent) for m in found)
    return mentions


def _parenthetical_item(text: str, start: int, end: int) -> re.Match[str] | None:
    """The citation that one ``;``-separated item of a group is, if any.

    The whole item ("e.g., Smith, 2003"), or, after a comma, its tail when that tail
    names co-authors ("barnacle geese, Branta leucopsis, Kurvers et al. 2013").
    """
    while start < end and text[start].isspace():
        start += 1
    prefix = _PAREN_PREFIX.match(text, start, end)
    if prefix:
        start = prefix.end()
    match = _PAREN_ITEM.fullmatch(text, start, end)
    if match is not None:
        return match if _first_surname_ok(match, allow_acronym=True) else None
    comma = text.find(",", start, end)
    while comma >= 0:
        tail = comma + 1
        while tail < end and text[tail].isspace():
            tail += 1
        match = _PAREN_ITEM.fullmatch(text, tail, end)
        if match is not None and match.group("more") and _first_surname_ok(match):
            return match
        comma = text.find(",", comma + 1, end)
    return None


# --------------------------------------------------------------------------- sentence ends


def _sentence_end(text: str, position: int, limit: int) -> int:
    """Where the sentence that holds ``position`` ends (a pointer glued to its full stop included)."""
    stop = min(limit, position + _MAX_SENTENCE_REACH)
    for candidate in _SENTENCE_BREAK.finditer(text, position, stop):
        i = candidate.start()
        if candidate.group("blank"):
            following = text[candidate.end() : candidate.end() + 1]
            if not following or not following.islower():
                return i  # a paragraph break; a lower-case word after it is a page break
        elif _ends_sentence(text, i, stop):
            j = i + 1
            while j < stop and not text[j].isspace():
                j += 1  # "group.¹⁴" and ".”[3]": the pointer belongs to this sentence
            return j
    return stop


def _ends_sentence(text: str, index: int, limit: int) -> bool:
    j = index + 1
    if j < limit and text[j].isalnum() and text[j] not in SUPERSCRIPT_DIGITS:
        return False  # "2.8", "e.g", "U.S."
    while j < limit and not text[j].isspace():
        j += 1  # a glued pointer: ".¹⁴", ".[3]", ".”"
    if text[index] != ".":
        return True
    word, _ = _word_before(text, index)
    token = word.lstrip("([\"'“‘").lower()
    if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
        return False  # "et al.", "Fig.", "J. Smith"
    following = _next_char(text, j, limit) if j < limit else ""
    if following == "\n":
        return True
    return not following or not following.islower()


# --------------------------------------------------------------------------- assembly


def _tie(text: str, end: int, mentions: list[_Mention], pointers: list[_Pointer]) -> dict[int, _Pointer]:
    """Which pointer each mention (by position in ``mentions``) is tied to."""
    claimed = {id(m.adjacent) for m in mentions if m.adjacent is not None}
    ties: dict[int, _Pointer] = {}
    for k, mention in enumerate(mentions):
        if mention.adjacent is not None:
            ties[k] = mention.adjacent
            continue
        sentence_end = _sentence_end(text, mention.end, end)
        for pointer in pointers[_first_from(pointers, mention.end) :]:
            if id(pointer) in claimed:
                continue
            if pointer.start < sentence_end:
                ties[k] = pointer
            break
    return ties


def find_citations(
    text: str,
    start: int = 0,
    end: int | None = None,
    max_number: int | None = None,
    *,
    parens: bool | None = None,
) -> list[InTextCitation]:
    """Every in-text citation pointer in ``text[start:end]``, in order of appearance.

    ``max_number`` is the size of the reference list when known; it enables
    parenthesised numeric pointers (see the module docstring for the rule) and
    never filters superscript or bracketed numbers (a number beyond the list is
    a finding for the checks, not noise).  ``parens`` forces that style on or off.
    Spans are absolute into ``text``; ``sentence`` and ``section`` are left None.
    """
    length = len(text)
    start = max(0, min(start, length))
    end = length if end is None else max(start, min(end, length))
    if start >= end:
        return []
    pointers = _numbered_pointers(text, start, end, max_number, parens)
    mentions = _narrative_mentions(text, start, end, pointers)
    mentions += _parenthetical_mentions(text, start, end, pointers)
    mentions = _drop_overlapping(mentions)
    mentions += _yearless_mentions(text, start, pointers, mentions)
    mentions.sort(key=lambda m: m.start)
    ties = _tie(text, end, mentions, pointers)

    tied_ids = {id(p) for p in ties.values()}
    entries: list[tuple[int, int, InTextCitation]] = []
    for pointer in pointers:
        if id(pointer) not in tied_ids:
            entries.append(
                (pointer.start, pointer.start, InTextCitation(
                    text=text[pointer.start : pointer.end], span=Span(pointer.start, pointer.end),
                    numbers=pointer.numbers, style="numeric",
                ))
            )
    for k, mention in enumerate(mentions):
        mention_text = text[mention.start : mention.end]
        pointer = ties.get(k)
        if pointer is None:
            span, printed, numbers = Span(mention.start, mention.end), mention_text, ()
        else:
            span, printed, numbers = Span(pointer.start, pointer.end), text[pointer.start : pointer.end], pointer.numbers
        entries.append(
            (min(span.start, mention.start), span.start, InTextCitation(
                text=printed, span=span, numbers=numbers, style="author-year",
                named_author=mention.author, named_year=mention.year, named_second_author=mention.second,
                mention_text=mention_text, mention_span=Span(mention.start, mention.end),
            ))
        )
    entries.sort(key=lambda e: (e[0], e[1]))
    return [_with_index(c, k) for k, (_, _, c) in enumerate(entries)]


def _drop_overlapping(mentions: list[_Mention]) -> list[_Mention]:
    mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
    kept: list[_Mention] = []
    for mention in mentions:
        further_year = (kept and mention.author == kept[-1].author and mention.end <= kept[-1].end
                        and mention.start > kept[-1].start)
        if kept and mention.start < kept[-1].end and not further_year:
            continue
        kept.append(mention)
    return kept


def _with_index(citation: InTextCitation, index: int) -> InTextCitation:
    return replace(citation, index=index)


# --------------------------------------------------------------------------- author-year papers

_YEAR_LETTER = re.compile(r"\b(?:1[5-9]|20)\d\d([a-z])\b")


# A binomial species name ending where a parenthesis opens: "Rhizoprionodon terraenovae (", "R. terraenovae (",
# "Sphyrna (Mesozygaena) tiburo (". The epithet must end like a Latin adjective or genitive (ICZN names), so that
# "Previous studies (" or "This model (" do not pass for one.
_BINOMIAL_BEFORE = re.compile(
    r"(?<![\w-])(?P<genus>[A-Z](?:[a-z]{2,})?\.?)\s+(?:\([A-Z][a-z]+\)\s+)?"
    r"(?P<epithet>[a-z]{2,}(?:us|um|a|i|ae|is|ii|ix|ax|ex|ops))(?:\s+[a-z]{3,})?\s*\(\s*\Z"
)
# English words with those endings that follow a capitalised word in prose ("This analysis (", "Our data (").
_LATINATE_ENGLISH = frozenset(
    """data criteria media area areas idea formula agenda schema phenomena stimuli analysis basis thesis
    hypothesis crisis axis genus status focus consensus census corpus bonus campus virus minimum maximum
    optimum forum museum medium spectrum datum premium curriculum quantum apparatus nexus stimulus radius
    emphasis synthesis diagnosis prognosis prosthesis dialysis paralysis fibrosis sepsis metastasis cirrhosis
    tuberculosis malaria anaemia anemia edema oedema asthma trauma coma era extra via mania saliva plasma
    retina cornea trachea placenta sigma alpha beta gamma delta lambda omega kappa theta zeta eta iota
    chi psi phi pi xi mu nu rho tau tax index appendix matrix vertex cortex complex reflex annex
    cortices latex apex hippocampus thalamus uterus fetus foetus bacillus fungus nucleus cactus
    anus sinus bus plus thus us versus previous various numerous serious obvious enormous continuous
    ambiguous autonomous synonymous analogous homologous exogenous endogenous heterogeneous homogeneous
    spontaneous simultaneous miscellaneous erroneous""".split()
)
# How far before a mention the species name is looked for.
_BINOMIAL_REACH = 80


def is_taxonomic_authority(text: str, citation: InTextCitation) -> bool:
    """Whether an author-year mention is the authority of the species name printed right before it.

    "Rhizoprionodon terraenovae (Richardson, 1836)" names who described the species, not a cited work.
    Only a one-item parenthesis without "et al." (zoological authorities name one or two people) qualifies.
    """
    span = citation.mention_span
    if span is None or citation.mention_text is None or "et al" in citation.mention_text:
        return False
    opening = text.rfind("(", max(0, span.start - 3), span.start + 1)
    if opening < 0 or text[span.end : span.end + 2].strip()[:1] != ")":
        return False
    binomial = _BINOMIAL_BEFORE.search(text[max(0, opening - _BINOMIAL_REACH) : opening + 1])
    return (binomial is not None and binomial.group("genus").rstrip(".").lower() not in _NOT_SURNAMES
            and binomial.group("epithet") not in _LATINATE_ENGLISH)


def link_author_year(
    citations: list[InTextCitation], references: list[Reference], text: str | None = None
) -> list[InTextCitation]:
    """In a paper that cites by author and year, tie each mention to the entry it names.

    "Dewald et al., 2010" denotes the entry whose first author is Dewald and whose
    year is 2010 (the year letter, "2017a", decides between two such entries).
    Only papers without a single numbered pointer are linked this way: in a numbered
    paper the number decides, and a mismatch between it and the name is a finding.
    A mention that no entry matches keeps a key naming what it cites ("Dewald
    2011"), so the undefined-reference check reports it, unless ``text`` (the document's text) shows it to be a
    species' authority (:func:`is_taxonomic_authority`), which is dropped; a mention that two entries
    match equally stays unlinked rather than guessed.
    """
    if any(c.numbers or c.keys for c in citations):
        return citations
    entries: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for ref in references:
        if ref.number is None or ref.year is None or not ref.authors:
            continue
        for key in first_author_keys(ref.authors[0].family):
            entries.setdefault((key, ref.year), []).append((ref.number, ref.year_suffix))
    linked = []
    for cit in citations:
        if not cit.named_author or cit.named_year is None:
            linked.append(cit)
            continue
        printed = cit.mention_text or cit.text
        letter_match = _YEAR_LETTER.search(printed)
        # A bare letter is a further work of the same year ("2020a, b"): the mention is the letter.
        letter = letter_match.group(1) if letter_match else printed if re.fullmatch(r"[a-z]", printed) else ""
        candidates = entries.get((name_key(cit.named_author), cit.named_year), [])
        if letter and any(suffix == letter for _, suffix in candidates):
            candidates = [(n, s) for n, s in candidates if s == letter]
        numbers = sorted({n for n, _ in candidates})
        if len(numbers) == 1:
            linked.append(replace(cit, numbers=(numbers[0],)))
        elif not numbers and text is not None and is_taxonomic_authority(text, cit):
            continue  # a species' authority that no entry matches cites nothing: not a pointer
        elif not numbers:
            linked.append(replace(cit, keys=(f"{cit.named_author} {cit.named_year}{letter}",)))
        else:
            linked.append(cit)
    return linked
