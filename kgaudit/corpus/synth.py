"""A synthetic corpus for tests and benchmarks: papers written from templates, with planted defects.

``python -m kgaudit.corpus.synth N OUTDIR [--seed S]`` writes ``N`` plain-text
papers (the layout of ``data/examples/early-mobilisation.txt``: title, byline,
dates, abstract, INTRODUCTION / METHODS / RESULTS / DISCUSSION / CONCLUSION,
tab-separated tables with ``(n=…)`` headers and a p-value column, a numbered
Vancouver reference list) and ``OUTDIR/manifest.json``, which records exactly
what was planted where, so recall and precision can be measured per check.

Everything is drawn from ``random.Random`` seeded with strings derived from the
seed, so a seed always gives the same corpus (on any machine and Python build).

What a paper is made of:

* a topic from :data:`~kgaudit.corpus.synth_vocab.TOPICS` (ten clinical
  questions), two groups, group sizes, a study period, dates;
* statistics that are right unless a defect is planted: baseline rows are
  simulated under the null (so baseline p-values are uniform, as Carlisle's
  method expects), percentages are counts over the column's n, p-values are
  recomputed from the printed summaries (Student t for mean ± SD, chi-square,
  or Fisher when an expected count is below 5), scale scores are means and SDs
  of simulated integer data (GRIM/GRIMMER-consistent), odds ratios sit at the
  geometric midpoint of their Wald CI with the p the CI implies;
* references in Vancouver style with real journal names and volumes that
  belong to the journal in that year (:data:`~kgaudit.corpus.synth_vocab.JOURNALS`
  states the facts), never dated after the paper, numbered in order of first
  citation; each paper has its own style (bracketed ``[n]`` or superscript
  pointers, how many authors before "et al.", issue numbers, page ranges
  abbreviated or not, month or not);
* "classic" references (a pool of twenty widely cited methods papers) that
  clean papers legitimately share, formatted in each paper's own style.

Planted defects (the manifest's ``check`` ids; location keys as in the JSON report):

=================================  =====================================================================
citation.author_year_mismatch      "Surname et al. (Year)" naming another entry than the pointer denotes
citation.undefined_reference       a pointer to a number beyond the list
citation.uncited_reference         an entry (last in the list) that no pointer cites
reference.implausible_volume       a volume that journal never had in that year
reference.future_year              a cited work dated 2-4 years after the paper
reference.recycled_title           three entries whose titles share one stem with swapped endings
reference.venue_mismatch           a physics and a chemistry journal cited in a clinical paper
stats.percentage_mismatch          "n (x%)" where no count out of the column's n gives x
stats.p_value_mismatch             a p-value far from what the mean ± SD and n give
stats.total_mismatch               male + female counts that do not add up to the group's n
stats.ci_mismatch                  an odds ratio outside its own confidence interval
text.period_mismatch               "a k-year period" contradicting the stated date range
=================================  =====================================================================

Paper-mill clusters: groups of 3-5 papers by disjoint author teams on one topic
with one group-size design that share a core of 14 reference strings verbatim,
titles built on one template, and three baseline-table rows (age, sex, a comorbidity) with identical
numbers (``corpus.reference_overlap``, ``corpus.shared_reference_string``,
``corpus.templated_titles``, ``corpus.identical_table_numbers`` in the manifest).
Mill papers carry no single-paper defects, so the cross-paper checks are
measured on their own.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from scipy import stats as scipy_stats

from kgaudit.corpus.synth_vocab import (
    ARTICLE_TYPES,
    CITIES,
    DESIGNS,
    DISCUSSION_OPENERS,
    GENERAL_JOURNALS,
    GIVEN_NAMES,
    INTRO_SENTENCES,
    JOURNALS,
    LIMITATIONS,
    MENTION_VERBS,
    MILL_TITLE_FRAMES,
    MONTHS,
    OFF_TOPIC_JOURNALS,
    OFF_TOPIC_TITLES,
    QUALIFIERS,
    REFERENCE_TITLE_PATTERNS,
    SENSITIVITY,
    SURNAMES,
    TITLE_PATTERNS,
    TOPICS,
    Topic,
)

PAPER_DEFECTS = (
    "citation.author_year_mismatch", "citation.undefined_reference", "citation.uncited_reference",
    "reference.implausible_volume", "reference.future_year", "reference.recycled_title",
    "reference.venue_mismatch",
    "stats.percentage_mismatch", "stats.p_value_mismatch", "stats.total_mismatch", "stats.ci_mismatch",
    "text.period_mismatch",
)
MILL_SIGNALS = (
    "corpus.reference_overlap", "corpus.shared_reference_string", "corpus.templated_titles",
    "corpus.identical_table_numbers",
)
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

# --------------------------------------------------------------------------- references


@dataclass
class RefEntry:
    """One reference's content; :func:`format_reference` prints it in a paper's style."""

    authors: list[tuple[str, str]]  # (surname, initials)
    title: str
    journal: str
    year: int
    volume: str
    issue: str | None
    first_page: str
    last_page: str | None
    month: str = ""
    tag: str = ""  # "classic", "core" (mill), "own"


@dataclass(frozen=True)
class RefStyle:
    """How one paper prints its references."""

    max_authors: int  # authors listed before "et al."
    with_issue: bool
    abbreviate_pages: bool
    with_month: bool


def _pages(first: str, last: str | None, abbreviate: bool) -> str:
    if last is None:
        return first
    if abbreviate and len(first) == len(last):
        cut = 0
        while cut < len(first) - 1 and first[cut] == last[cut]:
            cut += 1
        return f"{first}-{last[cut:]}"
    return f"{first}-{last}"


def format_reference(ref: RefEntry, style: RefStyle) -> str:
    """A Vancouver reference string: ``Brennan KL, Osei AB. Title. Lancet. 2019;393(10180):1634-42.``"""
    names = [f"{s} {i}" for s, i in ref.authors]
    if len(names) > style.max_authors:
        names = names[: style.max_authors] + ["et al"]
    authors = ", ".join(names)
    date = f"{ref.year} {ref.month}" if style.with_month and ref.month else str(ref.year)
    issue = f"({ref.issue})" if style.with_issue and ref.issue else ""
    return (f"{authors}. {ref.title}. {ref.journal}. {date};{ref.volume}{issue}:"
            f"{_pages(ref.first_page, ref.last_page, style.abbreviate_pages)}.")


def _initials(rng: random.Random) -> str:
    letters = "ABCDEFGHIJKLMNOPRSTVW"
    return "".join(rng.choice(letters) for _ in range(rng.choice((1, 2, 2))))


def _volume_and_pages(rng: random.Random, journal: str, year: int) -> tuple[str, str | None, str, str | None]:
    facts = JOURNALS[journal]
    volume = rng.choice(facts.volumes(year))
    issue = str(rng.randint(1, 26)) if facts.weekly_issue else str(rng.randint(1, 12))
    if journal == "Lancet":
        issue = str(10015 + 52 * (year - 2016) + rng.randint(0, 51))
    if facts.elocator:
        letter = "ijklmnopq"[year - 2016]
        return str(volume), None, f"{letter}{rng.randint(100, 4999)}", None
    first = rng.randint(20, facts.max_page - 30)
    return str(volume), issue, str(first), str(first + rng.randint(5, 14))


def _reference_title(rng: random.Random, topic: Topic, pattern: str) -> str:
    subject, second = rng.sample(topic.subjects, 2)
    y1 = rng.randint(2000, 2008)
    text = pattern.format(
        s=subject, S=subject[0].upper() + subject[1:], s2=second, q=rng.choice(QUALIFIERS), y1=y1,
        y2=y1 + rng.randint(6, 10), n=rng.randint(12, 60),
    )
    return text


class TitleBudget:
    """The titles of one reference list: no pattern more than twice, no title twice (numbers ignored).

    A list of honest references never has three titles opening alike, nor two that differ only in a
    number; those are what ``reference.recycled_title`` looks for, so only a planted defect may make them.
    """

    def __init__(self) -> None:
        self.uses: Counter[str] = Counter()
        self.titles: set[str] = set()

    def copy(self) -> TitleBudget:
        """An independent copy (a mill member starts from its cluster's core)."""
        other = TitleBudget()
        other.uses, other.titles = Counter(self.uses), set(self.titles)
        return other

    def draw(self, rng: random.Random, topic: Topic) -> str:
        """A new title on ``topic``."""
        title, pattern = "", ""
        for _ in range(200):
            free = [p for p in REFERENCE_TITLE_PATTERNS if self.uses[p] < 2] or list(REFERENCE_TITLE_PATTERNS)
            pattern = rng.choice(free)
            title = _reference_title(rng, topic, pattern)
            if re.sub(r"\d+", "#", title.lower()) not in self.titles:
                break
        self.uses[pattern] += 1
        self.titles.add(re.sub(r"\d+", "#", title.lower()))
        return title


def make_reference(rng: random.Random, topic: Topic, surnames: list[str], max_year: int, budget: TitleBudget,
                   tag: str = "own") -> RefEntry:
    """A plausible reference on ``topic``: real journal, a volume of that year, pages within the volume."""
    journal = rng.choice(topic.journals + GENERAL_JOURNALS)
    year = rng.randint(2016, max_year)
    volume, issue, first, last = _volume_and_pages(rng, journal, year)
    n_authors = rng.choice((1, 2, 3, 3, 4, 4, 5, 6, 7))
    authors = [(surnames.pop(), _initials(rng)) for _ in range(n_authors)]
    title = budget.draw(rng, topic)
    return RefEntry(authors=authors, title=title, journal=journal, year=year,
                    volume=volume, issue=issue, first_page=first, last_page=last,
                    month=rng.choice(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                      "Nov", "Dec")), tag=tag)


