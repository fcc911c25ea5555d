"""Build kgaudit/data/journals.csv from the curated list below and the real NLM/JabRef lists.

One-off maintenance script (not runtime code).  Run from the repository root:

    python tools/build_journals.py            # writes kgaudit/data/journals.csv
    python tools/build_journals.py --check    # report only, write nothing

What comes from where:

* titles, MEDLINE abbreviations and ISSNs are read from the NLM lists in
  ``../shared/data/journals/`` (J_Sequence.txt, the CSL MEDLINE/NLM maps, JabRef's
  Entrez list) and ISO dotted abbreviations from JabRef's life-science list; the
  few ISSNs those lists lack for seed journals are curated (check digit verified);
* subjects and volume models are curated (``SPEC``); every volume model is then
  checked against real (journal, year, volume) facts found in
  ``../shared/data/`` (Crossref's gold reference strings with their DOIs, PubMed
  EFetch records and their reference lists, JATS element-citations).  Facts that
  agree are named in the ``source`` column; any disagreement is printed and the
  script exits non-zero so that the model is fixed before the CSV is written.
"""

from __future__ import annotations

import argparse
import csv
import glob
import html
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
OUT = REPO / "kgaudit" / "data" / "journals.csv"
sys.path.insert(0, str(REPO))

from kgaudit.resolve.journals import (  # noqa: E402
    COLUMNS,
    SUBJECTS,
    JournalBase,
    base_from_rows,
    normalize_name,
    parse_volume_model,
    volume_plausible,
)

SPEC_PATH = Path(__file__).with_name("journals_spec.txt")

SUBJECT_CODES = {
    "RAD": "Radiology", "NM": "Nuclear Medicine", "RT": "Radiotherapy", "ONC": "Oncology",
    "SURG": "General Surgery", "URO": "Urology", "NEPH": "Nephrology", "NSG": "Neurosurgery",
    "ORTH": "Orthopedics", "NEU": "Neurology", "PSY": "Psychiatry", "CARD": "Cardiology",
    "VASC": "Vascular Diseases", "GI": "Gastroenterology", "PULM": "Pulmonary Medicine",
    "CC": "Critical Care", "ANES": "Anesthesiology", "EM": "Emergency Medicine",
    "ID": "Communicable Diseases", "IMM": "Allergy and Immunology", "RHEUM": "Rheumatology",
    "DERM": "Dermatology", "OPH": "Ophthalmology", "ENT": "Otolaryngology", "DENT": "Dentistry",
    "OB": "Obstetrics", "GYN": "Gynecology", "REPRO": "Reproductive Medicine", "PED": "Pediatrics",
    "GER": "Geriatrics", "ENDO": "Endocrinology", "NUTR": "Nutritional Sciences",
    "HEM": "Hematology", "TX": "Transplantation", "PATH": "Pathology", "MED": "Medicine",
    "SCI": "Science", "PH": "Public Health", "EPI": "Epidemiology", "STAT": "Statistics as Topic",
    "GEN": "Genetics", "MOL": "Molecular Biology", "BIOCHEM": "Biochemistry", "CELL": "Cell Biology",
    "MICRO": "Microbiology", "VIR": "Virology", "PHARM": "Pharmacology", "PHYS": "Physiology",
    "NEUROSCI": "Neurosciences", "SPORT": "Sports Medicine",
    "REHAB": "Physical and Rehabilitation Medicine", "NURS": "Nursing",
    "INFORM": "Medical Informatics", "TROP": "Tropical Medicine", "HSR": "Health Services Research",
    "BME": "Biomedical Engineering",
}

# ISSNs the NLM J_Sequence subset lacks, for journals of the seed's reference list.
CURATED_ISSNS = {
    "AJR Am J Roentgenol": ("0361-803X", "1546-3141"),
    "Skeletal Radiol": ("0364-2348", "1432-2161"),
    "Invest Radiol": ("0020-9996", "1536-0210"),
    "Diagn Interv Radiol": ("1305-3825", "1305-3612"),
}

# Words kept in capitals or as printed when the NLM title is title-cased.
_SMALL_WORDS = {"of", "and", "the", "for", "in", "on", "a", "an", "at", "to", "de", "la", "et", "with", "y"}


