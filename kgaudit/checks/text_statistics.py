"""APA results in running text, checked: p against the statistic, df against the sample (``stats.`` family).

The results ("t(58) = 2.31, p = .024") are ``kga:TextStatistic`` nodes written
by the graph builder from :func:`kgaudit.ingest.statistics.find_statistics`.

* ``stats.test_statistic_mismatch`` recomputes each p with statcheck's rules
  (:func:`kgaudit.ingest.statistics.check_text_statistic`): the statistic is an
  interval (its printed value ± half a unit of its last decimal); ``p < .001``,
  ``p = .000`` and ``ns`` are read as statcheck reads them.  A result whose
  significance at .05 flips (a *decision error*) is an error; any other
  inconsistency a warning.  Tests are two-tailed unless the result's own
  sentence declares it one-tailed; a one-tailed declaration elsewhere in the
  paper, or a corrected/exact p-value named in the sentence, turns the finding
  into an info (the printed text then does not settle it).
* ``stats.df_mismatch`` holds the degrees of freedom against group sizes that
  the paper establishes: the sentence's own ``n = …`` (or the groups' sizes
  stated in the method, when the sentence names those groups), and ``N`` inside
  ``χ2(1, N = 250)`` against the sample.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kgaudit.checks.base import Finding, Location, Severity, python_check
from kgaudit.graph.namespaces import C4O, KGA
from kgaudit.graph.views import SentenceView, sentences
from kgaudit.ingest.statistics import check_text_statistic, mentions_one_tailed
from kgaudit.model import Num, Span, TextStatistic

ALPHA = 0.05  # the conventional significance level statcheck uses by default

# A p-value the sentence says was corrected for multiple tests (larger than the raw p by design),
# or computed without the statistic's reference distribution (exact, permutation, bootstrap):
# then the printed statistic does not determine the printed p.
_CORRECTED = re.compile(
    r"(?i:bonferroni|holm|[sš]id[aá]k|tukey|scheff[eé]|benjamini|hochberg|false discovery)|\bFDR\b|"
    r"(?:corrected|adjusted)\s+(?:p|P|significance|alpha|α)\b|\b[pP][-\s]?values?\s+(?:were\s+|was\s+)?"
    r"(?:corrected|adjusted)|(?:corrected|adjusted|correction)\s+for\s+multipl|multiple[-\s]comparison|"
    r"(?i:greenhouse|huynh|geisser|welch|satterthwaite|brown[-–]forsythe)",
)
_NOT_FROM_DISTRIBUTION = re.compile(
    r"\bexact\b|permutation|bootstrap|Monte Carlo|randomi[sz]ation test|simulat", re.IGNORECASE)

_TEST_NAMES = {"t": "t", "F": "F", "r": "r", "chi2": "χ2", "z": "z", "Q": "Q", "H": "H", "U": "U"}


# --------------------------------------------------------------------------- reading the graph


@dataclass(frozen=True)
class StatisticNode:
    """A text statistic read back from the graph, with its sentence."""

    iri: URIRef
    statistic: TextStatistic
    sentence: SentenceView | None


def _printed(graph: Graph, node: URIRef, value_prop: URIRef, text_prop: URIRef) -> Num | None:
    value = graph.value(node, value_prop)
    if value is None:
        return None
    text = str(graph.value(node, text_prop) or value)
    decimals = len(text.split(".")[1]) if "." in text and "e" not in text.lower() else 0
    return Num(float(value.toPython()), text, decimals)


def _float(graph: Graph, node: URIRef, prop: URIRef) -> float | None:
    value = graph.value(node, prop)
    return float(value.toPython()) if isinstance(value, Literal) else None


def statistic_nodes(graph: Graph) -> list[StatisticNode]:
    """Every ``kga:TextStatistic`` with its sentence, in reading order."""
    by_iri = {s.iri: s for s in sentences(graph)}
    out = []
    for node in graph.subjects(RDF.type, KGA.TextStatistic):
        assert isinstance(node, URIRef)
        value = _printed(graph, node, KGA.statValue, KGA.statValueText)
        if value is None:
            continue
        start, end = _float(graph, node, KGA.charStart), _float(graph, node, KGA.charEnd)
        n = _float(graph, node, KGA.sampleSize)
        statistic = TextStatistic(
            test=str(graph.value(node, KGA.test)),  # type: ignore[arg-type]
            value=value,
            span=Span(int(start or 0), int(end or 0)),
            raw=str(graph.value(node, C4O.hasContent) or ""),
            df1=_float(graph, node, KGA.df1),
            df2=_float(graph, node, KGA.df2),
            comparator=str(graph.value(node, KGA.statComparator) or "="),  # type: ignore[arg-type]
            p_value=_printed(graph, node, KGA.pValue, KGA.pValueText),
            p_comparator=(str(graph.value(node, KGA.pComparator))  # type: ignore[arg-type]
                          if graph.value(node, KGA.pComparator) is not None else None),
            n=int(n) if n is not None else None,
        )
        context = graph.value(node, C4O.hasContext)
        out.append(StatisticNode(node, statistic, by_iri.get(context) if isinstance(context, URIRef) else None))
    return sorted(out, key=lambda s: s.statistic.span.start)


def _location(node: StatisticNode) -> Location:
    sentence = node.sentence
    if sentence is None:
        return Location(quote=node.statistic.raw, char_start=node.statistic.span.start,
                        char_end=node.statistic.span.end)
    return Location(section=sentence.section, quote=node.statistic.raw, char_start=sentence.char_start,
                    char_end=sentence.char_end)


def _df_text(stat: TextStatistic) -> str:
    def fmt(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else f"{x:g}"

    if stat.test == "F" and stat.df1 is not None and stat.df2 is not None:
        return f"({fmt(stat.df1)}, {fmt(stat.df2)})"
    if stat.test == "U" and stat.df1 is not None and stat.df2 is not None:
        return f"(n1 = {fmt(stat.df1)}, n2 = {fmt(stat.df2)})"
    df = stat.df2 if stat.df2 is not None else stat.df1
    if df is None:
        return ""
    return f"({fmt(df)}, N = {stat.n})" if stat.n is not None else f"({fmt(df)})"


def statistic_text(stat: TextStatistic) -> str:
    """The result as a reader writes it: ``t(58) = 2.31``."""
    sign = "-" if stat.value.value < 0 and not stat.value.text.startswith("-") else ""
    return f"{_TEST_NAMES.get(stat.test, stat.test)}{_df_text(stat)} {stat.comparator} {sign}{stat.value.text}"


def _fmt_p(p: float) -> str:
    """A p-value in APA style (no leading zero), with enough decimals to be compared with the printed one."""
    if p < 0.0001:
        return f"{p:.1e}"
    text = f"{p:.4f}" if p < 0.001 else f"{p:.3f}"
    return text[1:] if text.startswith("0.") else text


# --------------------------------------------------------------------------- stats.test_statistic_mismatch


@dataclass(frozen=True)
class Judgement:
    """What the check concludes about one result (``severity`` None: consistent, nothing to report)."""

    severity: Severity | None
    result: dict
    why_info: str | None = None


def classify(result: dict) -> Severity | None:
    """statcheck's classes as severities: a decision error is an error, another inconsistency a warning."""
    if result["decision_error"]:
        return "error"
    if result["error"]:
        return "warning"
    return None