CLASSIC_TITLES = (
    "Reporting standards for observational studies in clinical research",
    "Grading surgical complications: validation of a classification in a large cohort",
    "Multiple imputation for missing data in clinical cohort studies: guidance for practice",
    "Propensity score methods for comparative effectiveness research",
    "A comorbidity index for outcome research in hospital populations",
    "Sample size calculation for two-group comparisons of binary outcomes",
    "Choosing between parametric and nonparametric tests in medical research",
    "Confidence intervals rather than p values: estimation rather than hypothesis testing",
    "Regression modelling strategies for prognostic research",
    "Interpreting the results of observational research: chance, bias and confounding",
    "Handling competing risks in clinical outcome studies",
    "The minimal clinically important difference: concepts and estimation",
    "Transparent reporting of multivariable prediction models",
    "Frailty in older people: definitions and measurement",
    "Measuring health-related quality of life in clinical trials",
    "Adjusting for multiple comparisons in clinical research",
    "Instrumental variable methods for causal inference from observational data",
    "Loss to follow-up in cohort studies: how much is too much",
    "Assessing calibration and discrimination of risk models",
    "Ethical review of retrospective studies using routine data",
)


def classic_references(seed: int) -> list[RefEntry]:
    """The twenty methods papers many clean papers cite (general journals, 2016-2020)."""
    rng = random.Random(f"{seed}:classics")
    surnames = list(SURNAMES)
    rng.shuffle(surnames)
    out = []
    for title in CLASSIC_TITLES:
        journal = rng.choice(GENERAL_JOURNALS)
        year = rng.randint(2016, 2020)
        volume, issue, first, last = _volume_and_pages(rng, journal, year)
        authors = [(surnames.pop(), _initials(rng)) for _ in range(rng.choice((2, 3, 4)))]
        out.append(RefEntry(authors, title, journal, year, volume, issue, first, last, "Jun", tag="classic"))
    return out


# --------------------------------------------------------------------------- citations


@dataclass(frozen=True)
class CiteStyle:
    """How a paper prints pointers: bracketed ``[5–7]`` or superscript ``⁵⁻⁷``."""

    superscript: bool
    range_dash: str
    separator: str

    def pointer(self, numbers: Sequence[int]) -> str:
        """The pointer text for ``numbers`` (runs of three or more become ranges)."""
        groups: list[str] = []
        ordered = sorted(set(numbers))
        start = 0
        while start < len(ordered):
            end = start
            while end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
                end += 1
            if end - start >= 2:
                groups.append(f"{ordered[start]}{self.range_dash}{ordered[end]}")
                start = end + 1
            else:
                groups.append(str(ordered[start]))
                start += 1
        if self.superscript:
            return self.separator.join(g.translate(SUPERSCRIPTS) for g in groups)
        return " [" + self.separator.join(groups) + "]"


