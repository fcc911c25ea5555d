"""Reference strings: split a reference-list section into entries and parse each entry.

:func:`split_reference_entries` cuts the text of a reference list (as extracted
from a PDF: wrapped lines, page breaks, stray bullets) into one string per entry.
:func:`parse_reference` reads one entry into a :class:`~kgaudit.model.Reference`.

The parser reads Vancouver / AMA / NLM first (``Taylor NN, Rodriguez ON, et al.
Title. J Clin Oncol. 2015;44(3):280-95.``) and also the common author–year forms
(APA, Harvard, Springer's ``Smith J (2003) Title. J Name 12:34–56``), physics
style (``Lee SG et al., Rev. Sci. Instrum. 79, 10F117 (2008)``), books and
chapters.  It works in three steps:

1. identifiers (DOI, PMID, URLs, access dates) are taken out of the string;
2. the author list is found at the start, by the first of several strategies
   whose prefix reads as a list of names (year in brackets after the names,
   Harvard ``Names, 1997.``, Vancouver ``Names.``, initials first ``S.G. Lee,``);
3. the source details (year, volume, issue, pages) are found at the end, and
   what lies between the authors and the details is split into title and
   journal at the sentence break after which the text reads like a journal name.

Nothing here raises: an entry whose structure cannot be found is returned with
``parsed=False`` and whatever fields could be read (year, DOI, ...).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

from kgaudit.model import Author, Reference, Span

__all__ = ["expand_last_page", "parse_reference", "split_reference_entries"]

# --------------------------------------------------------------------------- shared patterns

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Spring|Summer|Fall|Autumn|Winter)\.?"
)
_DATE = rf"{_MONTH}(?:\s*[{_DASHES}/]\s*{_MONTH})?(?:\s+\d{{1,2}}(?:\s*[{_DASHES}]\s*\d{{1,2}})?)?"
# A page: 280, S10, e1234, 10F117, 1234.e5 — and an optional end page after a dash.
_PAGE = r"(?:[A-Za-z]{0,2}\d+[A-Za-z]?\d*(?:\.e?\d+)?)"
# "165?168": an en dash lost to a wrong encoding.
_PAGES = rf"(?P<pages>{_PAGE}(?:\s*(?:[{_DASHES}]+|\?)\s*{_PAGE})?)"
_VOLUME = rf"(?P<vol>\d+[A-Za-z]?(?:\s*[{_DASHES}/]\s*\d+)?)"
_SUPPLEMENT = r"(?P<supp>(?:Suppl(?:ement)?|Pt|Part|Spec(?:ial)? (?:No|Iss(?:ue)?))\.?\s*[A-Za-z]?\d*)"
_ISSUE = r"\((?P<issue>[^()]{1,30})\)"

# Source details at the end of an entry, one pattern per family of styles.
_TAILS: tuple[re.Pattern[str], ...] = (
    # Vancouver / NLM: 2015 Mar;44(3):280-95 | 2015;44 Suppl 2:S10-5 | J Name2015;8:1030
    re.compile(
        rf"(?<!\d)(?P<year>{_YEAR})(?P<ysuf>[a-z])?(?:\s+{_DATE})?\s*;\s*(?:{_VOLUME})?\s*(?:{_SUPPLEMENT})?\s*"
        rf"(?:{_ISSUE})?\s*(?::\s*{_PAGES})?"
    ),
    # BMC: 2005, 97:93-101 | 2005, 97(2):93
    re.compile(rf"(?<!\d)(?P<year>{_YEAR})(?P<ysuf>[a-z])?\s*,\s*{_VOLUME}\s*(?:{_ISSUE})?\s*:\s*{_PAGES}"),
    # Springer / PLoS: J Name 56(5):986-997 | 19: 131-137
    re.compile(rf"(?<![\w.])(?<!\d[.,])(?:{_VOLUME})\s*(?:{_SUPPLEMENT})?\s*(?:{_ISSUE})?\s*:\s*{_PAGES}"),
    # APA / Harvard: , 46(2), 187-204 | , 12, pp. 45-67
    re.compile(
        rf",\s*(?:[Vv]ol\.?\s*)?(?P<vol>\d+[A-Za-z]?)\s*(?:{_ISSUE})?\s*[,:]\s*(?:pp?\.?\s*)?{_PAGES}(?=\s*(?:[.,;]|$))"
    ),
    # Explicit words: vol. 21, no. 7-8, pp. 718-735
    re.compile(
        rf"\b[Vv]ol(?:ume)?\.?\s*(?P<vol>[{_DASHES}\w]+)"
        rf"(?:\s*[,(]?\s*(?:[Nn]o|[Nn]r|[Ii]ssue|[Nn]um(?:ber)?)\.?\s*(?P<issue>[{_DASHES}\w]+)\)?)?"
        rf"(?:\s*,?\s*(?:pp?\.?|[Pp]ages?)\s*{_PAGES})?"
    ),
    # ABNT (Brazil) and other SciELO styles: v. 83, n. 9, p. 1400-1414, 2005 | v. 33, e200068, jul./dez. 2020 |
    # v. 26, n. 4, p. 57-74, Fall, 2012 | ..., Jun. 2022b.
    # Anchored on the year that closes the numbers, so a lone "v." elsewhere is not read as a volume.
    re.compile(
        rf"\b[Vv]\.\s*(?P<vol>\d+[A-Za-z]?)(?:\s*,\s*(?:[Nn]\.|[Nn]o\.|[Nn]úm\.)\s*(?P<issue>[{_DASHES}\w/]+))?"
        rf"(?:\s*,\s*(?:p\.\s*)?(?P<pages>{_PAGE}(?:\s*[{_DASHES}]+\s*{_PAGE})?))?"
        rf"\s*,\s*(?:[A-Za-zç]{{3,6}}\.?(?:\s*/\s*[A-Za-zç]{{3,6}}\.?)?,?\s+)?(?P<year>{_YEAR})(?P<ysuf>[a-z])?\b"
    ),
    # Physics: Rev. Sci. Instrum. 79, 10F117 (2008)
    re.compile(rf"(?<![\w.]){_VOLUME}\s*(?:{_ISSUE})?\s*,\s*{_PAGES}\s*\((?P<year>{_YEAR})\)"),
    # APA without pages: Journal, 12(3).
    re.compile(rf",\s*{_VOLUME}\s*{_ISSUE}(?=\s*(?:[.,;]|$))"),
    # Royal Society / Elsevier Harvard, year after the authors: "J. Mammal. 90, 332-339" closing the entry. Only
    # after a word or an abbreviation's full stop (the journal), with a page range, and nothing but punctuation after.
    re.compile(rf"(?<=[A-Za-z.)])\s+(?P<vol>\d{{1,4}}[A-Za-z]?)\s*(?:{_ISSUE})?\s*,\s*"
               rf"(?P<pages>{_PAGE}\s*[{_DASHES}]+\s*{_PAGE})[\s.;,]*$"),
)

# --------------------------------------------------------------------------- cleaning


def _clean(raw: str) -> tuple[str, list[str]]:
    """Plain text of an entry (markup gone, one space between words) and its italic runs."""
    s = unicodedata.normalize("NFC", raw)
    s = re.sub(r"</?(?:italic|i|em)>", "*", s)
    s = re.sub(r"</?(?:italic|i|em|b|bold|sup|sub|sc|span|named-content)(?:\s[^>]*)?>", "", s)
    italics = [m.group(1).strip() for m in re.finditer(r"(?<![*\w])[*_]{1,2}([^*_\n]{2,300}?)[*_]{1,2}(?![*\w])", s)]
    s = re.sub(r"(?<![*\w])[*_]{1,2}([^*_\n]{2,300}?)[*_]{1,2}(?![*\w])", r"\1", s)
    s = re.sub(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+", " ", s).strip()
    # "et al.Title" and "Name,et al." as glued by some extractors.
    s = re.sub(r"\bet\s*al\b\.?(?=[A-Z])", "et al. ", s)
    return s, italics


_DOI = re.compile(
    r"(?:(?:\bdoi\s*[:=]?\s*)?(?:https?://)?(?:dx\.)?doi\.org/|\bdoi\s*[:=]?\s*|\bDOI\s*)?(?P<doi>10\.\d{4,9}/[^\s\"]+)"
    # A PDF may break a DOI after a full stop ("10.1523/jneurosci. 0300-04.2004", "fca .14.82").
    r"(?P<broken>(?:(?<=\.)\s(?=[\w-]*\d)[^\s\"]+|\s(?=\.\w)[^\s\"]+))?",
    re.I,
)
_PMID = re.compile(r"\bPMID\s*[:=]?\s*(?P<pmid>\d{1,9})\b", re.I)
_NOISE = (
    re.compile(r"\bPMCID\s*[:=]?\s*PMC\d+", re.I),
    re.compile(r"\[(?:cited|accessed|updated)[^\]]{0,60}\]", re.I),
    re.compile(r"\(?\b(?:last\s+)?(?:accessed|retrieved|viewed|cited)\b(?:\s+on)?:?[^()]{0,40}?\d{4}\)?(?:,?\s*from)?", re.I),
    # Portuguese and Spanish access notes (ABNT, SciELO): "Acesso em: 11 ago. 2020", "Consultado el 3 de mayo de 2019";
    # SciELO's English "Last access: Jan. 14, 2024".
    re.compile(r"\b(?:acesso em|accedido el|consultado (?:el|en)|last access)\s*:?[^()]{0,40}?\d{4}", re.I),
    re.compile(r"\[?\bEpub\b(?: ahead of print)?[^\].;]{0,30}[\].;]?", re.I),
    re.compile(r"\bPublished online[^.;]{0,30}[.;]?", re.I),
    re.compile(r"\[(?:Internet|online|serial on the Internet|Article in [A-Za-z]+|in [A-Z][a-z]+|Review|"
               r"English abstract)\]", re.I),
    re.compile(r"\b(?:Available (?:from|at|online)|Dispon[ií]vel em|Disponible en)\s*:?", re.I),
    re.compile(r"[\(\[]?\b(?:in press|forthcoming|submitted|accepted for publication)\b[\)\]]?", re.I),
    re.compile(r"(?:https?://|www\.)\S+", re.I),
)


def _clean_doi(doi: str) -> str:
    """Cut sentence punctuation and unbalanced closing brackets off a DOI; lower-case it."""
    doi = unquote(doi)
    if "<" not in doi:  # SICI DOIs hold "<...>"; otherwise ">" is markup
        doi = doi.split(">")[0]
    while doi and doi[-1] in ".,;:'\"]}>)":
        if doi[-1] == ")" and doi.count("(") >= doi.count(")"):
            break
        doi = doi[:-1]
    return doi.lower()


def _take_identifiers(s: str) -> tuple[str, str | None, str | None, bool]:
    """Remove DOI, PMID, URLs and access notes; return (rest, doi, pmid, had_url)."""
    doi = pmid = None
    m = _DOI.search(s)
    if m:
        doi = _clean_doi(m.group("doi") + (m.group("broken") or "").strip())
        s = s[: m.start()] + " " + s[m.end() :]
    m = _PMID.search(s)
    if m:
        pmid = m.group("pmid")
        s = s[: m.start()] + " " + s[m.end() :]
    # "(doi:10.1/x)" leaves its brackets behind once the DOI is taken out.
    s = re.sub(r"[(\[]\s*[)\]]|[(\[]\s*$", " ", s.rstrip(" .,;:"))
    had_url = bool(re.search(r"https?://|www\.", s))
    for pattern in _NOISE:
        s = pattern.sub(" ", s)
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"(?:\s*[.,;:])+\s*$", "", s).strip()
    s = re.sub(r"\s+([.,;:])", r"\1", s)
    return s, doi, pmid, had_url


# --------------------------------------------------------------------------- authors

_PARTICLES = {
    "van", "von", "de", "der", "den", "del", "della", "dello", "degli", "di", "da", "dos", "das", "do", "du",
    "la", "le", "les", "ten", "ter", "te", "vander", "van't", "st", "st.", "af", "al", "el", "bin", "ibn",
    "y", "e", "d'", "zu", "mc", "mac", "vom", "op", "'t",
}
# Case matters: "JR" is a pair of initials, "Jr" a suffix.  Ordinals cannot be initials either.
_UNAMBIGUOUS_SUFFIXES = {"Jr", "Jr.", "jr", "jr.", "Sr", "Sr.", "2nd", "3rd", "4th"}
# Roman numerals read like initials: in "Smith IV" the "IV" is Ivan Vladimir's initials, in
# "Smith JA IV" a generational suffix.  Only the words' context tells (:func:`_drop_suffix`).
_ROMAN_SUFFIXES = {"II", "III", "IV"}
# A piece of its own between commas ("Smith, J. A., III") cannot be a name, so it is always a suffix.
_SUFFIXES = _UNAMBIGUOUS_SUFFIXES | _ROMAN_SUFFIXES
_INITIALS_PERIOD = re.compile(r"(?:[A-Z][a-z]?\.\s?[-\u2010]?\s?){1,4}|(?:[A-Z][a-z]?\.\s?[-\u2010]?\s?){1,3}[A-Z]")
_INITIALS_BARE = re.compile(r"[A-Z]{1,4}(?:[-\u2010][A-Z]{1,2})?\.?")
_INITIALS_MIXED = re.compile(r"[A-Z](?:\.?[-\u2010]?[A-Z]){0,3}\.?")


def _is_initials(word: str) -> bool:
    """"J.", "J. A.", "JA", "J.-P.", "Ch." — given names printed as initials."""
    w = word.strip()
    return bool(w) and bool(
        _INITIALS_PERIOD.fullmatch(w) or _INITIALS_BARE.fullmatch(w) or _INITIALS_MIXED.fullmatch(w)
    )


def _is_name_word(word: str) -> bool:
    """A word of a family name: capitalised letters (O'Brien, Abdel-Rahman, Tannhäuser) or a particle."""
    if word.lower() in _PARTICLES:
        return True
    if word.endswith(".") or len(word) > 30:
        return False
    core = re.sub(r"['’′\-\u2010]", "", word)
    if not core or not all(c.isalpha() for c in core):
        return False
    return word[0].isupper() or (word[:2].lower() in ("d'", "d’", "o'", "o’"))


def _family_ok(words: list[str]) -> bool:
    # A capitalised "Le", "Do", "De" is a whole surname; a lower-case particle never ends one;
    # a single capital letter is an initial.
    return (
        1 <= len(words) <= 4
        and all(_is_name_word(w) for w in words)
        and words[-1] not in _PARTICLES
        and len(words[-1]) >= 2
    )


def _drop_suffix(words: list[str]) -> list[str]:
    """The words of one name without its generational suffix ("Jr", "3rd", and "IV" where it is one).

    A Roman numeral is a suffix only when the name's initials are already there:
    after them ("Smith JA IV"), or after the surname when the initials come
    first ("J. A. Smith III").  Right after a surname ("Smith IV") it is the
    initials themselves, as Vancouver prints them.
    """
    kept: list[str] = []
    for i, word in enumerate(words):
        w = word.strip(",")
        if w in _UNAMBIGUOUS_SUFFIXES:
            continue
        if w in _ROMAN_SUFFIXES and i > 0 and _has_initials_before(words, i):
            continue
        kept.append(word)
    return kept


def _has_initials_before(words: list[str], i: int) -> bool:
    """Whether the name ``words[:i]`` already holds its initials (so ``words[i]`` cannot be them)."""
    previous = words[i - 1].strip(",")
    if i >= 2 and _is_initials(previous) and previous not in _ROMAN_SUFFIXES:
        return True  # "Smith JA IV": surname, initials, suffix
    # "J. A. Smith III" / "J Smith III": initials first, then the surname, then the suffix.
    return i >= 2 and _is_initials(words[0]) and not _is_initials(previous)


def _author_from_piece(piece: str) -> tuple[Author, bool] | None:
    """One name printed as "Surname AB", "A. B. Surname", "Surname" or "Given Surname".

    The flag says whether the name came with initials."""
    words = _drop_suffix(piece.split())
    if not words:
        return None
    # Surname INITIALS (Vancouver; also "Smith J.A.", "Pandey S K")
    k = len(words)
    while k > 1 and _is_initials(words[k - 1]) and len(words[k - 1].replace(".", "")) <= 4:
        k -= 1
    if k < len(words) and _family_ok(words[:k]):
        return Author(" ".join(words[:k]), " ".join(words[k:]).rstrip(".")), True
    # INITIALS Surname ("S.G. Lee", "L. V. Kantorovich")
    i = 0
    while i < len(words) - 1 and _is_initials(words[i]) and ("." in words[i] or len(words[i]) == 1):
        i += 1
    if 0 < i < len(words) and _family_ok(words[i:]):
        return Author(" ".join(words[i:]), " ".join(words[:i])), True
    # A bare surname, or "Given Surname" (full names, e.g. computer science)
    if _family_ok(words) and len(words) <= 3:
        if len(words) == 1 or any(w.lower() in _PARTICLES for w in words):
            return Author(" ".join(words)), False
        return Author(words[-1], " ".join(words[:-1])), False
    return None


@dataclass
class _Authors:
    authors: tuple[Author, ...]
    et_al: bool


_ET_AL = re.compile(r"[,;]?\s*\b(?:et\s*al\b\.?|and others\b|et\s+coll?\b\.?|u\.\s*a\.)", re.I)


def _parse_author_list(segment: str) -> _Authors | None:
    """Read a printed author list; None when it does not read as one."""
    seg = segment.strip().rstrip(",;: ")
    if not re.search(r"\b[A-Z][a-z]?\.$", seg):  # keep the full stop of a final initial ("J. R.")
        seg = seg.rstrip(". ")
    et_al = False
    if _ET_AL.search(seg):
        m = _ET_AL.search(seg)
        assert m is not None
        if seg[m.end() :].strip(" .,;"):  # "et al." must close the list
            return None
        et_al = True
        seg = seg[: m.start()].rstrip(" ,;")
    if not seg or len(seg) > 1200:
        return None
    seg = re.sub(r"\s*(?:&|\band\b|\bund\b|\bet\b|\by\b)\s+", ", ", seg)
    seg = re.sub(r"\s*;\s*", ", ", seg)
    pieces = [p.strip() for p in seg.split(",") if p.strip()]
    pieces = [p for p in pieces if p not in _SUFFIXES]
    if not pieces:
        return None
    authors: list[Author] = []
    with_initials: set[bool] = set()
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        # "Surname, I. I." pairs (APA, Harvard)
        words = piece.split()
        # A short upper-case surname looks like initials ("HE", "MALM"); before dotted initials it is the surname
        # (ABNT prints "HE, L.; MALM, A.").
        short_caps_surname = nxt is not None and "." in nxt and "." not in piece and len(piece) >= 2
        if (nxt is not None and _family_ok(words) and _is_initials(nxt)
                and (not _is_initials(piece) or short_caps_surname)):
            authors.append(Author(piece, nxt.replace(" ", "").rstrip(".")))
            with_initials.add(True)
            i += 2
            continue
        found = _author_from_piece(piece)
        if found is None:
            return None
        authors.append(found[0])
        with_initials.add(found[1])
        i += 1
    if len(with_initials) > 1:
        # Names with initials and a bare word ("Lee SG, Pope MT, Rev"): the word is not a name.
        return None
    return _Authors(tuple(authors), et_al)


# --------------------------------------------------------------------------- where the authors end


@dataclass
class _Head:
    authors: _Authors | None
    rest: str
    year: int | None = None
    year_suffix: str = ""


_PAREN_YEAR = re.compile(
    rf"[\(\[]\s*(?P<year>{_YEAR})(?P<ysuf>[a-z])?(?:\s*,?\s*{_DATE})?\s*[\)\]]\s*[.,:;]?\s*"
)
_HARVARD_YEAR = re.compile(
    rf"[,.]?\s+(?P<year>{_YEAR})(?P<ysuf>[a-z])?(?:\s*[.,:]\s+|\s*[.:]\s*(?=[A-Z\"“‘'])|\s+(?=[A-Z\"“‘']))"
)


# One name as Chicago prints it: capitalised words, initials, particles, hyphens and apostrophes.
_CHICAGO_NAME = re.compile(r"(?:(?:[A-Z][\w'’\-]*\.?|van|von|de|der|den|da|di|du|la|le)\s+)*[A-Z][\w'’\-]*\.?")


def _chicago_authors(segment: str) -> _Authors | None:
    """Chicago author-date names: the first inverted, the others given-name first.

    "Karpicke, Jeffrey D., and Janell R. Blunt" → Karpicke (Jeffrey D.), Blunt (Janell R.).
    Every piece must read as a name, and the first given name must be more than initials
    (otherwise the list is APA or Vancouver, which the other readers handle).
    """
    et_al = bool(_ET_AL.search(segment))
    segment = _ET_AL.sub("", segment).strip(" ,.")
    pieces = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", segment) if p.strip()]
    if len(pieces) < 2 or not all(_CHICAGO_NAME.fullmatch(p) for p in pieces):
        return None
    family, given, others = pieces[0], pieces[1], pieces[2:]
    if all(_is_initials(word) for word in given.split()) or " " in family.strip():
        return None
    authors = [Author(family=family, given=given)]
    for name in others:
        words = name.split()
        if len(words) < 2:
            return None
        authors.append(Author(family=words[-1], given=" ".join(words[:-1])))
    return _Authors(tuple(authors), et_al)


# An organisation as author, its acronym first: "BLS – US Bureau of Labor Statistics. The employment situation."
# (ABNT and other SciELO styles). The dash with spaces around it and the full stop close the name.
_ORGANISATION_AUTHOR = re.compile(r"(?P<org>[A-Z][A-Z&]{1,11}\s+[–—-]\s+[A-Z][^.;:()]{2,120}?)\.\s+(?=[A-Z0-9\[\"“])")


def _split_authors(s: str) -> _Head:
    """Find where the author list ends, trying the styles one by one."""
    organisation = _ORGANISATION_AUTHOR.match(s)
    if organisation is not None and not _is_initials(organisation.group("org").split()[-1]):
        return _Head(_Authors((Author(organisation.group("org")),), False), s[organisation.end() :])
    # (Year) after the names: APA, Springer, PLoS.
    for m in _PAREN_YEAR.finditer(s, 0, min(len(s), 1500)):
        authors = _parse_author_list(s[: m.start()])
        if authors is not None:
            return _Head(authors, s[m.end() :], int(m.group("year")), m.group("ysuf") or "")
        break
    # Names, 1997. Title (Harvard); "Family, Given, and Given Family. 1997. Title" (Chicago author-date)
    for m in _HARVARD_YEAR.finditer(s, 0, min(len(s), 1500)):
        authors = _parse_author_list(s[: m.start()])
        chicago = _chicago_authors(s[: m.start()])
        # Surnames without a single initial are not an APA/Harvard list: "Renkl, Alexander" is one author.
        if chicago is not None and (authors is None or not any(a.given for a in authors.authors)):
            authors = chicago
        if authors is not None:
            return _Head(authors, s[m.end() :], int(m.group("year")), m.group("ysuf") or "")
        break
    # Names. Title (Vancouver): the longest prefix ending at a full stop or colon that reads as names.
    best: tuple[int, _Authors] | None = None
    # At most 80 full stops are tried: author lists longer than that are not worth quadratic time.
    for count, m in enumerate(re.finditer(r"[.:](?=\s|,\s|[A-Z\"“‘'])", s[:1500])):
        if count >= 80:
            break
        prefix = s[: m.start() + 1] if s[m.start()] == "." else s[: m.start()]
        authors = _parse_author_list(prefix)
        if authors is not None:
            best = (m.end(), authors)
    if best is not None:
        return _Head(best[1], s[best[0] :].lstrip(" .:,"))
    # S.G. Lee, M. Smith and J. Doe, Title... (initials first, comma-terminated)
    pieces = s.split(",")
    taken: list[str] = []
    for piece in pieces[:-1]:
        trial = ",".join([*taken, piece])
        if _parse_author_list(trial) is None:
            break
        taken.append(piece)
    if taken:
        authors = _parse_author_list(",".join(taken))
        first = taken[0].split()
        if authors is not None and first and _is_initials(first[0]):
            return _Head(authors, ",".join(pieces[len(taken) :]).strip(" ,"))
    return _Head(None, s)


# --------------------------------------------------------------------------- title / journal

_CONNECTORS = {
    "of", "and", "the", "for", "in", "on", "&", "de", "des", "du", "der", "die", "das", "und", "la", "le",
    "et", "für", "y", "da", "di", "del", "a", "an", "to", "at", "with", "fur", "i", "e", "el", "en",
}
_LOWER_JOURNAL_WORDS = {"npj", "eLife", "mBio", "eNeuro", "iScience", "arXiv", "bioRxiv", "medRxiv"}


def _journal_like(text: str) -> bool:
    """Does ``text`` read like a journal name (capitalised words and connectors only)?"""
    words = [w.strip(".,:;()[]") for w in text.split()]
    words = [w for w in words if w]
    if not words or len(words) > 16:
        return False
    if words[0].lower() in _CONNECTORS and words[0].lower() not in ("the", "la", "le", "el", "i"):
        return False
    for w in words:
        if w.lower() in _CONNECTORS or w in _LOWER_JOURNAL_WORDS:
            continue
        if not (w[0].isupper() or w[0].isdigit() or any(c.isupper() for c in w[1:])):
            return False
    return True


def _sentence_breaks(text: str) -> list[int]:
    """Positions where a new sentence may start (after ". ", "? ", "! "), skipping initials like "U.S."."""
    breaks = []
    for m in re.finditer(r"[.?!][\"”’']?\s+(?=\S)", text):
        before = text[: m.start()]
        token = before.split()[-1] if before.split() else ""
        if re.fullmatch(r"(?:[A-Z]\.){2,}", token + "." if not token.endswith(".") else token):
            continue  # "U.S. Cancer": a dotted abbreviation, not a sentence end
        if token.lower().rstrip(".") in ("vs", "e.g", "i.e", "cf", "var", "approx", "no", "al", "subsp", "ca"):
            continue
        breaks.append(m.end())
    return breaks


def _abbreviated_before_last_break(candidate: str) -> bool:
    """Sentence breaks inside a journal name follow abbreviations ("Biosens. Bioelectron.",
    "Crit. Rev. Solid State Mater. Sci."); "Structure of the N-acylaminosulfonates. J Biol Chem"
    is instead the end of a title followed by a journal."""
    start = 0
    for b in _sentence_breaks(candidate):
        segment = candidate[start:b].strip()
        start = b
        last = segment.split()[-1] if segment.split() else ""
        core = last.rstrip(".").lstrip("([")
        if not last.endswith(".") or not core or len(core) > 8:
            return False
    return True


def _split_title_journal(head: str, italics: list[str]) -> tuple[str | None, str | None]:
    """Split "Title. Journal" into its parts."""
    head = head.strip(" .,;:")
    if not head:
        return None, None
    for it in italics:
        name = re.sub(r"[,\s]*\d.*$", "", it).strip(" .,;:")
        if name and len(name) < len(head) and head.endswith(name) and head[: -len(name)].strip(" .,;:"):
            return head[: -len(name)].strip(" .,;:"), name
    breaks = _sentence_breaks(head)
    for b in breaks:
        candidate = head[b:].strip(" .,;:")
        if _journal_like(candidate) and _abbreviated_before_last_break(candidate):
            title = head[:b].strip(" ,;:")
            # "Rev. Sci. Instrum." with no title: the first "sentence" is an abbreviation.
            if re.fullmatch(r"[A-Z][a-z]{0,6}\.", title) and _journal_like(head):
                return None, head
            return title.rstrip(". "), candidate
    if breaks:
        b = breaks[-1]
        return head[:b].strip(" ,;:").rstrip(". ") or None, head[b:].strip(" .,;:") or None
    # Harvard with commas: "Title, Journal Name"
    parts = head.rsplit(", ", 1)
    if len(parts) == 2 and _journal_like(parts[1]) and len(parts[0]) > 10:
        return parts[0].strip(), parts[1].strip(" .")
    return head, None


# --------------------------------------------------------------------------- pages


def expand_last_page(first: str | None, last: str | None) -> str | None:
    """Expand an abbreviated end page: ("280", "95") -> "295"; ("S10", "5") -> "S15"."""
    if not first or not last:
        return last
    fm = re.fullmatch(r"([A-Za-z]*)(\d+)", first)
    lm = re.fullmatch(r"([A-Za-z]*)(\d+)", last)
    if not fm or not lm or (lm.group(1) and lm.group(1) != fm.group(1)):
        return last
    prefix, f_digits, l_digits = fm.group(1), fm.group(2), lm.group(2)
    if len(l_digits) >= len(f_digits):
        return prefix + l_digits if not lm.group(1) else last
    expanded = f_digits[: len(f_digits) - len(l_digits)] + l_digits
    if int(expanded) < int(f_digits):
        head = f_digits[: len(f_digits) - len(l_digits)]
        expanded = str(int(head) + 1) + l_digits
    return prefix + expanded


def _pages(text: str | None) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    parts = re.split(rf"\s*(?:[{_DASHES}]+|\?)\s*", text.strip(), maxsplit=1)
    first = parts[0] or None
    last = parts[1] if len(parts) > 1 and parts[1] else None
    return first, expand_last_page(first, last)


# --------------------------------------------------------------------------- kinds

_PUBLISHER = re.compile(
    r"\b(?:Press|Publish(?:ers?|ing)|Verlag|Books|Springer|Elsevier|Wiley|Blackwell|Academic|Saunders|"
    r"Lippincott|McGraw|Mosby|Routledge|Sage|CRC|Macmillan|Penguin|Pergamon|Kluwer|Thieme|Karger|Hill|"
    r"Inc\.?|Ltd\.?|GmbH|Co\.)(?:\W|$)"
)
# "New York: Free Press", "Cambridge, MA: MIT Press" — a short place, a colon, a capitalised publisher.
_PLACE_PUBLISHER = re.compile(
    r"(?:^|[.;,]\s)(?:[A-Z][\w'-]*\.?,?\s?){1,3}:\s*(?:(?:[A-Z&][\w&'.-]*|of|and|for|the)\s?){1,6}(?:[;,.]|$)"
)
_CHAPTER = re.compile(r"(?:^|[.,]\s*)In[:\s]\s*(?=[A-Z])")
_EDITORS = re.compile(r"\(?\b(?:eds?|editors?|Hrsg|Hg)\b\.?\)?[.,:]?", re.I)


def _parse_chapter(rest: str) -> tuple[str | None, str | None] | None:
    """"Chapter title. In: Editors, editors. Book title. Place: Publisher" -> (title, book)."""
    m = _CHAPTER.search(rest)
    if m is None or m.start() == 0:
        return None
    title = rest[: m.start()].strip(" .,")
    after = rest[m.end() :]
    e = _EDITORS.search(after)
    if e is not None and e.start() < 400:
        after = after[e.end() :]
    else:
        # No editors named: the book title follows "In".
        pass
    book = re.split(r"\s*(?:\((?:pp?\.|vol)|[.;]\s|\bpp?\.\s*\d)", after.strip(" ,.:"), maxsplit=1)[0]
    return title or None, book.strip(" ,.") or None


def _is_book(rest: str) -> bool:
    return bool(
        _PLACE_PUBLISHER.search(rest)
        or _PUBLISHER.search(rest)
        or re.search(r"\b\d+(?:st|nd|rd|th)\s+edn?\b|\bed(?:ition)?\.?\s*$|\b\d+\s*pp\b", rest, re.I)
        or re.search(r",\s*(?:[A-Z]{2}|USA|UK)(?:,|\.|$)", rest)
    )


# --------------------------------------------------------------------------- the parser


def _find_tail(rest: str) -> re.Match[str] | None:
    """The source details: the match that ends last, and among those the fullest."""
    best: tuple[tuple[int, int, int], re.Match[str]] | None = None
    for pattern in _TAILS:
        for m in pattern.finditer(rest):
            fields = sum(1 for g in ("year", "vol", "issue", "pages") if m.groupdict().get(g))
            if fields < 2 and not (m.groupdict().get("vol") and m.groupdict().get("pages")):
                continue
            key = (m.end(), fields, -m.start())
            if best is None or key > best[0]:
                best = (key, m)
    return best[1] if best else None


def _any_year(text: str) -> tuple[int | None, str]:
    """The last plausible year in the text (bracketed years first)."""
    for pattern in (rf"[\(\[]({_YEAR})([a-z]?)[\)\]]", rf"(?<![\d/.-])({_YEAR})([a-z]?)(?![\d])"):
        found = re.findall(pattern, text)
        if found:
            year, suffix = found[-1]
            return int(year), suffix
    return None, ""


def _strip_label(s: str) -> tuple[str, int | None]:
    m = re.match(r"\s*(?:\[(\d{1,4})\]|(\d{1,4})[.)](?=\s)|(\d{1,4})\s+(?=[A-Z]))\s*", s)
    if not m:
        return s, None
    return s[m.end() :], int(m.group(1) or m.group(2) or m.group(3))


# Anchored at the end and free of nested wildcards: the journal is whatever precedes the match.
_TRAILING_VOLUME_PAGES = re.compile(
    r"[\s,]+(?:vol\.?\s*)?(?P<vol>\d{1,4})(?:\s*\((?P<issue>[^)]{1,12})\))?\s*[,:]\s*"
    r"(?:pp?\.?\s*)?(?P<pages>[A-Za-z]?\d{1,6}(?:\s*[-–]\s*[A-Za-z]?\d{1,6})?)$"
)


# "Title," Source ... (IEEE, some Harvard): a title in quotes right after the authors.
_QUOTED_TITLE = re.compile(r"\s*[\"“”‘']{1,2}(?P<title>[^\"“”]{3,400}?)[,.]?[\"“”’']{1,2}[,.;:]?\s*(?P<rest>.*)$")


@dataclass
class _Body:
    """What follows the authors, as read so far (filled by the steps of :func:`_parse`)."""

    year: int | None
    year_suffix: str
    kind: str = "journal"
    title: str | None = None
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    first_page: str | None = None
    last_page: str | None = None


def _printed_pages(text: str) -> tuple[str | None, str | None]:
    """First and last page of a "pp. 12-34" in ``text`` (None, None without one)."""
    pm = re.search(rf"\bpp?\.?\s*{_PAGES}", text)
    return _pages(pm.group("pages")) if pm else (None, None)


def _read_tail(body: _Body, groups: dict[str, str | None]) -> None:
    """Year, volume, issue (with a supplement) and pages from a matched "2019;12(3):45-67" tail."""
    if groups.get("year"):
        body.year, body.year_suffix = int(groups["year"] or 0), groups.get("ysuf") or body.year_suffix
    body.volume = groups.get("vol")
    body.issue = groups.get("issue") or groups.get("supp")
    if groups.get("supp") and groups.get("issue"):
        body.issue = f"{groups['supp']} {groups['issue']}".strip()
    body.first_page, body.last_page = _pages(groups.get("pages"))


def _read_body(body: _Body, rest: str, italics: list[str], had_url: bool) -> re.Match[str] | None:
    """Kind, title, source and numbers of ``rest``: a chapter, an article with a tail, a book, or other.

    Returns the article tail matched, if any.
    """
    chapter = _parse_chapter(rest)
    tail = None if chapter else _find_tail(rest)
    if chapter is not None:
        body.kind = "chapter"
        body.title, body.journal = chapter
        body.first_page, body.last_page = _printed_pages(rest)
    elif tail is not None:
        _read_tail(body, tail.groupdict())
        body.title, body.journal = _split_title_journal(rest[: tail.start()], italics)
    elif _is_book(rest):
        body.kind = "book"
        breaks = _sentence_breaks(rest)
        body.title = rest[: breaks[0]].strip(" .,") if breaks else re.split(r",\s", rest, maxsplit=1)[0].strip(" .")
        body.first_page, body.last_page = _printed_pages(rest)
    else:
        text = re.sub(rf"[\(\[]?{_YEAR}[a-z]?[\)\]]?\.?\s*$", "", rest).strip(" .,")
        body.title, body.journal = _split_title_journal(text, italics)
        if body.journal is None:
            body.kind = "web" if had_url else "other"
    return tail


def _take_quoted_title(body: _Body, quoted: re.Match[str], rest: str, tail: re.Match[str] | None) -> None:
    """The quotes close the title, so everything from them to the volume is the source, commas and all.

    ("International Journal of Reproduction, Contraception, Obstetrics and Gynecology, vol. 2").
    """
    source = rest[: tail.start()].strip(" .,;:") if tail else ""
    body.title, body.journal = quoted.group("title"), (source or body.journal)
    if body.kind == "other":
        body.kind = "journal" if body.journal else "other"


def _tidy_title_and_journal(body: _Body) -> None:
    """Trailing punctuation and a leading year off the title; volume and pages off a Harvard journal."""
    if body.title:
        body.title = re.sub(r"[\s.,;:]+$", "", body.title).strip() or None
        if body.title and body.year is not None:
            body.title = re.sub(rf"^[\(\[]?{body.year}{body.year_suffix}[\)\]]?[.,:]?\s+", "", body.title)
    if body.journal:
        body.journal = body.journal.strip(" .,;:") or None
    journal = body.journal
    if journal and body.volume is None and body.first_page is None:
        # Harvard styles (Elsevier's among them) print "Sleep Med Rev 10, 323-337": volume and pages follow the
        # journal after a space and a comma, with no year between them to anchor the usual tail.
        trailing = _TRAILING_VOLUME_PAGES.search(journal) if len(journal) <= 300 else None
        if trailing and re.search(r"[A-Za-z]", journal[: trailing.start()]):
            body.journal, body.volume = journal[: trailing.start()].strip(" .,"), trailing.group("vol")
            body.issue = trailing.group("issue")
            body.first_page, body.last_page = _pages(trailing.group("pages"))


def _parse(raw: str, number: int | None, span: Span | None) -> Reference:
    s, italics = _clean(raw)
    s, label_number = _strip_label(s)
    if number is None:
        number = label_number
    s, doi, pmid, had_url = _take_identifiers(s)
    head = _split_authors(s)
    rest = head.rest
    quoted = _QUOTED_TITLE.match(rest)
    if quoted is not None:
        rest = quoted.group("rest")
    body = _Body(year=head.year, year_suffix=head.year_suffix)
    tail = _read_body(body, rest, italics, had_url)
    if quoted is not None:
        _take_quoted_title(body, quoted, rest, tail)
    if body.year is None:
        body.year, body.year_suffix = _any_year(rest if head.authors else s)
    _tidy_title_and_journal(body)
    authors = head.authors
    parsed = authors is not None and bool(body.title) and (
        body.kind in ("book", "chapter") or body.journal is not None or body.year is not None
    )
    return Reference(
        raw=raw,
        number=number,
        label=str(label_number) if label_number is not None else None,
        authors=authors.authors if authors else (),
        et_al=authors.et_al if authors else bool(re.search(r"\bet\s*al\b", s)),
        year=body.year,
        year_suffix=body.year_suffix,
        doi=doi,
        pmid=pmid,
        kind=body.kind,  # type: ignore[arg-type]
        parsed=parsed,
        span=span,
        title=body.title or None,
        journal=body.journal,
        volume=body.volume.strip() if body.volume else None,
        issue=body.issue.strip() if body.issue else None,
        first_page=body.first_page,
        last_page=body.last_page,
    )


def parse_reference(raw: str, number: int | None = None, span: Span | None = None) -> Reference:
    """Parse one reference-list entry; never raises.

    ``raw`` is the entry as printed (a leading list label such as ``14.`` or
    ``[14]`` is read as the number when ``number`` is None).  An entry whose
    structure cannot be found comes back with ``parsed=False`` and the fields
    that could be read.
    """
    if not isinstance(raw, str):
        return Reference(raw=str(raw), number=number, parsed=False, span=span)
    try:
        return _parse(raw, number, span)
    except Exception:  # noqa: BLE001 - the contract is "never raise, never drop"
        return Reference(raw=raw, number=number, parsed=False, span=span)


# --------------------------------------------------------------------------- splitting a list


@dataclass
class _Line:
    start: int  # offset of the first character of ``text`` in the block
    text: str  # the line without surrounding white space and stray bullets
    end: int  # offset just after the last non-blank character of the line


_MARKERS = {
    "bracket": re.compile(r"\[(\d{1,4})\]\s*"),
    "dot": re.compile(r"(\d{1,4})\.\s+(?=\S)"),
    "paren": re.compile(r"(\d{1,4})\)\s+(?=\S)"),
    "space": re.compile(r"(\d{1,4})\s+(?=[A-Z\u00c0-\u024f])"),
}
_HEADING = re.compile(r"(?:references?|bibliography|literature cited|works cited|reference list|notes)\s*:?", re.I)
_BULLET = re.compile(r"[-•*·▪‣◦–]\s+")
_AUTHOR_START = re.compile(
    r"(?:(?:van|von|de|der|den|la|le|da|di|du|del|dos|ten|ter|d')\s+)*"
    r"[A-Z\u00c0-\u00de][\w'’\-\u00c0-\u024f]+(?:\s+[A-Z\u00c0-\u00de][\w'’\-\u00c0-\u024f]+)?"
    r"(?:,\s*(?:[A-Z]\.|[A-Z][a-z]+)|\s+[A-Z]{1,4}(?:[,.]|\s)|\s+[A-Z]\.|,?\s+(?:and|&|et al)\b|\s*\()"
)


def _lines(block: str) -> list[_Line]:
    """The non-blank lines of a block, with stray bullets and indentation removed."""
    lines = []
    pos = 0
    for raw_line in block.splitlines(keepends=True):
        stripped = raw_line.strip()
        if stripped:
            start = pos + raw_line.index(stripped[0])
            b = _BULLET.match(stripped)
            if b and len(stripped) > b.end():
                start += b.end()
                stripped = stripped[b.end() :]
            end = pos + len(raw_line.rstrip())
            lines.append(_Line(start, stripped.rstrip(), end))
        pos += len(raw_line)
    return lines


def _numbering(lines: list[_Line]) -> str | None:
    """The numbering style of the list, if at least two entries follow one another."""
    best, best_count = None, 1
    for style, pattern in _MARKERS.items():
        expected, count = None, 0
        for line in lines:
            m = pattern.match(line.text)
            if m and (expected is None or int(m.group(1)) == expected):
                count += 1
                expected = int(m.group(1)) + 1
        if count > best_count:
            best, best_count = style, count
    return best


def _join(parts: list[str]) -> str:
    """Join wrapped lines with single spaces; a word hyphenated at a line end stays joined."""
    text = ""
    for part in parts:
        if text.endswith("-") and len(text) > 1 and text[-2].isalnum() and part[:1].isalnum():
            text += part
        else:
            text = f"{text} {part}" if text else part
    return re.sub(r"\s+", " ", text).strip()


def _ends_entry(text: str) -> bool:
    return bool(re.search(r"(?:[.)\]]|\d|\S{3,}/\S+)$", text))


def split_reference_entries(block: str, offset: int = 0) -> list[tuple[int | None, str, Span]]:
    """Split a reference-list section into ``(number, text, span)`` per entry.

    Numbered lists (``1.``, ``1``, ``[1]``, ``1)``) start an entry at each number that
    follows the previous one; other lines (wrapped text, text after a page break,
    stray ``- `` bullets) continue the current entry.  Unnumbered author–year lists
    start an entry at a line that begins with a surname after a line that ended an
    entry.  ``text`` has single spaces; ``span`` is absolute (``offset`` + position in
    ``block``) and covers the entry text without its number.
    """
    if not isinstance(block, str) or not block.strip():
        return []
    lines = _lines(block)
    if lines and _HEADING.fullmatch(lines[0].text):
        lines = lines[1:]
    style = _numbering(lines)
    groups: list[tuple[int | None, list[_Line], int]] = []  # (number, lines, text start)
    if style is not None:
        pattern = _MARKERS[style]
        expected: int | None = None
        for line in lines:
            m = pattern.match(line.text)
            if m and (expected is None or int(m.group(1)) == expected):
                expected = int(m.group(1)) + 1
                line.text = line.text[m.end() :]
                groups.append((int(m.group(1)), [line], line.start + m.end()))
            elif groups:
                groups[-1][1].append(line)
            else:
                groups.append((None, [line], line.start))
    else:
        for line in lines:
            previous = groups[-1][1][-1].text if groups else ""
            if not groups or (_AUTHOR_START.match(line.text) and _ends_entry(previous)):
                groups.append((None, [line], line.start))
            else:
                groups[-1][1].append(line)
    entries = []
    for number, group, text_start in groups:
        text = _join([line.text for line in group if line.text.strip()])
        if not text:
            continue
        end = max(group[-1].end, text_start)
        entries.append((number, text, Span(offset + text_start, offset + end)))
    return entries
