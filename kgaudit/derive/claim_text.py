"""Claims in one sentence: significance, direction, equivalence, scope and numbers (rule-based).

``extract_claims(sentence)`` reads one sentence of results prose and returns the
claims it makes about the study's data, each with its character span, cue words,
subject phrase(s), named groups and numbers.  Linking a claim to table rows is
the derivation's job (:mod:`kgaudit.derive.claims`); this module knows nothing
about tables.

Grammar (tokens are words, numbers, symbols; a *clause* ends at ``;`` or at
``while / whereas / although / but / suggesting / indicating / confirming …``):

* **Significance** —
  positive: ``significantly`` (attached to the next direction word: "significantly
  lower X", "was significantly higher", "significantly improves X, reduces Y"
  — the adverb distributes over coordinated verbs), ``statistically significant``,
  ``significant <change noun>`` ("significant improvements in X", "significant
  reduction"), ``significant [independent] predictor / risk factor / association``,
  ``reached significance``, ``was significant``; a printed ``p < 0.05`` / ``p = .03``;
  negative: ``not significant(ly)``, ``non-significant``, ``did not reach / failed to
  reach (statistical) significance``, ``no (statistically) significant difference(s)
  … in X, Y and Z``, ``did not differ``, ``p > 0.05``;
  implied (``strength="implied"``): ``(most) pronounced``, ``markedly /
  dramatically / substantially / considerably / strikingly <direction>``,
  ``independent predictor``.
* **Direction** — comparative adjectives (lower, higher, fewer, more, shorter,
  longer, better, worse, faster, slower, reduced, improved, favourable …),
  verbs of change (reduces, improves, shortens, increases, prolongs, worsens,
  accelerates …), nouns of change (reduction in X, improvement in X, increase,
  advantage); "more / less" + evaluative adjective ("more efficient") reads as
  better / worse.  Negated verbs ("does not increase X") keep the direction
  with ``negated=True``.
* **Equivalence** — similar, comparable, equivalent, equal, identical,
  unchanged, well-matched, balanced (direction ``equal``).
* **Scope** — ``all / every / each X``, ``across all X``, ``consistently``,
  ``uniformly``, ``without exception`` (``universal=True``); ``multiple / several /
  most X`` (recorded, not universal).
* **Hedges** — tended to, trend toward(s), marginally, borderline, approached
  significance, numerically, may / might / could, suggest(ing), likely; an
  alternation of directions ("maintained or improved").
* **Subjects** — predicative claims take the noun phrase before the copula
  ("Complication rates were lower"; plural copulas allow a list: "Age >65, ASA
  score ≥3, and prior treatment were …"); attributive and verbal claims take
  the noun phrase after the cue ("lower local recurrence rates", "reduces
  complication rates"); change nouns take the phrase after ``in / for / of``
  or the subject of the verb before them ("X showed a meaningful advantage");
  ``including / such as`` lists add subjects; "Grade II and IIIa" expands to
  "Grade II", "Grade IIIa".
* **Groups** — "in / for / among / favouring the X group", a sentence starting
  "The X group showed …" (focus); "compared to / with", "versus", "than", "over
  (the) X" (comparator); the agent of a verb of change ("cryoablation reduces …")
  is the focus when nothing else names one.
* **Numbers** — percentages, ``n (x%)``, mean ± SD, values with units (days, min,
  mL …), p-values with comparators, ratios (OR / HR / RR, "OR > 2.0"), 95% CIs,
  changes ("by 28%", "10 percentage points"), sample sizes ("250 patients",
  "n = 125"), durations ("6-year", "12-month"), money.  A p-value attaches to the
  nearest claim before it; other numbers become claims of kind ``number`` whose
  subject is the phrase before "of / was / :" ("complication rate of 16.0%"),
  before a parenthesis ("complications (16.0%)"), or the subject of a claim in
  the same clause.  "A vs B" / "A and B, respectively" give positional groups
  ``@1`` / ``@2`` (first / second named group, or the table's group columns).
* **Attribution** — a sentence that names other work ("Kim et al. (2019)
  reported", "previously published", "meta-analysis") marks its claims
  ``attributed=True``: they are about someone else's data.

What it misses: anaphora across sentences ("The difference was …" without a
"for X" tells nothing about which difference), ellipsis, claims spread over two
sentences, subjects that need parsing beyond noun-phrase chunking (long
relative clauses, nested coordinations), words that are not in the lexicons,
negation scope beyond the cue's own clause, numbers written as words, and
comparisons of more than two groups ("highest in group C").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import NamedTuple

KINDS = ("significance", "direction", "number", "scope", "equivalence")
DIRECTIONS = ("lower", "higher", "shorter", "longer", "better", "worse", "fewer", "more", "faster", "slower", "equal")
ALPHA = 0.05


@dataclass(frozen=True)
class Quantity:
    """A number printed in a claim, with what it measures and how it was printed."""

    text: str
    value: float
    role: str  # percent, mean, count, p_value, ratio, ci, change, n, duration, money
    start: int
    end: int
    comparator: str = "="
    unit: str | None = None
    decimals: int = 0
    high: float | None = None  # upper end of a range or CI
    label: str | None = None  # "OR", "HR", "p", "SD" …
    group: str | None = None  # positional group ("@1", "@2") or a named group phrase


@dataclass(frozen=True)
class ClaimSpec:
    """One claim: what kind, what it says, about what, in which words (``start``/``end`` in the sentence)."""

    kind: str
    start: int
    end: int
    text: str
    cue: str
    subjects: tuple[str, ...] = ()
    polarity: str | None = None  # "significant" | "not_significant"
    direction: str | None = None  # one of DIRECTIONS
    negated: bool = False
    hedge: str | None = None
    strength: str = "explicit"  # "explicit" | "implied"
    scope: str | None = None
    universal: bool = False
    focus_group: str | None = None
    comparator_group: str | None = None
    between_groups: bool = False
    quantities: tuple[Quantity, ...] = field(default_factory=tuple)
    attributed: bool = False

    @property
    def subject(self) -> str:
        """The subject phrases joined for display."""
        return "; ".join(self.subjects)


# --------------------------------------------------------------------------- tokens


class _Tok(NamedTuple):
    """One token (a named tuple: a sentence makes dozens and a frozen dataclass costs 3x as much to build)."""

    text: str
    low: str
    start: int
    end: int
    kind: str  # word, num, sym, punct


_TOKEN = re.compile(
    r"(?P<sym>\\pm|±|\+/-|<=|>=|[<>≤≥=%/+$])"
    r"|(?P<word>\d+(?:\.\d+)?-[A-Za-z]+(?:-[A-Za-z]+)*|[A-Za-z][A-Za-z0-9]*(?:['’][a-z]+)?(?:-[A-Za-z0-9]+)*)"
    r"|(?P<num>\d+(?:[.,]\d+)*|\.\d+)"
    r"|(?P<punct>[^\sA-Za-z0-9])"
)


def _tokenise(text: str) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        low = word.lower()
        if low in ("\\pm", "+/-"):
            low = "±"
        out.append(_Tok(word, low, m.start(), m.end(), m.lastgroup or "punct"))
    return out


# --------------------------------------------------------------------------- lexicons

_ADJ_DIRECTION = {
    "lower": "lower", "smaller": "lower", "reduced": "lower", "decreased": "lower", "diminished": "lower",
    "fewer": "fewer", "less": "lower", "lesser": "lower", "lowered": "lower", "minimal": "lower",
    "higher": "higher", "greater": "higher", "larger": "higher", "increased": "higher", "elevated": "higher",
    "more": "more", "raised": "higher",
    "shorter": "shorter", "briefer": "shorter", "shortened": "shorter",
    "longer": "longer", "prolonged": "longer", "lengthened": "longer",
    "better": "better", "superior": "better", "improved": "better", "favorable": "better", "favourable": "better",
    "enhanced": "better",
    "worse": "worse", "inferior": "worse", "poorer": "worse", "worsened": "worse", "unfavorable": "worse",
    "unfavourable": "worse",
    "faster": "faster", "quicker": "faster", "earlier": "faster", "accelerated": "faster",
    "slower": "slower", "delayed": "slower",
}
_VERB_DIRECTION = {
    "reduce": "lower", "reduces": "lower", "decrease": "lower", "decreases": "lower", "lower": "lower",
    "lowers": "lower", "lowered": "lower", "diminish": "lower", "diminishes": "lower", "minimise": "lower",
    "minimises": "lower", "minimize": "lower", "minimizes": "lower", "minimized": "lower", "minimised": "lower",
    "cut": "lower", "cuts": "lower", "halved": "lower", "halves": "lower", "declined": "lower",
    "increase": "higher", "increases": "higher", "raise": "higher", "raises": "higher", "rose": "higher",
    "doubled": "higher", "doubles": "higher",
    "shorten": "shorter", "shortens": "shorter",
    "lengthen": "longer", "lengthens": "longer", "prolong": "longer", "prolongs": "longer",
    "improve": "better", "improves": "better", "enhance": "better", "enhances": "better",
    "worsen": "worse", "worsens": "worse",
    "accelerate": "faster", "accelerates": "faster", "hasten": "faster", "hastens": "faster", "speeds": "faster",
    "delay": "slower", "delays": "slower",
}
# Past forms double as adjectives ("reduced blood loss") and passive predicates ("was reduced").
_BOTH = {"reduced", "decreased", "increased", "improved", "shortened", "prolonged", "lengthened", "enhanced",
         "worsened", "accelerated", "delayed", "diminished", "lowered", "raised", "elevated"}
_NOUN_DIRECTION = {
    "reduction": "lower", "reductions": "lower", "decrease": "lower", "decreases": "lower", "decline": "lower",
    "increase": "higher", "increases": "higher", "rise": "higher", "elevation": "higher",
    "improvement": "better", "improvements": "better", "advantage": "better", "advantages": "better",
    "benefit": "better", "benefits": "better", "gain": "better", "gains": "better",
    "deterioration": "worse", "worsening": "worse",
    "prolongation": "longer", "shortening": "shorter",
    "difference": None, "differences": None,
}
# Nouns after which "lower" names a part of the body (or of an organ), not a comparison.
_PLACE_NOUNS = {"limb", "limbs", "extremity", "extremities", "leg", "legs", "back", "lobe", "lobes", "abdomen",
                "abdominal", "urinary", "respiratory", "airway", "airways", "gastrointestinal", "gi", "jaw", "lip",
                "eyelid", "quadrant", "pole", "motor", "oesophageal", "esophageal", "segment", "segments", "third",
                "tract", "body", "arm", "arms", "torso", "incisor", "incisors", "molar", "molars", "teeth", "lumbar",
                "genital", "pelvic", "rectum", "uterine", "face", "canine", "canines", "spine", "thoracic"}
_EQUAL = {"similar", "comparable", "equivalent", "equal", "identical", "unchanged", "well-matched",
          "well-balanced", "balanced", "indistinguishable", "non-inferior", "noninferior", "maintained"}
_GOOD_ADJ = {"effective", "efficient", "accurate", "precise", "favorable", "favourable", "successful",
             "reliable", "consistent", "durable", "complete"}
_BAD_ADJ = {"invasive", "painful", "costly", "expensive", "toxic", "morbid", "dangerous", "risky"}

_DETERMINERS = {"the", "a", "an", "this", "these", "those", "that", "our", "their", "its", "his", "her", "any",
                "each", "every", "all", "both", "such", "some", "no"}
_PREPOSITIONS = {"in", "on", "at", "for", "with", "by", "from", "between", "among", "amongst", "after", "before",
                 "during", "across", "over", "under", "within", "without", "than", "versus", "vs", "via", "per",
                 "into", "toward", "towards", "against", "despite", "compared", "relative", "regarding",
                 "following", "throughout", "through", "upon", "as", "like", "around", "about", "beyond",
                 "since", "until", "whereas"}
_CONJ = {"and", "or", "but", "nor", "while", "whereas", "although", "though", "because", "that", "which", "who",
         "whom", "whose", "where", "when", "if", "so", "yet", "however", "thus", "therefore", "whether"}
_VERBS = {
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will", "would",
    "can", "could", "may", "might", "should", "must", "shall",
    "show", "shows", "showed", "shown", "demonstrate", "demonstrates", "demonstrated", "reveal", "reveals",
    "revealed", "confirm", "confirms", "confirmed", "indicate", "indicates", "indicated", "suggest", "suggests",
    "suggested", "suggesting", "support", "supports", "supported", "represent", "represents", "represented",
    "provide", "provides", "provided", "remain", "remains", "remained", "reach", "reached", "reaches", "achieve",
    "achieved", "achieves", "compare", "compares", "compared", "include", "included", "includes", "including",
    "observe", "observed", "found", "report", "reported", "identify", "identified", "noted", "seen", "detected",
    "appear", "appeared", "appears", "seemed", "seems", "result", "resulted", "resulting", "favoring", "favouring",
    "offset", "led", "leads", "yield", "yielded", "yields", "allowed", "occurred", "occur", "occurs",
    "experienced", "underwent", "received", "require", "required", "requires", "exhibit", "exhibited",
    "exhibits", "differ", "differed", "differs", "tend", "tended", "tends", "trended", "approached", "failed",
    "aligns", "align", "aligned", "estimated", "comprised", "comprise", "comprises", "met", "attained",
    "favored", "favoured", "favors", "favours", "reflect", "reflects", "reflected", "contributes", "contributed",
    "highlights", "strengthens",
    "addresses", "justify", "justifies", "proved", "became", "become", "get", "got", "gave", "give", "gives",
    "associated", "correlated", "linked", "consistent", "remaining", "persisted", "persists",
}
_COPULA = {"is", "are", "was", "were", "be", "been", "being", "remained", "remains", "remain", "appeared",
           "appears", "appear", "seemed", "seems", "became", "become", "proved", "get", "got"}
_PLURAL_COPULA = {"are", "were", "remain", "appear", "have", "do"}
_AUX = {"did", "does", "do", "has", "have", "had", "will", "would", "could", "may", "might", "can", "should",
        "must", "not", "also", "still", "to", "tended", "tend", "tends", "trended", "found", "shown", "identified",
        "considered", "as", "confirmed", "observed", "noted", "reported", "seen", "further", "then", "all", "both",
        "each", "consistently", "statistically", "n't", "never", "no", "generally", "always", "often"}
_NEGATIONS = {"not", "no", "never", "neither", "nor", "without", "n't", "cannot", "nothing", "none"}
_NOT_IN_NP = {"somewhat", "even", "also", "still", "just", "rather", "further", "again", "too", "very", "much",
              "however", "thus", "then", "instead", "therefore", "often", "always", "never", "respectively", "here"}
_NP_LY_OK = {"early", "family", "elderly", "daily", "weekly", "monthly", "yearly", "only", "anomaly", "supply",
             "assembly", "italy", "july"}
_NP_ING_OK = {"imaging", "bleeding", "staging", "grading", "smoking", "functioning", "hearing", "swallowing",
              "training", "healing", "timing", "setting", "drinking", "sleeping", "vomiting", "screening",
              "dosing", "scoring", "wellbeing", "well-being", "pricing", "nursing", "housing", "rating",
              "understanding", "reading", "writing", "walking", "learning", "processing", "warning"}
_NP_TO_HEADS = {"return", "time", "progression", "conversion", "recovery", "transition", "response", "adherence",
                "exposure", "referral", "access", "admission", "discharge"}
_QUALIFIERS = {"within", "at", "after", "during", "following", "by", "before"}
_GROUP_HEADS = {"group", "groups", "arm", "arms", "cohort", "cohorts"}
_GENERIC_HEADS = {"difference", "differences", "change", "changes", "effect", "effects", "values", "value",
                  "result", "results", "finding", "findings"}
_CLAUSE_WORDS = {"while", "whereas", "although", "though", "but", "however", "suggesting", "indicating",
                 "confirming", "reflecting", "which", "because", "meaning", "implying", "supporting"}
_INCLUDING = re.compile(r"(?<!\S)(?:including|such as|namely|particularly|especially|notably in)(?!\S)")

_NEG_SIG = re.compile(
    r"(?<!\S)(?:"
    r"(?:did|does|do) not (?:reach|achieve|attain|show) (?:a )?(?:statistical |statistically )?significan(?:ce|t \w+)"
    r"|failed to (?:reach|achieve|attain|show) (?:statistical )?significan\w*"
    r"|(?:was|were|is|are|remained|be) not (?:statistically )?significant(?: ly)?"
    r"|not (?:statistically )?significantly (?:different|\w+)"
    r"|not statistically (?:significant|different)"
    r"|non-?significant(?:ly)?|nonsignificant(?:ly)?|insignificant"
    r"|no (?:statistically |clinically and statistically )?significant(?: \w+)?"
    r"|(?:did|does|do) not (?:significantly )?differ(?: significantly)?"
    r"|no (?:significant )?difference (?:was|were) (?:observed|found|seen|detected|noted)"
    r")(?!\S)"
)
_POS_SIG = re.compile(
    r"(?<!\S)(?:"
    r"statistically significant(?:ly)?"
    r"|significantly"
    r"|significant(?: \S+){0,2} (?:differences?|improvements?|reductions?|increases?|decreases?|associations?"
    r"|predictors?|risk factors?|factors?|effects?|benefits?|advantages?|changes?|correlations?|gains?|declines?"
    r"|determinants?)"
    r"|reached (?:statistical )?significance|(?:was|were|is|are|remained) significant"
    r")(?!\S)"
)
_IMPLIED = re.compile(
    r"(?<!\S)(?:(?:most|more|particularly|especially|very) )?pronounced(?!\S)"
    r"|(?<!\S)(?:strongest |an? |the )?independent (?:predictors?|risk factors?|determinants?)(?!\S)"
)
# Intensifiers imply a real difference only when they modify a direction cue ("markedly lower").
_INTENSIFIER = re.compile(
    r"(?<!\S)(?:markedly|dramatically|substantially|considerably|strikingly|greatly|marked|dramatic|substantial"
    r"|striking|considerable)(?!\S)"
)
_HEDGE = re.compile(
    r"(?<!\S)(?:tend(?:ed|s)? to(?: be)?|trend(?:ed)? (?:toward|towards|to)|a (?:non-significant |nonsignificant )?"
    r"trend|marginally|borderline|approached (?:statistical )?significance|near(?:ly)? significan\w*|numerically"
    r"|may|might|could|should|would|possibly|potentially|likely|suggest(?:s|ed|ing)?|appear(?:s|ed)? to"
    r"|warrant(?:s|ed)?|future)(?!\S)"
)
_SCOPE = re.compile(
    r"(?<!\S)(?P<universal>(?:across |in |for )?(?:all|every|each)(?: of)?(?: the)?(?: \S+){0,3}"
    r" (?:outcomes?|measures?|parameters?|endpoints?|end-points?|variables?|domains?|indicators?|metrics?"
    r"|time points?|measurements?|items?|scales?|characteristics?|analyses?|factors?|predictors?|covariates?)"
    r"|consistently|uniformly|without exception|across the board|both primary and secondary(?: \S+)?)(?!\S)"
    r"|(?<!\S)(?P<partial>(?:across |in )?(?:multiple|several|many|most|various|numerous)(?: \S+){0,2}"
    r" (?:outcomes?|measures?|parameters?|endpoints?|domains?|variables?|indicators?|metrics?))(?!\S)"
)
_ATTRIBUTION = re.compile(
    r"\bet al\b|\bin a (?:previous|prior|recent) (?:study|report|trial|meta-analysis)\b|\bmeta-analys[ie]s of\b"
    r"|\b(?:others|studies|authors|investigators) (?:have )?(?:reported|shown|demonstrated|found)\b",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------- numbers

_NUM = r"(\d+(?:\.\d+)?|\.\d+)"
_CMP = r"(<=|>=|≤|≥|<|>|=)"
_P_VALUE = re.compile(rf"(?<![A-Za-z])[Pp]\s*(?:-?\s*values?)?\s*{_CMP}\s*(\d*\.?\d+(?:\s*[x×]\s*10\s*-\s*\d+|[eE]-?\d+)?)")
_RATIO = re.compile(
    rf"\b(aOR|aHR|OR|HR|RR|IRR|odds ratio|hazard ratio|risk ratio|relative risk)\b(?:\s*\(?(?:of|was|=|:|,)\)?)?"
    rf"\s*{_CMP}?\s*{_NUM}"
)
_CI = re.compile(rf"95\s*%\s*(?:CI|confidence interval)\s*[:,=]?\s*{_NUM}\s*(?:–|-|—|to|,)\s*{_NUM}", re.IGNORECASE)
_MEAN_SD = re.compile(rf"{_NUM}\s*(?:±|\\pm|\+/-)\s*{_NUM}(?:\s*([A-Za-z]+))?")
_COUNT_PERCENT = re.compile(rf"\b(\d+)\s*\(\s*{_NUM}\s*%\s*\)")
_FRACTION = re.compile(r"\b(\d+)\s*/\s*(\d+)\b(?!\s*(?:mg|kg|m|ml|mL|h|min))")
_RANGE_PERCENT = re.compile(rf"{_NUM}\s*(?:%\s*)?(?:–|—|-|to)\s*{_NUM}\s*%")
_PERCENT = re.compile(rf"(?<![\d.]){_NUM}\s*%(?!\s*CI)")
_PERCENT_POINTS = re.compile(rf"{_NUM}\s*(?:percentage points?|pp)\b")
_N_EQUALS = re.compile(r"\b[nN]\s*=\s*(\d[\d,]*)")
_SAMPLE = re.compile(
    r"\b(\d[\d,]*)\s+(?:consecutive\s+|eligible\s+|adult\s+|evaluable\s+)?"
    r"(patients|participants|subjects|individuals|women|men|children|cases|procedures|studies|eyes|lesions|tumou?rs)\b"
)
_UNITS = (r"days?|d|hours?|hrs?|h|minutes?|mins?|min|weeks?|wks?|months?|mo|years?|yrs?|mL|ml|L|l|mg|g|kg|"
          r"mmHg|points?|cm|mm|mGy|Gy|mSv|bpm|%")
_WITH_UNIT = re.compile(rf"{_NUM}\s*({_UNITS})(?![A-Za-z])")
_DURATION = re.compile(r"(?<![\d.])\b(?:(\d+)-|(one|two|three|four|five|six|seven|eight|nine|ten|twelve)[- ])"
                       r"(year|month|week|day)s?\b", re.IGNORECASE)
_FROM_TO = re.compile(rf"\bfrom\s+{_NUM}\s*(%|{_UNITS})?\s+to\s+{_NUM}\s*(%|{_UNITS})?(?![A-Za-z])")
_MONEY = re.compile(r"(?:\\?\$|€|£)\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:–|-)\s*\d[\d,]*)?")
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "twelve": 12}


def _decimals(text: str) -> int:
    text = text.strip()
    return len(text.split(".")[1]) if "." in text and not re.search(r"[eE×x]", text) else 0


def _float(text: str) -> float:
    text = text.replace(" ", "")
    m = re.match(r"(\d*\.?\d+)[x×]10-(\d+)", text)
    if m:
        return float(m.group(1)) * 10 ** -int(m.group(2))
    return float(text)


def _comparator(symbol: str | None) -> str:
    return {"≤": "<=", "≥": ">=", None: "=", "": "="}.get(symbol, symbol or "=")


def _money(sentence: str) -> Iterator[Quantity]:
    for m in _MONEY.finditer(sentence):
        digits = re.sub(r"[^\d.]", "", m.group(0).split("–")[0].split("-")[0])
        yield Quantity(m.group(0), float(digits or 0), "money", m.start(), m.end(), unit="currency")


def _p_values(sentence: str) -> Iterator[Quantity]:
    for m in _P_VALUE.finditer(sentence):
        yield Quantity(m.group(0), _float(m.group(2)), "p_value", m.start(), m.end(), _comparator(m.group(1)),
                       decimals=_decimals(m.group(2)), label="p")


def _confidence_intervals(sentence: str) -> Iterator[Quantity]:
    for m in _CI.finditer(sentence):
        yield Quantity(m.group(0), float(m.group(1)), "ci", m.start(), m.end(), decimals=_decimals(m.group(1)),
                       high=float(m.group(2)), label="95% CI")


def _ratios(sentence: str) -> Iterator[Quantity]:
    for m in _RATIO.finditer(sentence):
        label = m.group(1)
        short = {"odds ratio": "OR", "hazard ratio": "HR", "risk ratio": "RR", "relative risk": "RR"}.get(label.lower(),
                                                                                                          label)
        yield Quantity(m.group(0), float(m.group(3)), "ratio", m.start(), m.end(), _comparator(m.group(2)),
                       decimals=_decimals(m.group(3)), label=short)


def _means_with_sd(sentence: str) -> Iterator[Quantity]:
    for m in _MEAN_SD.finditer(sentence):
        unit = m.group(3) if m.group(3) and re.fullmatch(_UNITS, m.group(3)) else None
        end = m.end() if unit else m.end(2)
        yield Quantity(sentence[m.start():end], float(m.group(1)), "mean", m.start(), end, unit=unit,
                       decimals=_decimals(m.group(1)), high=float(m.group(2)), label="SD")


def _from_to_pairs(sentence: str) -> Iterator[Quantity]:
    for m in _FROM_TO.finditer(sentence):
        unit = m.group(4) or m.group(2)
        role = "percent" if unit == "%" else "mean"
        for value, label, start, end in ((m.group(1), "from", m.start(1), m.end(2) if m.group(2) else m.end(1)),
                                         (m.group(3), "to", m.start(3), m.end())):
            yield Quantity(sentence[start:end], float(value), role, start, end, unit=unit, decimals=_decimals(value),
                           label=label)


def _counts_with_percent(sentence: str) -> Iterator[Quantity]:
    for m in _COUNT_PERCENT.finditer(sentence):
        yield Quantity(m.group(1), float(m.group(1)), "count", m.start(1), m.end(1))
        yield Quantity(sentence[m.start(2):m.end() - 1].strip(), float(m.group(2)), "percent", m.start(2),
                       m.end() - 1, unit="%", decimals=_decimals(m.group(2)))


def _n_equals(sentence: str) -> Iterator[Quantity]:
    for m in _N_EQUALS.finditer(sentence):
        yield Quantity(m.group(0), float(m.group(1).replace(",", "")), "n", m.start(), m.end(), label="n")


def _sample_sizes(sentence: str) -> Iterator[Quantity]:
    for m in _SAMPLE.finditer(sentence):
        yield Quantity(m.group(0), float(m.group(1).replace(",", "")), "n", m.start(), m.end(), unit=m.group(2))


def _percent_ranges(sentence: str) -> Iterator[Quantity]:
    for m in _RANGE_PERCENT.finditer(sentence):
        role = "change" if re.search(r"\bby\s*$", sentence[:m.start()]) else "range"
        yield Quantity(m.group(0), float(m.group(1)), role, m.start(), m.end(), unit="%",
                       decimals=_decimals(m.group(1)), high=float(m.group(2)))


def _percentage_points(sentence: str) -> Iterator[Quantity]:
    for m in _PERCENT_POINTS.finditer(sentence):
        yield Quantity(m.group(0), float(m.group(1)), "change", m.start(), m.end(), unit="percentage points",
                       decimals=_decimals(m.group(1)))


def _percents(sentence: str) -> Iterator[Quantity]:
    for m in _PERCENT.finditer(sentence):
        before = sentence[:m.start()]
        after = sentence[m.end():m.end() + 30]
        change = re.search(r"\bby\s*$", before) or re.match(
            r"\s*(?:relative |absolute )?(?:reduction|increase|decrease|improvement|difference|lower|higher|fewer|more)\b",
            after)
        yield Quantity(m.group(0), float(m.group(1)), "change" if change else "percent", m.start(), m.end(), unit="%",
                       decimals=_decimals(m.group(1)))


def _durations(sentence: str) -> Iterator[Quantity]:
    for m in _DURATION.finditer(sentence):
        value = float(m.group(1)) if m.group(1) else float(_WORD_NUMBERS[m.group(2).lower()])
        yield Quantity(m.group(0), value, "duration", m.start(), m.end(), unit=m.group(3).lower())


def _fractions(sentence: str) -> Iterator[Quantity]:
    for m in _FRACTION.finditer(sentence):
        if int(m.group(2)) > 0 and int(m.group(1)) <= int(m.group(2)):
            yield Quantity(m.group(0), float(m.group(1)), "count", m.start(), m.end(), high=float(m.group(2)),
                           label="fraction")


def _values_with_unit(sentence: str) -> Iterator[Quantity]:
    for m in _WITH_UNIT.finditer(sentence):
        if re.fullmatch(r"(19|20)\d\d", m.group(1)):
            continue
        unit = m.group(2)
        role = "duration" if unit.lower() in ("months", "month", "years", "year", "yrs", "mo") else "mean"
        if re.search(r"\bby\s*$", sentence[:m.start()]):
            role = "change"  # "shortened the stay by 1.5 days"
        elif re.search(r"\b(?:within|at|after|before|over|during|until|for)\s*$", sentence[:m.start()]):
            role = "duration"  # "readmission within 30 days": a time window, not a measured value
        yield Quantity(m.group(0), float(m.group(1)), role, m.start(), m.end(), unit=unit,
                       decimals=_decimals(m.group(1)))


# The readers of extract_quantities, in order of precedence: an earlier reader wins an overlap.
_QUANTITY_READERS: tuple[Callable[[str], Iterator[Quantity]], ...] = (
    _money,
    _p_values,
    _confidence_intervals,
    _ratios,
    _means_with_sd,
    _from_to_pairs,
    _counts_with_percent,
    _n_equals,
    _sample_sizes,
    _percent_ranges,
    _percentage_points,
    _percents,
    _durations,
    _fractions,
    _values_with_unit,
)


def extract_quantities(sentence: str) -> list[Quantity]:
    """Every number in ``sentence`` that a claim can carry, in order, without overlaps.

    Earlier patterns win overlaps (a p-value is not also a bare number; "20 (16.0%)" is a count and
    a percentage, not a sample size).
    """
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for reader in _QUANTITY_READERS:
        for q in reader(sentence):
            if any(q.start < e and s < q.end for s, e in taken):
                continue
            found.append(q)
            taken.append((q.start, q.end))
    return sorted(_with_pairs(sentence, found), key=lambda q: q.start)


def _with_pairs(sentence: str, found: list[Quantity]) -> list[Quantity]:
    """"A vs B", "A versus B", "A and B, respectively": the first belongs to group @1, the second to @2."""
    out = list(found)
    comparable = [q for q in out if q.role in ("percent", "mean", "count", "ratio")]
    for first, second in zip(comparable, comparable[1:], strict=False):
        between = sentence[first.end:second.start]
        tail = sentence[second.end:second.end + 16]
        paired = re.fullmatch(r"\s*(?:vs\.?|versus|compared (?:to|with))\s*", between) or (
            re.fullmatch(r"\s*,?\s*and\s*", between) and re.match(r"\s*,?\s*respectively", tail))
        if paired and first.role == second.role:
            out[out.index(first)] = replace(first, group="@1")
            out[out.index(second)] = replace(second, group="@2")
    return out


# --------------------------------------------------------------------------- the sentence reader


@dataclass
class _Trigger:
    start: int  # token indices, end exclusive
    end: int
    kind: str  # sig_pos, sig_neg, implied, dir_adj, dir_verb, dir_noun, equal, p
    direction: str | None = None
    polarity: str | None = None
    strength: str = "explicit"
    negated: bool = False


class _Sentence:
    """One sentence, tokenised, with the helpers that find phrases around a cue."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokenise(text)
        self.low = [t.low for t in self.toks]
        self.joined = " ".join(self.low)
        self.offsets: list[int] = []
        pos = 0
        for word in self.low:
            self.offsets.append(pos)
            pos += len(word) + 1
        self.quantities = extract_quantities(text)
        self.qty_tok = {i for i, t in enumerate(self.toks)
                        for q in self.quantities if q.role not in ("duration",) and q.start <= t.start < q.end}
        self.clause_of = self._clauses()

    # ---- token ↔ joined-string positions

    def span_tokens(self, m: re.Match) -> tuple[int, int]:
        """Token range of a regex match on the joined lower-case string."""
        start = bisect_right(self.offsets, m.start()) - 1
        end = bisect_right(self.offsets, m.end() - 1)
        return start, end

    def phrase(self, start: int, end: int) -> str:
        """The sentence's own text for tokens ``[start, end)``."""
        if start >= end:
            return ""
        return self.text[self.toks[start].start:self.toks[end - 1].end]

    def _clauses(self) -> list[int]:
        clause, out = 0, []
        for i, low in enumerate(self.low):
            if low in (";",) or (low in _CLAUSE_WORDS and i > 0):
                clause += 1
            out.append(clause)
        return out

    # ---- word classes

    def is_wordlike(self, i: int) -> bool:
        tok = self.toks[i]
        if i in self.qty_tok:
            return False
        if tok.kind == "word":
            return True
        if tok.kind == "num":
            return True
        return tok.low in ("<", ">", "≤", "≥", "<=", ">=", "/")

    def is_np_word(self, i: int) -> bool:
        """Could token ``i`` be inside a noun phrase (for chunking)?"""
        if not self.is_wordlike(i):
            return False
        low = self.low[i]
        if low in _PREPOSITIONS or low in _CONJ or low in _VERBS or low in _DETERMINERS or low in _NEGATIONS \
                or low in _NOT_IN_NP:
            return False
        if low.endswith("ly") and len(low) > 4 and low not in _NP_LY_OK:
            return False
        if low.endswith("ing") and low not in _NP_ING_OK and "-" not in low:
            return False
        return not (low in _VERB_DIRECTION and low not in _BOTH and low not in ("lower", "cut"))

    # ---- noun phrases

    def np_right(self, i: int, limit: int | None = None) -> tuple[int, int]:
        """The noun phrase starting at token ``i`` (determiners skipped): token range."""
        limit = len(self.toks) if limit is None else limit
        while i < limit and self.low[i] in _DETERMINERS:
            i += 1
        start = j = i
        while j < limit and j - start < 8:
            low = self.low[j]
            if low == "of" and j > start and j + 1 < limit and self.is_np_word(j + 1):
                j += 1
                continue
            if low == "to" and j > start and self.low[j - 1] in _NP_TO_HEADS and j + 1 < limit:
                j += 1
                continue
            if self.is_np_word(j):
                j += 1
                continue
            break
        while j > start and self.low[j - 1] in ("of", "to"):
            j -= 1
        return start, j

    def np_left(self, i: int, floor: int = 0) -> tuple[int, int]:
        """The noun phrase ending just before token ``i``: token range."""
        end = j = i
        while j > floor and end - j < 8:
            low = self.low[j - 1]
            if low == "of" and j - 1 > floor and j < end and self.is_np_word(j - 2):
                j -= 1
                continue
            if low == "to" and j - 1 > floor and self.low[j - 2] in _NP_TO_HEADS and j < end:
                j -= 1
                continue
            if self.is_np_word(j - 1):
                j -= 1
                continue
            break
        return j, end

    def np_left_extended(self, i: int, floor: int = 0) -> tuple[int, int]:
        """Like :meth:`np_left`, taking in one qualifying phrase: "readmission within 30 days"."""
        start, end = self.np_left(i, floor)
        if start > floor + 1 and end > start and self.low[start - 1] in _QUALIFIERS:
            head, _ = self.np_left(start - 1, floor)
            if head < start - 1:
                return head, end
        return start, end

    def enumeration_right(self, i: int, limit: int | None = None) -> list[tuple[int, int]]:
        """"X, Y, and Z" starting at token ``i``: one token range per item (stops at a new cue or verb)."""
        limit = len(self.toks) if limit is None else limit
        items = []
        j = i
        while j < limit:
            start, end = self.np_right(j, limit)
            if end <= start:
                break
            items.append((start, end))
            j = end
            k = j
            while k < limit and self.low[k] in (",", "and", "or", "as", "well"):
                k += 1
            if k == j or k >= limit or not self._item_starts(k):
                break
            j = k
        return items

    def _item_starts(self, k: int) -> bool:
        low = self.low[k]
        if low in _ADJ_DIRECTION or low in _VERB_DIRECTION or low in _EQUAL:
            return False
        if low in _DETERMINERS:
            return k + 1 < len(self.low) and self.is_np_word(k + 1)
        return self.is_np_word(k)

    def enumeration_left(self, i: int, floor: int = 0) -> list[tuple[int, int]]:
        """"X, Y, and Z" ending before token ``i`` (a plural subject list)."""
        items = []
        j = i
        while j > floor:
            start, end = self.np_left(j, floor)
            if end <= start:
                break
            items.insert(0, (start, end))
            k = start
            while k > floor and self.low[k - 1] in _DETERMINERS:
                k -= 1
            m = k
            while m > floor and self.low[m - 1] in (",", "and", "or"):
                m -= 1
            if m == k or m <= floor:
                break
            j = m
        return items

    def skip_left(self, i: int) -> tuple[int, bool, bool]:
        """Walk left from token ``i`` over adverbs, auxiliaries and copulas: (index, saw copula, plural)."""
        j, copula, plural = i, False, False
        while j > 0:
            low = self.low[j - 1]
            adverb = low.endswith("ly") and len(low) > 4 and low not in _NP_LY_OK
            alternative = low in ("or", "and/or") and j > 1 and (self.low[j - 2] in _EQUAL or self.low[j - 2] in _ADJ_DIRECTION)
            if alternative:  # "was maintained or improved": the second cue shares the first one's subject
                j -= 2
                continue
            if low in _COPULA or low in _AUX or low in _NEGATIONS or adverb or low in ("be",):
                copula = copula or low in _COPULA
                plural = plural or low in _PLURAL_COPULA
                j -= 1
                continue
            break
        return j, copula, plural


