"""The journal knowledge base: printed names, volume numbering and subject areas.

The table itself is ``kgaudit/data/journals.csv`` (one row a journal; every fact
carries its origin in the ``source`` column).  This module reads it and answers
three questions the reference checks ask:

* which journal does a printed name denote?  :meth:`JournalBase.resolve` maps
  "AJR Am J Roentgenol", "J. Bone Joint Surg. Am." or "The Journal of Bone and
  Joint Surgery. American volume" to an entry, and returns ``None`` for names it
  does not know or cannot tell apart (a wrong journal is worse than none);
* which volumes did the journal publish in a year?  :func:`expected_volumes`,
  :func:`volume_plausible` (``None`` when the table has no model for that year);
* is a journal a fitting venue for a paper's topic?  :func:`topic_subjects`
  derives subject terms from a paper's title/keywords/abstract and
  :func:`subjects_related` compares them with the journal's subjects.

Subject terms come from one controlled list, :data:`SUBJECTS`: the NLM Broad
Subject Terms for Indexed Journals, with "Oncology" standing for NLM's
"Neoplasms"/"Medical Oncology", and "Neurosciences" and "Immunology" added for
basic-science venues (NLM files those under "Neurology" and "Allergy and
Immunology", which this list keeps for the clinical specialties).  NLM's
"Physics" and "Chemistry" cover venues outside medicine and biology.

Volume models.  Most journals number volumes linearly: ``k`` volumes a year,
anchored on one year whose volumes are known (Radiology: 2023 = 306-309, 4 a
year).  A row holds the current model (``anchor_year``, ``anchor_volumes``,
``volumes_per_year``, valid from ``model_from`` to ``model_until``) and, for
journals whose numbering changed, earlier models in ``earlier_model`` written
``FROM-TO:YEAR=FIRST[-LAST]/K`` and separated by ``;`` (BMJ:
``1981-2015:2000=320-321/2``).  Years no model covers are unknown, never guessed.
``pagination`` says "article numbers" for journals that print e-locators
instead of pages; ``typical_max_page`` is left empty until measured.
"""

from __future__ import annotations

import csv
import html
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from kgaudit.errors import InputError

__all__ = [
    "COLUMNS",
    "PHYSICAL_SCIENCE_SUBJECTS",
    "SUBJECTS",
    "JournalBase",
    "JournalEntry",
    "JournalMatch",
    "VOLUME_TOLERANCE_YEARS",
    "YEAR_AS_VOLUME_SLACK",
    "VolumeSegment",
    "base_from_rows",
    "entry_from_row",
    "expected_volume_span",
    "expected_volumes",
    "leading_integer",
    "load_journals",
    "normalize_name",
    "parse_volume_model",
    "subjects_related",
    "topic_subjects",
    "volume_plausible",
]

COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "nlm_abbrev",
    "iso_abbrev",
    "variants",
    "issn_print",
    "issn_online",
    "subjects",
    "anchor_year",
    "anchor_volumes",
    "volumes_per_year",
    "model_from",
    "model_until",
    "earlier_model",
    "volume_note",
    "pagination",
    "typical_max_page",
    "source",
)

SUBJECTS: tuple[str, ...] = (
    # clinical specialties
    "Allergy and Immunology", "Anesthesiology", "Cardiology", "Communicable Diseases",
    "Critical Care", "Dentistry", "Dermatology", "Emergency Medicine", "Endocrinology",
    "Gastroenterology", "General Surgery", "Geriatrics", "Gynecology", "Hematology",
    "Nephrology", "Neurology", "Neurosurgery", "Nursing", "Nutritional Sciences",
    "Obstetrics", "Oncology", "Ophthalmology", "Orthopedics", "Otolaryngology", "Pediatrics",
    "Physical and Rehabilitation Medicine", "Psychiatry", "Pulmonary Medicine",
    "Radiotherapy", "Reproductive Medicine", "Rheumatology", "Sports Medicine",
    "Transplantation", "Tropical Medicine", "Urology", "Vascular Diseases",
    # venues that publish on any clinical topic
    "Medicine", "Science", "Radiology", "Nuclear Medicine", "Pathology",
    "Public Health", "Epidemiology", "Statistics as Topic", "Medical Informatics",
    "Health Services Research",
    # basic sciences
    "Biochemistry", "Cell Biology", "Genetics", "Molecular Biology", "Immunology",
    "Microbiology", "Virology", "Pharmacology", "Physiology", "Neurosciences", "Psychology",
    "Biomedical Engineering",
    # physical sciences (NLM's "Physics" and "Chemistry"): venues outside medicine and biology
    "Physics", "Chemistry",
)

# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class VolumeSegment:
    """One linear stretch of a journal's volume numbering.

    In ``anchor_year`` the journal published volumes ``anchor_first``..``anchor_last``;
    every year adds ``per_year`` volumes.  The stretch holds from ``first_year`` to
    ``last_year`` (``None``: open-ended).
    """

    anchor_year: int
    anchor_first: int
    anchor_last: int
    per_year: int
    first_year: int | None = None
    last_year: int | None = None

    def covers(self, year: int) -> bool:
        """True when the stretch's numbering applies to ``year``."""
        if self.first_year is not None and year < self.first_year:
            return False
        return self.last_year is None or year <= self.last_year

    def volumes(self, year: int) -> tuple[int, int] | None:
        """The (first, last) volume published in ``year``, or None outside the stretch."""
        if not self.covers(year):
            return None
        shift = (year - self.anchor_year) * self.per_year
        first, last = self.anchor_first + shift, self.anchor_last + shift
        if last < 1:
            return None
        return max(first, 1), last