def judge(stat: TextStatistic, sentence_text: str, *, one_tailed_elsewhere: str | None = None) -> Judgement:
    """Judge one printed result in its sentence (``one_tailed_elsewhere``: a sentence of the paper, not this
    one, that mentions one-tailed tests)."""
    declared_here = mentions_one_tailed(sentence_text)
    result = check_text_statistic(stat, True, one_tailed_in_text=declared_here)
    severity = classify(result)
    if severity is None:
        return Judgement(None, result)
    if stat.test in {"t", "r", "z"} and one_tailed_elsewhere:
        one_tailed = check_text_statistic(stat, True, one_tailed_in_text=True)
        if not one_tailed["error"]:
            return Judgement("info", result, f"it is consistent as a one-tailed test, and the paper mentions "
                                             f"one-tailed tests (“{_short(one_tailed_elsewhere)}”)")
    reported = result["reported_p"]
    if reported is not None and _CORRECTED.search(sentence_text) and reported > result["computed_p"]:
        return Judgement("info", result, "the sentence names a correction or adjustment, which makes a "
                                         "printed p larger than the statistic's own")
    if _NOT_FROM_DISTRIBUTION.search(sentence_text):
        return Judgement("info", result, "the sentence names an exact, permutation or resampling p-value, "
                                         "which need not follow the statistic's distribution")
    return Judgement(severity, result)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _printed_p(stat: TextStatistic) -> str:
    if stat.p_value is None:
        return "ns"
    return f"p {stat.p_comparator} {stat.p_value.text}"