# --------------------------------------------------------------------------- inputs


@dataclass
class SpecLine:
    abbrev: str
    subjects: list[str]
    model: str
    note: str
    variants: list[str]


def read_spec() -> list[SpecLine]:
    """The curated lines of journals_spec.txt."""
    lines = []
    for raw in SPEC_PATH.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in raw.split("|")]
        parts += [""] * (5 - len(parts))
        abbrev, codes, model, note, variants = parts[:5]
        subjects = [SUBJECT_CODES[c.strip()] for c in codes.split(",") if c.strip()]
        lines.append(SpecLine(abbrev, subjects, model, note, [v.strip() for v in variants.split(";") if v.strip()]))
    return lines


@dataclass
class NlmRecord:
    title: str
    abbrev: str
    issn_print: str = ""
    issn_online: str = ""
    iso: str = ""
    nlm_id: str = ""
    origin: str = ""


def read_j_sequence() -> dict[str, NlmRecord]:
    """MedAbbr → record from NLM's J_Sequence.txt (J_Medline format)."""
    records: dict[str, NlmRecord] = {}
    text = (SHARED / "journals" / "csl-abbreviations" / "J_Sequence.txt").read_text(encoding="utf-8")
    for block in text.split("--------------------------------------------------------"):
        fields = dict(
            (k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in block.strip().splitlines()) if k
        )
        if "MedAbbr" not in fields:
            continue
        records.setdefault(
            fields["MedAbbr"],
            NlmRecord(
                title=fields.get("JournalTitle", ""),
                abbrev=fields["MedAbbr"],
                issn_print=fields.get("ISSN (Print)", ""),
                issn_online=fields.get("ISSN (Online)", ""),
                iso=fields.get("IsoAbbr", ""),
                nlm_id=fields.get("NlmId", ""),
                origin="NLM J_Sequence",
            ),
        )
    return records