class Citer:
    """Hands out reference numbers in order of first citation."""

    def __init__(self, pool: list[RefEntry], style: CiteStyle, rng: random.Random) -> None:
        self.pool = pool
        self.style = style
        self.rng = rng
        self.used = 0

    def new(self, count: int = 1) -> list[int]:
        """The numbers of the next ``count`` references not cited yet."""
        numbers = list(range(self.used + 1, self.used + count + 1))
        self.used += count
        return numbers

    def text(self, numbers: Sequence[int]) -> str:
        """The pointer for ``numbers``."""
        return self.style.pointer(numbers)

    def again(self) -> int:
        """A reference already cited."""
        return self.rng.randint(1, max(self.used, 1))

    def entry(self, number: int) -> RefEntry:
        """The reference with list number ``number``."""
        return self.pool[number - 1]


def mention(entry: RefEntry) -> str:
    """``Okafor et al. (2018)``, ``Okafor and Lee (2018)`` or ``Okafor (2018)`` for an entry."""
    names = [s for s, _ in entry.authors]
    if len(names) >= 3:
        who = f"{names[0]} et al."
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = names[0]
    return f"{who} ({entry.year})"


# --------------------------------------------------------------------------- statistics


def format_p(p: float) -> str:
    """A p-value as papers print it: ``<0.001``, ``0.004``, ``0.43``."""
    if p < 0.001:
        return "<0.001"
    if p < 0.1:
        return f"{p:.3f}"
    return f"{p:.2f}"


def p_means(m1: float, s1: float, n1: int, m2: float, s2: float, n2: int) -> float:
    """Student's t-test from summaries."""
    return float(scipy_stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=True).pvalue)


def p_counts(a: int, n1: int, b: int, n2: int) -> float:
    """Chi-square without continuity correction, or Fisher's exact test when an expected count is below 5."""
    table = [[a, n1 - a], [b, n2 - b]]
    total = n1 + n2
    if (a + b) in (0, total):
        return 1.0
    expected = min((a + b) * min(n1, n2) / total, (total - a - b) * min(n1, n2) / total)
    if expected < 5:
        return float(scipy_stats.fisher_exact(table)[1])
    return float(scipy_stats.chi2_contingency(table, correction=False)[1])


def percent(count: int, n: int) -> str:
    """``count/n`` as a percentage with one decimal, rounded half up (as most software prints)."""
    value = math.floor(1000 * count / n + 0.5) / 10
    return f"{value:.1f}"


@dataclass
class TableRow:
    """A printed row: label, the two group cells, the p cell."""

    label: str
    cells: list[str]
    p: str
    kind: str = ""  # "mean", "count", "sex", "score", "or"
    data: dict[str, Any] = field(default_factory=dict)


def mean_row(rng: random.Random, label: str, mean: float, sd: float, n1: int, n2: int, effect: float = 0.0,
             decimals: int = 1) -> TableRow:
    """A mean ± SD row simulated around ``mean`` (group 1 shifted by ``effect`` SDs)."""
    def draw(shift: float, n: int) -> tuple[float, float]:
        m = mean + shift * sd + rng.gauss(0, sd / math.sqrt(n))
        s = sd * math.sqrt(rng.gammavariate((n - 1) / 2, 2) / (n - 1))
        return round(m, decimals), round(max(s, 10 ** -decimals), decimals)

    (m1, s1), (m2, s2) = draw(effect, n1), draw(0.0, n2)
    p = p_means(m1, s1, n1, m2, s2, n2)
    fmt = f"{{:.{decimals}f}}"
    return TableRow(label, [f"{fmt.format(m1)} ± {fmt.format(s1)}", f"{fmt.format(m2)} ± {fmt.format(s2)}"],
                    format_p(p), "mean", {"m": (m1, m2), "s": (s1, s2), "p": p})


def count_row(rng: random.Random, label: str, rate1: float, rate2: float, n1: int, n2: int) -> TableRow:
    """An n (%) row with binomial counts."""
    a = sum(rng.random() < rate1 for _ in range(n1))
    b = sum(rng.random() < rate2 for _ in range(n2))
    return counts_row(label, a, b, n1, n2)


def counts_row(label: str, a: int, b: int, n1: int, n2: int, kind: str = "count") -> TableRow:
    """An n (%) row for given counts, its p recomputed."""
    p = p_counts(a, n1, b, n2)
    return TableRow(label, [f"{a} ({percent(a, n1)}%)", f"{b} ({percent(b, n2)}%)"], format_p(p), kind,
                    {"counts": (a, b), "n": (n1, n2), "p": p})


def score_row(rng: random.Random, label: str, low: int, high: int, n1: int, n2: int, effect: float) -> TableRow:
    """Mean ± SD of simulated integer scores (so GRIM and GRIMMER hold)."""
    centre = low + (high - low) * rng.uniform(0.35, 0.65)
    spread = (high - low) / rng.uniform(4.5, 7.0)

    def sample(shift: float, n: int) -> tuple[float, float]:
        values = [min(high, max(low, round(rng.gauss(centre + shift * spread, spread)))) for _ in range(n)]
        m = sum(values) / n
        s = math.sqrt(sum((v - m) ** 2 for v in values) / (n - 1))
        return round(m, 1), round(s, 1)

    (m1, s1), (m2, s2) = sample(effect, n1), sample(0.0, n2)
    p = p_means(m1, s1, n1, m2, s2, n2)
    return TableRow(label, [f"{m1:.1f} ± {s1:.1f}", f"{m2:.1f} ± {s2:.1f}"], format_p(p), "score",
                    {"m": (m1, m2), "s": (s1, s2), "p": p})


def odds_ratio_row(rng: random.Random, label: str) -> TableRow:
    """An adjusted OR with its Wald 95% CI and the p the CI implies."""
    beta = rng.gauss(0.25, 0.3)
    se = rng.uniform(0.1, 0.35)
    estimate, low, high = math.exp(beta), math.exp(beta - 1.96 * se), math.exp(beta + 1.96 * se)
    p = 2 * (1 - scipy_stats.norm.cdf(abs(beta / se)))
    return TableRow(label, [f"{estimate:.2f} ({low:.2f}–{high:.2f})"], format_p(p), "or",
                    {"or": (round(estimate, 2), round(low, 2), round(high, 2))})


# --------------------------------------------------------------------------- papers


@dataclass(frozen=True)
class Planted:
    """One planted defect (or mill signal): which check should flag it, and where."""

    paper_id: str
    check: str
    location: dict[str, Any]
    note: str = ""

    @property
    def family(self) -> str:
        """The check family (``stats``, ``citation``...)."""
        return self.check.split(".", 1)[0]