def _clean_subject(phrase: str) -> str:
    words = phrase.split()
    while words and words[-1].lower().strip(",.;:") in _GENERIC_HEADS:
        words.pop()
    while words and words[0].lower() in _DETERMINERS:
        words.pop(0)
    return " ".join(words).strip(" ,;:—–-")


_SHORT_CODE = re.compile(r"^(?:[IVX]+[a-d]?|[A-D]\d?|\d+[a-d]?)$")


def _expand_codes(items: list[str]) -> list[str]:
    """"Grade II and IIIa complications" → "Grade II complications", "Grade IIIa complications"."""
    if len(items) < 2:
        return items
    head_words = items[0].split()
    tail_words = items[-1].split()
    out = []
    for n, item in enumerate(items):
        words = item.split()
        if n > 0 and words and _SHORT_CODE.match(words[0]) and len(head_words) >= 2 \
                and _SHORT_CODE.match(head_words[1]):
            words = [head_words[0]] + words
        if n < len(items) - 1 and len(words) <= 2 and len(tail_words) > 2 - (n == 0) and \
                _SHORT_CODE.match(words[-1]) and not _SHORT_CODE.match(tail_words[-1]):
            words = words + [tail_words[-1]]
        out.append(" ".join(words))
    return out


# --------------------------------------------------------------------------- triggers


