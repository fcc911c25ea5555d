"""Accuracy of the reference-string parser against the gold fields of real JATS articles.

Every journal-article reference in ``../shared/data/jats/*/*`` with structured
fields (``element-citation``, ``mixed-citation`` or NLM ``citation``: author
surnames, article title, source, year, volume, issue, pages) is

1. rendered as a Vancouver string (``Surname AB, Surname C. Title. Journal.
   Year;Vol(Issue):fpage-lpage.``) and parsed back with ``parse_reference``;
2. where the reference is a ``mixed-citation`` that carries the publisher's
   punctuation between its elements (the string as printed), its text content
   is parsed as is — the harder and more honest test.  Mixed-citations with no
   text between their elements (BMC, Nature: the renderer adds the punctuation)
   are left out of this second figure.  Where two elements abut (``<surname>Rich</surname>
   <given-names>KM</given-names>``) one space is put between them, as any renderer shows them.

Per-field accuracy is printed for both.  Run: ``python benchmarks/reference_parsing.py``.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from kgaudit.ingest.references import expand_last_page, parse_reference  # noqa: E402
from kgaudit.model import Reference  # noqa: E402

JATS_DIR = REPO.parent / "shared" / "data" / "jats"
FIELDS = ("authors", "title", "journal", "year", "volume", "issue", "pages")


@dataclass(frozen=True)
class GoldReference:
    """The structured fields of one JATS reference, and its printed text when it is a mixed-citation."""

    source_file: str
    surnames: tuple[str, ...]
    initials: tuple[str, ...]
    title: str
    journal: str
    year: str
    volume: str | None
    issue: str | None
    fpage: str | None
    lpage: str | None
    printed: str | None  # text content of a mixed-citation, None for element-citation


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    text = re.sub(r"\s+", " ", "".join(element.itertext())).strip()
    return text or None


def _printed_text(element: etree._Element) -> str:
    """Text content with one space where two elements abut (as any renderer would show them)."""
    out: list[str] = []

    def add(piece: str | None) -> None:
        if not piece:
            return
        if out and not out[-1][-1:].isspace() and not piece[0].isspace():
            if out[-1][-1:] not in "([–-/" and piece[0] not in ".,;:)]–-/":
                out.append(" ")
        out.append(piece)

    def walk(node: etree._Element) -> None:
        add(node.text)
        for child in node:
            walk(child)
            add(child.tail)

    walk(element)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _local(element: etree._Element, name: str) -> list[etree._Element]:
    return element.xpath(f"./*[local-name()='{name}']")


def _initials(given: str | None) -> str:
    """"Jean-Pierre" -> "JP", "D. M." -> "DM", "JD" -> "JD"."""
    if not given:
        return ""
    if re.fullmatch(r"[A-Z]{1,4}", given):
        return given
    return "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part and part[0].isalpha()).upper()


def _gold_from_citation(citation: etree._Element, source_file: str) -> GoldReference | None:
    kind = citation.get("publication-type") or citation.get("citation-type")
    if kind != "journal":
        return None
    names = []
    groups = _local(citation, "person-group")
    holders = [g for g in groups if g.get("person-group-type") in (None, "author")] or [citation]
    for holder in holders[:1]:
        names = _local(holder, "name")
    if not names or any(_local(g, "collab") for g in holders[:1]):
        return None
    surnames = tuple(_text(_local(n, "surname")[0]) or "" for n in names if _local(n, "surname"))
    given = tuple(_initials(_text(g[0]) if (g := _local(n, "given-names")) else None) for n in names)
    title = _text(next(iter(_local(citation, "article-title")), None))
    journal = _text(next(iter(_local(citation, "source")), None))
    year = _text(next(iter(_local(citation, "year")), None))
    if not (surnames and title and journal and year and all(surnames)):
        return None
    printed = None
    # A mixed-citation carries the publisher's punctuation between its elements; some (BMC,
    # Nature) carry none, and their glued text content was never printed anywhere: skipped.
    if etree.QName(citation).localname == "mixed-citation" and any(
        (child.tail or "").strip() for child in citation.iterdescendants()
    ):
        printed = _printed_text(citation)
    return GoldReference(
        source_file=source_file,
        surnames=surnames,
        initials=given,
        title=title,
        journal=journal,
        year=year,
        volume=_text(next(iter(_local(citation, "volume")), None)),
        issue=_text(next(iter(_local(citation, "issue")), None)),
        fpage=_text(next(iter(_local(citation, "fpage")), None)) or _text(next(iter(_local(citation, "elocation-id")), None)),
        lpage=_text(next(iter(_local(citation, "lpage")), None)),
        printed=printed,
    )


def load_gold(jats_dir: Path = JATS_DIR) -> list[GoldReference]:
    """Every journal-article reference with authors, title, source and year in the JATS folder."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    gold: list[GoldReference] = []
    for path in sorted(jats_dir.glob("*/*")):
        if path.suffix not in (".xml", ".nxml"):
            continue
        tree = etree.parse(str(path), parser)
        for ref in tree.xpath("//*[local-name()='ref']"):
            for citation in ref.xpath(
                "./*[local-name()='element-citation' or local-name()='mixed-citation' or local-name()='citation']"
            ):
                item = _gold_from_citation(citation, f"{path.parent.name}/{path.name}")
                if item is not None:
                    gold.append(item)
    return gold


