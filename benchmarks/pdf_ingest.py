"""How well kgaudit reads real article PDFs, measured against the article's structured counterpart.

For every PDF in ``../shared/data/pdf/*/`` with a counterpart beside it (same stem):

* publisher JATS (``<stem>.xml``, read with kgaudit's own JATS ingest),
* BioMed Central article XML (``<art>`` root; read here: ``<bibl>`` fields, ``<abbr bid>`` callouts,
  ``<table id>``),
* a hand-checked ``<stem>.truth.json`` (reference and table counts, three sampled references),
* GROBID's hand-annotated training TEI (reference count from ``referenceSegmenter``/``segmentation``),

it prints one row:

``refs``     entries kgaudit read from the PDF / entries in the counterpart (recall = min of both / truth);
``fields``   share of counterpart reference fields (authors' family names, title, journal, year, volume,
             first page) that the PDF entry aligned to it has equal (after normalising case, accents and
             punctuation); only fields the counterpart has are counted; an unaligned entry counts all wrong;
``link``     callout → reference linking: of the counterpart's (callout, cited entry) pairs, the share the PDF
             reading also has (multiset intersection over entry identities, entries aligned as for fields);
``tables``   table objects read from the PDF / tables in the counterpart;
``errors``   error findings of an offline audit of the PDF (all checks), and warnings;
``s/page``   seconds of the whole offline audit divided by the PDF's pages (ingest alone in brackets).

Run: ``python benchmarks/pdf_ingest.py [--json out.jsonl] [name-filter]`` (one process; about 2 minutes).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from kgaudit import audit  # noqa: E402
from kgaudit.ingest import load_document  # noqa: E402
from kgaudit.model import Document  # noqa: E402

PDF_DIR = REPO.parent / "shared" / "data" / "pdf"
FIELDS = ("authors", "title", "journal", "year", "volume", "pages")
# Two titles are the same when their normalised strings are this similar (hyphenation, a dropped word).
TITLE_SIMILARITY = 0.9
# An entry of the PDF is aligned to a counterpart entry when their raw content is at least this similar.
ALIGN_SIMILARITY = 0.5


@dataclass
class TruthRef:
    """One counterpart reference, its fields normalised for comparison."""

    number: int | None
    fields: dict[str, str]


@dataclass
class Truth:
    kind: str
    refs: list[TruthRef]
    ref_count: int
    tables: int | None
    callouts: Counter[int] | None  # cited entry numbers (counterpart numbering), one per callout target
    sampled_only: bool = False  # truth.json: only a few references have fields


@dataclass
class Row:
    name: str
    kind: str
    pages: int
    refs_found: int
    refs_true: int
    fields_right: int = 0
    fields_total: int = 0
    link_right: int = 0
    link_total: int = 0
    link_read: int = 0
    tables_found: int = 0
    tables_true: int | None = None
    errors: int = 0
    warnings: int = 0
    seconds: float = 0.0
    ingest_seconds: float = 0.0
    error_checks: dict[str, int] = field(default_factory=dict)
    ingest_warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- normalising


def norm(text: str | None) -> str:
    """Lower case, accents and punctuation removed, whitespace collapsed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w\s]", " ", text.lower()).replace("_", " ")
    return " ".join(text.split())


def _page(text: str | None) -> str:
    return norm(text).lstrip("0") if text else ""


def _fields(authors: list[str], title: str | None, journal: str | None, year, volume, first_page) -> dict[str, str]:
    values = {
        "authors": " | ".join(norm(a) for a in authors[:3]),
        "title": norm(title),
        "journal": norm(journal),
        "year": str(year or "")[:4],
        "volume": norm(volume),
        "pages": _page(first_page),
    }
    return {k: v for k, v in values.items() if v}


def doc_ref_fields(doc: Document) -> list[TruthRef]:
    return [
        TruthRef(ref.number, _fields([a.family for a in ref.authors], ref.title, ref.journal, ref.year, ref.volume,
                                     ref.first_page))
        for ref in doc.references
    ]


def _doc_callouts(doc: Document) -> Counter[int]:
    numbers: Counter[int] = Counter()
    for cit in doc.citations:
        numbers.update(cit.numbers)
    return numbers


# --------------------------------------------------------------------------- counterparts