def _phrase_cues(s: _Sentence) -> Iterator[tuple[re.Match[str], str, dict[str, object]]]:
    """The multi-word cues (significance statements, implied significance, intensifiers) as (match, kind, fields)."""
    for m in _NEG_SIG.finditer(s.joined):
        yield m, "sig_neg", {"polarity": "not_significant"}
    for m in _POS_SIG.finditer(s.joined):
        yield m, "sig_pos", {"polarity": "significant"}
    for pattern, kind in ((_IMPLIED, "implied"), (_INTENSIFIER, "intensifier")):
        for m in pattern.finditer(s.joined):
            start, _ = s.span_tokens(m)
            negated = any(s.low[k] in _NEGATIONS for k in range(max(0, start - 3), start))
            yield m, kind, {"polarity": None if negated else "significant", "strength": "implied", "negated": negated}


def _word_cue(s: _Sentence, i: int) -> _Trigger | None:
    """The direction or equality cue of token ``i`` ("higher", "reduced", "similar", "more effective"), if any."""
    low = s.low[i]
    following = s.low[i + 1] if i + 1 < len(s.low) else None
    if low in _EQUAL:
        return _Trigger(i, i + 1, "equal", direction="equal")
    if low in ("more", "less") and following in _GOOD_ADJ | _BAD_ADJ:
        good = (following in _GOOD_ADJ) == (low == "more")
        return _Trigger(i, i + 2, "dir_adj", direction="better" if good else "worse")
    if low in ("more", "less", "fewer") and following == "than":
        return None  # "more than 50%" is a bound, not a comparison of groups
    if low == "lower" and following in _PLACE_NOUNS:
        return None  # "lower limb", "lower respiratory tract": a place in the body, not a comparison
    if low in _ADJ_DIRECTION and (low not in _VERB_DIRECTION or low in _BOTH):
        return _Trigger(i, i + 1, "dir_adj", direction=_ADJ_DIRECTION[low])
    if low in _VERB_DIRECTION and s.toks[i].kind == "word":
        if low in ("lower", "increase", "decrease", "increases", "decreases", "cut") and i > 0 and \
                s.low[i - 1] in _DETERMINERS | {"of", "in", "an"}:
            return _Trigger(i, i + 1, "dir_noun", direction=_NOUN_DIRECTION.get(low, "lower"))
        return _Trigger(i, i + 1, "dir_verb", direction=_VERB_DIRECTION[low])
    if low in _NOUN_DIRECTION:
        return _Trigger(i, i + 1, "dir_noun", direction=_NOUN_DIRECTION[low])
    return None