def _mismatch_message(stat: TextStatistic, judgement: Judgement) -> str:
    result = judgement.result
    tails = "two-tailed" if result["two_sided"] else "one-tailed, as the sentence declares"
    if stat.test in {"F", "chi2", "Q", "H"}:
        tails = "upper tail"
    span = (f"; p from {_fmt_p(result['p_low'])} to {_fmt_p(result['p_high'])} over the rounding of "
            f"{stat.value.text}")
    if stat.test == "U":
        tails = "two-tailed, normal approximation"
        span = (f"; p from {_fmt_p(result['p_low'])} (heavily tied data) to {_fmt_p(result['p_high'])} "
                "(exact, or with continuity correction)")
    head = (f"{statistic_text(stat)} gives p = {_fmt_p(result['computed_p'])} ({tails}{span}), "
            f"but the text prints {_printed_p(stat)}")
    if stat.p_value is not None and stat.p_value.value == 0 and stat.p_comparator == "=":
        head += " (a p-value is never exactly 0: p < .001 is meant)"
    if judgement.severity == "error":
        reported_sig = stat.p_value is not None and stat.p_comparator != ">" and stat.p_value.value <= ALPHA
        side = ("significant as printed but not as recomputed" if reported_sig
                else "not significant as printed but significant as recomputed")
        return f"{head}: a decision error at α = .05 ({side})"
    if judgement.severity == "info":
        return f"{head}; not judged, because {judgement.why_info}"
    return f"{head}: the p does not follow from the statistic (significance at .05 is unchanged)"


@python_check(
    "stats.test_statistic_mismatch", severity="error",
    description="An APA-style result in running text (\"t(58) = 2.31, p = .024\") whose p does not follow from "
                "the statistic and df (statcheck's rules: a decision error is an error, another inconsistency "
                "a warning).",
)
def check_test_statistics(graph: Graph) -> Iterator[Finding]:
    """Recompute every text result's p and report the inconsistent ones, quoting the result."""
    nodes = statistic_nodes(graph)
    if not nodes:
        return
    one_tailed_sentences = [s for s in sentences(graph) if mentions_one_tailed(s.text)]
    for node in nodes:
        stat, sentence = node.statistic, node.sentence
        text = sentence.text if sentence is not None else stat.raw
        elsewhere = next((s.text for s in one_tailed_sentences if sentence is None or s.iri != sentence.iri), None)
        try:
            judgement = judge(stat, text, one_tailed_elsewhere=elsewhere)
        except ValueError:
            continue  # degrees of freedom that no distribution takes (0, negative)
        if judgement.severity is None:
            continue
        result = judgement.result
        yield Finding(
            check="stats.test_statistic_mismatch", severity=judgement.severity,
            message=f"“{stat.raw}”: {_mismatch_message(stat, judgement)}",
            focus=str(node.iri), location=_location(node),
            evidence={
                "test": stat.test, "statistic": stat.value.text, "df1": stat.df1, "df2": stat.df2,
                "reported_p": stat.p_value.text if stat.p_value is not None else None,
                "p_comparator": result["p_comparator"], "computed_p": result["computed_p"],
                "p_low": result["p_low"], "p_high": result["p_high"], "two_sided": result["two_sided"],
                "decision_error": result["decision_error"], "sentence": text,
            },
        )


# --------------------------------------------------------------------------- stats.df_mismatch

_COUNT = r"(\d{1,3}(?:,\d{3})+|\d+)"
# "n = 30", "n1 = 30", "n_2 = 32", "(n = 30 per group)": a group's size (lower-case n, APA).
_GROUP_N = re.compile(rf"(?<![A-Za-z])n\s?_?\s?(?:[1-9]|[a-z](?![a-z]))?\s*=\s*{_COUNT}(?P<each>\s*(?:per|in each|for each|each)\b)?")
# "N = 120": the whole sample (upper-case N, APA).
_TOTAL_N = re.compile(rf"(?<![A-Za-z])N\s*=\s*{_COUNT}")
_PEOPLE = (r"(?:participants|students|undergraduates|adults|children|adolescents|respondents|subjects|individuals|"
           r"volunteers|people|patients|women|men|employees|teachers|pupils|parents|couples|workers|persons)")
