"""Contradictions inside the text: durations against date ranges, exclusion criteria used as variables,
sample sizes against the tables."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import Graph

from kgaudit.checks.base import Finding, Location, python_check
from kgaudit.checks.text_statistics import abstract_sample_findings
from kgaudit.graph.views import SentenceView, sentences, tables

_MONTHS = {
    name: number for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")], start=1)
    for name in names
}
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_RANGE = re.compile(
    rf"(?:from|between)?\s*(?:{_MONTH}\s+)?((?:19|20)\d\d)\s*(?:to|and|until|through|–|-|—)\s*(?:{_MONTH}\s+)?((?:19|20)\d\d)",
    re.IGNORECASE,
)
# A "range" spanning more than this many years is no study period (a historical span, two unrelated years).
MAX_STUDY_PERIOD_YEARS = 60
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20}
_DURATION = re.compile(
    r"\b(\d{1,2}|" + "|".join(_WORD_NUMBERS) + r")[- ](year|month)s?[- ](?:period|span|interval|window|study period)\b"
    r"|\bover\s+(?:a|the)\s+(?:period\s+of\s+)?(\d{1,2}|" + "|".join(_WORD_NUMBERS) + r")\s+(year|month)s\b",
    re.IGNORECASE,
)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _WORD_NUMBERS[word.lower()]


def study_period_months(text: str) -> list[tuple[int, str]]:
    """Date ranges in ``text`` as (inclusive length in months, the range as printed).

    A range of bare years ("between 2015 and 2019") gives its inclusive length (60 months); whether the
    authors counted it as 4 or 5 years is left to :func:`period_bounds`.
    """
    out = []
    for m in _RANGE.finditer(text):
        start_month = _MONTHS.get((m.group(1) or "").lower().rstrip("."), 1)
        end_month = _MONTHS.get((m.group(3) or "").lower().rstrip("."), 12)
        start_year, end_year = int(m.group(2)), int(m.group(4))
        if end_year < start_year or end_year - start_year > MAX_STUDY_PERIOD_YEARS:
            continue
        months = (end_year - start_year) * 12 + (end_month - start_month) + 1
        # Bare years only count after "from"/"between": "2015-2019" alone is as often a citation or a range
        # of publication years as a study period.
        if m.group(1) or m.group(3) or re.match(r"\s*(?:from|between)\b", m.group(0), re.IGNORECASE):
            out.append((months, m.group(0).strip()))
    return out


def period_bounds(months: int, printed: str) -> tuple[int, int]:
    """The lengths (in months) a range may honestly be called: bare years may be counted with or without
    the last year ("2015 to 2019" is 4 or 5 years); a range with months is its inclusive length."""
    if re.search(_MONTH, printed, re.IGNORECASE):
        return months, months
    return months - 12, months


def stated_durations(text: str) -> list[tuple[int, str]]:
    """Durations such as "a 6-year period" or "over 18 months" as (months, as printed)."""
    out = []
    for m in _DURATION.finditer(text):
        value, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        months = _number(value) * (12 if unit.lower() == "year" else 1)
        out.append((months, m.group(0)))
    return out


# A sentence about the study's own period: who was enrolled, treated or studied when.
_STUDY_FRAME = re.compile(
    r"\b(?:enrol\w*|recruit\w*|admitted|includ\w*|underw[ae]nt|treated|conducted|collected|study period|registered|"
    r"screened|consecutive|retrospective\w*|prospective\w*|cohort|(?:this|our|the present) (?:study|trial|survey)|"
    r"we (?:studied|reviewed|analy[sz]ed|identified))\b",
    re.IGNORECASE,
)
# ... and what makes a duration something else: a per-patient follow-up, a treatment course, another
# study's period ("Smith et al. searched over a 2-year period"), a literature search.
_NOT_STUDY_PERIOD = re.compile(
    r"follow|et al\b|\b(?:per|each|every) (?:patient|participant|subject|child|woman|man)|\bafter (?:surgery|discharge|"
    r"treatment|randomi[sz]ation|the (?:first|last|index))|wash-?out|run-in|literature|searche[sd]|database|publish\w*|publication",
    re.IGNORECASE,
)


def _is_study_period(text: str) -> bool:
    """Whether a sentence speaks of the study's own period (enrolment, treatment, data collection)."""
    return bool(_STUDY_FRAME.search(text)) and not _NOT_STUDY_PERIOD.search(text)