def _find_triggers(s: _Sentence) -> list[_Trigger]:
    """Every cue of the sentence, phrases first; a token belongs to one cue at most."""
    triggers: list[_Trigger] = []
    used: set[int] = set()
    for m, kind, fields in _phrase_cues(s):
        start, end = s.span_tokens(m)
        if any(i in used for i in range(start, end)):
            continue
        used.update(range(start, end))
        triggers.append(_Trigger(start, end, kind, **fields))  # type: ignore[arg-type]
    for i in range(len(s.low)):
        if i in used or i in s.qty_tok:
            continue
        trigger = _word_cue(s, i)
        if trigger is not None:
            triggers.append(trigger)
            used.update(range(trigger.start, trigger.end))
    return sorted(triggers, key=lambda t: t.start)


def _merge_modifiers(s: _Sentence, triggers: list[_Trigger]) -> list[_Trigger]:
    """Fold "significantly" / "markedly" / "not significantly" into the direction cue they modify."""
    out: list[_Trigger] = []
    skip: set[int] = set()
    for n, trig in enumerate(triggers):
        if n in skip:
            continue
        adverb = trig.kind == "intensifier" or (trig.kind == "sig_pos" and s.low[trig.end - 1] in (
            "significantly", "significant"))
        if adverb and n + 1 < len(triggers):
            nxt = triggers[n + 1]
            gap = [s.low[k] for k in range(trig.end, nxt.start)]
            if nxt.kind.startswith("dir") and len(gap) <= 2 and all(w not in (",", ";") for w in gap):
                strength = "implied" if trig.kind == "intensifier" and not trig.negated else "explicit"
                polarity = None if trig.negated else trig.polarity
                out.append(_Trigger(trig.start, nxt.end, nxt.kind, direction=nxt.direction, polarity=polarity,
                                    strength=strength, negated=trig.negated))
                skip.add(n + 1)
                continue
        if trig.kind.startswith("dir") and n + 1 < len(triggers) and triggers[n + 1].kind == "sig_pos" \
                and triggers[n + 1].start == trig.end and s.low[trig.end] == "significantly":
            # "improved significantly", "decreased significantly (more)": the adverb follows its verb.
            end = triggers[n + 1].end
            skip.add(n + 1)
            if n + 2 < len(triggers) and triggers[n + 2].start == end and s.low[end] in ("more", "less"):
                end = triggers[n + 2].end
                skip.add(n + 2)
            out.append(_Trigger(trig.start, end, trig.kind, direction=trig.direction, polarity="significant",
                                negated=trig.negated))
            continue
        if trig.kind == "sig_neg" and s.low[trig.end - 1] not in ("significant", "significance", "different",
                                                                  "significantly", "differ"):
            # "not significantly increased": the significance is denied, the direction is not asserted.
            out.append(_Trigger(trig.start, trig.end, "sig_neg", polarity="not_significant"))
            continue
        if trig.kind == "intensifier" or (trig.kind == "dir_noun" and trig.direction is None):
            continue  # an intensifier alone, or "difference" without a direction, asserts nothing checkable
        out.append(trig)
    return out