# "A total of 120 participants", "120 students took part": the sample as the method states it.
_STATED_SAMPLE = re.compile(
    rf"\b(?:total of|sample of|sample comprised|consisted of)\s+{_COUNT}\s+(?:\w+\s+){{0,2}}?{_PEOPLE}\b"
    rf"|\b{_COUNT}\s+(?:\w+\s+){{0,2}}?{_PEOPLE}\s+(?:\([^)]*\)\s+)?(?:took part|participated|were recruited|"
    rf"completed|were included|were randomly assigned|were randomi[sz]ed)",
    re.IGNORECASE,
)
# A group named with its size in the method: "the control group (n = 30)", "30 in the control condition".
_NAMED_GROUP = re.compile(
    rf"\b(?:the\s+)?(?P<name>[A-Za-z][\w-]*)\s+(?:group|condition|arm)\s*\(\s*n\s*=\s*{_COUNT}\s*\)"
    rf"|\bn\s*=\s*(?P<count2>\d+)\)?\s+(?:in|to)\s+the\s+(?P<name2>[A-Za-z][\w-]*)\s+(?:group|condition|arm)\b"
    rf"|\b(?P<count3>\d+)\s+(?:\w+\s+)?(?:were\s+)?(?:randomly\s+)?(?:assigned|allocated)\s+to\s+the\s+"
    rf"(?P<name3>[A-Za-z][\w-]*)\s+(?:group|condition|arm)\b",
    re.IGNORECASE,
)
# Designs where df do not follow from independent group sizes.
_WITHIN = re.compile(
    r"paired|within[-\s]|repeated|dependent|one[-\s]sample|pre[-\s]?(?:test|post)|post[-\s]?test|over time|"
    r"mixed|interaction|covariat|controlling for|adjust|ANCOVA|MANOVA|multivariate|Wilks|Pillai|regression|"
    r"predict|slope|multilevel|hierarchical|Welch|unequal variances|Satterthwaite|Greenhouse|Huynh|"
    r"main effect of (?:time|session|trial|block)",
    re.IGNORECASE,
)
# The paper says some cases were lost from an analysis.
_MISSING = re.compile(r"missing|excluded|exclusion|incomplete|dropped|drop-?out|attrition|did not complete|"
                      r"completers|listwise|pairwise deletion|lost to follow", re.IGNORECASE)
_ITEM_WORDS = {"group", "condition", "arm", "the", "a", "an", "control"}


def _count(text: str) -> int:
    return int(text.replace(",", ""))


def without_results(text: str, raws: list[str]) -> str:
    """The sentence without its printed results (so the N inside "χ2(1, N = 250)" is not a group size)."""
    for raw in raws:
        text = text.replace(" ".join(raw.split()), " ")
    return text


def sentence_group_sizes(text: str) -> tuple[list[int], bool]:
    """The group sizes printed in a sentence (``n = …``), and whether one was given "per group"."""
    sizes, each = [], False
    for m in _GROUP_N.finditer(text):
        sizes.append(_count(m.group(1)))
        each = each or bool(m.group("each"))
    return sizes, each


def method_groups(all_sentences: list[SentenceView]) -> dict[str, int]:
    """Groups named with their sizes in the method ("the control group (n = 30)"), by lower-case name."""
    groups: dict[str, int] = {}
    for s in all_sentences:
        if s.section_kind not in ("methods", None):
            continue
        for m in _NAMED_GROUP.finditer(s.text):
            name = (m.group("name") or m.group("name2") or m.group("name3") or "").lower()
            count = m.group(2) if m.group("name") else (m.group("count2") or m.group("count3"))
            if name and count and name not in _ITEM_WORDS - {"control"}:
                groups.setdefault(name, _count(count))
    return groups


def stated_samples(all_sentences: list[SentenceView]) -> list[tuple[int, str]]:
    """Sample sizes the method states ("N = 120", "a total of 120 participants"), with their quote."""
    found = []
    for s in all_sentences:
        if s.section_kind not in ("methods", None):
            continue
        for m in _TOTAL_N.finditer(s.text):
            found.append((_count(m.group(1)), m.group(0)))
        for m in _STATED_SAMPLE.finditer(s.text):
            found.append((_count(next(g for g in m.groups() if g)), m.group(0)))
    return found


