"""Build kgaudit/data/journals.csv from the curated list below and the real NLM/JabRef lists.

One-off maintenance script (not runtime code).  Run from the repository root:

    python tools/build_journals.py            # writes kgaudit/data/journals.csv
    python tools/build_journals.py --check    # report only, write nothing

What comes from where:

* titles, MEDLINE abbreviations and ISSNs are read from the NLM lists in
  ``../shared/data/journals/`` (J_Sequence.txt, the CSL MEDLINE/NLM maps, JabRef's
  Entrez list) and ISO dotted abbreviations from JabRef's life-science list; the
  few ISSNs those lists lack for seed journals are curated (check digit verified);
* subjects and volume models are curated (``SPEC``, at the end of this file); every volume model is then
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
    scan_reference,
    volume_plausible,
)

SUBJECT_CODES = {
    "RAD": "Radiology", "NM": "Nuclear Medicine", "RT": "Radiotherapy", "ONC": "Oncology",
    "SURG": "General Surgery", "URO": "Urology", "NEPH": "Nephrology", "NSG": "Neurosurgery",
    "ORTH": "Orthopedics", "NEU": "Neurology", "PSY": "Psychiatry", "CARD": "Cardiology",
    "VASC": "Vascular Diseases", "GI": "Gastroenterology", "PULM": "Pulmonary Medicine",
    "CC": "Critical Care", "ANES": "Anesthesiology", "EM": "Emergency Medicine",
    "ID": "Communicable Diseases", "IMM": "Allergy and Immunology", "IMMU": "Immunology", "RHEUM": "Rheumatology",
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
    "BME": "Biomedical Engineering", "PHYSICS": "Physics", "CHEM": "Chemistry",
}

# ISSNs the NLM J_Sequence subset lacks, for journals of the seed's reference list.
CURATED_ISSNS = {
    "AJR Am J Roentgenol": ("0361-803X", "1546-3141"),
    "Skeletal Radiol": ("0364-2348", "1432-2161"),
    "Invest Radiol": ("0020-9996", "1536-0210"),
    "Diagn Interv Radiol": ("1305-3825", "1305-3612"),
    # physical-science venues of reference.venue_mismatch's tests (publisher ISSNs, check digits verified)
    "Phys Rev Lett": ("0031-9007", "1079-7114"),
    "Appl Phys Lett": ("0003-6951", "1077-3118"),
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
    """The curated lines of :data:`SPEC` (defined at the end of this file)."""
    lines = []
    for raw in SPEC.splitlines():
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


def distinct_variants(variants: list[str], names: list[str]) -> list[str]:
    """Variants that add a form the names and earlier variants do not already give."""
    seen = {normalize_name(n) for n in names if n}
    out = []
    for variant in variants:
        key = normalize_name(variant)
        if variant and key not in seen:
            seen.add(key)
            out.append(variant)
    return out


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
    sources.append("subjects: curated")
    row = {
        "id": slug(line.abbrev),
        "title": title,
        "nlm_abbrev": line.abbrev,
        "iso_abbrev": iso,
        "variants": "|".join(distinct_variants(variants, [title, line.abbrev, iso])),
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
        unique = {f.origin: f for f in sorted(ev.agree, key=lambda f: (f.rank, -f.year), reverse=True)}
        best = sorted(unique.values(), key=lambda f: (f.rank, -f.year))[:2]
        if best:
            row["source"] += "; volumes: curated model, agrees with " + ", ".join(describe(f) for f in best)
        else:
            row["source"] += (
                "; volumes: curated from the journal's known numbering, not yet confirmed by a record"
                " in ../shared/data (kgaudit journals refresh checks it against Crossref)"
            )

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



# --------------------------------------------------------------------------- the curated list

SPEC = '''
# One journal a line:  MEDLINE abbreviation | subject codes | volume model | note | extra variants
#   subject codes: see SUBJECT_CODES in tools/build_journals.py
#   volume model:  FROM-[UNTIL]:YEAR=FIRST[-LAST]/PER_YEAR, current stretch first, earlier
#                  stretches after ";" (empty: numbering unknown or irregular, left unmodelled)
#   extra variants: printed forms beyond the NLM/ISO/title forms, separated by ";"
# Lines starting with "#" are comments.  Sections only group lines for reading.

## seed reference list (every journal the founding paper cites)
Radiology | RAD | 1980-:2023=306-309/4 | four volumes a year (Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec) |
J Vasc Interv Radiol | RAD,VASC | 1990-:2021=32/1 | | JVIR
Eur Radiol | RAD | 1991-:2023=33/1 | |
AJR Am J Roentgenol | RAD | 1976-:2020=214-215/2 | two volumes a year (Jan-Jun, Jul-Dec) | AJR; Am J Roentgenol; American Journal of Roentgenology; AJR American Journal of Roentgenology
AJNR Am J Neuroradiol | RAD,NEU | 1980-:2016=37/1 | | AJNR; Am J Neuroradiol; American Journal of Neuroradiology
J Neurosurg | NSG | 1980-:2017=126-127/2 | two volumes a year | Journal of Neurosurgery
Spine (Phila Pa 1976) | ORTH,NSG | 1976-:2017=42/1 | | Spine
Ann Surg | SURG | 1980-:2015=261-262/2 | two volumes a year | Annals of Surgery
Br J Surg | SURG | 1960-:2023=110/1 | | British Journal of Surgery; BJS
World J Surg | SURG | 1977-:2022=46/1 | | World Journal of Surgery
J Surg Oncol | SURG,ONC | 2008-:2016=113-114/2 | two volumes a year since 2008 at least; earlier numbering irregular, not modelled | Journal of Surgical Oncology
Eur J Surg Oncol | SURG,ONC | 1985-:2016=42/1 | continues Clinical Oncology (1975-1984) numbering | EJSO; European Journal of Surgical Oncology
Int J Surg | SURG | 2023-:2023=109/1; 2015-2022:2020=73-84/12 | twelve volumes a year 2015-2022 (Elsevier), one a year from 2023 (Wolters Kluwer); 2004-2014 not modelled | International Journal of Surgery
J Clin Oncol | ONC | 1983-:2015=33/1 | | JCO; Journal of Clinical Oncology
Cancer | ONC | 2009-:2016=122/1; 1970-1996:1986=57-58/2 | one volume a year since Cancer Cytopathology left the numbering (2009); two a year to 1996; 1997-2008 (three a year, one of them Cancer Cytopathology) not modelled |
Cardiovasc Intervent Radiol | RAD,VASC | 1978-:2024=47/1 | | CVIR; CardioVascular and Interventional Radiology
Skeletal Radiol | RAD,ORTH | 1976-:2016=45/1 | | Skeletal Radiology
Acta Radiol | RAD | 1987-:2017=58/1 | 1987 restart of Acta Radiologica as vol 28 (continuing Acta Radiol Diagn) |
Invest Radiol | RAD | 1966-:2021=56/1 | | Investigative Radiology
Diagn Interv Radiol | RAD | 2005-:2022=28/1 | continues Tani Girisim Radyol numbering (2005 = vol 11) | Diagnostic and Interventional Radiology
Surg Endosc | SURG,GI | 1987-:2018=32/1 | | Surgical Endoscopy
J Am Coll Surg | SURG | 1994-:2015=220-221/2 | two volumes a year; continues Surg Gynecol Obstet numbering (1994 = 178-179) |
Ann Surg Oncol | SURG,ONC | 1994-:2017=24/1 | | Annals of Surgical Oncology
Neurosurgery | NSG | 1990-:2015=76-77/2 | two volumes a year |
J Bone Joint Surg Am | ORTH | 1950-:2015=97/1 | | JBJS; JBJS Am; J Bone Joint Surg Am Vol; Journal of Bone and Joint Surgery American Volume

## general medicine and science
N Engl J Med | MED | 1950-:2020=382-383/2 | two volumes a year | NEJM; New Engl J Med; N Eng J Med; New England Journal of Medicine
Lancet | MED | 1991-:2020=395-396/2 | two volumes a year; before 1991 citations often give the half-year (1 or 2) as volume, not modelled | The Lancet
JAMA | MED | 1980-:2020=323-324/2 | two volumes a year | J Am Med Assoc; Journal of the American Medical Association
BMJ | MED | 2016-:2020=368-371/4; 1981-2015:2000=320-321/2 | four volumes a year from 2016, two a year 1981-2015 (including Br Med J (Clin Res Ed) 1981-1987) | Br Med J; British Medical Journal; Br Med J (Clin Res Ed)
Ann Intern Med | MED | 1980-:2020=172-173/2 | two volumes a year | Annals of Internal Medicine
JAMA Intern Med | MED | 2013-:2020=180/1 | continues Arch Intern Med numbering |
Arch Intern Med | MED | 1980-2012:2000=160/1 | ceased 2012 (became JAMA Intern Med) |
Am J Med | MED | 2005-:2020=133/1; 1960-2004:2000=108-109/2 | one volume a year from 2005, two a year before |
Mayo Clin Proc | MED | 1980-:2020=95/1 | |
CMAJ | MED | 2010-:2020=192/1 | | Can Med Assoc J
Med J Aust | MED | 2000-:2020=212-213/2 | |
J Gen Intern Med | MED | 1986-:2020=35/1 | |
Ann Fam Med | MED | 2003-:2020=18/1 | |
Br J Gen Pract | MED | 1990-:2020=70/1 | |
Dtsch Arztebl Int | MED | 2008-:2020=117/1 | |
Medicine (Baltimore) | MED | 1980-:2020=99/1 | |
BMJ Open | MED | 2011-:2020=10/1 | article numbers |
PLoS Med | MED | 2004-:2020=17/1 | article numbers |
JAMA Netw Open | MED | 2018-:2020=3/1 | article numbers |
Cochrane Database Syst Rev | MED | | numbered by year and issue, no volumes |
Syst Rev | MED | 2012-:2020=9/1 | |
Trials | MED | 2006-:2020=21/1 | |
Sci Transl Med | MED | 2009-:2020=12/1 | |
Nat Med | MED,MOL | 1995-:2020=26/1 | | Nature Medicine
Nat Rev Dis Primers | MED | 2015-:2020=6/1 | |
J Clin Med | MED | 2012-:2020=9/1 | |
J Pers Med | MED | 2011-:2020=10/1 | |
Diagnostics (Basel) | MED | 2011-:2020=10/1 | |
Cureus | MED | 2009-:2020=12/1 | |
Nature | SCI | 2011-:2020=577-588/12; 1975-2010:2000=403-408/6 | twelve volumes a year from 2011, six a year before | Nature (London)
Science | SCI | 1960-:2020=367-370/4 | four volumes a year |
Proc Natl Acad Sci U S A | SCI | 1975-:2020=117/1 | | PNAS; Proc Natl Acad Sci USA; Proceedings of the National Academy of Sciences
PLoS One | SCI | 2006-:2020=15/1 | article numbers | PLOS ONE
Sci Rep | SCI | 2011-:2020=10/1 | article numbers | Scientific Reports
Nat Commun | SCI | 2010-:2020=11/1 | article numbers | Nature Communications
Elife | SCI | 2012-:2020=9/1 | article numbers | eLife
Sci Adv | SCI | 2015-:2020=6/1 | |
Heliyon | SCI | 2015-:2020=6/1 | |
F1000Res | SCI | 2012-:2020=9/1 | |
PeerJ | SCI | 2013-:2020=8/1 | |

## basic biomedical science
Cell | MOL,CELL | 1980-:2020=180-183/4 | four volumes a year |
Mol Cell | MOL,CELL | 2004-:2020=77-80/4 | four volumes a year |
Cell Metab | CELL,ENDO | 2005-:2020=31-32/2 | |
Cell Stem Cell | CELL | 2007-:2020=26-27/2 | |
Cell Rep | CELL,MOL | 2014-:2020=30-33/4 | four volumes a year | Cell Reports
Cancer Cell | ONC,CELL | 2002-:2020=37-38/2 | |
Immunity | IMMU | 1995-:2020=52-53/2 | |
Neuron | NEUROSCI | 2000-:2020=105-108/4 | |
J Clin Invest | MED | 2005-:2020=130/1; 1980-2004:2000=105-106/2 | one volume a year from 2005, two a year before | JCI
J Exp Med | IMMU,MED | 2006-:2020=217/1; 1935-2005:2000=191-192/2 | one volume a year from 2006, two a year before |
J Biol Chem | BIOCHEM | 1975-:2020=295/1 | | JBC
Nucleic Acids Res | BIOCHEM,MOL | 1980-:2020=48/1 | |
Bioinformatics | GEN,MOL | 1998-:2020=36/1 | |
Genome Res | GEN | 1995-:2020=30/1 | |
Genome Biol | GEN | 2000-:2020=21/1 | |
Am J Hum Genet | GEN | 1990-:2020=106-107/2 | |
Hum Mol Genet | GEN | 1992-:2020=29/1 | |
Genet Med | GEN | 1998-:2020=22/1 | |
Eur J Hum Genet | GEN | 1993-:2020=28/1 | |
J Med Genet | GEN | 1964-:2020=57/1 | |
Eur J Med Genet | GEN | 2005-:2020=63/1 | |
Am J Med Genet A | GEN | 2008-:2020=182-184/3 | three volumes a year; printed with the section letter (155A) |
EMBO J | MOL | 1982-:2020=39/1 | |
Genes Dev | MOL,GEN | 1987-:2020=34/1 | |
J Cell Biol | CELL | 2017-:2020=219/1 | |
J Cell Sci | CELL | 1990-:2020=133/1 | |
Curr Biol | MOL,CELL | 1991-:2020=30/1 | |
Development | CELL | 1994-:2020=147/1 | |
Nat Genet | GEN | 2004-:2020=52/1; 1993-2003:2000=24-26/3 | one volume a year from 2004, three a year 1993-2003 | Nature Genetics
Nat Biotechnol | BME,MOL | 1996-:2020=38/1 | | Nature Biotechnology
Nat Immunol | IMMU | 2000-:2020=21/1 | |
Nat Neurosci | NEUROSCI | 1998-:2020=23/1 | |
Nat Cell Biol | CELL | 1999-:2020=22/1 | |
Nat Methods | MOL,BIOCHEM | 2004-:2020=17/1 | |
Nat Protoc | MOL | 2006-:2020=15/1 | |
Nat Rev Cancer | ONC | 2001-:2020=20/1 | |
Nat Rev Drug Discov | PHARM | 2002-:2020=19/1 | |
Nat Rev Immunol | IMMU | 2001-:2020=20/1 | |
Nat Rev Mol Cell Biol | MOL,CELL | 2000-:2020=21/1 | |
Nat Rev Genet | GEN | 2000-:2020=21/1 | |
Nat Rev Neurosci | NEUROSCI | 2000-:2020=21/1 | |
Int J Mol Sci | MOL,BIOCHEM | 2000-:2020=21/1 | |
Cells | CELL | 2012-:2020=9/1 | |
Molecules | BIOCHEM | 1996-:2020=25/1 | |
Physiol Rev | PHYS | 1921-:2020=100/1 | |
J Physiol | PHYS | 2014-:2020=598/1 | |
J Appl Physiol (1985) | PHYS | 2000-:2020=128-129/2 | | J Appl Physiol
Pharmacol Rev | PHARM | 1980-:2020=72/1 | |
Clin Pharmacol Ther | PHARM | 2000-:2020=107-108/2 | |
Br J Clin Pharmacol | PHARM | 2017-:2020=86/1 | |
Drugs | PHARM | 2001-:2020=80/1 | one volume a year since 2001; two a year before, not modelled |
J Neurosci | NEUROSCI | 1981-:2020=40/1 | |
Gene | GEN,MOL | | several volumes a year, not modelled |
Biochim Biophys Acta | BIOCHEM | | many volumes a year across sections, not modelled |

## oncology and haematology
Lancet Oncol | ONC | 2000-:2020=21/1 | |
JAMA Oncol | ONC | 2015-:2020=6/1 | |
Ann Oncol | ONC | 1990-:2020=31/1 | |
CA Cancer J Clin | ONC | 1980-:2020=70/1 | | CA: A Cancer Journal for Clinicians
J Natl Cancer Inst | ONC | 1988-:2020=112/1; 1975-1987:1980=64-65/2 | one volume a year from 1988, two a year before | JNCI
Cancer Res | ONC | 1980-:2020=80/1 | | Cancer Research
Clin Cancer Res | ONC | 1995-:2020=26/1 | |
Br J Cancer | ONC | 2000-:2020=122-123/2 | two volumes a year |
Int J Cancer | ONC | 2006-:2020=146-147/2 | two volumes a year since 2006; more before, not modelled |
Eur J Cancer | ONC | 1990-2015:2001=37/1 | one volume a year to 2015; several a year since, not modelled |
Oncogene | ONC,MOL | 2000-:2020=39/1 | |
Oncologist | ONC | 1996-:2020=25/1 | |
Cancer Discov | ONC | 2011-:2020=10/1 | |
Cancer Med | ONC | 2012-:2020=9/1 | |
Cancer Sci | ONC | 2003-:2020=111/1 | |
Mol Cancer | ONC,MOL | 2002-:2020=19/1 | |
Cancers (Basel) | ONC | 2009-:2020=12/1 | |
Oncotarget | ONC | 2010-:2020=11/1 | |
J Immunother Cancer | ONC,IMMU | 2013-:2020=8/1 | |
Nat Rev Clin Oncol | ONC | 2009-:2020=17/1 | |
Neuro Oncol | ONC,NEU | 1999-:2020=22/1 | |
J Thorac Oncol | ONC,PULM | 2006-:2020=15/1 | |
Clin Lung Cancer | ONC,PULM | 1999-:2020=21/1 | |
Lung Cancer | ONC,PULM | | several volumes a year, not modelled |
Breast Cancer Res | ONC | 1999-:2020=22/1 | |
Breast Cancer Res Treat | ONC | | several volumes a year, not modelled |
Gynecol Oncol | ONC,GYN | | several volumes a year, not modelled |
Int J Gynecol Cancer | ONC,GYN | 1991-:2020=30/1 | |
Gastric Cancer | ONC,GI | 1998-:2020=23/1 | |
Cancer Lett | ONC | | many volumes a year, not modelled |
Head Neck | ENT,ONC | 1989-:2020=42/1 | |
Int J Hyperthermia | ONC,RAD | 1985-:2020=37/1 | |
Cancer Cytopathol | PATH,ONC | 2009-:2020=128/1 | |
J Geriatr Oncol | GER,ONC | 2010-:2020=11/1 | |
Pediatr Blood Cancer | PED,HEM,ONC | 2013-:2020=67/1 | |
Blood | HEM | 1980-:2020=135-136/2 | two volumes a year |
Blood Adv | HEM | 2016-:2020=4/1 | |
Leukemia | HEM,ONC | 1987-:2020=34/1 | |
Haematologica | HEM | 1990-:2020=105/1 | |
Br J Haematol | HEM | 2000-:2020=188-191/4 | |
Am J Hematol | HEM | 2006-:2020=95/1 | |
J Thromb Haemost | HEM | 2003-:2020=18/1 | |
J Hematol Oncol | HEM,ONC | 2008-:2020=13/1 | |
Bone Marrow Transplant | HEM,TX | 1986-:2020=55/1 | |
Biol Blood Marrow Transplant | HEM,TX | 1995-:2020=26/1 | |
Lancet Haematol | HEM | 2014-:2020=7/1 | |

## radiology, nuclear medicine, radiotherapy
Br J Radiol | RAD | 1980-:2020=93/1 | |
Clin Radiol | RAD | 1980-:2020=75/1 | |
Radiographics | RAD | 1981-:2020=40/1 | |
Radiol Clin North Am | RAD | 1980-:2020=58/1 | |
J Magn Reson Imaging | RAD | 2000-:2020=51-52/2 | |
Magn Reson Med | RAD | 2000-:2020=83-84/2 | |
J Nucl Med | NM,RAD | 1980-:2020=61/1 | |
Eur J Nucl Med Mol Imaging | NM,RAD | 2002-:2020=47/1 | |
Abdom Radiol (NY) | RAD,GI | 2016-:2020=45/1 | continues Abdom Imaging numbering |
Acad Radiol | RAD | 1994-:2020=27/1 | |
Korean J Radiol | RAD | 2000-:2020=21/1 | |
Insights Imaging | RAD | 2010-:2020=11/1 | |
Radiol Med | RAD | 2010-:2020=125/1 | |
J Comput Assist Tomogr | RAD | 1977-:2020=44/1 | |
Emerg Radiol | RAD,EM | 1994-:2020=27/1 | |
Pediatr Radiol | RAD,PED | 1973-:2020=50/1 | |
Neuroradiology | RAD,NEU | 1970-:2020=62/1 | |
J Neurointerv Surg | NSG,RAD,NEU | 2009-:2020=12/1 | |
Semin Intervent Radiol | RAD | 1984-:2020=37/1 | |
Tech Vasc Interv Radiol | RAD | 1998-:2020=23/1 | |
J Endovasc Ther | VASC,RAD | 2000-:2020=27/1 | |
Ultrasound Med Biol | RAD | 1980-:2020=46/1 | |
J Ultrasound Med | RAD | 1982-:2020=39/1 | |
Ultrasound Obstet Gynecol | RAD,OB,GYN | 2000-:2020=55-56/2 | |
Eur J Radiol | RAD | | several volumes a year since 2014, not modelled |
Med Phys | RAD,BME | 1980-:2020=47/1 | |
Phys Med Biol | BME,RAD | 1980-:2020=65/1 | |
Int J Radiat Oncol Biol Phys | RT,ONC | 2000-:2020=106-108/3 | three volumes a year | Red Journal
Pract Radiat Oncol | RT,ONC | 2011-:2020=10/1 | |
Radiother Oncol | RT,ONC | | monthly volumes, not modelled |

## surgery
JAMA Surg | SURG | 2013-:2020=155/1 | continues Arch Surg numbering |
Arch Surg | SURG | 1980-2012:2000=135/1 | ceased 2012 (became JAMA Surg) |
Surgery | SURG | 1980-:2020=167-168/2 | |
Am J Surg | SURG | 1980-:2020=219-220/2 | |
J Gastrointest Surg | SURG,GI | 1997-:2020=24/1 | |
HPB (Oxford) | SURG,GI | 1999-:2020=22/1 | |
Colorectal Dis | SURG,GI | 1999-:2020=22/1 | |
Dis Colon Rectum | SURG,GI | 1980-:2020=63/1 | |
Hernia | SURG | 1997-:2020=24/1 | |
Obes Surg | SURG,NUTR | 1991-:2020=30/1 | |
Surg Obes Relat Dis | SURG | 2005-:2020=16/1 | |
J Trauma Acute Care Surg | SURG,EM | 2012-:2020=88-89/2 | continues J Trauma numbering |
J Trauma | SURG,EM | 1995-2011:2000=48-49/2 | |
J Pediatr Surg | SURG,PED | 1966-:2020=55/1 | |
Langenbecks Arch Surg | SURG | 1998-:2020=405/1 | |
Dig Surg | SURG,GI | 1984-:2020=37/1 | |
Eur J Vasc Endovasc Surg | VASC,SURG | 1995-:2020=59-60/2 | |
J Vasc Surg | VASC,SURG | 1990-:2020=71-72/2 | |
Plast Reconstr Surg | SURG | 1980-:2020=145-146/2 | |
Surg Laparosc Endosc Percutan Tech | SURG | 1999-:2020=30/1 | |
Asian J Surg | SURG | 1978-:2020=43/1 | |
BJS Open | SURG | 2017-:2020=4/1 | |
Ann R Coll Surg Engl | SURG | 1980-:2020=102/1 | |
ANZ J Surg | SURG | 2001-:2020=90/1 | |
Can J Surg | SURG | 1980-:2020=63/1 | |
Scand J Surg | SURG | 2002-:2020=109/1 | |
World J Emerg Surg | SURG,EM | 2006-:2020=15/1 | |
Eur J Cardiothorac Surg | SURG,CARD | 2000-:2020=57-58/2 | |
J Thorac Cardiovasc Surg | SURG,CARD | 1980-:2020=159-160/2 | |
Ann Thorac Surg | SURG,CARD | 1980-:2020=109-110/2 | |
Am J Transplant | TX | 2001-:2020=20/1 | |
Transplantation | TX | 2015-:2020=104/1 | |
Liver Transpl | GI,TX | 2000-:2020=26/1 | |

## urology and nephrology
J Urol | URO | 1980-:2020=203-204/2 | two volumes a year | Journal of Urology
Eur Urol | URO | 2000-:2020=77-78/2 | two volumes a year | European Urology
BJU Int | URO | 1999-:2020=125-126/2 | |
Urology | URO | 2000-2015:2010=75-76/2 | monthly volumes since 2016, not modelled |
Urol Oncol | URO,ONC | | several volumes a year, not modelled |
Eur Urol Oncol | URO,ONC | 2018-:2020=3/1 | |
Eur Urol Focus | URO | 2015-:2020=6/1 | |
Prostate Cancer Prostatic Dis | URO,ONC | 1997-:2020=23/1 | |
Prostate | URO,ONC | 1980-:2020=80/1 | |
J Endourol | URO | 1987-:2020=34/1 | |
World J Urol | URO | 1983-:2020=38/1 | |
Urol Clin North Am | URO | 1974-:2020=47/1 | |
Nat Rev Urol | URO | 2009-:2020=17/1 | |
Kidney Int | NEPH | 1980-:2020=97-98/2 | |
J Am Soc Nephrol | NEPH | 1990-:2020=31/1 | | JASN
Clin J Am Soc Nephrol | NEPH | 2006-:2020=15/1 | | CJASN
Am J Kidney Dis | NEPH | 1990-:2020=75-76/2 | |
Nephrol Dial Transplant | NEPH | 1986-:2020=35/1 | |
Kidney Int Rep | NEPH | 2016-:2020=5/1 | |
Am J Nephrol | NEPH | 1981-:2020=51/1 | |
Clin Kidney J | NEPH | 2012-:2020=13/1 | |
Nat Rev Nephrol | NEPH | 2009-:2020=16/1 | |

## cardiology and vascular
Circulation | CARD | 1980-:2020=141-142/2 | two volumes a year |
Circ Res | CARD | 1980-:2020=126-127/2 | |
J Am Coll Cardiol | CARD | 1983-:2020=75-76/2 | two volumes a year | JACC
Eur Heart J | CARD | 1980-:2020=41/1 | |
Hypertension | CARD,VASC | 1990-:2020=75-76/2 | |
Am J Hypertens | CARD,VASC | 1988-:2020=33/1 | |
J Hypertens | CARD,VASC | 1983-:2020=38/1 | |
Heart | CARD | 2003-:2020=106/1 | |
JACC Cardiovasc Interv | CARD | 2008-:2020=13/1 | |
JACC Cardiovasc Imaging | CARD,RAD | 2008-:2020=13/1 | |
JACC Heart Fail | CARD | 2013-:2020=8/1 | |
JAMA Cardiol | CARD | 2016-:2020=5/1 | |
Circ Heart Fail | CARD | 2008-:2020=13/1 | |
Circ Cardiovasc Interv | CARD | 2008-:2020=13/1 | |
Circ Cardiovasc Qual Outcomes | CARD,HSR | 2008-:2020=13/1 | |
Circ Arrhythm Electrophysiol | CARD | 2008-:2020=13/1 | |
Circ Cardiovasc Imaging | CARD,RAD | 2008-:2020=13/1 | |
Eur J Heart Fail | CARD | 1999-:2020=22/1 | |
Eur J Prev Cardiol | CARD | 2012-:2020=27/1 | |
Eur Heart J Cardiovasc Imaging | CARD,RAD | 2012-:2020=21/1 | |
Heart Rhythm | CARD | 2004-:2020=17/1 | |
Europace | CARD | 1999-:2020=22/1 | |
J Cardiovasc Electrophysiol | CARD | 1990-:2020=31/1 | |
J Am Heart Assoc | CARD | 2012-:2020=9/1 | | JAHA
Arterioscler Thromb Vasc Biol | VASC,CARD | 1995-:2020=40/1 | |
Stroke | NEU,VASC | 1970-:2020=51/1 | |
Nat Rev Cardiol | CARD | 2009-:2020=17/1 | |
J Clin Lipidol | CARD,ENDO | 2007-:2020=14/1 | |
Am Heart J | CARD | | volume count per year changed several times, not modelled |
Am J Cardiol | CARD | | volume count per year changed several times, not modelled |
Int J Cardiol | CARD | | many volumes a year, not modelled |
Atherosclerosis | VASC,CARD | | many volumes a year, not modelled |

## pulmonary, critical care, anaesthesia, emergency
Thorax | PULM | 1980-:2020=75/1 | |
Eur Respir J | PULM | 1998-:2020=55-56/2; 1988-1997:1995=8/1 | two volumes a year from 1998, one a year 1988-1997 |
Am J Respir Crit Care Med | PULM,CC | 1994-:2020=201-202/2 | |
Chest | PULM | 1980-:2020=157-158/2 | |
Lancet Respir Med | PULM | 2013-:2020=8/1 | |
Crit Care Med | CC | 1973-:2020=48/1 | |
Intensive Care Med | CC | 1975-:2020=46/1 | |
Crit Care | CC | 1997-:2020=24/1 | |
Resuscitation | CC,EM | | monthly volumes, not modelled |
Anesthesiology | ANES | 1980-:2020=132-133/2 | |
Br J Anaesth | ANES | 1990-:2020=124-125/2 | |
Anesth Analg | ANES | 1990-:2020=130-131/2 | |
Anaesthesia | ANES | 1980-:2020=75/1 | |
Reg Anesth Pain Med | ANES | 1998-:2020=45/1 | |
Eur J Anaesthesiol | ANES | 1984-:2020=37/1 | |
Can J Anaesth | ANES | 1987-:2020=67/1 | |
Acta Anaesthesiol Scand | ANES | 1980-:2020=64/1 | |
Pain | ANES,NEU | 2011-:2020=161/1 | |
Ann Emerg Med | EM | 1994-:2020=75-76/2 | |
Acad Emerg Med | EM | 1994-:2020=27/1 | |
Emerg Med J | EM | 2001-:2020=37/1 | |
West J Emerg Med | EM | 2008-:2020=21/1 | |
Injury | ORTH,EM | 1980-:2020=51/1 | |

## gastroenterology and hepatology
Gastroenterology | GI | 1980-:2020=158-159/2 | two volumes a year |
Gut | GI | 2003-:2020=69/1; 1995-2002:2000=46-47/2; 1960-1994:1994=35/1 | one volume a year from 2003, two 1995-2002, one before |
Hepatology | GI | 1990-:2020=71-72/2 | |
J Hepatol | GI | 1997-:2020=72-73/2 | |
Am J Gastroenterol | GI | 1980-:2020=115/1 | |
Clin Gastroenterol Hepatol | GI | 2003-:2020=18/1 | |
Gastrointest Endosc | GI | 1995-:2020=91-92/2 | |
Endoscopy | GI | 1980-:2020=52/1 | |
Lancet Gastroenterol Hepatol | GI | 2016-:2020=5/1 | |
Aliment Pharmacol Ther | GI,PHARM | 2003-:2020=51-52/2 | |
Inflamm Bowel Dis | GI | 1995-:2020=26/1 | |
J Crohns Colitis | GI | 2007-:2020=14/1 | |
Pancreatology | GI | 2001-:2020=20/1 | |
Liver Int | GI | 2004-:2020=40/1 | |
Dig Dis Sci | GI | 1979-:2020=65/1 | |
Scand J Gastroenterol | GI | 1966-:2020=55/1 | |
World J Gastroenterol | GI | 1995-:2020=26/1 | |
J Gastroenterol Hepatol | GI | 1986-:2020=35/1 | |
J Gastroenterol | GI | 1994-:2020=55/1 | |
Endosc Int Open | GI | 2013-:2020=8/1 | |
United European Gastroenterol J | GI | 2013-:2020=8/1 | |
Nat Rev Gastroenterol Hepatol | GI | 2009-:2020=17/1 | |

## endocrinology and nutrition
Diabetes Care | ENDO | 1978-:2020=43/1 | |
Diabetes | ENDO | 1980-:2020=69/1 | |
Diabetologia | ENDO | 1965-:2020=63/1 | |
Lancet Diabetes Endocrinol | ENDO | 2013-:2020=8/1 | |
J Clin Endocrinol Metab | ENDO | 1995-:2020=105/1 | | JCEM
Endocr Rev | ENDO | 1980-:2020=41/1 | |
Thyroid | ENDO | 1990-:2020=30/1 | |
Obesity (Silver Spring) | ENDO,NUTR | 2006-:2020=28/1 | |
Int J Obes (Lond) | ENDO,NUTR | 2005-:2020=44/1 | |
Diabetes Obes Metab | ENDO | 1999-:2020=22/1 | |
Diabet Med | ENDO | 1984-:2020=37/1 | |
Endocr Pract | ENDO | 1995-:2020=26/1 | |
Osteoporos Int | ENDO,ORTH | 1990-:2020=31/1 | |
J Bone Miner Res | ENDO,ORTH | 1986-:2020=35/1 | |
Nat Rev Endocrinol | ENDO | 2009-:2020=16/1 | |
Am J Clin Nutr | NUTR | 1990-:2020=111-112/2 | |
Br J Nutr | NUTR | 2000-:2020=123-124/2 | |
Clin Nutr | NUTR | 1982-:2020=39/1 | |
JPEN J Parenter Enteral Nutr | NUTR | 1977-:2020=44/1 | |
Nutrients | NUTR | 2009-:2020=12/1 | |

## neurology, neurosurgery, psychiatry
Neurology | NEU | 1996-:2020=94-95/2; 1951-1995:1990=40/1 | two volumes a year from 1996, one before |
Lancet Neurol | NEU | 2002-:2020=19/1 | |
JAMA Neurol | NEU | 2013-:2020=77/1 | continues Arch Neurol numbering |
Arch Neurol | NEU | 1975-2012:2000=57/1 | ceased 2012 (became JAMA Neurol) |
Brain | NEU | 1980-:2020=143/1 | |
Ann Neurol | NEU | 1990-:2020=87-88/2 | |
J Neurol Neurosurg Psychiatry | NEU,NSG,PSY | 2003-:2020=91/1 | |
J Neurol | NEU | 2000-:2020=267/1 | |
Eur J Neurol | NEU | 1994-:2020=27/1 | |
Mult Scler | NEU | 1995-:2020=26/1 | |
Epilepsia | NEU | 1980-:2020=61/1 | |
Alzheimers Dement | NEU,GER | 2005-:2020=16/1 | |
Mov Disord | NEU | 1986-:2020=35/1 | |
Cephalalgia | NEU | 1981-:2020=40/1 | |
Nat Rev Neurol | NEU | 2009-:2020=16/1 | |
J Neurosurg Spine | NSG,ORTH | 2005-:2020=32-33/2 | |
J Neurosurg Pediatr | NSG,PED | 2008-:2020=25-26/2 | |
Neurosurg Focus | NSG | 2000-:2020=48-49/2 | |
Acta Neurochir (Wien) | NSG | 2000-:2020=162/1 | |
J Neurotrauma | NSG,NEU | 1988-:2020=37/1 | |
Neurosurg Rev | NSG | 1978-:2020=43/1 | |
Childs Nerv Syst | NSG,PED | 1985-:2020=36/1 | |
World Neurosurg | NSG | | many volumes a year, not modelled |
Am J Psychiatry | PSY | 1980-:2020=177/1 | |
JAMA Psychiatry | PSY | 2013-:2020=77/1 | continues Arch Gen Psychiatry numbering |
Arch Gen Psychiatry | PSY | 1980-2012:2000=57/1 | ceased 2012 (became JAMA Psychiatry) |
Lancet Psychiatry | PSY | 2014-:2020=7/1 | |
Biol Psychiatry | PSY,NEUROSCI | 2000-:2020=87-88/2 | |
Br J Psychiatry | PSY | 1990-:2020=216-217/2 | |
Mol Psychiatry | PSY | 1996-:2020=25/1 | |
Psychol Med | PSY | 1970-:2020=50/1 | |
World Psychiatry | PSY | 2002-:2020=19/1 | |
J Clin Psychiatry | PSY | 1978-:2020=81/1 | |
Schizophr Bull | PSY | 1974-:2020=46/1 | |
Acta Psychiatr Scand | PSY | 2000-:2020=141-142/2 | |
Neuropsychopharmacology | PSY,PHARM | 2005-:2020=45/1 | |
J Am Acad Child Adolesc Psychiatry | PSY,PED | 1987-:2020=59/1 | |
Bipolar Disord | PSY | 1999-:2020=22/1 | |
J Affect Disord | PSY | | many volumes a year, not modelled |
Addiction | PSY,PH | 1993-:2020=115/1 | |

## orthopaedics, sports, rehabilitation
J Bone Joint Surg Br | ORTH | 1950-2012:2000=82/1 | ceased 2012 (became Bone Joint J) |
Bone Joint J | ORTH | 2013-:2020=102/1 | continues J Bone Joint Surg Br numbering |
Clin Orthop Relat Res | ORTH | 2008-:2020=478/1 | one volume a year since 2008; many a year before, not modelled | CORR
Am J Sports Med | ORTH,SPORT | 1980-:2020=48/1 | |
Arthroscopy | ORTH | 1985-:2020=36/1 | |
J Arthroplasty | ORTH | 1986-:2020=35/1 | |
Knee Surg Sports Traumatol Arthrosc | ORTH,SPORT | 1993-:2020=28/1 | |
Osteoarthritis Cartilage | ORTH,RHEUM | 1993-:2020=28/1 | |
Acta Orthop | ORTH | 2005-:2020=91/1 | |
J Orthop Trauma | ORTH | 1987-:2020=34/1 | |
J Shoulder Elbow Surg | ORTH | 1992-:2020=29/1 | |
Foot Ankle Int | ORTH | 1994-:2020=41/1 | |
Spine J | ORTH,NSG | 2001-:2020=20/1 | |
Eur Spine J | ORTH,NSG | 1992-:2020=29/1 | |
Br J Sports Med | SPORT | 1990-:2020=54/1 | |
Med Sci Sports Exerc | SPORT,PHYS | 1980-:2020=52/1 | |
Sports Med | SPORT | 2008-:2020=50/1 | |
Arch Phys Med Rehabil | REHAB | 1980-:2020=101/1 | |

## paediatrics, obstetrics, gynaecology
Pediatrics | PED | 1980-:2020=145-146/2 | two volumes a year |
J Pediatr | PED | 2000-2015:2010=156-157/2 | monthly volumes since 2016, not modelled |
JAMA Pediatr | PED | 2013-:2020=174/1 | continues Arch Pediatr Adolesc Med numbering |
Arch Pediatr Adolesc Med | PED | 1994-2012:2000=154/1 | ceased 2012 (became JAMA Pediatr) |
Arch Dis Child | PED | 1980-:2020=105/1 | |
Lancet Child Adolesc Health | PED | 2017-:2020=4/1 | |
Pediatr Res | PED | 2000-:2020=87-88/2 | |
Acta Paediatr | PED | 1992-:2020=109/1 | |
Pediatr Infect Dis J | PED,ID | 1982-:2020=39/1 | |
J Pediatr Endocrinol Metab | PED,ENDO | 1995-:2020=33/1 | |
Eur J Pediatr | PED | 2000-:2020=179/1 | |
J Adolesc Health | PED | 2000-:2020=66-67/2 | |
Children (Basel) | PED | 2014-:2020=7/1 | |
Am J Obstet Gynecol | OB,GYN | 1990-:2020=222-223/2 | |
Obstet Gynecol | OB,GYN | 1980-:2020=135-136/2 | |
BJOG | OB,GYN | 2000-:2020=127/1 | |
Acta Obstet Gynecol Scand | OB,GYN | 1980-:2020=99/1 | |
Int J Gynaecol Obstet | OB,GYN | 2000-:2020=148-151/4 | |
Prenat Diagn | OB | 1981-:2020=40/1 | |
Hum Reprod | REPRO | 1986-:2020=35/1 | |
Hum Reprod Update | REPRO | 1995-:2020=26/1 | |
Fertil Steril | REPRO | 1990-:2020=113-114/2 | |
Menopause | GYN | 1994-:2020=27/1 | |
Contraception | REPRO,GYN | 2000-:2020=101-102/2 | |

## infection, immunology, rheumatology, dermatology
Clin Infect Dis | ID | 1995-:2020=70-71/2 | two volumes a year |
J Infect Dis | ID | 1980-:2020=221-222/2 | |
Lancet Infect Dis | ID | 2001-:2020=20/1 | |
Emerg Infect Dis | ID,PH | 1995-:2020=26/1 | |
J Antimicrob Chemother | ID,PHARM | 2010-:2020=75/1; 1998-2009:2000=45-46/2 | one volume a year from 2010, two a year before |
Antimicrob Agents Chemother | ID,PHARM,MICRO | 1990-:2020=64/1 | |
J Clin Microbiol | MICRO,ID | 1990-:2020=58/1 | |
Clin Microbiol Infect | ID,MICRO | 1995-:2020=26/1 | |
AIDS | ID | 1987-:2020=34/1 | |
AIDS Care | ID,PSY | 1989-:2020=32/1 | |
J Infect | ID | 2000-:2020=80-81/2 | |
Infect Control Hosp Epidemiol | ID | 1988-:2020=41/1 | |
Open Forum Infect Dis | ID | 2014-:2020=7/1 | |
BMC Infect Dis | ID | 2001-:2020=20/1 | |
MMWR Morb Mortal Wkly Rep | PH,ID | 1980-:2020=69/1 | | MMWR
Lancet HIV | ID | 2014-:2020=7/1 | |
PLoS Negl Trop Dis | TROP,ID | 2007-:2020=14/1 | |
PLoS Pathog | MICRO,ID | 2005-:2020=16/1 | |
mBio | MICRO | 2010-:2020=11/1 | |
J Virol | VIR | 1990-:2020=94/1 | |
Viruses | VIR | 2009-:2020=12/1 | |
Vaccines (Basel) | ID,IMMU | 2013-:2020=8/1 | |
Malar J | TROP,ID | 2002-:2020=19/1 | |
Am J Trop Med Hyg | TROP | 1990-:2020=102-103/2 | |
Vaccine | ID,IMMU | 1983-:2020=38/1 | |
J Acquir Immune Defic Syndr | ID | 2000-:2020=83-85/3 | three volumes a year | JAIDS
J Allergy Clin Immunol | IMM | 1980-:2020=145-146/2 | |
J Allergy Clin Immunol Pract | IMM | 2013-:2020=8/1 | |
Allergy | IMM | 1980-:2020=75/1 | |
J Immunol | IMMU | 1990-:2020=204-205/2 | |
Ann Rheum Dis | RHEUM | 1980-:2020=79/1 | |
Arthritis Rheumatol | RHEUM | 2014-:2020=72/1 | continues Arthritis Rheum numbering |
Arthritis Rheum | RHEUM | | shared numbering with Arthritis Care Res for years, not modelled |
Rheumatology (Oxford) | RHEUM | 1999-:2020=59/1 | |
Nat Rev Rheumatol | RHEUM | 2009-:2020=16/1 | |
J Am Acad Dermatol | DERM | 1990-:2020=82-83/2 | |
JAMA Dermatol | DERM | 2013-:2020=156/1 | |
Br J Dermatol | DERM | 1990-:2020=182-183/2 | |
J Invest Dermatol | DERM | 2006-:2020=140/1 | |

## ophthalmology, otolaryngology, dentistry
Ophthalmology | OPH | 1980-:2020=127/1 | |
JAMA Ophthalmol | OPH | 2013-:2020=138/1 | |
Br J Ophthalmol | OPH | 1980-:2020=104/1 | |
Invest Ophthalmol Vis Sci | OPH | 1990-:2020=61/1 | | IOVS
Am J Ophthalmol | OPH | | monthly volumes, not modelled |
Retina | OPH | 1981-:2020=40/1 | |
Clin Ophthalmol | OPH | 2007-:2020=14/1 | |
Eye (Lond) | OPH | 1987-:2020=34/1 | |
Acta Ophthalmol | OPH | 2008-:2020=98/1 | |
Cornea | OPH | 1982-:2020=39/1 | |
J Cataract Refract Surg | OPH | 1988-:2020=46/1 | |
Laryngoscope | ENT | 1980-:2020=130/1 | |
JAMA Otolaryngol Head Neck Surg | ENT | 2013-:2020=146/1 | |
Otolaryngol Head Neck Surg | ENT | 1990-:2020=162-163/2 | |
J Dent Res | DENT | 1980-:2020=99/1 | |
J Clin Periodontol | DENT | 1974-:2020=47/1 | |
J Periodontol | DENT | 1980-:2020=91/1 | |
BMC Oral Health | DENT | 2001-:2020=20/1 | |
Int J Oral Maxillofac Surg | DENT,SURG | 1986-:2020=49/1 | |
Community Dent Oral Epidemiol | DENT,PH | 1973-:2020=48/1 | |

## public health, epidemiology, methods, pathology, geriatrics, nursing
Am J Public Health | PH | 1971-:2020=110/1 | |
Lancet Public Health | PH | 2016-:2020=5/1 | |
Lancet Glob Health | PH | 2013-:2020=8/1 | |
Lancet Digit Health | INFORM | 2019-:2020=2/1 | |
Am J Epidemiol | EPI | 2018-:2020=189/1; 2000-2017:2000=151-152/2 | one volume a year from 2018, two a year before |
Int J Epidemiol | EPI | 1972-:2020=49/1 | |
Epidemiology | EPI | 1990-:2020=31/1 | |
J Epidemiol Community Health | EPI,PH | 1979-:2020=74/1 | |
Eur J Epidemiol | EPI | 1985-:2020=35/1 | |
Environ Health Perspect | PH | 1995-:2020=128/1 | |
Occup Environ Med | PH | 1994-:2020=77/1 | |
Tob Control | PH | 1992-:2020=29/1 | |
Int J Environ Res Public Health | PH | 2004-:2020=17/1 | |
Health Aff (Millwood) | HSR | 1981-:2020=39/1 | |
Med Care | HSR | 1980-:2020=58/1 | |
Healthcare (Basel) | HSR | 2013-:2020=8/1 | |
J Med Internet Res | INFORM | 1999-:2020=22/1 | |
JMIR Mhealth Uhealth | INFORM | 2013-:2020=8/1 | |
Stat Med | STAT | 1982-:2020=39/1 | |
Res Synth Methods | STAT | 2010-:2020=11/1 | |
Am J Surg Pathol | PATH | 1977-:2020=44/1 | |
Mod Pathol | PATH | 1988-:2020=33/1 | |
Histopathology | PATH | 2000-:2020=76-77/2 | |
Arch Pathol Lab Med | PATH | 1980-:2020=144/1 | |
Clin Chem | PATH | 1980-:2020=66/1 | |
J Am Geriatr Soc | GER | 1980-:2020=68/1 | |
Age Ageing | GER | 1972-:2020=49/1 | |
J Am Med Dir Assoc | GER | 2000-:2020=21/1 | |
J Adv Nurs | NURS | 1976-:2020=76/1 | |
Int J Nurs Stud | NURS | | several volumes a year since 2019, not modelled |

## BioMed Central and Frontiers (volume = year since launch)
BMC Med | MED | 2003-:2020=18/1 | |
BMC Cancer | ONC | 2001-:2020=20/1 | |
BMC Public Health | PH | 2001-:2020=20/1 | |
BMC Genomics | GEN | 2000-:2020=21/1 | |
BMC Bioinformatics | GEN,INFORM | 2000-:2020=21/1 | |
BMC Microbiol | MICRO | 2001-:2020=20/1 | |
BMC Musculoskelet Disord | ORTH,RHEUM | 2000-:2020=21/1 | |
BMC Med Res Methodol | STAT | 2001-:2020=20/1 | |
BMC Pediatr | PED | 2001-:2020=20/1 | |
BMC Psychiatry | PSY | 2001-:2020=20/1 | |
BMC Health Serv Res | HSR | 2001-:2020=20/1 | |
BMC Surg | SURG | 2001-:2020=20/1 | |
BMC Nephrol | NEPH | 2000-:2020=21/1 | |
BMC Gastroenterol | GI | 2001-:2020=20/1 | |
BMC Pulm Med | PULM | 2001-:2020=20/1 | |
BMC Cardiovasc Disord | CARD | 2001-:2020=20/1 | |
BMC Neurol | NEU | 2001-:2020=20/1 | |
BMC Urol | URO | 2001-:2020=20/1 | |
BMC Geriatr | GER | 2001-:2020=20/1 | |
BMC Pregnancy Childbirth | OB | 2001-:2020=20/1 | |
BMC Womens Health | GYN | 2001-:2020=20/1 | |
BMC Med Educ | MED | 2001-:2020=20/1 | |
BMC Res Notes | SCI | 2008-:2020=13/1 | |
Front Immunol | IMMU | 2010-:2020=11/1 | |
Front Oncol | ONC | 2011-:2020=10/1 | |
Front Microbiol | MICRO | 2010-:2020=11/1 | |
Front Genet | GEN | 2010-:2020=11/1 | |
Front Neurol | NEU | 2010-:2020=11/1 | |
Front Psychiatry | PSY | 2010-:2020=11/1 | |
Front Pharmacol | PHARM | 2010-:2020=11/1 | |
Front Endocrinol (Lausanne) | ENDO | 2010-:2020=11/1 | |
Front Neurosci | NEUROSCI | 2007-:2020=14/1 | |
Front Public Health | PH | 2013-:2020=8/1 | |
Front Med (Lausanne) | MED | 2014-:2020=7/1 | |
Front Cardiovasc Med | CARD | 2014-:2020=7/1 | |
Front Pediatr | PED | 2013-:2020=8/1 | |
Front Surg | SURG | 2014-:2020=7/1 | |
Front Cell Infect Microbiol | MICRO,ID | 2011-:2020=10/1 | |
Front Physiol | PHYS | 2010-:2020=11/1 | |

## physical sciences: venues a clinical paper seldom has reason to cite (reference.venue_mismatch)
Phys Rev Lett | PHYSICS | 1959-:2020=124-125/2 | two volumes a year (Jan-Jun, Jul-Dec) | Physical Review Letters; PRL
Appl Phys Lett | PHYSICS | 2000-:2020=116-117/2 | two volumes a year | Applied Physics Letters; APL
J Am Chem Soc | CHEM | 1950-:2020=142/1 | | JACS
Chem Rev | CHEM | 1990-:2020=120/1 | | Chemical Reviews
Nano Lett | CHEM,PHYSICS | 2001-:2020=20/1 | |
'''


if __name__ == "__main__":
    raise SystemExit(main())
