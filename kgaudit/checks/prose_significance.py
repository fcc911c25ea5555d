"""Significance stated in prose against the p printed with it (``claim.`` family).

"Retrieval practice significantly increased recall (p = .07)" and "the groups did
not differ (p = .01)" contradict themselves in one clause: the words and the p
printed beside them take opposite sides of .05.  Unlike
``claim.significance_unsupported`` (a claim against the table rows it is about),
this needs no table: the claim and its p share a clause.

Read conservatively: a clause that hedges ("approached significance", "a
trend"), reports someone else's result (a citation, "previous studies"), prints
more than one p, or sits in a paper that declares a significance level other
than .05 is not judged.  ``p = .05`` itself is not judged either (papers differ on
whether it counts as significant).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import Graph

from kgaudit.checks.base import Finding, Location, python_check
from kgaudit.graph.views import SentenceView, sentences
from kgaudit.ingest.statistics import PValueMention, find_p_values, mentions_one_tailed

ALPHA = 0.05  # the conventional level; a paper declaring another one is not judged

# Clause boundaries: a semicolon, or a contrasting conjunction after a comma.
_CLAUSE_BREAK = re.compile(r";|,\s*(?:whereas|while|but|although|though|yet|however)\b|\bwhereas\b|\bwhile\b")
_NEGATIVE = re.compile(
    r"\b(?:not|no|nor|never)\s+(?:\w+\s+){0,3}?(?:statistically\s+)?significant(?:ly)?\b"
    r"|\bnon-?\s?significant(?:ly)?\b|\binsignificant(?:ly)?\b"
    r"|\b(?:did|do|does|was|were)\s+not\s+(?:\w+\s+)?(?:differ|vary|change|correlate|predict)\w*"
    r"(?:\s+(?:statistically\s+)?significantly)?"
    r"|\bno\s+(?:\w+\s+)?(?:differences?|effects?|associations?|correlations?|relationships?)\b"
    r"|\b(?:(?:failed|fail)\s+to|did\s+not|does\s+not|not)\s+reach\s+(?:statistical\s+)?significance|\bn\.s\.",
    re.IGNORECASE,
)
_POSITIVE = re.compile(r"\b(?:statistically\s+)?significant(?:ly)?\b|\breached\s+significance\b", re.IGNORECASE)
_HEDGE = re.compile(
    r"approach\w*|marginal\w*|trend\w*|borderline|tendency|tended|near(?:ly)?[-\s]significan\w*|almost|"
    r"suggestive|weak(?:ly)?\s+significant|clinically\s+significant|substantively|practically\s+significant|"
    # a p from another model than the claim's: before/after adjustment, univariable vs multivariable
    r"\bbefore\b|\bafter\b|unadjusted|adjust\w*|crude|univariat\w*|univariabl\w*|multivariat\w*|"
    r"multivariabl\w*|bivariat\w*|\bproportion\b|\bamount\b|\bnumber\b|\bportion\b",
    re.IGNORECASE,
)
# Someone else's result: a citation or a reporting verb about earlier work.
_ATTRIBUTED = re.compile(
    r"\((?:\s*[A-Z][^()]*)?\b(?:19|20)\d\d[a-z]?\s*\)|\[\s*\d+(?:\s*[-–,]\s*\d+)*\s*\]|\bet al\b|"
    r"\b(?:previous|prior|earlier|past|other)\s+(?:\w+\s+)?(?:stud(?:y|ies)|work|research|reports?|trials?)\b|"
    r"\b(?:reported|found|showed|observed)\s+by\b|\bhypothes[ie]s|\bpredict(?:ed|ion)\b|\bexpected\b|\bif\b",
    re.IGNORECASE,
)
# A declared level other than .05 ("the significance level was set at .10", "p < .10 was considered
# significant", "significant at the .01 level") or per-test levels (Bonferroni): then .05 is not the line.
# (A bare "α = .85" is usually Cronbach's alpha, not a level.)
_LEVEL = r"0?\.(?!05\b)\d+"
_OTHER_LEVEL = re.compile(
    rf"(?:significance|alpha|α)\s+level\s*(?:=|of|was\s+set\s+(?:at|to)|at|was)\s*{_LEVEL}|"
    rf"significan\w*\s+(?:was\s+)?(?:set|defined|accepted|considered)\s+(?:at|as)\s+(?:[pP]\s*[<≤]\s*)?{_LEVEL}|"
    rf"[pP]\s*[<≤]\s*{_LEVEL}\s+(?:was|were)\s+(?:considered|regarded|deemed|taken)|"
    rf"significant\s+at\s+(?:the\s+)?{_LEVEL}\s+level|"
    r"\b(?i:bonferroni|holm|[sš]id[aá]k)\b|(?:corrected|adjusted)\s+(?:alpha|α)",
)
# A p that defines a symbol in a legend ("*p < 0.05 in a t-test"), not a result.
_LEGEND_P = re.compile(r"[*†‡§#]\s*\Z")


def clauses(sentence: str) -> list[str]:
    """The clauses of a sentence, split where a claim and its p could part ways."""
    parts, start = [], 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        parts.append(sentence[start:m.start()])
        start = m.end()
    parts.append(sentence[start:])
    return [p for p in (part.strip() for part in parts) if p]


def _printed_significant(p: PValueMention) -> bool | None:
    """Whether the printed p says significant at .05 (None: ``p = .05`` or a comparator that does not decide)."""
    if p.value is None:
        return False  # "ns"
    value = p.value.value
    if p.comparator in ("<", "<="):
        return True if value <= ALPHA else None
    if p.comparator in (">", ">="):
        return False if value >= ALPHA else None
    if value == ALPHA:
        return None
    return value < ALPHA


def clause_contradiction(clause: str) -> tuple[str, PValueMention] | None:
    """The claim ("significant" / "not significant") a clause makes against the one p it prints, if they clash."""
    # The p first: most clauses print none, and the hedge and attribution patterns (long alternations
    # tried at every position) cost more than finding it.  All of these tests only rule a clause out.
    p_values = find_p_values(clause)
    if len(p_values) != 1 or p_values[0].comparator == "ns":
        return None
    if _HEDGE.search(clause) or _ATTRIBUTED.search(clause) or mentions_one_tailed(clause):
        return None
    p = p_values[0]
    words = clause[: p.span.start]  # the words before the p
    if _LEGEND_P.search(words):
        return None
    negative = _NEGATIVE.search(words)
    positive = _POSITIVE.search(_NEGATIVE.sub(" ", words))
    if bool(negative) == bool(positive):
        return None  # no claim, or both readings
    claimed = "significant" if positive else "not significant"
    printed = _printed_significant(p)
    if printed is None or printed == (claimed == "significant"):
        return None
    return claimed, p


@python_check(
    "claim.significance_p_mismatch", severity="error",
    description="Prose that calls a result significant (or not) next to a printed p on the other side of .05 "
                "(\"significantly increased … (p = .07)\", \"no difference (p = .01)\").",
)
def check_prose_significance(graph: Graph) -> Iterator[Finding]:
    """Each clause's significance claim against the p printed in the same clause."""
    all_sentences = sentences(graph)
    if any(_OTHER_LEVEL.search(s.text) for s in all_sentences):
        return  # the paper's own level decides; it is not .05
    for sentence in all_sentences:
        if sentence.section_kind in ("references", "methods"):
            continue
        for clause in clauses(sentence.text):
            found = clause_contradiction(clause)
            if found is None:
                continue
            claimed, p = found
            yield _finding(sentence, clause, claimed, p)


def _finding(sentence: SentenceView, clause: str, claimed: str, p: PValueMention) -> Finding:
    side = "above" if claimed == "significant" else "below"
    return Finding(
        check="claim.significance_p_mismatch", severity="error",
        message=f"“{clause}” says {claimed}, but the p printed with it ({p.raw}) is {side} .05",
        focus=str(sentence.iri),
        location=Location(section=sentence.section, quote=clause, char_start=sentence.char_start,
                          char_end=sentence.char_end),
        evidence={"claim": claimed, "p": p.raw, "clause": clause, "sentence": sentence.text},
    )