@python_check(
    "text.period_mismatch", severity="error",
    description="A stated study duration (\"a 6-year period\") that contradicts the stated date range "
                "(\"January 2016 to December 2022\").",
)
def check_period(graph: Graph) -> Iterator[Finding]:
    """Compare every stated duration with the study's date ranges (month precision, inclusive)."""
    all_sentences = sentences(graph)
    # Only a study period against the enrolment dates: both sentences speak of the study's own period.
    study_ranges = [(months, printed, s) for s in all_sentences if _is_study_period(s.text)
                    for months, printed in study_period_months(s.text)]
    for sentence in all_sentences:
        durations = stated_durations(sentence.text)
        if not durations or not _is_study_period(sentence.text):
            continue
        # A duration printed with its own dates ("a 2-year period (2010–2011)") is about those dates.
        own = [(m, p, sentence) for m, p in study_period_months(sentence.text)]
        ranges = own or study_ranges
        if not ranges:
            continue
        bounds = {period_bounds(months, printed) for months, printed, _ in ranges}
        for months, printed in durations:
            unit_months = 12 if "year" in printed.lower() else 1
            # A duration agrees with a range when the range rounds to it in the stated unit.
            tolerance = unit_months / 2 + 1
            if any(low - tolerance < months < high + tolerance for low, high in bounds):
                continue
            closest = min(ranges, key=lambda r: abs(r[0] - months))
            low, high = period_bounds(closest[0], closest[1])
            span = (f"{closest[0]} months ({closest[0] / 12:.1f} years, counting both end months)" if low == high
                    else f"{low // 12} or {high // 12} years (whether or not the last year is counted)")
            yield Finding(
                check="text.period_mismatch", severity="error",
                message=f"“{printed}” contradicts the study period “{closest[1]}”, which spans {span}",
                focus=str(sentence.iri), location=_where(sentence, printed),
                evidence={"stated": printed, "stated_months": months, "range": closest[1],
                          "range_months": closest[0], "range_sentence": closest[2].text},
            )


def _where(sentence: SentenceView, quote: str) -> Location:
    """The finding's place: the quote, inside the sentence whose span is highlighted."""
    return Location(section=sentence.section, quote=quote, char_start=sentence.char_start, char_end=sentence.char_end)


# --------------------------------------------------------------------------- exclusion criteria

_STOP = {"the", "a", "an", "of", "to", "in", "on", "for", "with", "and", "or", "that", "could", "would", "which",
         "patients", "patient", "history", "n", "mean", "sd", "years", "year", "yes", "no", "any", "status",
         "target", "region", "study", "who", "were", "was", "be", "by", "at", "from", "as", "vs", "versus"}


def _words(text: str) -> set[str]:
    words = set(re.findall(r"[a-z]+", text.lower()))
    return {w[:-1] if w.endswith("s") and len(w) > 4 else w for w in words} - _STOP


# An exclusion of past events ("prior delirium", "history of stroke") leaves the same event as an outcome:
# only a row that also speaks of the past ("Prior delirium", "Previous stroke") is the excluded variable.
_PAST = re.compile(r"\b(?:prior|previous(?:ly)?|history|past|pre-?existing|pre-?operative|known|former)\b", re.IGNORECASE)

_QUALIFIED = re.compile(r"\b(severe|moderate|advanced|uncontrolled|decompensated|active|acute|recent|"
                        r"end-stage|terminal|significant|major)\b", re.IGNORECASE)


def exclusion_items(text: str) -> list[str]:
    """The items of an exclusion-criteria sentence: "(1) …; (2) …" or "…, … and …"."""
    match = re.search(
        r"exclu\w*(?:\s+criteria)?[^:]*?(?:\bwere\b|\bwas\b|\bincluded\b|:|\bif\s+(?:they\s+)?(?:had|were|was|showed))"
        r"\s*(.+)", text, re.IGNORECASE)
    # The criteria may also come first: "Patients with prior delirium or dementia were excluded."
    before = re.search(
        r"\b(?:patients|participants|subjects|individuals|those|women|men|children|adults)\s+(?:with|who\s+had)\s+"
        r"(.+?)\s+(?:were|was)\s+(?:also\s+)?excluded\b", text, re.IGNORECASE)
    if before and (not match or before.start() < match.start()):
        body = before.group(1)
    elif match:
        body = match.group(1)
    else:
        return []
    items = re.split(r"\(\s*\d+\s*\)|\b[ivx]+\)|;", body)
    if len(items) <= 2:
        items = re.split(r",|\s+and\s+|\s+or\s+", body)
    cleaned = [re.sub(r"^(?:and|or)\s+|\s+(?:and|or)$", "", " ".join(i.split()).strip(" .,;")) for i in items]
    return [item for item in cleaned if len(item) > 2 and item.lower() not in ("and", "or")]


# Words that name a level of a variable, not the variable: "Never" under "Oral contraceptive use" means
# never used the contraceptive, not "never menstruated".
_LEVEL_WORDS = {"never", "ever", "current", "former", "past", "none", "other", "unknown", "missing", "yes", "no",
                "present", "absent", "positive", "negative", "natural", "surgical", "low", "high", "medium"}
_INDENT = re.compile(r"^[\s\u00a0\u2000-\u200b\u3000]+|^[-–•·]\s*")


def _variable_words(rows: list, position: int) -> set[str]:
    """The content words of the variable a row stands for.

    A row whose label is only a level word ("Never", "Ever", "Current") is a level of the variable in
    the heading row above it (the nearest row that is not indented); its words are the heading's and
    its own together, so a level is never read as a variable of its own.  A level with no heading
    gives an empty set.
    """
    label = rows[position].label
    words = _words(re.sub(r"\(.*?\)", "", label))
    if not words or not words <= _LEVEL_WORDS:
        return words
    for above in reversed(rows[:position]):
        if above.label.strip() and not _INDENT.match(above.label):
            heading = _words(re.sub(r"\(.*?\)", "", above.label))
            return heading | words if heading else set()
    return set()