@dataclass(frozen=True)
class JournalEntry:
    """One journal of the knowledge base (a row of ``journals.csv``)."""

    id: str
    title: str
    nlm_abbrev: str = ""
    iso_abbrev: str = ""
    variants: tuple[str, ...] = ()
    issn_print: str = ""
    issn_online: str = ""
    subjects: tuple[str, ...] = ()
    segments: tuple[VolumeSegment, ...] = ()
    volume_note: str = ""
    pagination: str = ""
    typical_max_page: int | None = None
    source: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Every printed form the entry is known by (title, abbreviations, variants)."""
        forms = (self.title, self.nlm_abbrev, self.iso_abbrev, *self.variants)
        return tuple(dict.fromkeys(f for f in forms if f))

    @property
    def issns(self) -> tuple[str, ...]:
        """Print and online ISSN, those that are known."""
        return tuple(i for i in (self.issn_print, self.issn_online) if i)

    @property
    def has_volume_model(self) -> bool:
        """True when the entry says how its volumes are numbered for at least some years."""
        return bool(self.segments)


@dataclass(frozen=True)
class JournalMatch:
    """The result of resolving a printed journal name."""

    entry: JournalEntry
    confidence: float  # 1.0 for an exact (normalised) name; lower for abbreviation/typo matches
    method: str  # "exact", "abbreviation"
    matched_name: str  # the entry's name form that matched


# --------------------------------------------------------------------------- parsing the table

_SEGMENT = re.compile(
    r"^\s*(?P<from>\d{4})?\s*-\s*(?P<until>\d{4})?\s*:\s*(?P<year>\d{4})\s*=\s*"
    r"(?P<first>\d+)(?:\s*-\s*(?P<last>\d+))?\s*/\s*(?P<k>\d+)\s*$"
)


def parse_volume_model(text: str) -> tuple[VolumeSegment, ...]:
    """Parse ``earlier_model`` text: ``FROM-TO:YEAR=FIRST[-LAST]/K`` segments separated by ``;``.

    Raises ValueError on a malformed segment (the table is data we ship: fail loudly).
    """
    segments = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        m = _SEGMENT.match(part)
        if not m:
            raise ValueError(f"bad volume model segment {part!r}")
        first = int(m["first"])
        segments.append(
            VolumeSegment(
                anchor_year=int(m["year"]),
                anchor_first=first,
                anchor_last=int(m["last"]) if m["last"] else first,
                per_year=int(m["k"]),
                first_year=int(m["from"]) if m["from"] else None,
                last_year=int(m["until"]) if m["until"] else None,
            )
        )
    return tuple(segments)


def _int_or_none(text: str) -> int | None:
    text = (text or "").strip()
    return int(text) if text else None


def _current_segment(row: dict[str, str]) -> VolumeSegment | None:
    """The row's main volume model, or None when its columns are empty."""
    year, volumes, per_year = row.get("anchor_year", ""), row.get("anchor_volumes", ""), row.get("volumes_per_year", "")
    if not (year.strip() and volumes.strip() and per_year.strip()):
        return None
    first, _, last = volumes.partition("-")
    return VolumeSegment(
        anchor_year=int(year),
        anchor_first=int(first),
        anchor_last=int(last) if last.strip() else int(first),
        per_year=int(per_year),
        first_year=_int_or_none(row.get("model_from", "")),
        last_year=_int_or_none(row.get("model_until", "")),
    )


def _split_list(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in (text or "").split("|") if p.strip())


def entry_from_row(row: dict[str, str]) -> JournalEntry:
    """Build a :class:`JournalEntry` from one CSV row (column names as in :data:`COLUMNS`)."""
    segments = list(parse_volume_model(row.get("earlier_model", "")))
    current = _current_segment(row)
    if current is not None:
        segments.insert(0, current)
    return JournalEntry(
        id=row["id"].strip(),
        title=row.get("title", "").strip(),
        nlm_abbrev=row.get("nlm_abbrev", "").strip(),
        iso_abbrev=row.get("iso_abbrev", "").strip(),
        variants=_split_list(row.get("variants", "")),
        issn_print=row.get("issn_print", "").strip(),
        issn_online=row.get("issn_online", "").strip(),
        subjects=_split_list(row.get("subjects", "")),
        segments=tuple(segments),
        volume_note=row.get("volume_note", "").strip(),
        pagination=row.get("pagination", "").strip(),
        typical_max_page=_int_or_none(row.get("typical_max_page", "")),
        source=row.get("source", "").strip(),
    )


# --------------------------------------------------------------------------- name normalisation

# Words that printed names add or drop freely ("Journal of the American College of Surgeons").
# "in" stays ("Frontiers in Medicine" and "Frontiers of Medicine" are two journals),
# and so does "a" (a section letter: "Am J Med Genet A" is not "Am J Med Genet").
_STOPWORDS = frozenset("the of and for at to an de la le les et des du der die und y".split())
_PARENTHETICAL = re.compile(r"\([^)]*\)")