@dataclass
class SynthPaper:
    """A generated paper: its text and what was planted in it."""

    paper_id: str
    topic: str
    text: str
    planted: list[Planted]
    mill_cluster: int | None = None

    @property
    def clean(self) -> bool:
        """No planted defect and not part of a mill cluster."""
        return not self.planted and self.mill_cluster is None


@dataclass
class MillCluster:
    """What the papers of one paper-mill cluster share."""

    number: int
    topic: Topic
    frame: str
    core: list[RefEntry]
    style: RefStyle
    cite_style: CiteStyle
    n: tuple[int, int]
    rows: list[TableRow]
    bylines: list[list[str]] = field(default_factory=list)
    budget: TitleBudget = field(default_factory=TitleBudget)
    members: list[str] = field(default_factory=list)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _date(rng: random.Random, year: int, month: int, day: int) -> str:
    style = rng.randrange(3)
    if style == 0:
        return f"{day:02d}.{month:02d}.{year}"
    if style == 1:
        return f"{day} {MONTHS[month - 1]} {year}"
    return f"{year}-{month:02d}-{day:02d}"


class PaperWriter:
    """Writes one paper; ``defects`` says which to plant."""

    def __init__(self, paper_id: str, rng: random.Random, classics: list[RefEntry], defects: Sequence[str],
                 mill: MillCluster | None = None, byline: Sequence[str] = ()) -> None:
        self.id = paper_id
        self.rng = rng
        self.defects = set(defects)
        self.mill = mill
        self.topic = mill.topic if mill else rng.choice(TOPICS)
        self.planted: list[Planted] = []
        self.classics = classics
        # Surnames are drawn without replacement: no surname twice in one paper, none shared with the
        # classics or the mill core (an author-year mention must name one entry only).
        taken = {s for e in classics for s, _ in e.authors} | {s for e in (mill.core if mill else []) for s, _ in e.authors}
        taken |= set(byline)
        names = [s for s in SURNAMES if s not in taken]
        rng.shuffle(names)
        self.surnames = names
        self.byline = list(byline)
        self.mentioned: set[int] = set()
        self.year = rng.randint(2021, 2024)
        self.ref_style = mill.style if mill else RefStyle(
            max_authors=rng.choice((3, 6)), with_issue=rng.random() < 0.7,
            abbreviate_pages=rng.random() < 0.5, with_month=rng.random() < 0.25)
        self.cite_style = mill.cite_style if mill else CiteStyle(
            superscript=rng.random() < 0.5, range_dash=rng.choice(("–", "-")), separator=rng.choice((",", ", ")))
        if self.cite_style.superscript:
            self.cite_style = replace(self.cite_style, range_dash="⁻" if rng.random() < 0.5 else "–", separator=",")

    def plant(self, check: str, note: str = "", **location: Any) -> None:
        """Record a planted defect."""
        self.planted.append(Planted(self.id, check, location, note))

    # ------------------------------------------------------------------ references

    def reference_pool(self) -> list[RefEntry]:
        """Thirty entries or more in citation order: own references, classics and (in a mill) the cluster's core."""
        rng = self.rng
        budget = self.mill.budget.copy() if self.mill else TitleBudget()
        own = [make_reference(rng, self.topic, self.surnames, self.year, budget) for _ in range(30)]
        if self.mill is not None:
            # The cluster's core comes first, one own entry after every two core entries.
            core, mine, pool = list(self.mill.core), own[:26], []
            while core or mine:
                source = core if core and (len(pool) % 3 != 2 or not mine) else mine
                pool.append(source.pop(0))
            return pool
        return own

    # ------------------------------------------------------------------ the paper

    def write(self) -> SynthPaper:
        """Generate the paper and its manifest entries."""
        rng, topic = self.rng, self.topic
        pool = self.reference_pool()
        citer = Citer(pool, self.cite_style, rng)
        n1, n2 = self.mill.n if self.mill else (rng.randint(40, 260), rng.randint(40, 260))
        period_years = rng.randint(2, 7)
        end_year = self.year - 1 if rng.random() < 0.7 else self.year - 2
        start_month = rng.randint(1, 12)
        # From the start month of one year to the month before it k years later: exactly k years.
        start = (start_month, end_year - period_years)
        end = (start_month - 1, end_year) if start_month > 1 else (12, end_year - 1)
        title = self._title()
        intervention = rng.choice(topic.interventions)
        outcome_phrase = topic.binary_outcomes[0][0].lower()
        intro = self._introduction(citer, intervention, outcome_phrase)
        methods = self._methods(citer, start, end, period_years, n1 + n2, intervention)
        table_text = self._tables(n1, n2)
        results = self._results(n1, n2, intervention)
        discussion = self._discussion(citer, intervention)
        conclusion = self._conclusion(n1 + n2, intervention)
        references = self._reference_list(citer, pool)
        front = self._front(title, n1, n2, start, end, intervention)
        body = [
            front, "INTRODUCTION", intro, "METHODS", methods, "RESULTS", results, table_text, "DISCUSSION",
            discussion, "CONCLUSION", conclusion, "REFERENCES", references,
        ]
        text = "\n\n".join(part.strip("\n") for part in body) + "\n"
        return SynthPaper(self.id, topic.key, text, self.planted, self.mill.number if self.mill else None)

    def _title(self) -> str:
        rng, topic = self.rng, self.topic
        if self.mill is not None:
            x = rng.choice(topic.interventions)
            return self.mill.frame.format(X=_title_case(x), Field=_title_case(topic.field),
                                          Cond=_title_case(topic.condition))
        pattern = rng.choice(TITLE_PATTERNS)
        outcomes = rng.sample([o for o, _ in topic.binary_outcomes] + [c for c, _m, _s in topic.continuous_outcomes],
                              2)
        x = rng.choice(topic.interventions)
        design = rng.choice(DESIGNS)
        text = pattern.format(X=_cap(x), x=x, c=topic.comparator, p=rng.choice(topic.populations),
                              o=_strip_unit(outcomes[0]).lower(), O=_cap(_strip_unit(outcomes[0]).lower()),
                              o2=_strip_unit(outcomes[1]).lower(), d=design, D=_cap(design), cond=topic.condition)
        return _cap(text)

    def _front(self, title: str, n1: int, n2: int, start: tuple[int, int], end: tuple[int, int],
               intervention: str) -> str:
        rng, topic = self.rng, self.topic
        count = rng.randint(2, 6)
        family = self.byline[:count] if self.byline else [self.surnames.pop() for _ in range(count)]
        authors = [(rng.choice(GIVEN_NAMES), name) for name in family]
        places = rng.sample(CITIES, 2)
        byline = ", ".join(f"{g} {s}{'¹' if i % 2 == 0 else '²'}" for i, (g, s) in enumerate(authors))
        affiliations = [f"¹Department of {_cap(topic.field)}, {places[0][0]}, {places[0][1]}",
                        f"²Department of Epidemiology, {places[1][0]}, {places[1][1]}"]
        received_month = rng.randint(1, 6)
        received_year = self.year if rng.random() < 0.6 else self.year - 1
        if received_year * 12 + received_month <= end[1] * 12 + end[0] + 2:
            received_year = self.year
        dates = [("Received", received_year, received_month, rng.randint(1, 28)),
                 ("Accepted", self.year, rng.randint(7, 9), rng.randint(1, 28)),
                 ("Published", self.year, rng.randint(10, 12), rng.randint(1, 28))]
        date_lines = [f"{event}: {_date(rng, y, m, d)}" for event, y, m, d in dates]
        period = f"between {MONTHS[start[0] - 1]} {start[1]} and {MONTHS[end[0] - 1]} {end[1]}"
        abstract = (
            f"Abstract: Background: The best approach to {topic.condition} remains uncertain. "
            f"Methods: We reviewed {n1 + n2} consecutive patients treated {period}; {n1} received {intervention} "
            f"and {n2} {topic.comparator}. Results: {_cap(intervention)} was associated with differences in "
            f"{topic.binary_outcomes[0][0].lower()} and {topic.continuous_outcomes[0][0].split(' (')[0].lower()}. "
            f"Conclusion: {_cap(intervention)} appears safe and may improve recovery."
        )
        keywords = "Keywords: " + ", ".join(topic.keywords) + "."
        return "\n\n".join([rng.choice(ARTICLE_TYPES), title, byline, *affiliations, *date_lines, abstract, keywords])

    def _conclusion(self, total: int, intervention: str) -> str:
        """One claim about an outcome of Table 2, in the direction (and significance) the table shows."""
        rng, topic = self.rng, self.topic
        row = rng.choice(self.outcome_counts)
        (a, b), (n1, n2) = row.data["counts"], row.data["n"]
        name = _strip_unit(row.label).lower()
        if row.data["p"] < 0.05 and a / n1 != b / n2:
            effect = f"{'fewer' if a / n1 < b / n2 else 'more'} cases of {name}"
        else:
            effect = f"no significant difference in {name}"
        return (f"In this cohort of {total} {rng.choice(topic.populations)}, {intervention} was associated with "
                f"{effect} compared with {topic.comparator}.")

    def _introduction(self, citer: Citer, intervention: str, outcome: str) -> str:
        rng, topic = self.rng, self.topic
        sentences = rng.sample(INTRO_SENTENCES, rng.randint(5, 7))
        out = []
        for template in sentences:
            if rng.random() < 0.2 and citer.used > 3:
                earlier = citer.again()
                cite = citer.text(sorted({earlier} | set(citer.new(1))))
            else:
                cite = citer.text(citer.new(rng.choice((1, 1, 2, 2, 3))))
            out.append(template.format(
                Cond=_cap(topic.condition), X=_cap(intervention), x=intervention, o=outcome,
                o2=topic.continuous_outcomes[1][0].split(" (")[0].lower(), c=cite,
            ))
        paragraphs = [" ".join(out[:3]), " ".join(out[3:])]
        return "\n\n".join(paragraphs)

    def _methods(self, citer: Citer, start: tuple[int, int], end: tuple[int, int], years: int, total: int,
                 intervention: str) -> str:
        rng, topic = self.rng, self.topic
        stated = years
        if "text.period_mismatch" in self.defects:
            stated = years + rng.choice((-2, 2, 3)) if years > 2 else years + rng.choice((2, 3))
            self.plant("text.period_mismatch", f"{stated}-year period stated, dates span {years} years",
                       section="METHODS")
        period = f"between {MONTHS[start[0] - 1]} {start[1]} and {MONTHS[end[0] - 1]} {end[1]}"
        sentences = [
            f"We included {rng.choice(topic.populations)} treated at two centres {period}, a {stated}-year period.",
            f"Exclusion criteria were {topic.exclusions[0]} and {topic.exclusions[1]}.",
            f"The intervention group received {intervention}; the comparison group received {topic.comparator}.",
            "Continuous variables are reported as mean ± standard deviation and were compared with Student's "
            "t-test; categorical variables were compared with the chi-square test or Fisher's exact test.",
        ]
        if self.mill is None:
            classics = rng.sample(range(len(self.classics)), rng.choice((0, 1, 1, 2)))
            phrases = rng.sample(("Missing data and reporting followed published guidance",
                                  "Methods followed established recommendations",
                                  "The analysis plan followed standard methodological advice"), len(classics))
            for index, phrase in zip(classics, phrases, strict=True):
                number = citer.new(1)[0]
                citer.pool.insert(number - 1, self.classics[index])
                sentences.append(phrase + citer.text([number]) + ".")
        sentences.append(f"A two-sided p-value below 0.05 was considered significant; {rng.choice(SENSITIVITY)}.")
        return " ".join(sentences)

    def _results(self, n1: int, n2: int, intervention: str) -> str:
        topic = self.topic
        return (f"Of {n1 + n2} patients, {n1} received {intervention} and {n2} {topic.comparator}. "
                f"Baseline characteristics are shown in Table 1 and outcomes in Table 2.")

    def _discussion(self, citer: Citer, intervention: str) -> str:
        rng = self.rng
        sentences = [rng.choice(DISCUSSION_OPENERS)]
        mentions = rng.randint(2, 4)
        mismatch_at = rng.randrange(mentions) if "citation.author_year_mismatch" in self.defects else -1
        for index in range(mentions):
            number = citer.new(1)[0] if rng.random() < 0.5 else citer.again()
            entry = citer.entry(number)
            self.mentioned.add(number)
            named = entry
            if index == mismatch_at:
                others = [k for k in range(1, citer.used + 1) if k != number
                          and citer.entry(k).authors[0][0] != entry.authors[0][0]]
                other = citer.entry(rng.choice(others))
                if rng.random() < 0.5:
                    named = other
                    note = "named author and year are those of another entry"
                else:
                    named = replace(entry, year=entry.year - rng.choice((1, 2, 3)))
                    note = "year differs from the denoted entry"
                self.plant("citation.author_year_mismatch", note, reference=number)
            verb = rng.choice(MENTION_VERBS)
            sentences.append(f"{mention(named)} {verb} comparable effects on "
                             f"{rng.choice(self.topic.binary_outcomes)[0].lower()}{citer.text([number])}.")
        if "citation.undefined_reference" in self.defects:
            missing = citer.used + rng.randint(3, 8)
            sentences.append(f"Similar findings were reported in a national audit{citer.text([missing])}.")
            self.plant("citation.undefined_reference", reference=missing)
        if self.mill is not None:
            # A mill paper cites its whole copied core, whatever its own text needed.
            last_core = max(i for i, e in enumerate(citer.pool) if e.tag == "core") + 1
            fillers = iter(("Comparable series have been published from other centres",
                            "Technical refinements continue to be reported",
                            "Registry data point in the same direction",
                            "Long-term results are accumulating",
                            "Economic evaluations have also been reported",
                            "Training pathways have been described"))
            while citer.used < last_core:
                numbers = citer.new(min(rng.choice((2, 3)), last_core - citer.used))
                sentences.append(f"{next(fillers, 'Further reports agree')}{citer.text(numbers)}.")
        cite = citer.text(citer.new(1))
        sentences.append(f"Differences in case mix may explain part of the variation between centres{cite}.")
        sentences.append(rng.choice(LIMITATIONS))
        return " ".join(sentences[:3]) + "\n\n" + " ".join(sentences[3:])

    def _reference_list(self, citer: Citer, pool: list[RefEntry]) -> str:
        rng = self.rng
        entries = [replace(e) for e in pool[: citer.used]]
        if "citation.uncited_reference" in self.defects:
            extra = next(e for e in pool[citer.used:] if e.tag == "own")
            entries.append(replace(extra))
            self.plant("citation.uncited_reference", reference=len(entries))
        # Entries named in an author-year mention keep their year and authors.
        own = [i for i, e in enumerate(entries) if e.tag == "own" and i + 1 not in self.mentioned]
        rng.shuffle(own)
        self._plant_reference_defects(entries, own)
        return "\n".join(f"{i}. {format_reference(e, self.ref_style)}" for i, e in enumerate(entries, start=1))

    def _plant_reference_defects(self, entries: list[RefEntry], own: list[int]) -> None:
        rng = self.rng
        if "reference.implausible_volume" in self.defects and own:
            i = own.pop()
            facts = JOURNALS[entries[i].journal]
            valid = facts.volumes(entries[i].year)
            wrong = valid[0] + rng.choice((-1, 1)) * rng.randint(8, 40) * max(facts.per_year, 1)
            entries[i].volume = str(max(wrong, 1) if wrong > 0 else valid[-1] + 25)
            self.plant("reference.implausible_volume", f"{entries[i].journal} {entries[i].year} vol "
                       f"{entries[i].volume}, real {valid[0]}-{valid[-1]}", reference=i + 1)
        if "reference.future_year" in self.defects and own:
            i = own.pop()
            year = self.year + rng.randint(2, 4)
            volume, issue, first, last = _volume_and_pages(rng, entries[i].journal, min(year, 2024))
            facts = JOURNALS[entries[i].journal]
            entries[i].year, entries[i].volume = year, str(rng.choice(facts.volumes(year)))
            entries[i].issue, entries[i].first_page, entries[i].last_page = issue, first, last
            if facts.elocator:
                entries[i].first_page = f"{'ijklmnopqrstuvw'[year - 2016]}{rng.randint(100, 4999)}"
            self.plant("reference.future_year", f"cited year {year}, paper {self.year}", reference=i + 1)
        if "reference.venue_mismatch" in self.defects and len(own) >= 2:
            # Two off-topic venues (a physics and a chemistry journal): the check flags off-topic venues only
            # when a list has two or more, since one odd venue in a broad paper is common and innocent.
            chosen = sorted((own.pop(), own.pop()))
            for i, journal in zip(chosen, OFF_TOPIC_JOURNALS, strict=True):
                volume, issue, first, last = _volume_and_pages(rng, journal, entries[i].year)
                entries[i].journal, entries[i].volume, entries[i].issue = journal, volume, issue
                entries[i].first_page, entries[i].last_page = first, last
                entries[i].title = rng.choice(OFF_TOPIC_TITLES[journal])
            self.plant("reference.venue_mismatch", " and ".join(OFF_TOPIC_JOURNALS),
                       references=[i + 1 for i in chosen])
        if "reference.recycled_title" in self.defects and len(own) >= 3:
            chosen = sorted(own[-3:])
            del own[-3:]
            stem = f"{_cap(rng.choice(self.topic.subjects))} in contemporary practice: outcomes of"
            endings = rng.sample(("a single-centre series", "a national cohort", "a matched comparison",
                                  "a prospective registry", "a retrospective review"), 3)
            for i, ending in zip(chosen, endings, strict=True):
                entries[i].title = f"{stem} {ending}"
            self.plant("reference.recycled_title", "shared stem, swapped endings",
                       references=[i + 1 for i in chosen])

    # ------------------------------------------------------------------ tables

    def _tables(self, n1: int, n2: int) -> str:
        rng, topic = self.rng, self.topic
        baseline = self._baseline(n1, n2)
        outcomes = [count_row(rng, f"{label}, n (%)", rate * rng.uniform(0.5, 1.1), rate, n1, n2)
                    for label, rate in rng.sample(topic.binary_outcomes, rng.randint(3, 4))]
        self.outcome_counts = list(outcomes)
        for label, mean, sd in topic.continuous_outcomes:
            outcomes.append(mean_row(rng, label, mean, sd, n1, n2, effect=rng.uniform(-0.5, 0.2),
                                     decimals=1 if abs(mean) < 1000 else 0))
        low, high = topic.score[1], topic.score[2]
        outcomes.append(score_row(rng, topic.score[0], low, high, n1, n2, effect=rng.uniform(-0.3, 0.3)))
        regression = None
        if rng.random() < 0.5 or "stats.ci_mismatch" in self.defects:
            regression = [odds_ratio_row(rng, f"{topic.group_a} vs {topic.group_b.lower()}"),
                          odds_ratio_row(rng, "Age (per 10 years)"), odds_ratio_row(rng, "Female sex"),
                          odds_ratio_row(rng, topic.comorbidities[0][0])]
        self._plant_stats(baseline, outcomes, regression, n1, n2)
        header = f"{topic.group_a} (n={n1})\t{topic.group_b} (n={n2})\tp-value"
        parts = [self._table_text("Table 1: Baseline Characteristics", "Characteristic\t" + header, baseline),
                 self._table_text("Table 2: Outcomes", "Outcome\t" + header, outcomes)]
        if regression is not None:
            caption = f"Table 3: Multivariable Logistic Regression for {topic.binary_outcomes[0][0]}"
            parts.append(self._table_text(caption, "Variable\tAdjusted OR (95% CI)\tp-value", regression))
        return "\n\n".join(parts)

    @staticmethod
    def _table_text(caption: str, header: str, rows: list[TableRow]) -> str:
        lines = [caption, "", header]
        lines += ["\t".join([row.label, *row.cells, row.p]) for row in rows]
        return "\n".join(lines)

    def _baseline(self, n1: int, n2: int) -> list[TableRow]:
        rng, topic = self.rng, self.topic
        age_mean, age_sd = topic.age
        rows = [mean_row(rng, "Age (years)", age_mean, age_sd, n1, n2)]
        share = rng.uniform(0.3, 0.7)
        female = count_row(rng, "Female, n (%)", share, share, n1, n2)
        if self.mill is not None:
            # The cluster's copied rows replace the member's own age, sex and first comorbidity rows.
            rows[0], female = self.mill.rows[0], self.mill.rows[1]
        a, b = female.data["counts"]
        male = TableRow("Male, n (%)", [f"{n1 - a} ({percent(n1 - a, n1)}%)", f"{n2 - b} ({percent(n2 - b, n2)}%)"],
                        "–", "sex", {"counts": (n1 - a, n2 - b)})
        rows += [female, male]
        if age_mean > 18:
            rows.append(mean_row(rng, "Body mass index (kg/m²)", 26.5, 4.5, n1, n2))
        rows += [count_row(rng, f"{label}, n (%)", rate, rate, n1, n2) for label, rate in topic.comorbidities]
        if self.mill is not None:
            index = next(i for i, r in enumerate(rows) if r.label.startswith(topic.comorbidities[0][0]))
            rows[index] = self.mill.rows[2]
        return rows

    def _plant_stats(self, baseline: list[TableRow], outcomes: list[TableRow], regression: list[TableRow] | None,
                     n1: int, n2: int) -> None:
        rng = self.rng
        if "stats.percentage_mismatch" in self.defects:
            table, rows = rng.choice((("Table 1", baseline), ("Table 2", outcomes)))
            candidates = [r for r in rows if r.kind == "count"]
            row = rng.choice(candidates)
            column = rng.randrange(2)
            count, n = row.data["counts"][column], (n1, n2)[column]
            row.cells[column] = f"{count} ({_impossible_percent(rng, count, n, (n1, n2, n1 + n2))}%)"
            self.plant("stats.percentage_mismatch", f"column {column + 1}", table=table, row=row.label)
        if "stats.p_value_mismatch" in self.defects:
            table, rows = rng.choice((("Table 1", baseline), ("Table 2", outcomes)))
            candidates = [r for r in rows if r.kind in ("mean", "score")]
            row = rng.choice(candidates)
            row.p = _contradicting_p(rng, row.data["p"])
            self.plant("stats.p_value_mismatch", f"recomputed p {row.data['p']:.3g}, printed {row.p}",
                       table=table, row=row.label)
        if "stats.total_mismatch" in self.defects:
            male = next(r for r in baseline if r.kind == "sex")
            column = rng.randrange(2)
            n = (n1, n2)[column]
            count = male.data["counts"][column] + rng.choice((-1, 1)) * rng.randint(3, 9)
            count = min(max(count, 1), n - 1)
            if count == male.data["counts"][column]:
                count = max(count - 3, 1)
            male.cells[column] = f"{count} ({percent(count, n)}%)"
            self.plant("stats.total_mismatch", f"female + male != n in column {column + 1}", table="Table 1",
                       rows=["Female, n (%)", "Male, n (%)"])
        if "stats.ci_mismatch" in self.defects and regression:
            row = rng.choice(regression)
            _estimate, low, high = row.data["or"]
            outside = high * rng.uniform(1.25, 1.6) if rng.random() < 0.5 else low / rng.uniform(1.25, 1.6)
            row.cells[0] = f"{outside:.2f} ({low:.2f}–{high:.2f})"
            self.plant("stats.ci_mismatch", "estimate outside its CI", table="Table 3", row=row.label)