# Who or what a study excludes: people, or the studies of a review.
_STUDY_UNITS = (r"(?:patients?|participants?|subjects?|individuals?|persons?|people|women|men|children|adults|"
                r"infants|cases|volunteers|respondents|those|studies|trials|articles|records|pregnancies)")
_EXCLUSION_SENTENCE = re.compile(
    rf"\bexclusion criteri|\bwe excluded\b|\b{_STUDY_UNITS}\b[^.;]*?\b(?:were|was|are|is|being)\s+(?:also\s+)?"
    rf"excluded\b|\bexcluded\s+(?:if|when|because|due to)\b|\bexcluded\s+(?:all\s+)?{_STUDY_UNITS}\b",
    re.IGNORECASE,
)


def is_exclusion_sentence(text: str) -> bool:
    """Whether a sentence states who the study excluded ("Exclusion criteria were …", "Patients with … were
    excluded"); "exclusive", "mutually exclusive" or "excluded from the table" state no criterion."""
    return bool(_EXCLUSION_SENTENCE.search(text))


@python_check(
    "text.criteria_contradiction", severity="error",
    description="A characteristic the exclusion criteria rule out, used as a table variable or predictor.",
)
def check_criteria(graph: Graph) -> Iterator[Finding]:
    """Table rows whose every content word names an exclusion criterion (thresholds such as age < 18 excepted)."""
    criteria = []
    for sentence in sentences(graph):
        if is_exclusion_sentence(sentence.text):
            for item in exclusion_items(sentence.text):
                # A threshold ("age < 18 years") or a severity ("severe dementia") excludes part of a range;
                # the variable itself remains.
                if re.search(r"[<>≤≥]|\d", item) or _QUALIFIED.search(item):
                    continue
                criteria.append((item, sentence))
    if not criteria:
        return
    for table in tables(graph):
        for position, row in enumerate(table.rows):
            label_words = _variable_words(table.rows, position)
            if not label_words:
                continue
            for item, sentence in criteria:
                if _PAST.search(item) and not _PAST.search(row.label):
                    continue
                if label_words <= _words(item):
                    yield Finding(
                        check="text.criteria_contradiction", severity="error",
                        message=f"{table.label} uses “{row.label}” as a variable, but the exclusion criteria rule "
                                f"it out: “{item}”",
                        focus=str(row.iri), location=Location(table=table.label, row=row.label, quote=row.label),
                        evidence={"criterion": item, "criteria_sentence": sentence.text, "row": row.label},
                    )
                    break


# --------------------------------------------------------------------------- sample size

_TOTAL_N = re.compile(
    r"\b(?:a total of|total of|comprised|included|enrolled|analy[sz]ed|cohort of|study of|sample of|"
    r"analysis of|series of)\s+(\d{2,6})\s+(?:consecutive\s+|eligible\s+|adult\s+)*"
    r"(patients|participants|subjects|individuals|women|men|children|cases)",
    re.IGNORECASE,
)


# A comparison group that is not part of the study sample proper.
_CONTROL_GROUP = re.compile(r"\bcontrols?\b|healthy|reference (?:group|population)|volunteers?|general population",
                            re.IGNORECASE)


@python_check(
    "text.sample_size_mismatch", severity="error",
    description="A total sample size stated in the text that contradicts the group sizes printed in the tables.",
)
def check_sample_size(graph: Graph) -> Iterator[Finding]:
    """Each "a total of N patients" in abstract/methods/results against the tables' group sizes."""
    yield from abstract_sample_findings(graph)  # and the abstract's N against the method's (no table needed)
    totals = set()
    for table in tables(graph):
        groups = table.column("group")
        if len(groups) >= 2 and all(c.n for c in groups) and all(c.n_source == "header" for c in groups):
            totals.add(sum(c.n for c in groups if c.n))
            # A table may list a control or reference group beside the patients; the patients' total leaves
            # it out ("a total of 100 patients" beside 60 + 40 patients and 50 healthy controls).
            patients = [c for c in groups if not _CONTROL_GROUP.search(c.label)]
            if patients and len(patients) < len(groups):
                totals.add(sum(c.n for c in patients if c.n))
        for col in table.column("total"):
            if col.n:
                totals.add(col.n)
    if not totals:
        return
    group_sizes = {c.n for t in tables(graph) for c in t.column("group") if c.n}
    for sentence in sentences(graph):
        if sentence.section_kind not in ("abstract", "methods", "results", None):
            continue
        for m in _TOTAL_N.finditer(sentence.text):
            stated = int(m.group(1))
            if stated in totals or stated in group_sizes:
                continue
            yield Finding(
                check="text.sample_size_mismatch", severity="error",
                message=f"The text states {stated} {m.group(2)} (“{m.group(0)}”), but the tables' group sizes add up "
                        f"to {', '.join(str(t) for t in sorted(totals))}",
                focus=str(sentence.iri), location=_where(sentence, m.group(0)),
                evidence={"stated": stated, "table_totals": sorted(totals)},
            )