def _fold(text: str) -> str:
    """Lower-case, strip accents, spell out '&', turn punctuation into spaces, unify ae/oe spellings."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("&", " and ").replace("æ", "e").replace("ae", "e").replace("oe", "e")
    text = re.sub(r"['’]", "", text)  # "Langenbeck's" = "Langenbecks"
    return re.sub(r"[^\w()]+|_", " ", text)


def normalize_name(name: str, *, keep_parenthetical: bool = True) -> str:
    """A journal name reduced to comparable words: ``"The J. Bone & Joint Surg. [Am]"`` → ``"j bone joint surg am"``.

    Case, accents, punctuation, "&"/"and", British "ae"/"oe" spellings
    ("Haematol"), a leading "The" and filler words ("of", "the", ...) do not
    count.  With ``keep_parenthetical=False`` a qualifier such as "(Phila Pa 1976)"
    is dropped.
    """
    text = _fold(name)
    if not keep_parenthetical:
        text = _PARENTHETICAL.sub(" ", text)
    words = [w for w in text.replace("(", " ").replace(")", " ").split() if w not in _STOPWORDS]
    return " ".join(words)


def _printed_keys(printed: str) -> list[str]:
    """The keys a printed name is looked up under, best first.

    A NLM-style subtitle (" : ", " / ", "; ") may be left off.  A qualifier in
    letters names a place or edition that tells journals apart
    ("J Pediatr (Rio J)" is not "J Pediatr"), so it is kept; a qualifier without
    letters is an index's artefact ("Science (80-)", "Lancet (1930)") and is dropped.
    An acronym before a colon is tried alone ("BMJ: British Medical Journal").
    """
    keys = [normalize_name(printed), normalize_name(_title_head(printed))]
    head = printed.split(":", 1)[0].strip()
    if head != printed.strip() and re.fullmatch(r"[A-Z]{2,6}", head):
        keys.append(normalize_name(head))  # "BMJ: British Medical Journal"
    qualifiers = _PARENTHETICAL.findall(printed)
    if qualifiers and not any(re.search(r"[A-Za-z]", q) for q in qualifiers):
        keys.append(normalize_name(printed, keep_parenthetical=False))
    return [k for k in dict.fromkeys(keys) if k]


_SUBTITLE = re.compile(r"\s:\s|\s=\s|\s/\s|;\s")


def _title_head(name: str) -> str:
    """A title without its NLM-style subtitle: "Stroke; a journal of cerebral circulation" → "Stroke".

    Only the spaced separators NLM uses; "Journal of Neurosurgery: Spine" keeps its
    subtitle, which names another journal.
    """
    return _SUBTITLE.split(name, maxsplit=1)[0]


def _name_keys(name: str) -> set[str]:
    """The normalised keys a name form of the table is indexed under.

    A NLM title such as "Journal of vascular and interventional radiology : JVIR"
    is also known without its subtitle.  Qualifiers are kept: a shorter form
    ("Spine" for "Spine (Phila Pa 1976)") is listed explicitly as a variant when it
    names no other journal.
    """
    return {k for k in (normalize_name(name), normalize_name(_title_head(name))) if k}


# --------------------------------------------------------------------------- word alignment

# Single letters that stand for a whole word in NLM/ISO abbreviations.
_LETTER_WORDS = frozenset({("j", "journal"), ("n", "new"), ("n", "north"), ("s", "south"), ("a", "american")})


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


@dataclass(frozen=True)
class _KnownName:
    """One name form of an entry, ready for word alignment."""

    words: tuple[str, ...]
    entry_id: str
    name: str
    full_words: frozenset[str]  # complete words of the entry's title forms
    # long words the entry's own abbreviations print in full ("psychiatry" in "Br J Psychiatry"): a
    # truncation of one ("Br J Psych") is not this journal's abbreviation and may stand for another word
    # ("Psychology"), so it does not count as a match.
    kept_words: frozenset[str] = frozenset()


def _abbreviates(short: str, word: str) -> float:
    """Score for ``short`` being an abbreviation of the complete word ``word`` (0 if not)."""
    if len(short) == 1:
        return 0.95 if (short, word) in _LETTER_WORDS else 0.0
    if word.startswith(short):
        return 0.95
    # contractions keep the first two letters and the order of the rest ("Natl")
    if len(short) >= 4 and short[:2] == word[:2] and _is_subsequence(short, word):
        return 0.8
    return 0.0


# A printed word of at least this many letters may match a title word despite one slip ("Roentgnol"): an
# edit similarity of at least SLIP_MIN_SIMILARITY, scored at SLIP_WEIGHT of it so that a slipped word never
# outranks a clean abbreviation (0.95).  Shorter words are too alike to tell a slip from another word.
SLIP_MIN_WORD_LENGTH = 5
SLIP_MIN_SIMILARITY = 0.85
SLIP_WEIGHT = 0.8


def _word_score(
    printed: str, known: str, full_words: frozenset[str], acronyms: frozenset[str], last: bool = False,
    kept_words: frozenset[str] = frozenset(),
) -> float:
    """How well one printed word stands for one word of a known name form (0 = not at all).

    A printed word matches a known word that is equal; a complete word of the
    journal's title that it abbreviates ("Radiol" for "radiology", "Natl" for
    "national"); an abbreviation in the table that stands for it, when the printed
    word is itself a complete word of the title ("Journal" for "J"); or, for long
    words, the same word with one slip ("Roentgnol").  Acronyms ("JAMA", "BMJ")
    and singular/plural pairs ("Cell"/"Cells") match only themselves.
    """
    if printed == known:
        return 1.0
    if printed.isdigit() or known.isdigit() or known in acronyms or printed in acronyms:
        return 0.0
    if last and (printed + "s" == known or known + "s" == printed):
        return 0.0  # "Mol Cell" / "Mol Cells", "Cancer" / "Cancers"
    score = 0.0
    if known in full_words and len(printed) < len(known):
        if known in kept_words:
            return 0.0
        score = _abbreviates(printed, known)
    elif printed in full_words and len(known) < len(printed):
        score = _abbreviates(known, printed)
    if not score and min(len(printed), len(known)) >= SLIP_MIN_WORD_LENGTH:
        similarity = Levenshtein.normalized_similarity(printed, known)
        if similarity >= SLIP_MIN_SIMILARITY:
            score = SLIP_WEIGHT * similarity
    return score


def _alignment_score(printed: tuple[str, ...], known: _KnownName, acronyms: frozenset[str]) -> float:
    """Mean word score when the printed words stand, in order, for the known name's words; else 0."""
    if len(printed) != len(known.words):
        return 0.0
    total = 0.0
    for i, (p, k) in enumerate(zip(printed, known.words, strict=True)):
        s = _word_score(p, k, known.full_words, acronyms, last=i == len(printed) - 1, kept_words=known.kept_words)
        if s == 0.0:
            return 0.0
        total += s
    return total / len(printed)