# --------------------------------------------------------------------------- subjects


def _subjects_for(s: _Sentence, trig: _Trigger) -> tuple[list[str], str | None]:
    """Subject phrases of a cue and, for an active verb, its agent (a focus-group candidate).

    When the cue's own grammar finds nothing ("the two groups were well-matched for X"), the phrase after
    "for / in / of" is tried, then the head noun phrase of the clause ("The overall complication rate of
    16.0% … represents a meaningful improvement").
    """
    subjects, agent = _direct_subjects(s, trig)
    subjects = [x for x in subjects if x and x.split()[-1].lower() not in _GROUP_HEADS]
    if subjects:
        return subjects, agent
    limit = next((i for i in range(trig.end, len(s.toks)) if s.clause_of[i] != s.clause_of[trig.start]),
                 len(s.toks))
    subjects = _after_preposition(s, trig.end, limit)
    if subjects:
        return subjects, agent
    head = _clause_head(s, trig.start)
    cue = s.phrase(trig.start, trig.end).lower()
    if head and head.lower() != cue and head.split()[-1].lower() not in _GROUP_HEADS:
        return [head], agent
    return [], agent


def _clause_head(s: _Sentence, i: int) -> str:
    """The first noun phrase of the clause holding token ``i`` (after an introductory "X:" label)."""
    clause = s.clause_of[i]
    start = next((k for k in range(len(s.toks)) if s.clause_of[k] == clause), 0)
    if start < len(s.toks) and s.low[start] in _CLAUSE_WORDS:
        start += 1
    a, b = s.np_right(start, i)
    if b < len(s.toks) and s.low[b:b + 1] == [":"]:
        a, b = s.np_right(b + 1, i)
    return _clean_subject(s.phrase(a, b)) if b > a else ""