def _title_case(text: str) -> str:
    small = {"of", "in", "and", "or", "the", "for", "with", "to", "a", "an"}
    return " ".join(w if (w in small and i) else (w[:1].upper() + w[1:]) for i, w in enumerate(text.split()))


def _strip_unit(label: str) -> str:
    return label.split(" (")[0].split(",")[0]


def _impossible_percent(rng: random.Random, count: int, n: int, denominators: Sequence[int]) -> str:
    """A one-decimal percentage no integer count out of ``n`` gives, and not ``count`` over another total."""
    true = 100 * count / n
    for _ in range(200):
        candidate = round(true + rng.choice((-1, 1)) * rng.uniform(2.0, 9.0), 1)
        if not 0 < candidate < 100:
            continue
        attainable = any(percent(k, n) == f"{candidate:.1f}" for k in range(n + 1))
        elsewhere = any(percent(count, d) == f"{candidate:.1f}" for d in denominators if d >= count)
        if not attainable and not elsewhere:
            return f"{candidate:.1f}"
    return f"{min(true + 7.3, 99.9):.1f}"


def _contradicting_p(rng: random.Random, true_p: float) -> str:
    """A printed p far from the recomputed one, on the other side of 0.05 when possible."""
    if true_p < 0.05:
        return f"{rng.uniform(0.35, 0.85):.2f}"
    if true_p > 0.2:
        return rng.choice(("<0.001", f"{rng.uniform(0.001, 0.009):.3f}"))
    return f"{rng.uniform(0.002, 0.008):.3f}" if true_p > 0.1 else f"{rng.uniform(0.6, 0.9):.2f}"


