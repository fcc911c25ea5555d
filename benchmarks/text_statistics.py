"""How many APA results kgaudit finds and checks in the real articles of ../shared/data, and what it reports.

statcheck's anchor: it recognises about 60% of the tests a paper reports.  Here the
denominator is every p-value printed in running text (``find_p_values`` over the
sentences); the numerator the complete results (statistic, df, p) that
``find_statistics`` reads, all of which the check then judges.

Run from the repository root (one process; a few minutes on the full set):

    python -m benchmarks.text_statistics            # counts and findings
    python -m benchmarks.text_statistics --findings # also print each finding with its location key
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from kgaudit import audit
from kgaudit.checks.text_descriptives import (
    text_debit_findings,
    text_grim_findings,
    text_grimmer_findings,
    text_sd_bound_findings,
)
from kgaudit.ingest.statistics import find_p_values

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
# A test statistic printed shortly before a p-value ("t(58) = 2.31, p", "U = 54, p", "χ 2 = 2.1, P"):
# the p-value then reports a test, which statcheck's 60% extraction rate is measured against.
_STATISTIC_BEFORE_P = re.compile(
    r"(?<![A-Za-z])(?:t|F|r|z|Z|χ\s?2|χ²|[Cc]hi[-\s]?squared?|chi2|H|Q|U|W)\s*"
    r"(?:\([^)]{0,20}\)|\[[^\]]{0,20}\]|\d{1,3})?\s*[=<>]\s*[-−]?\s*\d*\.?\d+[^.;]{0,40}\Z"
)
CONTEXT = 80  # characters before a p-value searched for its statistic
# The checks of running-text results; the text means share their ids with the table checks, so they are
# run directly on the graph below (the table findings belong to another benchmark).
CHECKS = ("stats.test_statistic_mismatch", "stats.df_mismatch", "claim.significance_p_mismatch",
          "citation.second_author_mismatch")
TEXT_MEANS = (text_grim_findings, text_grimmer_findings, text_debit_findings, text_sd_bound_findings)


def articles() -> list[Path]:
    """The real articles: JATS (eLife and others), TEI, and the PLOS corpus."""
    return (sorted(SHARED.glob("jats/*/*.*xml")) + sorted(SHARED.glob("tei/*/*.tei.xml"))
            + sorted(SHARED.glob("corpus/plos/*.xml")))


def location_key(finding: object) -> str:
    """The verdict files' location key (see the verdict contract)."""
    loc = finding.location  # type: ignore[attr-defined]
    parts = (loc.table, loc.row, loc.column, loc.reference,
             ",".join(map(str, loc.references)) if loc.references else None, loc.quote)
    return "|".join(str(v) if v is not None else "" for v in parts)


def main(argv: list[str] | None = None) -> int:
    """Print extraction counts per source and the findings of the text-statistics checks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", action="store_true", help="print every finding as a JSON line")
    args = parser.parse_args(argv)
    totals: dict[str, list[int]] = {}
    findings_by_check: dict[tuple[str, str], int] = {}
    for path in articles():
        source = path.relative_to(SHARED).parts[0]
        try:
            report = audit(path, offline=True, checks=list(CHECKS))
        except Exception as exc:  # noqa: BLE001 - one unreadable article must not stop the count
            print(f"{path}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        doc = report.document
        p_values = with_statistic = 0
        for sentence in doc.sentences:
            for mention in find_p_values(sentence.text):
                p_values += 1
                start = mention.span.start
                with_statistic += bool(_STATISTIC_BEFORE_P.search(sentence.text[max(0, start - CONTEXT):start]))
        results = len(doc.statistics)
        row = totals.setdefault(source, [0, 0, 0, 0, 0])
        row[0] += 1
        row[1] += p_values
        row[2] += results
        row[3] += bool(results)
        row[4] += with_statistic
        text_means = [f for function in TEXT_MEANS for f in function(report.graph)]
        for f in [*report.findings, *text_means]:
            findings_by_check[(f.check, f.severity)] = findings_by_check.get((f.check, f.severity), 0) + 1
            if args.findings:
                print(json.dumps({"article": str(path.relative_to(SHARED)), "check": f.check,
                                  "key": location_key(f), "severity": f.severity, "message": f.message},
                                 ensure_ascii=False))
    for source, (n, p_values, results, with_results, with_statistic) in totals.items():
        share = f"{results / p_values:.0%}" if p_values else "n/a"
        tests = f"{results / with_statistic:.0%}" if with_statistic else "n/a"
        print(f"{source}: {n} articles, {with_results} with APA results; {p_values} p-values in text, "
              f"{with_statistic} of them after a test statistic; {results} complete results found and checked "
              f"({share} of the p-values, {tests} of the reported tests)")
    for (check, severity), count in sorted(findings_by_check.items()):
        print(f"{check} {severity}: {count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