def _subjects_of_noun_cue(s: _Sentence, trig: _Trigger, floor: int, limit: int) -> list[str] | None:
    """Subjects of a noun-like cue ("a difference in X", "significant for X", "X showed a reduction")."""
    last = s.low[trig.end - 1]
    if trig.kind == "implied" and "pronounced" in last or last in ("difference", "differences"):
        items = _after_preposition(s, trig.end, limit)
        if items:
            return items
    if trig.kind in ("dir_noun", "sig_pos", "sig_neg", "implied") and last in set(_NOUN_DIRECTION) | {
            "significance", "significant", "different", "significantly", "differ", "trend"} or \
            trig.kind == "dir_noun":
        items = _after_preposition(s, trig.end, limit)
        if items:
            return items
        if trig.kind == "dir_noun" or last in _NOUN_DIRECTION:
            return _left_of_verb(s, trig.start, floor)
    return None


def _objects_of_active_cue(
    s: _Sentence, trig: _Trigger, j: int, floor: int, limit: int
) -> tuple[list[str], str | None] | None:
    """What an active cue governs ("reduced complications", "similar outcomes") and, for a verb, its agent."""
    start, end = s.np_right(trig.end, limit)
    if not (end > start and s.low[end - 1] not in _GROUP_HEADS):
        return None
    items = s.enumeration_right(trig.end, limit)
    phrases = [_clean_subject(s.phrase(a, b)) for a, b in items]
    agent = None
    if trig.kind == "dir_verb":
        a, b = s.np_left(j, floor)
        agent = s.phrase(a, b) or None
    if trig.kind == "dir_adj" and s.low[trig.start] in _BOTH and j > floor and s.is_np_word(j - 1):
        agent = s.phrase(*s.np_left(j, floor)) or None  # "cryoablation reduced complications"
    return _expand_codes([p for p in phrases if p]), agent


def _direct_subjects(s: _Sentence, trig: _Trigger) -> tuple[list[str], str | None]:
    """Subjects read from the cue's own grammar (a noun cue, a predictor, an active cue, else the phrase before)."""
    clause = s.clause_of[trig.start]
    floor = next((i for i in range(trig.start, -1, -1) if s.clause_of[i] != clause), -1) + 1
    limit = next((i for i in range(trig.end, len(s.toks)) if s.clause_of[i] != clause), len(s.toks))
    of_noun = _subjects_of_noun_cue(s, trig, floor, limit)
    if of_noun is not None:
        return of_noun, None
    if trig.kind in ("sig_pos", "implied") and re.search(r"predictor|factor|determinant|association|correlation",
                                                         s.low[trig.end - 1]):
        j, _, _ = s.skip_left(trig.start)
        items = s.enumeration_left(j, floor)
        return [_clean_subject(s.phrase(a, b)) for a, b in items], None
    j, copula, plural = s.skip_left(trig.start)
    if trig.kind in ("dir_adj", "equal", "dir_verb") and not copula:
        governed = _objects_of_active_cue(s, trig, j, floor, limit)
        if governed is not None:
            return governed
    items = s.enumeration_left(j, floor) if plural else [s.np_left_extended(j, floor)]
    return _expand_codes([_clean_subject(s.phrase(a, b)) for a, b in items if b > a]), None


def _after_preposition(s: _Sentence, i: int, limit: int) -> list[str]:
    """Items after "in / for / of / among" (skipping "observed", "between groups"), or an "including" list."""
    j = i
    while j < limit and s.low[j] in ("observed", "found", "seen", "detected", "noted", "was", "were", "achieved",
                                     "reported", "recorded", "obtained"):
        j += 1
    m = re.match(r"between (?:the )?(?:two |both |treatment |study )?(?:groups|arms|cohorts)\s?", " ".join(s.low[j:]))
    if m:
        j += len(m.group(0).split())
    if j < limit and s.low[j] in ("in", "for", "of", "among", "regarding", "on"):
        items = s.enumeration_right(j + 1, limit)
        phrases = _expand_codes([_clean_subject(s.phrase(a, b)) for a, b in items])
        phrases = [p for p in phrases if p and p.split()[-1].lower() not in _GROUP_HEADS]
        if phrases:
            return phrases
    window = " ".join(s.low[j:min(limit, j + 12)])
    m = _INCLUDING.search(window)
    if m:
        k = j + len(window[:m.end()].split())
        items = s.enumeration_right(k, limit)
        return _expand_codes([p for a, b in items if (p := _clean_subject(s.phrase(a, b)))])
    return []


def _left_of_verb(s: _Sentence, i: int, floor: int) -> list[str]:
    """The subject of "X showed a meaningful advantage": skip adjectives and the verb, take the phrase before."""
    j = i
    while j > floor and (s.low[j - 1] in _DETERMINERS or s.is_np_word(j - 1)):
        j -= 1
        if s.low[j] in _DETERMINERS:
            break
    while j > floor and s.low[j - 1] in _DETERMINERS:
        j -= 1
    if j == i:
        a, b = s.np_left(i, floor)
        return [_clean_subject(s.phrase(a, b))] if b > a else []
    if j > floor and s.low[j - 1] in _VERBS:
        k, _, _ = s.skip_left(j - 1)
        a, b = s.np_left(k, floor)
        return [_clean_subject(s.phrase(a, b))] if b > a else []
    a, b = s.np_left(i, floor)
    phrase = _clean_subject(s.phrase(a, b))
    return [phrase] if phrase else []


# --------------------------------------------------------------------------- groups