def render_vancouver(gold: GoldReference) -> str:
    """The reference as a Vancouver string: ``Surname AB, Surname C. Title. Journal. Year;Vol(Issue):p-q.``"""
    authors = ", ".join(f"{s} {i}".strip() for s, i in zip(gold.surnames, gold.initials, strict=True))
    title = gold.title if gold.title[-1] in ".?!" else gold.title + "."
    journal = gold.journal if gold.journal.endswith(".") else gold.journal + "."
    details = f"{gold.year};{gold.volume or ''}"
    if gold.issue:
        details += f"({gold.issue})"
    if gold.fpage:
        details += f":{gold.fpage}" + (f"-{gold.lpage}" if gold.lpage else "")
    return f"{authors}. {title} {journal} {details}."


def _norm_words(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return re.sub(r"[\W_]+", " ", text).strip()


def field_matches(gold: GoldReference, parsed: Reference) -> dict[str, bool]:
    """Which fields the parser got right (text compared without case, punctuation or spacing)."""
    gold_year = re.match(r"\d{4}", gold.year)
    gold_last = expand_last_page(gold.fpage, gold.lpage)
    return {
        "authors": [_norm_words(s) for s in gold.surnames] == [_norm_words(a.family) for a in parsed.authors],
        "title": _norm_words(gold.title) == _norm_words(parsed.title),
        "journal": _norm_words(gold.journal) == _norm_words(parsed.journal),
        "year": gold_year is not None and parsed.year == int(gold_year.group()),
        "volume": _norm_words(gold.volume) == _norm_words(parsed.volume),
        "issue": _norm_words(gold.issue) == _norm_words(parsed.issue),
        "pages": (_norm_words(gold.fpage), _norm_words(gold_last))
        == (_norm_words(parsed.first_page), _norm_words(parsed.last_page)),
    }


def accuracy(pairs: list[tuple[GoldReference, str]]) -> dict[str, float]:
    """Per-field share of correct parses of the given (gold, string) pairs."""
    if not pairs:
        return {f: 0.0 for f in FIELDS}
    counts = dict.fromkeys(FIELDS, 0)
    for gold, text in pairs:
        for name, ok in field_matches(gold, parse_reference(text)).items():
            counts[name] += ok
    return {f: counts[f] / len(pairs) for f in FIELDS}


def measure(jats_dir: Path = JATS_DIR) -> tuple[dict[str, float], int, dict[str, float], int]:
    """(accuracy on rendered Vancouver, count, accuracy on printed mixed-citations, count)."""
    gold = load_gold(jats_dir)
    rendered = [(g, render_vancouver(g)) for g in gold]
    printed = [(g, g.printed) for g in gold if g.printed]
    return accuracy(rendered), len(rendered), accuracy(printed), len(printed)


def _show(label: str, scores: dict[str, float], count: int) -> None:
    print(f"{label}: {count} references")
    for name in FIELDS:
        print(f"  {name:<8} {scores[name]:.3f}")


def main(argv: list[str] | None = None) -> int:
    """Print per-field accuracy; with ``-v`` also print the failures."""
    verbose = "-v" in (argv if argv is not None else sys.argv[1:])
    rendered, n_rendered, printed, n_printed = measure()
    _show("Rendered Vancouver strings (from JATS gold fields)", rendered, n_rendered)
    _show("Printed mixed-citation strings (text content as published)", printed, n_printed)
    if verbose:
        for gold in load_gold():
            for label, text in (("vancouver", render_vancouver(gold)), ("printed", gold.printed)):
                if not text:
                    continue
                parsed = parse_reference(text)
                wrong = [k for k, ok in field_matches(gold, parsed).items() if not ok]
                if wrong:
                    print(f"\n[{label}] {gold.source_file}: {', '.join(wrong)}\n  {text}")
                    for k in wrong:
                        got = {
                            "authors": [a.family for a in parsed.authors],
                            "title": parsed.title,
                            "journal": parsed.journal,
                            "year": parsed.year,
                            "volume": parsed.volume,
                            "issue": parsed.issue,
                            "pages": (parsed.first_page, parsed.last_page),
                        }[k]
                        print(f"    {k}: got {got!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