def _segment_before(sentence: str, results: list[str], raw: str) -> str:
    """The part of the sentence after the previous result and up to this one."""
    flat = [" ".join(r.split()) for r in results]
    here = " ".join(raw.split())
    end = sentence.find(here)
    if end < 0:
        return ""
    start = 0
    for other in flat:
        position = sentence.find(other)
        if 0 <= position < end and other != here:
            start = max(start, position + len(other))
    return sentence[start:end]


def _named_sizes(text: str, groups: dict[str, int]) -> list[tuple[str, int]]:
    lowered = text.lower()
    return [(name, n) for name, n in groups.items() if re.search(rf"\b{re.escape(name)}\b", lowered)]


@dataclass(frozen=True)
class DfProblem:
    """Degrees of freedom (or a χ² N) that do not fit the established group sizes."""

    printed: str
    expected: str
    sizes: str
    source: str
    fewer: bool = False  # fewer df (or cases) than the sizes give: missing data could explain it


def df_problem(stat: TextStatistic, sentence_text: str, groups: dict[str, int],
               samples: list[tuple[int, str]], sentence_results: tuple[str, ...] = ()) -> DfProblem | None:
    """The df problem of one result, when the sizes that apply are established; None otherwise.

    ``sentence_results``: the printed results of the sentence, in order (this one included).  The sizes
    that apply are the ``n = …`` printed between the previous result and this one ("… (n = 20, n = 19),
    F(2, 55) = …, and … (n = 20, n = 19), F(2, 58) = …"); failing that, those of a sentence with a single
    result; failing that, the method's sizes of the groups the sentence names.
    """
    results = list(sentence_results) or [stat.raw]
    segment = _segment_before(sentence_text, results, stat.raw)
    sizes, each = sentence_group_sizes(without_results(segment, results))
    if not sizes and len(results) == 1:
        sizes, each = sentence_group_sizes(without_results(sentence_text, results))
    source = "this sentence"
    named = _named_sizes(sentence_text, groups)
    if not sizes and len(named) >= 2 and len(named) == len(groups):
        sizes = [n for _, n in named]
        source = "the method (" + ", ".join(f"{name}: n = {n}" for name, n in named) + ")"
    if stat.test == "chi2" and stat.n is not None:
        return _chi2_problem(stat, sizes, each, samples)
    if _WITHIN.search(sentence_text) or each:
        return None
    if stat.test == "t" and stat.df2 is not None and len(sizes) == 2 and float(stat.df2).is_integer():
        expected = sizes[0] + sizes[1] - 2
        if int(stat.df2) != expected:
            return DfProblem(f"t({int(stat.df2)})", f"df = {sizes[0]} + {sizes[1]} − 2 = {expected}",
                             f"n = {sizes[0]} and n = {sizes[1]}", source, fewer=int(stat.df2) < expected)
    if (stat.test == "F" and stat.df1 is not None and stat.df2 is not None and len(sizes) >= 2
            and int(stat.df1) == len(sizes) - 1 and float(stat.df2).is_integer()):
        total = sum(sizes)
        expected = total - len(sizes)
        if int(stat.df2) != expected:
            return DfProblem(f"F({int(stat.df1)}, {int(stat.df2)})",
                             f"df2 = N − k = {total} − {len(sizes)} = {expected}",
                             ", ".join(f"n = {n}" for n in sizes), source, fewer=int(stat.df2) < expected)
    return None


def _chi2_problem(stat: TextStatistic, sizes: list[int], each: bool,
                  samples: list[tuple[int, str]]) -> DfProblem | None:
    assert stat.n is not None
    printed = f"χ2({int(stat.df1 or 0)}, N = {stat.n})"
    if len(sizes) >= 2 and not each and sum(sizes) != stat.n:
        return DfProblem(printed, f"N = {' + '.join(map(str, sizes))} = {sum(sizes)}",
                         ", ".join(f"n = {n}" for n in sizes), "this sentence")
    if samples:
        largest, quote = max(samples)
        if stat.n > largest:
            # More cases than the whole sample: a subset analysis can be smaller, never larger.
            return DfProblem(printed, f"at most {largest}", f"“{quote}”", "the method")
    return None