_FOCUS_GROUP = re.compile(
    r"\b(?:in|for|among|within|favou?ring|of|by)\s+(?:the\s+|those\s+in\s+the\s+)?"
    r"((?:[\w\-]+\s+){0,4}?(?:group|arm|cohort))\b",
    re.IGNORECASE,
)
_LEADING_GROUP = re.compile(
    r"^(?:[\w ]+:\s*)?(?:the\s+)?((?:[\w\-]+\s+){0,4}?(?:group|arm|cohort))\s+"
    r"(?:demonstrated|showed|had|achieved|experienced|was|were|exhibited|reported|displayed|required)\b",
    re.IGNORECASE,
)
_COMPARATOR_GROUP = re.compile(
    r"\b(?:compared\s+(?:to|with)|relative\s+to|versus|vs\.?|than(?:\s+(?:in|with|for))?|over)\s+"
    r"(?:the\s+|those\s+(?:in|of|receiving)\s+(?:the\s+)?)?"
    r"([A-Za-z][\w\-]*(?:\s+[A-Za-z][\w\-]*){0,4}?)(?=\s*(?:\(|[,.;:)]|\s(?:and|in|at|for|with|on|after|at)\b|$))",
    re.IGNORECASE,
)


_BETWEEN_GROUPS = re.compile(
    r"\bbetween\s+(?:the\s+)?(?!groups\b|arms\b|the\s+(?:two|three|four)\b|both\b)"
    r"([A-Za-z][\w/\-]*(?:\s+[A-Za-z][\w/\-]*){0,3}?)\s+and\s+(?:the\s+)?"
    r"([A-Za-z][\w/\-]*(?:\s+[A-Za-z][\w/\-]*){0,3}?)(?=\s*(?:groups?|arms?|patients)?\s*(?:[,.;:()]|$))",
    re.IGNORECASE,
)