# --------------------------------------------------------------------------- the corpus


def _mill_cluster(number: int, seed: int, size: int) -> MillCluster:
    rng = random.Random(f"{seed}:mill:{number}")
    topic = rng.choice(TOPICS)
    writer = PaperWriter(f"mill-{number}", rng, classic_references(seed), ())
    writer.topic = topic
    budget = TitleBudget()
    core = [make_reference(rng, topic, writer.surnames, 2020, budget, tag="core") for _ in range(14)]
    n = (rng.randint(80, 200), rng.randint(80, 200))
    age_mean, age_sd = topic.age
    share = rng.uniform(0.3, 0.7)
    rows = [mean_row(rng, "Age (years)", age_mean, age_sd, *n),
            count_row(rng, "Female, n (%)", share, share, *n),
            count_row(rng, f"{topic.comorbidities[0][0]}, n (%)", topic.comorbidities[0][1],
                      topic.comorbidities[0][1], *n)]
    style = RefStyle(max_authors=6, with_issue=True, abbreviate_pages=False, with_month=False)
    cite_style = CiteStyle(superscript=rng.random() < 0.5, range_dash="–", separator=",")
    # Disjoint author teams: six surnames a member, none used by the core.
    bylines = [writer.surnames[i * 6:(i + 1) * 6] for i in range(size)]
    return MillCluster(number, topic, rng.choice(MILL_TITLE_FRAMES), core, style, cite_style, n, rows,
                       bylines=bylines, budget=budget)


