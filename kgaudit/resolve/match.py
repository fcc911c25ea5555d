"""Field-by-field comparison of a reference as cited with a record as registered.

A search engine's relevance score says how many words matched, not whether the
record is the cited work; identity is decided here, from the fields: title
similarity (rapidfuzz), first author, year, volume, first page and journal.
The same comparison names the fields that disagree (``mismatched``), with the
stated and the registered value side by side.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from kgaudit.model import Reference
from kgaudit.resolve.records import Record

# Fields in report order; weights say how much each counts towards the agreement score.
FIELD_WEIGHTS: dict[str, float] = {
    "title": 3.0, "first_author": 2.0, "year": 1.0, "journal": 1.0, "volume": 1.0,
    "issue": 0.5, "first_page": 1.0, "last_page": 0.5,
}
TITLE_SAME = 90.0  # title similarity (0-100) at which two titles are the same title
TITLE_CLOSE = 80.0  # below this a matched record's title is reported as a mismatch
TITLE_OTHER = 50.0  # below this the titles name different works
_RETRACTION_LABEL = re.compile(r"^\s*(retracted|withdrawn)(\s+article)?\s*[:.\-–]\s*", re.IGNORECASE)
_STOP_WORDS = frozenset("of the and for in on at to a an de la le les der die das und fur et y e".split())


# --------------------------------------------------------------------------- normalisation


def fold(text: str) -> str:
    """Lower-case ASCII-folded words separated by single spaces (HTML tags and entities removed)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("&", " and ").replace("ß", "ss")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def fold_name(name: str) -> str:
    """A family name reduced to letters: "O'Byrne" → "obyrne", "García-Tabar" → "garciatabar"."""
    return fold(name).replace(" ", "")


def normalize_doi(doi: str | None) -> str | None:
    """Bare lower-case DOI ("https://doi.org/10.1/X" → "10.1/x"); None when there is none."""
    if not doi:
        return None
    doi = doi.strip().lower()
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi)
    return doi.rstrip(".") or None


def split_pages(pages: str | None) -> tuple[str | None, str | None]:
    """("212-227" → ("212", "227"); "103-5" → ("103", "105"); "e33693" → ("e33693", None))."""
    if not pages:
        return None, None
    parts = [p.strip() for p in re.split(r"\s*[-–—‐]\s*", pages.strip(), maxsplit=1) if p.strip()]
    if not parts:
        return None, None
    first = parts[0]
    last = expand_last_page(first, parts[1]) if len(parts) > 1 else None
    return first, last


def expand_last_page(first: str, last: str) -> str:
    """Expand an abbreviated last page the way MEDLINE prints it: ("1207", "13") → "1213"."""
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        return first[: len(first) - len(last)] + last
    return last


def _page_key(page: str) -> str:
    """Comparable form of a page or article number: "e0033693" and "E33693" both → "e33693"."""
    page = fold(page).replace(" ", "")
    m = re.fullmatch(r"([a-z]*)0*(\d+)([a-z]*)", page)
    return f"{m.group(1)}{m.group(2)}{m.group(3)}" if m else page


def _volume_key(volume: str) -> str:
    text = fold(volume)
    text = re.sub(r"\b(suppl(ement)?|sup|pt|part|no)\b", " ", text)
    return " ".join(t.lstrip("0") or "0" for t in text.split())


# --------------------------------------------------------------------------- single fields