def _groups(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Focus-group and comparator-group mentions: (char offset, phrase)."""
    focus = [(m.start(1), m.group(1).strip()) for m in _FOCUS_GROUP.finditer(text)]
    between = [(m.start(1), m.group(1).strip(), m.start(2), m.group(2).strip()) for m in _BETWEEN_GROUPS.finditer(text)]
    focus.extend((a, x) for a, x, _, _ in between)
    lead = _LEADING_GROUP.match(text)
    if lead:
        focus.insert(0, (lead.start(1), lead.group(1).strip()))
    comparators = [(b, y) for _, _, b, y in between]
    for m in _COMPARATOR_GROUP.finditer(text):
        phrase = re.sub(r"\s+(?:group|arm|cohort)$", "", m.group(1).strip(), flags=re.IGNORECASE)
        first = phrase.split()[0].lower() if phrase else ""
        if phrase and not re.match(r"\d", phrase) and not first.endswith(("ing", "ly")) and first not in _DETERMINERS:
            comparators.append((m.start(1), phrase))
    comparator_starts = {start for start, _ in comparators}
    focus = [(p, g) for p, g in focus if not any(abs(p - c) < 3 for c in comparator_starts)]
    # "compared to the X group": the group regex also sees it; keep it as comparator only.
    focus = [(p, g) for p, g in focus if not re.search(r"(?:than|versus|vs\.?|compared (?:to|with)|over)\s+(?:the\s+)?$",
                                                       text[:p], re.IGNORECASE)]
    return focus, comparators


def _nearest(mentions: list[tuple[int, str]], char: int, text: str, clause_start: int, clause_end: int) -> str | None:
    inside = [(abs(p - char), g) for p, g in mentions if clause_start <= p < clause_end]
    pool = inside or [(abs(p - char), g) for p, g in mentions]
    return min(pool)[1] if pool else None


# --------------------------------------------------------------------------- assembly


def _hedge(s: _Sentence, start: int, end: int) -> str | None:
    clause = s.clause_of[start]
    lo = next((i for i in range(start, -1, -1) if s.clause_of[i] != clause), -1) + 1
    window = " ".join(s.low[lo:end])
    m = _HEDGE.search(window)
    if m:
        return m.group(0)
    around = s.low[max(0, start - 2):min(len(s.low), end + 2)]
    cues = set(_ADJ_DIRECTION) | _EQUAL
    for k, word in enumerate(around[1:-1], start=1):
        if word in ("or", "and/or") and around[k - 1] in cues and around[k + 1] in cues:
            return "alternation"
    return None


def _scope(s: _Sentence, start: int, end: int, next_cue: int) -> tuple[str | None, bool]:
    """A scope phrase of the cue: after it and before the next cue, or just before it, in its clause."""
    clause = s.clause_of[start]
    hits = []
    for m in _SCOPE.finditer(s.joined):
        a, b = s.span_tokens(m)
        if s.clause_of[a] != clause:
            continue
        adjacent_before = 0 <= start - b <= 3 and not {",", ";", ":"} & set(s.low[b:start])
        if end <= a < next_cue or start <= a < end or adjacent_before:
            hits.append((0 if a >= start else 1, abs(a - start), s.phrase(a, b), m.group("universal") is not None))
    if not hits:
        return None, False
    _, _, phrase, universal = min(hits)
    return phrase, universal


def _kind(trig: _Trigger, scope_universal: bool) -> str:
    if scope_universal:
        return "scope"
    if trig.polarity:
        return "significance"
    if trig.direction == "equal":
        return "equivalence"
    return "direction"


def extract_claims(sentence: str) -> list[ClaimSpec]:
    """The claims one sentence makes, in reading order (see the module docstring for the grammar)."""
    s = _Sentence(sentence)
    if not s.toks:
        return []
    attributed = bool(_ATTRIBUTION.search(sentence))
    focus_mentions, comparator_mentions = _groups(sentence)
    triggers = _merge_modifiers(s, _find_triggers(s))
    claims: list[ClaimSpec] = []
    for n, trig in enumerate(triggers):
        next_cue = triggers[n + 1].start if n + 1 < len(triggers) else len(s.toks)
        claims.extend(_claims_from_trigger(s, trig, next_cue, focus_mentions, comparator_mentions, attributed))
    claims = _resolve_anaphora(s, claims)
    claims = _distribute_significance(s, claims)
    claims = _attach_quantities(s, claims, focus_mentions, attributed)
    return sorted(claims, key=lambda c: (c.start, c.kind))


def _claims_from_trigger(s: _Sentence, trig: _Trigger, next_cue: int, focus_mentions: list[tuple[int, str]],
                         comparator_mentions: list[tuple[int, str]], attributed: bool) -> list[ClaimSpec]:
    subjects, agent = _subjects_for(s, trig)
    clause = s.clause_of[trig.start]
    clause_toks = [i for i, c in enumerate(s.clause_of) if c == clause]
    c_start, c_end = s.toks[clause_toks[0]].start, s.toks[clause_toks[-1]].end
    char = s.toks[trig.start].start
    focus = _nearest(focus_mentions, char, s.text, c_start, c_end)
    comparator = _nearest(comparator_mentions, char, s.text, c_start, c_end)
    if focus is None and agent and trig.kind in ("dir_verb", "dir_adj"):
        focus = agent
    negated = trig.negated or any(s.low[k] in _NEGATIONS for k in range(max(0, trig.start - 3), trig.start)) \
        and trig.kind in ("dir_verb", "dir_adj", "equal")
    if trig.kind == "sig_neg":
        negated = False
    scope, universal = _scope(s, trig.start, trig.end, next_cue)
    hedge = _hedge(s, trig.start, trig.end)
    between = bool(focus or comparator) or trig.kind in ("dir_verb", "equal") or trig.direction == "equal"
    start_char, end_char = _claim_span(s, trig, subjects)
    return [ClaimSpec(
        kind=_kind(trig, universal), start=start_char, end=end_char, text=s.text[start_char:end_char],
        cue=s.phrase(trig.start, trig.end), subjects=tuple(dict.fromkeys(subjects)), polarity=trig.polarity,
        direction=trig.direction, negated=negated, hedge=hedge, strength=trig.strength, scope=scope,
        universal=universal, focus_group=focus, comparator_group=comparator, between_groups=between,
        attributed=attributed,
    )]


def _claim_span(s: _Sentence, trig: _Trigger, subjects: list[str]) -> tuple[int, int]:
    """Characters from the cue to its subjects (whichever side they are on)."""
    start, end = s.toks[trig.start].start, s.toks[trig.end - 1].end
    for subject in subjects:
        pos = s.text.find(subject)
        if pos >= 0:
            start, end = min(start, pos), max(end, pos + len(subject))
            continue
        last = subject.split()[-1] if subject.split() else ""
        pos = s.text.find(last, end)  # an expanded item ("Grade IIIa complications"): reach its last word
        if last and pos >= 0:
            end = pos + len(last)
    return start, end


_ANAPHORA = {"this", "it", "which", "that", "these", "they", "difference", "effect", "change"}


def _resolve_anaphora(s: _Sentence, claims: list[ClaimSpec]) -> list[ClaimSpec]:
    """"X was reduced, although this did not reach significance": "this" is the previous claim's subject."""
    out: list[ClaimSpec] = []
    for claim in claims:
        before = s.text[:claim.start].lower().split()[-2:]
        if not claim.subjects and out and out[-1].subjects and any(w.strip(",") in _ANAPHORA for w in before):
            claim = replace(claim, subjects=out[-1].subjects, focus_group=claim.focus_group or out[-1].focus_group,
                            comparator_group=claim.comparator_group or out[-1].comparator_group)
        out.append(claim)
    return out


def _distribute_significance(s: _Sentence, claims: list[ClaimSpec]) -> list[ClaimSpec]:
    """"significantly improves X, reduces Y and shortens Z": the adverb covers every coordinated verb."""
    out = []
    carrier: ClaimSpec | None = None
    for claim in claims:
        if carrier and claim.polarity is None and claim.direction and claim.direction != "equal" \
                and not claim.negated and _coordinated(s.text[carrier.end:claim.start]):
            claim = replace(claim, polarity=carrier.polarity, kind="scope" if claim.universal else "significance",
                            strength=carrier.strength, focus_group=claim.focus_group or carrier.focus_group,
                            comparator_group=claim.comparator_group or carrier.comparator_group)
        elif claim.polarity and claim.direction:
            carrier = claim
        else:
            carrier = None
        if claim.polarity and claim.direction:
            carrier = claim
        out.append(claim)
    return out


def _coordinated(between: str) -> bool:
    """Only commas, "and" and noun-phrase words between two cues (no new clause, no new subject verb)."""
    words = re.findall(r"[A-Za-z\-]+|[;:()]", between.lower())
    if any(w in (";", ":", "(") or w in _CLAUSE_WORDS for w in words):
        return False
    return "," in between or " and " in f" {between} "


def _attach_quantities(s: _Sentence, claims: list[ClaimSpec], focus_mentions: list[tuple[int, str]],
                       attributed: bool) -> list[ClaimSpec]:
    """p-values join the claim before them; every other number becomes a claim of kind ``number``."""
    out = list(claims)
    previous_subjects: tuple[str, ...] = ()
    previous: Quantity | None = None
    for q in s.quantities:
        if q.role == "p_value":
            target = _claim_before(out, q.start)
            if target is not None and not target.quantities:
                polarity = target.polarity or _p_polarity(q)
                kind = target.kind if target.polarity else ("scope" if target.universal else "significance")
                out[out.index(target)] = replace(target, quantities=(q,), polarity=polarity, kind=kind,
                                                 end=max(target.end, q.end),
                                                 text=s.text[target.start:max(target.end, q.end)])
                continue
            subjects = _number_subject(s, q, out)
            out.append(ClaimSpec(kind="significance", start=q.start, end=q.end, text=q.text, cue=q.text,
                                 subjects=subjects, polarity=_p_polarity(q), quantities=(q,),
                                 attributed=attributed))
            continue
        if q.role == "duration" and _adjectival(s.text, q):
            continue  # "12-month outcomes": the duration qualifies the subject, it is not a claim
        follows_count = previous is not None and previous.role == "count" and \
            re.fullmatch(r"\s*\(\s*", s.text[previous.end:q.start]) is not None
        if (q.group == "@2" or follows_count) and previous_subjects:
            subjects = previous_subjects  # "42% vs 45%", "14 (11.2%)": both numbers measure one thing
        else:
            subjects = _number_subject(s, q, out)
        previous_subjects, previous = subjects, q
        group = q.group or _group_after(s.text, q.end, focus_mentions)
        out.append(ClaimSpec(kind="number", start=q.start, end=q.end, text=q.text, cue=q.text, subjects=subjects,
                             quantities=(q,), focus_group=group, attributed=attributed,
                             between_groups=group is not None))
    return out


_DURATION_NOUNS = re.compile(r"\s*(?:study\s+)?(?:period|span|window|interval|follow-?up|timeframe|time frame)\b",
                             re.IGNORECASE)


def _adjectival(text: str, q: Quantity) -> bool:
    """A hyphenated duration in front of a noun other than "period / follow-up" ("12-month survival")."""
    if "-" not in q.text:
        return False
    return not _DURATION_NOUNS.match(text[q.end:])


def _p_polarity(q: Quantity) -> str | None:
    if q.comparator in ("<", "<=") and q.value <= ALPHA:
        return "significant"
    if q.comparator == "=" :
        return "significant" if q.value < ALPHA else "not_significant"
    if q.comparator in (">", ">=") and q.value >= ALPHA:
        return "not_significant"
    return None


def _claim_before(claims: list[ClaimSpec], char: int) -> ClaimSpec | None:
    candidates = [c for c in claims if c.start < char and c.kind != "number" and (c.polarity or c.direction)]
    return max(candidates, key=lambda c: c.start) if candidates else None


def _group_after(text: str, char: int, focus_mentions: list[tuple[int, str]]) -> str | None:
    """A group named right after a number ("16.0% in the CT-guided group")."""
    for pos, phrase in focus_mentions:
        if 0 <= pos - char <= 40 and re.match(r"^\s*\)?\s*(?:in|for|among|of)\s", text[char:pos]):
            return phrase
    return None


_BEFORE_NUMBER = frozenset({
    "of", "was", "were", "is", "are", ":", "=", "at", "averaged", "reached", "approximately", "about", "around",
    "nearly", "only", "mean", "median", "a", "an", "the", "to", "from", "totalled", "totaled", "in", "occurred",
    "developed", "seen", "observed", "noted", "affected", "found", "recorded", "reported", "among", "for",
    "rate", "rates", "incidence", "ranged",
})


def _in_parentheses(s: _Sentence, first: int) -> bool:
    depth = 0
    for k in range(first - 1, -1, -1):
        if s.low[k] == ")":
            depth += 1
        elif s.low[k] == "(":
            if depth == 0:
                return True
            depth -= 1
    return False


def _number_subject(s: _Sentence, q: Quantity, claims: list[ClaimSpec]) -> tuple[str, ...]:
    """What a number measures: "X of|was|in|: 16.0%", else the claim a parenthesis supports, else its clause's."""
    first = next((i for i, t in enumerate(s.toks) if t.start >= q.start), len(s.toks))
    if q.role in ("ratio", "ci") or q.label in ("from", "to") or (
            _in_parentheses(s, first) and q.role not in ("n", "duration", "money")):
        inherited = _clause_subjects(s, q, claims, first)
        if inherited:
            return inherited
    j = first
    while j > 0 and s.low[j - 1] in _BEFORE_NUMBER | {"("}:
        j -= 1
    a, b = s.np_left(j)
    phrase = _clean_subject(s.phrase(a, b))
    if phrase and phrase.split()[-1].lower() not in _GROUP_HEADS:
        return (phrase,)
    if q.role in ("duration", "money", "n"):
        return ()  # a sample size or a period measures nothing a neighbouring claim is about
    return _clause_subjects(s, q, claims, first)


def _clause_subjects(s: _Sentence, q: Quantity, claims: list[ClaimSpec], first: int) -> tuple[str, ...]:
    """The subjects of the nearest claim in the number's clause."""
    clause = s.clause_of[min(first, len(s.toks) - 1)] if s.toks else 0
    same_clause = [c for c in claims if c.kind != "number" and c.subjects and s.toks and
                   s.clause_of[_tok_index(s, c.start)] == clause]
    if same_clause:
        nearest = min(same_clause, key=lambda c: abs(c.start - q.start))
        return nearest.subjects
    return ()


def _tok_index(s: _Sentence, char: int) -> int:
    starts = [t.start for t in s.toks]
    return max(0, bisect_right(starts, char) - 1)


# --------------------------------------------------------------------------- sentence units


_INLINE_HEADING = re.compile(r"\*\*\s*[A-Z][A-Za-z ,&/]{1,40}:\s*\*\*|(?<=[.!?])\s+(?=[A-Z][a-z]+(?: [a-z]+)?:\s)")


def claim_units(sentence: str) -> list[tuple[int, str]]:
    """Split a sentence at inline headings ("… measures. **Results:** The …"): (offset, text) pieces.

    Structured abstracts extracted from PDFs keep "**Results:**" inside a sentence; the
    pieces are the real sentences, and a claim's span must not run across them.
    """
    pieces = []
    last = 0
    for m in _INLINE_HEADING.finditer(sentence):
        pieces.append((last, sentence[last:m.start()]))
        last = m.end()
    pieces.append((last, sentence[last:]))
    out = []
    for offset, text in pieces:
        stripped = text.lstrip()
        lead = re.match(r"^(?:[A-Z][A-Za-z ]{1,30}:\s+)", stripped)
        skip = len(text) - len(stripped) + (lead.end() if lead else 0)
        if text[skip:].strip():
            out.append((offset + skip, text[skip:].rstrip()))
    return out