def _full_words(entry: JournalEntry) -> frozenset[str]:
    """Complete words of the entry's title forms: the title and long-worded variants."""
    forms = [entry.title] + [
        v for v in entry.variants if sum(len(w) >= 6 for w in normalize_name(v).split()) >= 2
    ]
    return frozenset(w for f in forms for w in normalize_name(f).split())


# A word this long that a journal's own abbreviation prints in full is never truncated by that journal.
_KEPT_WORD_MIN_LETTERS = 6


def _kept_words(entry: JournalEntry) -> frozenset[str]:
    """Long title words the entry's NLM and ISO abbreviations both print in full."""
    abbreviations = [a for a in (entry.nlm_abbrev, entry.iso_abbrev) if a]
    if not abbreviations:
        return frozenset()
    title = {w for w in normalize_name(entry.title).split() if len(w) >= _KEPT_WORD_MIN_LETTERS}
    kept = set(title)
    for abbreviation in abbreviations:
        kept &= set(normalize_name(abbreviation).split())
    return frozenset(kept)


# --------------------------------------------------------------------------- the base

# Below this alignment score a printed name is "unknown".  Chosen by measurement
# (benchmarks/journal_resolution.py): it is the lowest score no name of the
# ~4,700 other MEDLINE journals reaches, and it keeps two-word names with one
# contraction ("J Pers", "Gen Dent", 0.875) out.
MIN_CONFIDENCE = 0.88
# Two candidates closer than this are indistinguishable: the name is ambiguous.
AMBIGUITY_MARGIN = 0.03
# A one-word name is matched exactly only: "Surg" or "Radiol" are not journals.
_MIN_WORDS_FOR_ALIGNMENT = 2
# How many resolved printed names a base remembers before starting afresh (a bound for long batch runs).
_RESOLVED_KEPT = 50_000