@python_check(
    "stats.df_mismatch", severity="warning",
    description="Degrees of freedom that do not fit the stated group sizes: an independent t with "
                "df ≠ n1 + n2 − 2, a one-way F whose df2 ≠ N − k, a χ² whose N differs from the groups or "
                "exceeds the sample.",
)
def check_degrees_of_freedom(graph: Graph) -> Iterator[Finding]:
    """Each text result against the group sizes of its sentence or of the method."""
    nodes = statistic_nodes(graph)
    if not nodes:
        return
    all_sentences = sentences(graph)
    groups = method_groups(all_sentences)
    samples = stated_samples(all_sentences)
    missing = next((s.text for s in all_sentences if _MISSING.search(s.text)), None)
    per_sentence: dict[URIRef, list[StatisticNode]] = {}
    for node in nodes:
        if node.sentence is not None:
            per_sentence.setdefault(node.sentence.iri, []).append(node)
    for node in nodes:
        if node.sentence is None:
            continue
        siblings = tuple(s.statistic.raw for s in per_sentence[node.sentence.iri])
        problem = df_problem(node.statistic, node.sentence.text, groups, samples, siblings)
        if problem is None:
            continue
        if problem.expected.startswith("at most"):
            fit = (f"the sample stated in {problem.source} ({problem.sizes}): an analysis counts at most "
                   f"{problem.expected[len('at most '):]} cases")
        elif problem.source.startswith("the method"):
            fit = f"the group sizes of {problem.source}, which give {problem.expected}"
        else:
            fit = f"the group sizes of {problem.source} ({problem.sizes}), which give {problem.expected}"
        severity: Severity = "warning"
        if problem.fewer and problem.source.startswith("the method") and missing:
            # Sizes from the method and fewer df: the paper speaks of missing data, which may explain them.
            severity = "info"
            fit += f"; not judged, because the paper reports missing or excluded data (“{_short(missing, 100)}”)"
        yield Finding(
            check="stats.df_mismatch", severity=severity,
            message=f"“{node.statistic.raw}”: {problem.printed} does not fit {fit}",
            focus=str(node.iri), location=_location(node),
            evidence={"printed": problem.printed, "expected": problem.expected, "sizes": problem.sizes,
                      "source": problem.source, "sentence": node.sentence.text},
        )


# --------------------------------------------------------------------------- the abstract's N against the method's

# "with 120 undergraduates", "N = 120", "a total of 120 participants" in an abstract.
_ABSTRACT_SAMPLE = re.compile(
    rf"\b(?:with|among|of|from|in)\s+{_COUNT}\s+(?:\w+\s+){{0,2}}?{_PEOPLE}\b|(?<![A-Za-z])N\s*=\s*{_COUNT}"
    rf"|\b(?:total of|sample of)\s+{_COUNT}\s+(?:\w+\s+){{0,2}}?{_PEOPLE}\b"
    rf"|\b{_COUNT}\s+(?:\w+\s+){{0,2}}?{_PEOPLE}\s+(?:took part|participated|were recruited|were randomi[sz]ed)",
    re.IGNORECASE,
)


def abstract_sample_findings(graph: Graph) -> Iterator[Finding]:
    """An abstract that states one sample size while the method states one other (``text.sample_size_mismatch``).

    Only when each states exactly one total: several numbers (recruited and analysed, two studies) leave
    the abstract's N open to another reading.
    """
    all_sentences = sentences(graph)
    method = {n for n, _ in stated_samples([s for s in all_sentences if s.section_kind == "methods"])}
    if len(method) != 1:
        return
    stated = [(s, m) for s in all_sentences if s.section_kind == "abstract" for m in _ABSTRACT_SAMPLE.finditer(s.text)]
    totals = {_count(next(g for g in m.groups() if g)) for _, m in stated}
    if len(totals) != 1 or totals == method:
        return
    sentence, match = stated[0]
    (abstract_n,), (method_n,) = totals, method
    quote = next(q for n, q in stated_samples([s for s in all_sentences if s.section_kind == "methods"]))
    yield Finding(
        check="text.sample_size_mismatch", severity="warning",
        message=f"The abstract states {abstract_n} (“{match.group(0)}”), but the method states {method_n} "
                f"(“{quote}”)",
        focus=str(sentence.iri),
        location=Location(section=sentence.section, quote=match.group(0), char_start=sentence.char_start,
                          char_end=sentence.char_end),
        evidence={"abstract": abstract_n, "method": method_n, "abstract_sentence": sentence.text},
    )