def _cluster_sizes(rng: random.Random, total: int) -> list[int]:
    """Split ``total`` mill papers into clusters of 3-5 (a remainder of 1 or 2 joins the last cluster)."""
    sizes: list[int] = []
    while total - sum(sizes) >= 3:
        left = total - sum(sizes)
        size = min(rng.randint(3, 5), left)
        sizes.append(left if left - size in (1, 2) else size)
    return sizes


def iter_corpus(n: int, seed: int = 0, *, defect_share: float = 0.5, mill_share: float = 0.12,
                mill_clusters: Sequence[int] | None = None) -> Iterator[SynthPaper]:
    """Yield ``n`` papers one at a time (a corpus of any size is never held in memory).

    About ``mill_share`` of them are in mill clusters (``mill_clusters`` gives the cluster sizes
    instead: ``(3, 3)`` is two clusters of three papers); ``defect_share`` of the others carry defects.
    """
    rng = random.Random(f"{seed}:corpus")
    order = list(range(n))
    rng.shuffle(order)
    sizes = list(mill_clusters) if mill_clusters is not None else _cluster_sizes(rng, int(round(n * mill_share)))
    if sum(sizes) > n or any(size < 2 for size in sizes):
        raise ValueError(f"mill clusters {sizes} do not fit in {n} papers (each needs 2 or more)")
    in_mill: dict[int, MillCluster] = {}
    cursor = 0
    for number, size in enumerate(sizes, start=1):
        cluster = _mill_cluster(number, seed, size)
        in_mill.update((index, cluster) for index in order[cursor:cursor + size])
        cursor += size
    classics = classic_references(seed)
    for index in range(n):
        paper_id = f"paper-{index + 1:04d}"
        paper_rng = random.Random(f"{seed}:paper:{index}")
        mill = in_mill.get(index)
        defects: list[str] = []
        if mill is None and paper_rng.random() < defect_share:
            defects = paper_rng.sample(PAPER_DEFECTS, paper_rng.choice((1, 1, 2, 3)))
        byline = mill.bylines[len(mill.members)] if mill is not None else ()
        paper = PaperWriter(paper_id, paper_rng, classics, defects, mill, byline).write()
        if mill is not None:
            mill.members.append(paper_id)
            for check in MILL_SIGNALS:
                location: dict[str, Any] = {"cluster": mill.number}
                if check == "corpus.identical_table_numbers":
                    location.update(table="Table 1", rows=[r.label for r in mill.rows])
                paper.planted.append(Planted(paper_id, check, location))
        yield paper