def title_similarity(stated: str | None, record: str | None) -> float | None:
    """0-100 similarity of two titles (None when one is missing).

    Tries the whole titles and the titles cut at a colon, because references and
    records differ on whether a subtitle is part of the title.
    """
    if not stated or not record:
        return None
    # a re-issued retracted article's title carries a "RETRACTED:" label the citation never had
    record = _RETRACTION_LABEL.sub("", record)
    a_variants = {fold(stated), fold(stated.split(":")[0])}
    b_variants = {fold(record), fold(record.split(":")[0])}
    best = 0.0
    for a in a_variants:
        for b in b_variants:
            if a and b and min(len(a), len(b)) >= 0.5 * max(len(a), len(b)):
                best = max(best, fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
    return round(best, 1)


def same_family(stated: str | None, record: str | None) -> bool | None:
    """Whether two family names are the same person's (None when one is missing)."""
    if not stated or not record:
        return None
    a, b = fold_name(stated), fold_name(record)
    if not a or not b:
        return None
    if a == b:
        return True
    # compound names cited by one part ("Garcia" for "Garcia-Tabar")
    parts_a, parts_b = set(fold(stated).split()), set(fold(record).split())
    if parts_a & parts_b and min(len(a), len(b)) >= 3:
        return True
    return fuzz.ratio(a, b) >= 88.0


def same_volume(stated: str | None, record: str | None) -> bool | None:
    """Whether two volume (or issue) designations agree ("3" and "3-4" do)."""
    if not stated or not record:
        return None
    a, b = _volume_key(stated), _volume_key(record)
    if a == b:
        return True
    return bool(set(a.split()) & set(b.split())) and (" " in a or " " in b)


def same_page(stated: str | None, record: str | None) -> bool | None:
    """Whether two first (or last) pages agree, article numbers included."""
    if not stated or not record:
        return None
    return _page_key(stated) == _page_key(record)


def abbreviates(short: str, full: str) -> bool:
    """Whether ``short`` is an abbreviation of ``full`` ("J Vasc Interv Radiol" of
    "Journal of Vascular and Interventional Radiology").

    Each word of ``short`` must be a letter-subsequence of the next significant
    word of ``full`` starting with the same letter ("Natl" of "National"), and
    every significant word of ``full`` must be used; a leading acronym ("AJR")
    may stand outside the full title.
    """
    s_words = fold(short).split()
    f_words = [w for w in fold(full).split() if w not in _STOP_WORDS]
    if not s_words or not f_words:
        return False
    if _abbreviation_walk(s_words, f_words):
        return True
    return len(s_words) > 1 and s_words[0].isalpha() and _abbreviation_walk(s_words[1:], f_words)


def _abbreviation_walk(s_words: list[str], f_words: list[str]) -> bool:
    # single letters stay: in "U S A" the "A" is America, not an article
    s_words = [w for w in s_words if len(w) == 1 or w not in _STOP_WORDS]
    if len(s_words) != len(f_words):
        return False
    return all(_is_subsequence(s, f) for s, f in zip(s_words, f_words, strict=True))


def _is_subsequence(short: str, word: str) -> bool:
    if not short or not word or short[0] != word[0]:
        return False
    letters = iter(word)
    return all(ch in letters for ch in short)


def same_journal(stated: str | None, names: Sequence[str | None]) -> bool | None:
    """Whether the cited journal is any of the record's journal names (full or abbreviated)."""
    names = [n for n in names if n]
    if not stated or not names:
        return None
    a = fold(stated)
    for name in names:
        b = fold(name)
        if a == b or " ".join(w for w in a.split() if w not in _STOP_WORDS) == " ".join(
            w for w in b.split() if w not in _STOP_WORDS
        ):
            return True
        if abbreviates(stated, name) or abbreviates(name, stated):
            return True
    return False


# --------------------------------------------------------------------------- the comparison


@dataclass(frozen=True)
class FieldCheck:
    """One compared field: the stated and the registered value, and whether they agree.

    ``agrees`` is None when one side is missing (nothing to compare).
    """

    field: str
    stated: str | None
    record: str | None
    agrees: bool | None
    similarity: float | None = None  # titles only, 0-100


@dataclass(frozen=True)
class Comparison:
    """A reference compared with one record, field by field."""

    checks: tuple[FieldCheck, ...]
    score: float  # weighted share of the compared fields that agree, 0-1
    identity: bool  # the fields establish that the record is the cited work
    other_work: bool  # the fields show the record is clearly another work
    doi_differs: tuple[str, str] | None = None  # (printed, registered) when both exist and differ

    def check(self, name: str) -> FieldCheck | None:
        """The check of field ``name`` (None when not compared)."""
        return next((c for c in self.checks if c.field == name), None)

    @property
    def title_similarity(self) -> float | None:
        check = self.check("title")
        return check.similarity if check else None

    @property
    def mismatched(self) -> dict[str, tuple[str | None, str | None]]:
        """Fields that disagree → (stated, record).  A title counts when below :data:`TITLE_CLOSE`."""
        out: dict[str, tuple[str | None, str | None]] = {}
        for c in self.checks:
            if c.agrees is False:
                out[c.field] = (c.stated, c.record)
        if self.doi_differs:
            out["doi"] = self.doi_differs
        return out


def _year_check(ref: Reference, record: Record) -> FieldCheck:
    years = record.years or ((record.year,) if record.year else ())
    shown = str(record.year) if record.year else (str(years[0]) if years else None)
    if ref.year is None or not years:
        return FieldCheck("year", str(ref.year) if ref.year else None, shown, None)
    return FieldCheck("year", str(ref.year), shown, ref.year in years)


def compare(ref: Reference, record: Record) -> Comparison:
    """Compare ``ref`` with ``record`` field by field and decide identity.

    A reference the parser could not structure (no title, no authors) is compared
    through its raw string instead (:func:`compare_raw`).
    """
    if not ref.title and not ref.authors:
        return compare_raw(ref.raw, record)
    t = title_similarity(ref.title, record.title)
    title_agrees = None if t is None else t >= TITLE_CLOSE
    first_author = ref.authors[0].family if ref.authors else None
    stated_last = expand_last_page(ref.first_page, ref.last_page) if ref.first_page and ref.last_page else ref.last_page
    checks = (
        FieldCheck("title", ref.title, record.title, title_agrees, t),
        FieldCheck("first_author", first_author, record.first_author, same_family(first_author, record.first_author)),
        _year_check(ref, record),
        FieldCheck("journal", ref.journal, record.journal_abbrev or record.journal,
                   same_journal(ref.journal, (record.journal, record.journal_abbrev))),
        FieldCheck("volume", ref.volume, record.volume, same_volume(ref.volume, record.volume)),
        FieldCheck("issue", ref.issue, record.issue, same_volume(ref.issue, record.issue)),
        FieldCheck("first_page", ref.first_page, record.first_page, same_page(ref.first_page, record.first_page)),
        FieldCheck("last_page", stated_last, record.last_page, same_page(stated_last, record.last_page)),
    )
    score = _score(checks)
    by = {c.field: c.agrees for c in checks}
    identity = _identity(t, by)
    other = _other_work(t, by)
    printed, registered = normalize_doi(ref.doi), normalize_doi(record.doi)
    doi_differs = (printed, registered) if printed and registered and printed != registered else None
    return Comparison(checks, score, identity and not other, other, doi_differs)


def _score(checks: Sequence[FieldCheck]) -> float:
    total = got = 0.0
    for c in checks:
        if c.agrees is None:
            continue
        weight = FIELD_WEIGHTS[c.field]
        total += weight
        if c.field == "title" and c.similarity is not None:
            got += weight * c.similarity / 100.0
        elif c.agrees:
            got += weight
    return round(got / total, 3) if total else 0.0


def _identity(t: float | None, by: dict[str, bool | None]) -> bool:
    """The record is the cited work: the same title and a matching author or year, or the
    same year, volume and first page (where the article sits) with one more field agreeing."""
    author, year = by["first_author"], by["year"]
    if t is not None and t >= TITLE_SAME:
        if author is True or year is True:
            return not (author is False and year is False)
        if author is None and year is None:
            return True
    if t is not None and t >= TITLE_CLOSE and author is True and year is True:
        return True
    located = by["year"] is True and by["volume"] is True and by["first_page"] is True
    return located and (author is True or by["journal"] is True or (t is not None and t >= TITLE_OTHER))


def _other_work(t: float | None, by: dict[str, bool | None]) -> bool:
    """The record is clearly not the cited work (a printed identifier pointing elsewhere)."""
    if t is not None:
        return t < TITLE_OTHER and not (by["first_author"] is True and by["year"] is True)
    disagreeing = sum(by[f] is False for f in ("year", "volume", "first_page"))
    return by["first_author"] is False and disagreeing >= 2


def compare_raw(raw: str, record: Record) -> Comparison:
    """Compare an unstructured reference string with a record: does the string contain its fields?

    The record's title must appear in the string (fuzzy, :data:`TITLE_SAME`) with
    its first author or year; nothing is reported as mismatched, because the
    string's own fields are unknown.
    """
    text = fold(raw)
    words = set(text.split())
    similarity = round(fuzz.partial_ratio(fold(record.title), text), 1) if record.title else None

    def present(value: str | None) -> bool | None:
        if not value:
            return None
        return True if fold(value) and set(fold(value).split()) <= words else None

    checks = (
        FieldCheck("title", None, record.title, True if similarity and similarity >= TITLE_SAME else None, similarity),
        FieldCheck("first_author", None, record.first_author, present(record.first_author)),
        FieldCheck("year", None, str(record.year) if record.year else None,
                   True if any(str(y) in words for y in record.years or ()) else None),
        FieldCheck("volume", None, record.volume, present(record.volume)),
        FieldCheck("first_page", None, record.first_page, present(record.first_page)),
    )
    by = {c.field: c.agrees for c in checks}
    agreeing = sum(FIELD_WEIGHTS[c.field] for c in checks if c.agrees)
    possible = sum(FIELD_WEIGHTS[c.field] for c in checks if c.record)
    identity = by["title"] is True and (by["first_author"] is True or by["year"] is True)
    # another work: its title is not in the string, nor its author or year
    other = similarity is not None and similarity < 40 and by["first_author"] is None and by["year"] is None
    return Comparison(checks, round(agreeing / possible, 3) if possible else 0.0, identity, other)