def read_title_maps() -> list[tuple[str, dict[str, str]]]:
    """(origin, abbreviation → title) from the CSL MEDLINE/NLM maps and JabRef's Entrez list."""
    maps = []
    for name in ("medline", "nlm"):
        data = json.loads((SHARED / "journals" / "csl-abbreviations" / f"{name}-abbreviations.json").read_text())
        by_abbrev: dict[str, str] = {}
        for title, abbrev in data["default"]["container-title"].items():
            by_abbrev.setdefault(abbrev, title)
        maps.append((f"CSL {name}-abbreviations (NLM)", by_abbrev))
    entrez: dict[str, str] = {}
    with open(SHARED / "journals" / "jabref" / "journal_abbreviations_entrez.csv", encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if len(row) >= 2:
                entrez.setdefault(row[1], row[0])
    maps.append(("JabRef Entrez list", entrez))
    return maps


def read_iso_map() -> dict[str, str]:
    """Lower-cased title → dotted ISO abbreviation from JabRef's life-science list."""
    iso: dict[str, str] = {}
    with open(SHARED / "journals" / "jabref" / "journal_abbreviations_lifescience.csv", encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if len(row) >= 2 and "." in row[1]:
                iso.setdefault(normalize_name(row[0]), row[1])
    return iso


# --------------------------------------------------------------------------- building rows


def issn_ok(issn: str) -> bool:
    """True for a well-formed ISSN whose mod-11 check digit is right."""
    m = re.fullmatch(r"(\d{4})-(\d{3})([\dX])", issn)
    if not m:
        return False
    digits = m.group(1) + m.group(2)
    total = sum(int(d) * w for d, w in zip(digits, range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return m.group(3) == ("X" if check == 10 else str(check))


def title_case(title: str) -> str:
    """NLM sentence-case title → display title; qualifiers "(London, England)" and " : JVIR" dropped."""
    title = re.sub(r"\s*\([^)]*\)\s*$", "", title)
    title = re.split(r"\s:\s", title, maxsplit=1)[0].strip()
    words = []
    for i, word in enumerate(title.split()):
        if i and word.lower() in _SMALL_WORDS:
            words.append(word.lower())
        elif word[:1].islower():
            words.append(word[:1].upper() + word[1:])
        else:
            words.append(word)
    return " ".join(words)


def slug(abbrev: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", abbrev.lower()).strip("-")


def model_columns(model: str) -> dict[str, str]:
    """Spec model text → the CSV's volume columns (current stretch + earlier ones)."""
    if not model:
        return {k: "" for k in ("anchor_year", "anchor_volumes", "volumes_per_year", "model_from", "model_until", "earlier_model")}
    current, _, earlier = model.partition(";")
    seg = parse_volume_model(current)[0]
    parse_volume_model(earlier)  # validates
    volumes = str(seg.anchor_first) if seg.anchor_first == seg.anchor_last else f"{seg.anchor_first}-{seg.anchor_last}"
    return {
        "anchor_year": str(seg.anchor_year),
        "anchor_volumes": volumes,
        "volumes_per_year": str(seg.per_year),
        "model_from": str(seg.first_year or ""),
        "model_until": str(seg.last_year or ""),
        "earlier_model": earlier.strip(),
    }


def short_forms(abbrev: str, names: list[str], owners: dict[str, set[str]]) -> list[str]:
    """Names without their place qualifier ("Spine" for "Spine (Phila Pa 1976)"), when no other journal bears them."""
    forms = []
    for name in names:
        short = re.sub(r"\s*\([^)]*\)", "", name).strip()
        if short != name and owners.get(normalize_name(short), set()) <= {abbrev}:
            forms.append(short)
    return forms


def build_row(line: SpecLine, jseq: dict[str, NlmRecord], title_maps, iso_map, owners) -> dict[str, str]:
    """One CSV row: curated facts plus the NLM/JabRef facts for the abbreviation."""
    sources = []
    record = jseq.get(line.abbrev)
    if record is not None:
        nlm_title = record.title
        sources.append(f"title/abbrev/ISSN: NLM J_Sequence NlmId {record.nlm_id}")
    else:
        nlm_title = ""
        for origin, by_abbrev in title_maps:
            if line.abbrev in by_abbrev:
                nlm_title = by_abbrev[line.abbrev]
                sources.append(f"title/abbrev: {origin}")
                break
        if not nlm_title:
            raise SystemExit(f"{line.abbrev!r}: not in any NLM list (typo in the spec?)")
    issn_print = record.issn_print if record else ""
    issn_online = record.issn_online if record else ""
    if line.abbrev in CURATED_ISSNS:
        issn_print, issn_online = CURATED_ISSNS[line.abbrev]
        sources.append("ISSN: curated, check digits verified")
    for issn in (issn_print, issn_online):
        if issn and not issn_ok(issn):
            raise SystemExit(f"{line.abbrev}: bad ISSN {issn}")
    title = title_case(nlm_title)
    iso = iso_map.get(normalize_name(title)) or iso_map.get(normalize_name(nlm_title)) or ""
    if iso:
        sources.append("ISO: JabRef life-science list")
    elif record is not None and record.iso:
        iso = record.iso
        sources.append("ISO: NLM IsoAbbr")
    variants = [nlm_title] if nlm_title != title else []
    variants += line.variants
    variants += short_forms(line.abbrev, [line.abbrev, nlm_title], owners)
    subjects = [s for s in line.subjects if s in SUBJECTS]
    if len(subjects) != len(line.subjects):
        raise SystemExit(f"{line.abbrev}: subject outside the controlled list")
    sources.append("subjects: curated (kgaudit list, see kgaudit/resolve/journals.py)")
    row = {
        "id": slug(line.abbrev),
        "title": title,
        "nlm_abbrev": line.abbrev,
        "iso_abbrev": iso,
        "variants": "|".join(dict.fromkeys(v for v in variants if v)),
        "issn_print": issn_print,
        "issn_online": issn_online,
        "subjects": "|".join(subjects),
        **model_columns(line.model),
        "volume_note": line.note,
        "pagination": "article numbers" if "article numbers" in line.note else "",
        "typical_max_page": "",
        "source": "; ".join(sources),
    }
    return row


# --------------------------------------------------------------------------- real facts


@dataclass
class Fact:
    journal: str  # as printed
    year: int
    volume: str
    origin: str  # "Crossref DOI 10.x/..." / "PubMed PMID n" / "JATS file ref"
    rank: int  # preference when naming evidence: DOI-backed first
    entry_id: str = ""
    plausible: bool | None = None


YEAR = r"(?:1[89]\d{2}|20[0-4]\d)"
_VANCOUVER_TAIL = re.compile(
    rf"^[.,]?\s*(?P<year>{YEAR})[a-z]?(?:\s+[A-Z][a-z]{{2,8}}\.?(?:\s+\d{{1,2}})?)?\s*[;:,]\s*(?:vol\.?\s*)?(?P<vol>\d{{1,4}})\b"
)
_PLAIN_TAIL = re.compile(r"^[.,]?\s*(?:vol\.?\s*)?(?P<vol>\d{1,4})(?=\s*[(:,.]|\s+\d|\s*$)", re.IGNORECASE)
_BOUNDARY = re.compile(r"(?:^|[.?!:;,)\]\"”’']\s*)$")


def journal_name_owners() -> dict[str, set[str]]:
    """Normalised name or abbreviation → the NLM abbreviations of the journals that bear it."""
    owners: dict[str, set[str]] = defaultdict(set)
    for name in ("medline", "nlm", "ncbi", "pmc"):
        data = json.loads((SHARED / "journals" / "csl-abbreviations" / f"{name}-abbreviations.json").read_text())
        for title, abbrev in data["default"]["container-title"].items():
            owners[normalize_name(title)].add(abbrev)
            owners[normalize_name(abbrev)].add(abbrev)
    return owners


def all_journal_names() -> set[str]:
    """Normalised names and abbreviations of every journal in the NLM/NCBI lists."""
    return set(journal_name_owners())


def scan_reference(text: str, base: JournalBase, known_names: set[str]) -> tuple[str, int, str] | None:
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
    if not m or re.fullmatch(YEAR, m["vol"]):
        return None
    years = set(re.findall(rf"\(({YEAR})[a-z]?\)", text)) or set(re.findall(rf"\b({YEAR})\b", text))
    if len(years) != 1:
        return None
    return int(years.pop()), m["vol"]


def facts_from_crossref_gold(base: JournalBase) -> list[Fact]:
    data = json.loads((SHARED / "crossref" / "reference-matching-evaluation" / "real_refstrings_gold_dataset.json").read_text())
    known_names = all_journal_names()
    facts = []
    for item in data["dataset"]:
        doi = item["target_gt"]["DOI"]
        if not doi:
            continue
        doi = doi[0] if isinstance(doi, list) else doi
        found = scan_reference(item["ref_string"], base, known_names)
        if found:
            facts.append(Fact(found[0], found[1], found[2], f"Crossref DOI {doi}", 0))
    return facts


def facts_from_pubmed() -> list[Fact]:
    facts = []
    for path in sorted(glob.glob(str(SHARED / "pubmed" / "**" / "*.xml"), recursive=True)):
        try:
            tree = etree.parse(path)
        except etree.XMLSyntaxError:
            continue
        for article in tree.iter("PubmedArticle"):
            pmid = article.findtext(".//MedlineCitation/PMID")
            journal = article.findtext(".//MedlineJournalInfo/MedlineTA")
            volume = article.findtext(".//Article/Journal/JournalIssue/Volume")
            year = article.findtext(".//Article/Journal/JournalIssue/PubDate/Year")
            if journal and volume and year:
                facts.append(Fact(journal, int(year), volume, f"PubMed PMID {pmid}", 1))
            for citation in article.iter("Citation"):
                m = re.search(
                    rf"\.\s+([A-Z][^.]*?)\.\s+({YEAR})(?:\s+[A-Z][a-z]{{2}}(?:\s+\d{{1,2}})?)?;\s*(\d+)", citation.text or ""
                )
                if m:
                    facts.append(Fact(m[1], int(m[2]), m[3], f"PubMed PMID {pmid} reference list", 2))
    return facts


def facts_from_jats() -> list[Fact]:
    facts = []
    for path in sorted(glob.glob(str(SHARED / "jats" / "*" / "*.*xml"))):
        tree = etree.parse(path)
        for ref in tree.iter("ref"):
            for cit in ref.iter("element-citation", "citation", "mixed-citation"):
                journal, year, volume = cit.findtext("source"), cit.findtext("year"), cit.findtext("volume")
                issue = cit.findtext("issue") or ""
                if re.match(r"\d+\s+Suppl", issue):
                    volume = issue.split()[0]  # markup swapped volume and supplement ("108 Suppl" / "1")
                if journal and volume and year and re.fullmatch(r"\d{4}[a-z]?", year.strip()):
                    doi = cit.findtext("pub-id[@pub-id-type='doi']")
                    origin = f"Crossref DOI {doi}" if doi else f"JATS {Path(path).name} ref {ref.get('id')}"
                    facts.append(Fact(" ".join(journal.split()), int(year.strip()[:4]), volume.strip(), origin, 3))
    return facts


# Real reference strings that misprint the volume; the DOI names the true one.
MISCITED = {
    "10.1001/jama.290.22.2976": "printed 'JAMA, 29' for vol 290 (DOI jama.290...)",
    "10.1186/1745-6215-14-166": "printed 'Trials 314:166' for vol 14 (DOI 1745-6215-14-166)",
    "10.1128/aac.49.9.3883-3888.2005": "printed '2005;9' (the issue) for vol 49 (DOI aac.49.9...)",
    "10.1186/s12872-016-0196-4": "printed '2016;6(1)' for vol 16",
}


@dataclass
class Evidence:
    agree: list[Fact] = field(default_factory=list)
    disagree: list[Fact] = field(default_factory=list)


def check_facts(base: JournalBase, facts: list[Fact]) -> dict[str, Evidence]:
    """Judge every fact whose journal resolves against that journal's volume model."""
    evidence: dict[str, Evidence] = defaultdict(Evidence)
    for fact in facts:
        if fact.origin.removeprefix("Crossref DOI ") in MISCITED:
            continue
        match = base.resolve(fact.journal)
        if match is None:
            continue
        fact.entry_id = match.entry.id
        fact.plausible = volume_plausible(match.entry, fact.year, fact.volume)
        if fact.plausible is True:
            evidence[fact.entry_id].agree.append(fact)
        elif fact.plausible is False:
            evidence[fact.entry_id].disagree.append(fact)
    return evidence


def describe(fact: Fact) -> str:
    return f"{fact.origin} ({fact.year}, vol {fact.volume})"


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report only; do not write the CSV")
    args = parser.parse_args(argv)

    spec = read_spec()
    jseq, title_maps, iso_map = read_j_sequence(), read_title_maps(), read_iso_map()
    owners = journal_name_owners()
    rows = [build_row(line, jseq, title_maps, iso_map, owners) for line in spec]
    ids = [r["id"] for r in rows]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise SystemExit(f"duplicate ids: {sorted(duplicates)}")
    base = base_from_rows(rows)

    facts = facts_from_crossref_gold(base) + facts_from_pubmed() + facts_from_jats()
    evidence = check_facts(base, facts)
    conflicts = 0
    for row in rows:
        ev = evidence.get(row["id"], Evidence())
        for fact in ev.disagree:
            conflicts += 1
            print(f"CONFLICT {row['nlm_abbrev']}: {describe(fact)} vs model {row['anchor_year']}={row['anchor_volumes']}/{row['volumes_per_year']} {row['earlier_model']}")
        if not row["anchor_year"]:
            continue
        best = sorted(ev.agree, key=lambda f: (f.rank, -f.year))[:2]
        if best:
            row["source"] += "; volumes: curated model, agrees with " + ", ".join(describe(f) for f in best)
        else:
            row["source"] += "; volumes: curated model, not yet checked against a record (verify with refresh)"

    modelled = sum(1 for r in rows if r["anchor_year"])
    checked = sum(1 for f in facts if f.plausible is not None)
    with_evidence = sum(1 for r in rows if "agrees with" in r["source"])
    print(f"journals: {len(rows)}, with volume model: {modelled}, model confirmed by a real record: {with_evidence}")
    print(f"facts harvested: {len(facts)}, resolved and judged: {checked}, conflicts: {conflicts}")
    if conflicts:
        return 1
    if not args.check:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        with open(OUT, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(COLUMNS), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        print(f"wrote {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