def generate_corpus(n: int, seed: int = 0, **options: Any) -> list[SynthPaper]:
    """The papers of :func:`iter_corpus` as a list (for small corpora)."""
    return list(iter_corpus(n, seed, **options))


def manifest(papers: Iterable[SynthPaper], seed: int) -> dict[str, Any]:
    """The manifest: every paper, every planted defect, every mill cluster, and the journal facts used.

    ``papers`` is read once, so it may be a stream (only the manifest's own entries are kept).
    """
    clusters: dict[int, list[str]] = {}
    entries: list[dict[str, Any]] = []
    defects: list[dict[str, Any]] = []
    for paper in papers:
        if paper.mill_cluster is not None:
            clusters.setdefault(paper.mill_cluster, []).append(paper.paper_id)
        entries.append({"paper_id": paper.paper_id, "file": f"{paper.paper_id}.txt", "topic": paper.topic,
                        "clean": paper.clean, "mill_cluster": paper.mill_cluster})
        defects += [{"paper_id": d.paper_id, "check": d.check, "family": d.family, "location": d.location,
                     "note": d.note} for d in paper.planted]
    return {
        "generator": "kgaudit.corpus.synth",
        "seed": seed,
        "papers": entries,
        "defects": defects,
        "clusters": [{"cluster": k, "papers": v} for k, v in sorted(clusters.items())],
        "journal_facts": {name: {"volumes_2020": list(j.volumes(2020)), "per_year": j.per_year,
                                 "subjects": list(j.subjects)} for name, j in JOURNALS.items()},
    }


def write_corpus(n: int, out: str | Path, seed: int = 0, **options: Any) -> dict[str, Any]:
    """Write ``n`` papers as ``OUT/<paper-id>.txt`` and ``OUT/manifest.json``; return the manifest.

    Papers are written as they are generated: memory does not grow with ``n``.
    """
    from kgaudit.corpus.batch import write_atomic

    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)

    def written() -> Iterator[SynthPaper]:
        for paper in iter_corpus(n, seed, **options):
            write_atomic(root / f"{paper.paper_id}.txt", paper.text)
            yield paper

    data = manifest(written(), seed)
    write_atomic(root / "manifest.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return data


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m kgaudit.corpus.synth N OUTDIR [--seed S]``."""
    parser = argparse.ArgumentParser(prog="python -m kgaudit.corpus.synth", description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, help="number of papers")
    parser.add_argument("outdir", help="output directory")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--defect-share", type=float, default=0.5)
    parser.add_argument("--mill-share", type=float, default=0.12)
    args = parser.parse_args(argv)
    data = write_corpus(args.n, args.outdir, args.seed, defect_share=args.defect_share, mill_share=args.mill_share)
    clean = sum(p["clean"] for p in data["papers"])
    print(f"{len(data['papers'])} papers in {args.outdir} ({clean} clean, {len(data['defects'])} planted "
          f"defects and signals, {len(data['clusters'])} mill clusters)")


if __name__ == "__main__":
    main()