def _bmc_truth(path: Path) -> Truth:
    tree = etree.parse(str(path), etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    refs = []
    ids: dict[str, int] = {}
    for number, bibl in enumerate(tree.iter("bibl"), start=1):
        ids[bibl.get("id", "")] = number
        authors = [au.findtext("snm") or "" for au in bibl.iter("au")]
        title = " ".join("".join(bibl.find("title").itertext()).split()) if bibl.find("title") is not None else None
        refs.append(TruthRef(number, _fields(authors, title, bibl.findtext("source"), bibl.findtext("pubdate"),
                                             bibl.findtext("volume"), bibl.findtext("fpage"))))
    callouts: Counter[int] = Counter()
    for abbr in tree.iter("abbr"):
        for bid in (abbr.get("bid") or "").split():
            if bid in ids:
                callouts[ids[bid]] += 1
    tables = len({t.get("id") for t in tree.iter("table") if t.get("id")})
    return Truth("BMC-XML", refs, len(refs), tables, callouts)


def _truth_json(path: Path) -> Truth:
    data = json.loads(path.read_text(encoding="utf-8"))
    refs = []
    for sample in data.get("sampled_references", []):
        authors = [re.sub(r"\s+[A-Z]{1,4}$", "", a) for a in sample.get("authors", [])]
        pages = str(sample.get("pages") or "")
        refs.append(TruthRef(sample.get("number"), _fields(authors, sample.get("title"), sample.get("journal"),
                                                           sample.get("year"), sample.get("volume"),
                                                           re.split(r"[–\-]", pages)[0])))
    return Truth("truth.json", refs, int(data["reference_count"]), data.get("table_count"), None, sampled_only=True)


def _grobid_truth(stem: Path) -> Truth:
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    segmenter = stem.with_name(stem.name + ".training.referenceSegmenter.tei.xml")
    if segmenter.exists():
        count = sum(1 for _ in etree.parse(str(segmenter), parser).iter("{*}bibl"))
    else:
        segmentation = etree.parse(str(stem.with_name(stem.name + ".training.segmentation.tei.xml")), parser)
        text = "\n".join(
            "".join(el.itertext()) for el in segmentation.iter("{*}listBibl")
        )
        count = max((int(n) for n in re.findall(r"\[(\d+)\b", text)), default=0)  # the last label
    fulltext = stem.with_name(stem.name + ".training.fulltext.tei.xml")
    callouts: Counter[int] = Counter()
    if fulltext.exists():
        tree = etree.parse(str(fulltext), parser)
        for el in tree.iter("{*}ref"):
            printed = "".join(el.itertext()).strip("[]() ")
            # Only numbered callouts identify their entry without reference fields; an author-year
            # callout ("Lin, 1998") cannot be tied to a GROBID-annotated entry, so it is not counted.
            if el.get("type") == "biblio" and not re.search(r"[^\W\d_]", printed):
                from kgaudit.ingest.citations import expand_numbers

                callouts.update(expand_numbers(printed))
    table = stem.with_name(stem.name + ".training.table.tei.xml")
    tables = None
    if table.exists():
        tables = sum(1 for el in etree.parse(str(table), parser).iter("{*}figure") if el.get("type") == "table")
    return Truth("GROBID-train", [], count, tables, callouts or None)


def load_truth(pdf: Path) -> Truth | None:
    stem = pdf.with_suffix("")
    xml = stem.with_suffix(".xml")
    if xml.exists():
        head = xml.read_bytes()[:4096]
        if b"<art" in head and b"<article" not in head:
            return _bmc_truth(xml)
        doc = load_document(xml)
        return Truth("JATS", doc_ref_fields(doc), len(doc.references), len(doc.tables), _doc_callouts(doc))
    truth_json = stem.with_suffix(".truth.json")
    if truth_json.exists():
        return _truth_json(truth_json)
    if stem.with_name(stem.name + ".training.segmentation.tei.xml").exists():
        return _grobid_truth(stem)
    return None


# --------------------------------------------------------------------------- comparing


def _similarity(a: TruthRef, b: TruthRef) -> float:
    if a.fields.get("title") and b.fields.get("title"):
        return SequenceMatcher(None, a.fields["title"], b.fields["title"]).ratio()
    key_a = " ".join(a.fields.get(k, "") for k in ("authors", "year", "journal"))
    key_b = " ".join(b.fields.get(k, "") for k in ("authors", "year", "journal"))
    return SequenceMatcher(None, key_a, key_b).ratio() if key_a.strip() and key_b.strip() else 0.0


def align(truth: list[TruthRef], read: list[TruthRef]) -> dict[int, int]:
    """Counterpart index -> PDF index: the same number when both carry it and agree, else best content match."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    by_number = {ref.number: i for i, ref in enumerate(read) if ref.number is not None}
    for i, ref in enumerate(truth):
        j = by_number.get(ref.number)
        if j is not None and j not in taken and _similarity(ref, read[j]) >= ALIGN_SIMILARITY:
            pairs[i] = j
            taken.add(j)
    for i, ref in enumerate(truth):
        if i in pairs:
            continue
        best = max(((_similarity(ref, r), j) for j, r in enumerate(read) if j not in taken), default=(0.0, -1))
        if best[0] >= ALIGN_SIMILARITY:
            pairs[i] = best[1]
            taken.add(best[1])
    return pairs


def field_right(name: str, truth: str, read: str) -> bool:
    if name == "title":
        return SequenceMatcher(None, truth, read).ratio() >= TITLE_SIMILARITY
    return truth == read


def measure(pdf: Path) -> Row | None:
    truth = load_truth(pdf)
    if truth is None:
        return None
    started = time.perf_counter()
    doc = load_document(pdf)
    ingest_seconds = time.perf_counter() - started
    report = audit(doc, offline=True)
    seconds = time.perf_counter() - started
    pages = _page_count(pdf)
    read = doc_ref_fields(doc)
    row = Row(pdf.relative_to(PDF_DIR).as_posix(), truth.kind, pages, len(doc.references), truth.ref_count,
              tables_found=len(doc.tables), tables_true=truth.tables, seconds=seconds, ingest_seconds=ingest_seconds,
              ingest_warnings=list(doc.warnings))
    pairs = align(truth.refs, read)
    for i, ref in enumerate(truth.refs):
        for name, value in ref.fields.items():
            row.fields_total += 1
            j = pairs.get(i)
            if j is not None and field_right(name, value, read[j].fields.get(name, "")):
                row.fields_right += 1
    if truth.callouts is not None:
        truth_to_read_number = {}
        if truth.refs:
            for i, j in pairs.items():
                truth_to_read_number[truth.refs[i].number] = read[j].number
        else:  # GROBID: no fields, entries are identified by their printed number
            truth_to_read_number = {n: n for n in truth.callouts}
        expected = Counter({truth_to_read_number.get(n, -n): c for n, c in truth.callouts.items()})
        got = _doc_callouts(doc)
        row.link_total = sum(expected.values())
        row.link_read = sum(got.values())
        row.link_right = sum((expected & got).values())
    for finding in report.findings:
        if finding.severity == "error":
            row.errors += 1
            row.error_checks[finding.check] = row.error_checks.get(finding.check, 0) + 1
        elif finding.severity == "warning":
            row.warnings += 1
    return row


def _page_count(pdf: Path) -> int:
    from pdfminer.pdfpage import PDFPage

    with pdf.open("rb") as handle:
        return sum(1 for _ in PDFPage.get_pages(handle))


# --------------------------------------------------------------------------- printing


def _ratio(a: int, b: int | None) -> str:
    return f"{a / b:.2f}" if b else "  - "


def print_rows(rows: list[Row]) -> None:
    header = f"{'pdf':42} {'truth':12} {'refs':>7} {'rec':>4} {'fields':>9} {'acc':>4} {'link':>9} {'acc':>4} " \
             f"{'tables':>6} {'err':>3} {'warn':>4} {'s/page':>11}"
    print(header)
    for r in rows:
        recall = min(r.refs_found, r.refs_true) / r.refs_true if r.refs_true else 0.0
        print(f"{r.name[:42]:42} {r.kind:12} {r.refs_found:>3}/{r.refs_true:<3} {recall:4.2f} "
              f"{r.fields_right:>4}/{r.fields_total:<4} {_ratio(r.fields_right, r.fields_total):>4} "
              f"{r.link_right:>4}/{r.link_total:<4} {_ratio(r.link_right, r.link_total):>4} "
              f"{r.tables_found:>2}/{'?' if r.tables_true is None else r.tables_true:<3} "
              f"{r.errors:>3} {r.warnings:>4} {r.seconds / r.pages:5.2f}({r.ingest_seconds / r.pages:.2f})")
    refs_found = sum(min(r.refs_found, r.refs_true) for r in rows)
    refs_true = sum(r.refs_true for r in rows)
    fr, ft = sum(r.fields_right for r in rows), sum(r.fields_total for r in rows)
    lr, lt = sum(r.link_right for r in rows), sum(r.link_total for r in rows)
    tf = sum(min(r.tables_found, r.tables_true) for r in rows if r.tables_true is not None)
    tt = sum(r.tables_true for r in rows if r.tables_true is not None)
    pages = sum(r.pages for r in rows)
    print(f"TOTAL {len(rows)} PDFs, {pages} pages: reference recall {refs_found}/{refs_true} = "
          f"{_ratio(refs_found, refs_true)}; field accuracy {fr}/{ft} = {_ratio(fr, ft)}; "
          f"linking {lr}/{lt} = {_ratio(lr, lt)}; tables {tf}/{tt} = {_ratio(tf, tt)}; "
          f"errors {sum(r.errors for r in rows)}, warnings {sum(r.warnings for r in rows)}; "
          f"{sum(r.seconds for r in rows) / pages:.2f} s/page "
          f"(ingest {sum(r.ingest_seconds for r in rows) / pages:.2f})")
    checks: Counter[str] = Counter()
    for r in rows:
        checks.update(r.error_checks)
    print("error findings by check:", dict(checks.most_common()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("filter", nargs="?", default="", help="only PDFs whose path contains this")
    parser.add_argument("--json", help="also write one JSON object per PDF to this file")
    args = parser.parse_args(argv)
    if not PDF_DIR.is_dir():
        print(f"{PDF_DIR}: not found (the shared data folder is needed)", file=sys.stderr)
        return 2
    rows = []
    for pdf in sorted(PDF_DIR.glob("*/*.pdf")):
        if args.filter not in str(pdf):
            continue
        row = measure(pdf)
        if row is not None:
            rows.append(row)
            print(f"... {row.name}", file=sys.stderr, flush=True)
    print_rows(rows)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            for r in rows:
                out.write(json.dumps(r.__dict__) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