@dataclass
class JournalBase:
    """The loaded knowledge base: entries plus name, id and ISSN indexes."""

    entries: tuple[JournalEntry, ...]
    _by_key: dict[str, set[str]] = field(default_factory=dict, repr=False)
    # name forms by (word count, first letter): every word match keeps the first letter
    _by_shape: dict[tuple[int, str], list[_KnownName]] = field(default_factory=dict, repr=False)
    _by_id: dict[str, JournalEntry] = field(default_factory=dict, repr=False)
    _by_issn: dict[str, JournalEntry] = field(default_factory=dict, repr=False)
    _acronyms: frozenset[str] = field(default=frozenset(), repr=False)
    # Printed names already resolved: the same journals recur across a paper's references and across papers,
    # and aligning one against every name form of its shape is the costly part.
    _resolved: dict[str, JournalMatch | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        acronyms: set[str] = set()
        for entry in self.entries:
            if entry.id in self._by_id:
                raise ValueError(f"duplicate journal id {entry.id!r}")
            self._by_id[entry.id] = entry
            for issn in entry.issns:
                self._by_issn[issn.upper()] = entry
            full_words = _full_words(entry)
            kept_words = _kept_words(entry)
            for name in entry.names:
                acronyms |= {w.lower() for w in re.findall(r"\b[A-Z]{2,}\b", name.replace(".", ""))}
                for key in _name_keys(name):
                    self._by_key.setdefault(key, set()).add(entry.id)
                    words = tuple(key.split())
                    shape = (len(words), words[0][0])
                    self._by_shape.setdefault(shape, []).append(
                        _KnownName(words, entry.id, name, full_words, kept_words)
                    )
        self._acronyms = frozenset(acronyms)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[JournalEntry]:
        return iter(self.entries)

    def get(self, journal_id: str) -> JournalEntry | None:
        """The entry with this id, or None."""
        return self._by_id.get(journal_id)

    def by_issn(self, issn: str) -> JournalEntry | None:
        """The entry with this print or online ISSN (``"0033-8419"``), or None."""
        return self._by_issn.get(issn.strip().upper())

    def lookup_exact(self, printed: str) -> JournalEntry | None:
        """The entry whose normalised name equals the printed one; None if none or several."""
        match = self._resolve_exact(printed)
        return match.entry if match is not None else None

    def resolve(self, printed: str | None) -> JournalMatch | None:
        """Map a printed journal name to its entry, or None when unknown or ambiguous.

        Exact (normalised) names win; otherwise every same-length name form of every
        entry is aligned word by word with the printed words and the best entry is
        taken when it scores at least :data:`MIN_CONFIDENCE` and no other entry comes
        within :data:`AMBIGUITY_MARGIN`.
        """
        if not printed or not printed.strip():
            return None
        if printed not in self._resolved:
            if len(self._resolved) >= _RESOLVED_KEPT:
                self._resolved.clear()
            self._resolved[printed] = self._resolve(printed)
        return self._resolved[printed]

    def _resolve(self, printed: str) -> JournalMatch | None:
        exact = self._resolve_exact(printed)
        if exact is not None:
            return exact
        best: dict[str, tuple[float, str]] = {}
        for key in _printed_keys(printed):
            words = tuple(key.split())
            if len(words) < _MIN_WORDS_FOR_ALIGNMENT:
                continue
            for known in self._by_shape.get((len(words), words[0][0]), ()):
                score = _alignment_score(words, known, self._acronyms)
                if score > best.get(known.entry_id, (0.0, ""))[0]:
                    best[known.entry_id] = (score, known.name)
        return self._pick(best)

    def _resolve_exact(self, printed: str) -> JournalMatch | None:
        for key in _printed_keys(printed):
            ids = self._by_key.get(key, set())
            if len(ids) == 1:
                entry = self._by_id[next(iter(ids))]
                name = next((n for n in entry.names if key in _name_keys(n)), entry.title)
                return JournalMatch(entry, 1.0, "exact", name)
            if len(ids) > 1:
                return None  # two journals share this name: never pick one
        return None

    def _pick(self, best: dict[str, tuple[float, str]]) -> JournalMatch | None:
        ranked = sorted(best.items(), key=lambda item: item[1][0], reverse=True)
        if not ranked or ranked[0][1][0] < MIN_CONFIDENCE:
            return None
        if len(ranked) > 1 and ranked[0][1][0] - ranked[1][1][0] < AMBIGUITY_MARGIN:
            return None
        entry_id, (score, name) = ranked[0]
        return JournalMatch(self._by_id[entry_id], round(score, 3), "abbreviation", name)


def _read_rows(text: str, origin: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = set(COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise InputError(origin, f"journal table lacks columns {sorted(missing)}")
    return list(reader)


def base_from_rows(rows: Iterable[dict[str, str]], origin: str = "<rows>") -> JournalBase:
    """A :class:`JournalBase` from CSV-shaped rows (a bad row raises InputError naming it)."""
    entries = []
    for number, row in enumerate(rows, start=2):
        try:
            entries.append(entry_from_row(row))
        except (ValueError, KeyError) as exc:
            raise InputError(origin, f"row {number}: {exc}") from exc
    try:
        return JournalBase(tuple(entries))
    except ValueError as exc:
        raise InputError(origin, str(exc)) from exc


@lru_cache(maxsize=8)
def _load_cached(path: str | None) -> JournalBase:
    if path is None:
        text = resources.files("kgaudit").joinpath("data", "journals.csv").read_text(encoding="utf-8")
        origin = "kgaudit/data/journals.csv"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(path, f"cannot read journal table: {exc.strerror or exc}") from exc
        origin = path
    return base_from_rows(_read_rows(text, origin), origin)


def load_journals(path: str | Path | None = None) -> JournalBase:
    """The journal knowledge base (the packaged table unless ``path`` names another); cached."""
    return _load_cached(str(path) if path is not None else None)


# --------------------------------------------------------------------------- volumes


def expected_volumes(entry: JournalEntry, year: int) -> tuple[int, int] | None:
    """The (first, last) volume ``entry`` published in ``year``; None when the table does not know."""
    for segment in entry.segments:
        volumes = segment.volumes(year)
        if volumes is not None:
            return volumes
    return None


# One year of volumes either side of the cited year absorbs online-first dates and December issues cited
# under the next year.  The one value of this tolerance: derive/journals.py writes it into the graph
# (kga:volumeToleranceYears) and the rule reference_implausible_volume.rq reads it from there.
VOLUME_TOLERANCE_YEARS = 1
# A volume within this many of the cited year is the year printed again as volume (online-first articles are
# cited "2023;2023:1"), which says nothing about the journal's numbering.
YEAR_AS_VOLUME_SLACK = 1
_LEADING_INTEGER = re.compile(r"\s*(\d+)")


def leading_integer(text: object) -> int | None:
    """The integer a volume (or any field) starts with: "155A" → 155, "Suppl 2" → None; an int as it is."""
    if isinstance(text, int):
        return text
    m = _LEADING_INTEGER.match(str(text or ""))
    return int(m.group(1)) if m else None


def volume_plausible(
    entry: JournalEntry, year: int, volume: int | str, tolerance_years: int = VOLUME_TOLERANCE_YEARS
) -> bool | None:
    """Could ``volume`` belong to ``entry`` in ``year``, give or take ``tolerance_years``?

    None when it cannot be judged: no model for that year, or a volume without a
    number ("Suppl"), or the year given again as volume (online-first articles are
    cited "2023;2023:1").  A tolerance of one year of volumes absorbs online-first
    dates and December issues cited under the next year.  "155A" counts as 155.
    """
    number = leading_integer(volume)
    if number is None or expected_volumes(entry, year) is None:
        return None
    if abs(number - year) <= YEAR_AS_VOLUME_SLACK:
        return None  # the year repeated as volume ("2020;2020:4745101"): says nothing
    for y in range(year - tolerance_years, year + tolerance_years + 1):
        volumes = expected_volumes(entry, y)
        if volumes is not None and volumes[0] <= number <= volumes[1]:
            return True
    return False


def expected_volume_span(
    entry: JournalEntry, year: int, tolerance_years: int = VOLUME_TOLERANCE_YEARS
) -> tuple[int, int] | None:
    """The widest (first, last) volume accepted for ``year`` with the tolerance; None if unknown."""
    if expected_volumes(entry, year) is None:
        return None
    ranges = [
        r
        for y in range(year - tolerance_years, year + tolerance_years + 1)
        if (r := expected_volumes(entry, y)) is not None
    ]
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


# --------------------------------------------------------------------------- subjects

# Venue subjects that suit a paper on any clinical topic: general medicine and
# science journals, imaging and pathology (every specialty images and biopsies),
# methods and public health, and the basic sciences (a clinical paper may cite
# mechanism).
GENERAL_VENUE_SUBJECTS: frozenset[str] = frozenset(
    {
        "Medicine", "Science", "Radiology", "Nuclear Medicine", "Pathology", "Public Health",
        "Epidemiology", "Statistics as Topic", "Medical Informatics", "Health Services Research",
        "Biochemistry", "Cell Biology", "Genetics", "Molecular Biology", "Immunology",
        "Pharmacology", "Physiology", "Biomedical Engineering",
    }
)

# Subjects outside medicine and biology: a venue of these fits only a topic that names them.
PHYSICAL_SCIENCE_SUBJECTS: frozenset[str] = frozenset({"Physics", "Chemistry"})

# Specialties close enough that either is a fitting venue for the other (symmetric).
# Deliberately absent: Neurosurgery and Orthopedics with Oncology, Urology or
# Nephrology (a spine journal is no venue for renal oncology), General Surgery
# with Orthopedics or Neurosurgery.
RELATED_SUBJECTS: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (a, frozenset(bs))
    for a, bs in {
        "Oncology": {"Hematology", "Radiotherapy", "General Surgery", "Transplantation"},
        "Urology": {"Nephrology", "General Surgery", "Gynecology", "Reproductive Medicine"},
        "Nephrology": {"Transplantation", "Cardiology", "Vascular Diseases", "Endocrinology"},
        "General Surgery": {
            "Anesthesiology", "Critical Care", "Gastroenterology", "Transplantation",
            "Vascular Diseases", "Emergency Medicine",
        },
        "Neurosurgery": {"Neurology", "Orthopedics", "Otolaryngology"},
        "Orthopedics": {"Rheumatology", "Sports Medicine", "Physical and Rehabilitation Medicine"},
        "Cardiology": {"Vascular Diseases", "Critical Care", "Endocrinology", "Pulmonary Medicine"},
        "Pulmonary Medicine": {"Critical Care", "Allergy and Immunology", "Communicable Diseases"},
        "Gastroenterology": {"Nutritional Sciences", "Transplantation", "Communicable Diseases"},
        "Obstetrics": {"Gynecology", "Pediatrics", "Reproductive Medicine"},
        "Gynecology": {"Reproductive Medicine"},
        "Psychiatry": {"Neurology", "Psychology", "Neurosciences"},
        "Neurology": {"Neurosciences", "Geriatrics", "Physical and Rehabilitation Medicine"},
        "Anesthesiology": {
            "Critical Care", "Orthopedics", "Neurosurgery", "Urology", "Obstetrics", "Cardiology",
        },
        "Critical Care": {"Emergency Medicine", "Communicable Diseases"},
        "Communicable Diseases": {
            "Microbiology", "Virology", "Allergy and Immunology", "Tropical Medicine",
        },
        "Endocrinology": {"Nutritional Sciences", "Obstetrics"},
        "Dermatology": {"Allergy and Immunology", "Rheumatology"},
        "Hematology": {"Transplantation", "Vascular Diseases"},
        "Transplantation": {"Allergy and Immunology"},
        "Otolaryngology": {"Dentistry", "Allergy and Immunology"},
        "Rheumatology": {"Allergy and Immunology"},
        "Geriatrics": {"Physical and Rehabilitation Medicine"},
        "Sports Medicine": {"Physical and Rehabilitation Medicine"},
    }.items()
)


def _related_map() -> dict[str, frozenset[str]]:
    related: dict[str, set[str]] = {}
    for a, bs in RELATED_SUBJECTS:
        for b in bs:
            related.setdefault(a, set()).add(b)
            related.setdefault(b, set()).add(a)
    return {k: frozenset(v | {k}) for k, v in related.items()}


_RELATED = _related_map()


def subjects_related(topic: set[str] | frozenset[str], venue: set[str] | frozenset[str]) -> bool:
    """Is a journal with subjects ``venue`` a fitting place to cite for a paper on ``topic``?

    Not symmetric: ``topic`` is the citing paper's subjects (:func:`topic_subjects`),
    ``venue`` the cited journal's.  True when either side is unknown (empty), when
    the venue is general (:data:`GENERAL_VENUE_SUBJECTS`), when the topic names no
    specialty (a paper on CT dose may cite any specialty; "Physics" and "Chemistry"
    name none), when the venue shares a subject with the topic, or when some topic
    subject equals or is related to (:data:`RELATED_SUBJECTS`) some venue subject.
    A topic subject such as "Radiology" (the paper uses imaging) does not make a
    neurosurgery journal fit a paper on renal tumours.
    """
    if not topic or not venue:
        return True
    if venue & GENERAL_VENUE_SUBJECTS or venue & topic:
        return True
    # A laboratory or physical-science aspect (an enzyme assay, a laser) makes chemistry and physics venues fit,
    # and names no clinical specialty that would make other venues unfit.
    specific_topic = set(topic) - GENERAL_VENUE_SUBJECTS - PHYSICAL_SCIENCE_SUBJECTS
    if not specific_topic:
        return True
    return any(v in _RELATED.get(t, frozenset({t})) for t in specific_topic for v in venue)


def _rules(*pairs: tuple[str, tuple[str, ...]]) -> tuple[tuple[re.Pattern[str], frozenset[str]], ...]:
    return tuple((re.compile(p, re.IGNORECASE), frozenset(s)) for p, s in pairs)


# Word stems → subject terms.  Case-insensitive, anchored on word starts; the
# acronyms (CT, MRI, PET) are matched case-sensitively below.
_TOPIC_RULES = _rules(
    (r"\b(cancer|carcinoma|tumou?r|neoplas|malignan|oncolog|metasta|sarcoma|chemotherap|renal mass|small renal mass)", ("Oncology",)),
    (r"\b(lymphoma|leuka?emi|myeloma|myelodysplas)", ("Oncology", "Hematology")),
    (r"\b(melanoma)", ("Oncology", "Dermatology")),
    (r"\b(glioma|glioblastoma|brain tumou?r|meningioma)", ("Oncology", "Neurosurgery", "Neurology")),
    (r"\b(kidney|renal|nephron)", ("Nephrology", "Urology")),
    (r"\b(nephrectom|prostat|bladder|urolog|ureter|urethr|cystectom|testic|urinary|erectile|incontinen|urothelial)", ("Urology",)),
    (r"\b(nephrolog|nephropath|nephrit|nephrotic|dialys|glomerul|chronic kidney|ckd\b|egfr\b)", ("Nephrology",)),
    (r"\b(radiolog|imaging|image-guided|computed tomograph|magnetic resonance|ultraso|sonograph|fluorosco|angiograph|mammograph|cryoablation|radiofrequency ablation|microwave ablation|percutaneous ablation|interventional radiolog|embolization|embolisation)", ("Radiology",)),
    (r"\b(scintigra|radionuclide|spect\b|radioiodine|radiotracer)", ("Nuclear Medicine",)),
    (r"\b(radiotherap|radiation therap|stereotactic body|brachytherap|radiosurg)", ("Radiotherapy", "Oncology")),
    (r"\b(surgery|surgical|surgeon|laparoscop|resection|hernia|appendectom|cholecystectom|anastomo|postoperativ|perioperativ|operative)", ("General Surgery",)),
    (r"\b(neurosurg|craniotom|hydroceph|intracranial aneurysm|subarachnoid|spinal cord|spine surg|spinal fusion|laminectom|discectom)", ("Neurosurgery",)),
    (r"\b(orthop|fracture|arthroplast|hip replacement|knee replacement|ligament|tendon|cartilage|menisc|rotator cuff|scoliosis|osteoarthrit|vertebra|lumbar|cervical spine|musculoskeletal)", ("Orthopedics",)),
    (r"\b(cardiac|heart|coronary|myocard|atrial fibrillation|arrhythm|cardiovascular|cardiolog|valvular|aortic valve|cardiomyopath)", ("Cardiology",)),
    (r"\b(hypertensi|vascular|aneurysm|venous|arterial|artery|atheroscl|thrombos|embolism|endovascular|stroke)", ("Vascular Diseases",)),
    (r"\b(neurolog|brain|epilep|seizure|dementia|alzheimer|parkinson|multiple sclerosis|migraine|stroke|neuropath|cognitive)", ("Neurology",)),
    (r"\b(psychiatr|depress|schizophren|bipolar|anxiety|mental health|suicid|autis|adhd\b|substance use|addiction)", ("Psychiatry",)),
    (r"\b(pulmonary|lung|respirat|asthma|copd\b|pneumonia|bronch|pleura)", ("Pulmonary Medicine",)),
    (r"\b(gastro|colorectal|colon|rectal|liver|hepat|pancrea|bowel|crohn|colitis|oesophag|esophag|cirrho|biliar|endoscop)", ("Gastroenterology",)),
    (r"\b(diabet|insulin|thyroid|obesity|adrenal|pituitar|endocrin|metabolic syndrome)", ("Endocrinology",)),
    (r"\b(pregnan|obstetric|gestation|preterm|matern|caesarean|cesarean|fetal|foetal|placenta|labou?r induction)", ("Obstetrics",)),
    (r"\b(gyn(a)?ecolog|ovari|uterus|uterine|cervix|cervical cancer|endometri|menopaus)", ("Gynecology",)),
    (r"\b(infertil|ivf\b|in vitro fertili|assisted reproduct|fertility)", ("Reproductive Medicine",)),
    (r"\b(child|pa?ediatric|infant|neonat|newborn|adolescen)", ("Pediatrics",)),
    (r"\b(elderly|older adults|geriatric|frailty|nursing home)", ("Geriatrics",)),
    (r"\b(ophthalm|retina|glaucoma|cataract|macular|visual acuity|cornea|uveitis)", ("Ophthalmology",)),
    (r"\b(otolaryng|hearing|laryn|sinusitis|tonsil|head and neck|cochlear)", ("Otolaryngology",)),
    (r"\b(dermatolog|skin|psoriasis|eczema|atopic dermatitis|acne)", ("Dermatology",)),
    (r"\b(ana?emia|hematolog|haematolog|coagul|transfusion|ha?emophilia|sickle cell|platelet)", ("Hematology",)),
    (r"\b(infectio|infected|hiv\b|tuberculos|malaria|sepsis|septic|antibiotic|antimicrobial|covid|sars-cov|viral|virus|bacteria|vaccin)", ("Communicable Diseases",)),
    (r"\b(allerg|autoimmun|immunodeficien|anaphyla)", ("Allergy and Immunology",)),
    (r"\b(rheumat|arthritis|lupus|gout|spondyloarthr|vasculitis)", ("Rheumatology",)),
    (r"\b(ana?esthe|analges|sedation|nerve block|opioid)", ("Anesthesiology",)),
    (r"\b(intensive care|critically ill|critical care|mechanical ventilation|resuscitation)", ("Critical Care",)),
    (r"\b(emergency department|trauma|injur)", ("Emergency Medicine",)),
    (r"\b(transplant)", ("Transplantation",)),
    (r"\b(dental|teeth|tooth|periodont|orthodont|caries|oral health)", ("Dentistry",)),
    (r"\b(nurse|nursing)", ("Nursing",)),
    (r"\b(athlet|sports?\b|exercise)", ("Sports Medicine",)),
    (r"\b(rehabilitat|physiotherap|physical therap)", ("Physical and Rehabilitation Medicine",)),
    (r"\b(nutrition|dietary|malnutrition)", ("Nutritional Sciences",)),
    # Laboratory and physical science: a paper on enzymes, compounds or lasers may cite chemistry or physics venues.
    (r"\b(enzym|lipase|protease|biochemi|recombinant|purified|crystal structure|mass spectromet|spectroscop|"
     r"chemical synthes|synthesi[sz]ed|compounds?\b|catalys|polymer|nanopartic|nanomaterial|nanostruct)", ("Chemistry",)),
    (r"\b(physics|laser|optical|photonic|quantum|semiconductor|magnetic field|dosimetr|monte carlo simulation|"
     r"nanostruct)", ("Physics",)),
)
_ACRONYM_RULES = (
    (re.compile(r"\b(CT|MRI|MR|PET/CT|CT-guided|US-guided)\b"), frozenset({"Radiology"})),
    (re.compile(r"\bPET\b"), frozenset({"Nuclear Medicine", "Radiology"})),
    (re.compile(r"\b(RCC|HCC)\b"), frozenset({"Oncology"})),
)


def topic_subjects(text: str) -> set[str]:
    """Subject terms (:data:`SUBJECTS`) a paper is about, from its title, keywords and abstract.

    A transparent keyword map, not a classifier: "renal cell carcinoma treated by
    CT-guided cryoablation" gives Oncology, Nephrology, Urology and Radiology.
    """
    if not text:
        return set()
    subjects: set[str] = set()
    for pattern, terms in (*_TOPIC_RULES, *_ACRONYM_RULES):
        if pattern.search(text):
            subjects |= terms
    return subjects


# --------------------------------------------------------------------------- journal, year and volume in a raw string

_SCAN_YEAR = r"(?:1[89]\d{2}|20[0-4]\d)"
_VANCOUVER_TAIL = re.compile(
    rf"^[.,]?\s*(?P<year>{_SCAN_YEAR})[a-z]?(?:\s+[A-Z][a-z]{{2,8}}\.?(?:\s+\d{{1,2}})?)?\s*[;:,]\s*(?:vol\.?\s*)?(?P<vol>\d{{1,4}})\b"
)
_PLAIN_TAIL = re.compile(r"^[.,]?\s*(?:vol\.?\s*)?(?P<vol>\d{1,4})(?=\s*[(:,.]|\s+\d|\s*$)", re.IGNORECASE)
_BOUNDARY = re.compile(r"(?:^|[.?!:;,)\]\"”’']\s*)$")


def scan_reference(
    text: str, base: JournalBase, known_names: AbstractSet[str]
) -> tuple[str, int, str] | None:
    """(journal as printed, year, volume) from a raw reference string, for a journal the base knows.

    The journal must start after a sentence or field boundary, must not be the
    tail of a longer known journal name ("J Immunol" in "Eur J Immunol"), and
    must be followed by "YEAR;VOL" or by a volume number (the year is then the
    only one the string gives).
    """
    text = html.unescape(text)
    words = list(re.finditer(r"\S+", text))
    for i, first in enumerate(words):
        if not _BOUNDARY.search(text[: first.start()]):
            continue
        for j in range(min(len(words), i + 8) - 1, i - 1, -1):
            printed = text[first.start() : words[j].end()].rstrip(".,;:")
            end = first.start() + len(printed)
            if not re.search(r"[A-Za-z]", printed) or base.lookup_exact(printed) is None:
                continue
            if any(normalize_name(text[words[k].start() : end]) in known_names for k in range(max(0, i - 4), i)):
                continue
            found = _tail_facts(text, end)
            if found is not None:
                return printed, found[0], found[1]
    return None


def _tail_facts(text: str, end: int) -> tuple[int, str] | None:
    tail = text[end:]
    m = _VANCOUVER_TAIL.match(tail)
    if m:
        return int(m["year"]), m["vol"]
    m = _PLAIN_TAIL.match(tail)
    if not m or re.fullmatch(_SCAN_YEAR, m["vol"]):
        return None
    years = set(re.findall(rf"\(({_SCAN_YEAR})[a-z]?\)", text)) or set(re.findall(rf"\b({_SCAN_YEAR})\b", text))
    if len(years) != 1:
        return None
    return int(years.pop()), m["vol"]
