"""How many reported test results kgaudit reads on the real author-date articles (eLife, PLOS, TEI).

statcheck's anchor: it recognises about 60% of the test results a paper reports.  The denominator here is
counted with a deliberately broad pattern — a statistic's name (t, F, r, z, U, H, W, Q, χ², ρ, τ …), an
optional df in any bracket or subscript, a comparator and a number, then a p-value within 80 characters —
and every match is listed so that it can be read (the broad pattern also catches a few things that are not
results).  For each article: results read (``kga:TextStatistic``), broad matches, broad matches read, and
p-values anywhere in the text.  ``--missed`` lists the broad matches that were not read.
(``benchmarks/text_statistics.py`` counts against every p-value instead, and lists the findings.)

Run: ``python benchmarks/apa_extraction.py [--missed]`` (offline, one process, about a minute).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from kgaudit.errors import KgauditError  # noqa: E402
from kgaudit.ingest import load_document  # noqa: E402
from kgaudit.ingest.statistics import find_p_values  # noqa: E402

DATA = REPO.parent / "shared" / "data"
SOURCES = {"eLife": "jats/elife-tools/*.xml", "PLOS": "corpus/plos/*.xml", "TEI": "tei/*/*.tei.xml"}
BROAD_RESULT = re.compile(
    r"(?<![A-Za-z])(?:t|F|r|z|Z|U|H|W|Q|χ2|χ²|χ\s?2|X2|[Cc]hi-squared?|chi2|rho|Rho|ρ|τ|tau|D|K)"
    r"\s*(?:\([^()]{0,25}\)|\[[^\[\]]{0,15}\]|_?\{?[\d,.\s]{1,9}\}?|[₀-₉,]+)?\s*[=<>≤≥]\s*[-−–]?\s*\d*\.?\d+"
    r"[^.;]{0,80}?(?<![A-Za-z])[pP]\s*(?:<=|>=|[<>=≤≥])\s*\d?\.?\d"
)


def measure(path: Path) -> dict[str, object]:
    """Counts for one article (see the module docstring)."""
    document = load_document(path)
    spans = [(s.span.start, s.span.end) for s in document.statistics]
    broad = [(m.start(), m.end(), " ".join(m.group(0).split())) for m in BROAD_RESULT.finditer(document.text)]
    read = [b for b in broad if any(start < b[1] and b[0] < end for start, end in spans)]
    return {"read": len(document.statistics), "broad": len(broad), "broad_read": len(read),
            "p_values": len(find_p_values(document.text)), "missed": [b[2] for b in broad if b not in read]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missed", action="store_true", help="list the broad matches that were not read")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"{DATA}: not found (the shared data sit beside the repository)", file=sys.stderr)
        return 2
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for source, pattern in SOURCES.items():
        for path in sorted(DATA.glob(pattern)):
            try:
                counts = measure(path)
            except KgauditError as error:
                print(f"{path.relative_to(DATA)}: skipped ({error})", file=sys.stderr)
                continue
            totals[source]["articles"] += 1
            for key in ("read", "broad", "broad_read", "p_values"):
                totals[source][key] += int(counts[key])  # type: ignore[call-overload]
            if args.missed:
                for text in counts["missed"]:  # type: ignore[attr-defined]
                    print(f"  missed  {path.relative_to(DATA)}: {text}")
    print(f"{'source':8} {'articles':>8} {'read':>6} {'broad':>6} {'broad read':>10} {'p-values':>9}")
    for source, row in totals.items():
        print(f"{source:8} {row['articles']:8d} {row['read']:6d} {row['broad']:6d} {row['broad_read']:10d} "
              f"{row['p_values']:9d}")
    broad = sum(r["broad"] for r in totals.values())
    read = sum(r["broad_read"] for r in totals.values())
    print(f"broad matches read: {read}/{broad} = {read / broad:.0%}" if broad else "no broad matches")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
