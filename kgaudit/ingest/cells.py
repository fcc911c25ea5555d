"""The table cell grammar: the numbers printed in one cell become a :class:`CellValue`.

A cell is first normalised (odd spaces, LaTeX leftovers such as ``\\pm``, ``+/-``,
trailing footnote marks such as ``*``, ``†``, ``ᵃ``), then matched against the
patterns documented on :class:`kgaudit.model.CellValue`, most specific first.
Nothing here raises: whatever does not match is ``kind="text"``.

Some printed forms are ambiguous on their own and are settled by a *hint*, the
row and/or column label the caller knows (``"Male, n (%)"``, ``"Mean (SD)"``,
``"Median (IQR)"``, ``"OR (95% CI)"``, ``"p-value"``):

* ``a (b)`` is ``count_percent`` when the hint names a count with a percentage
  (``n (%)``, ``(%)``), ``mean_sd`` when it names a mean or SD, and otherwise
  ``mean_sd``.  (A mean misread as a count would make the percentage checks
  fire on a correct table; the reverse error only loses a check.)  A printed
  ``%`` (``68 (54.4%)``) needs no hint.
* ``a (b–c)`` is ``median_iqr`` with a hint naming a median or IQR,
  ``median_range`` with one naming a range, ``estimate_ci`` with one naming an
  estimate or CI; without a hint it is ``median_iqr`` when all three numbers
  are whole numbers (``12 (8–17)``) and ``estimate_ci`` otherwise
  (``1.42 (1.05–1.93)``).  ``a [b–c]`` defaults to ``median_iqr``;
  ``a (b, c)`` and ``a [b; c]`` default to ``estimate_ci``.
* A plain number is a ``p_value`` (comparator ``"="``) only when the hint names
  a p-value; ``<0.001`` is one whenever the number is below 1.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from kgaudit.model import CellValue, Column, Num

__all__ = ["parse_cell", "parse_group_size", "parse_number", "table_notation_classes", "uses_decimal_comma"]

# --------------------------------------------------------------------------- characters

# Everything a PDF or a word processor prints for a dash or a minus sign.
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_DASH = f"[{_DASHES}]"
# A sign in front of a number: ASCII, Unicode minus, or a dash that a PDF put there.
_SIGN = f"[{_DASHES}+]"
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUPERSCRIPT_LETTERS = "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ"
_FOOTNOTE_MARKS = "*†‡§¶‖#" + _SUPERSCRIPT_LETTERS

# --------------------------------------------------------------------------- numbers

# A mantissa: 1,234 (thousands) | 0,35 (decimal comma after a zero) | 12.5 | .04
_MANTISSA = r"(?:\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|0,\d+(?![\d,])|\d+(?:\.\d+)?|\.\d+)"
# An exponent: e-5 | ×10⁻⁵ | x 10^-5 | ×10^{-5} | · 10−5 (a PDF lost the superscript)
_EXPONENT = (
    rf"(?:[eE](?:{_SIGN})?\d+"
    rf"|\s*[×xX*·]\s*10\s*(?:\^\s*\{{?\s*(?:{_SIGN})?\d+\s*\}}?|[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+|{_DASH}\d+))"
)
_NUM = rf"(?:{_SIGN}\s?)?{_MANTISSA}{_EXPONENT}?"
_NUM_RE = re.compile(_NUM)

# A comparator as printed, mapped onto the model's comparators.
_COMPARATORS = {
    "<": "<", ">": ">", "=": "=", "<=": "<=", ">=": ">=", "≤": "<=", "≥": ">=", "⩽": "<=", "⩾": ">=",
    "=<": "<=", "=>": ">=", "<or=": "<=", ">or=": ">=",
}
_CMP = r"(?:<\s*or\s*=|>\s*or\s*=|<=|>=|=<|=>|[<>=≤≥⩽⩾])"

# Interval separators: one dash (or LaTeX's "--"), "to", a comma or a semicolon.  A second
# dash belongs to the upper bound: "−2.1–−0.3" runs from −2.1 to −0.3.
_DASH_SEP = rf"(?:\s*(?:--|{_DASH})\s*|\s+to\s+)"
_SEP = rf"(?:{_DASH_SEP}|\s*[,;]\s*)"

_EMPTY_MARKERS = {
    "", "na", "n/a", "n.a", "n.a.", "nr", "n.r.", "nd", "n.d.", "not applicable", "not reported",
    "…", "...", "·", ".", "/", "--", "---",
}

_MEASURES = (
    r"aOR|aHR|aRR|OR|HR|RR|IRR|SHR|sHR|RD|ARR|ARD|MD|SMD|WMD|GMR|RoR|β|Beta|B|b|Coef\.?|Coefficient|Estimate"
)


def _decimals_of(mantissa: str) -> int:
    """Digits after the decimal mark of a mantissa as printed ("1,234" has none, "0,35" two)."""
    if "." in mantissa:
        return len(mantissa.rsplit(".", 1)[1])
    if re.fullmatch(r"0,\d+", mantissa):
        return len(mantissa.split(",", 1)[1])
    return 0


def _num_from_match(token: str) -> Num | None:
    """Turn one token matched by ``_NUM`` into a :class:`Num` (None if it is not finite)."""
    text = token.strip()
    m = re.fullmatch(rf"(?P<sign>{_SIGN})?\s?(?P<mant>{_MANTISSA})(?P<exp>{_EXPONENT})?", text)
    if m is None:
        return None
    negative = m.group("sign") not in (None, "+")
    mantissa = m.group("mant")
    decimals = _decimals_of(mantissa)
    if re.fullmatch(r"0,\d+", mantissa):
        plain = mantissa.replace(",", ".")
    else:
        plain = mantissa.replace(",", "")
    exponent = 0
    if m.group("exp"):
        digits = m.group("exp").translate(_SUPERSCRIPT_DIGITS)
        e = re.search(rf"({_SIGN})?\s*(\d+)\s*\}}?\s*$", digits)
        if e is None:  # pragma: no cover - the regex above guarantees digits
            return None
        exponent = int(e.group(2)) * (-1 if e.group(1) not in (None, "+") else 1)
        if abs(exponent) > 400:
            return None
    try:
        value = float(plain) * (10.0 ** exponent)
    except (OverflowError, ValueError):
        return None
    if not math.isfinite(value):
        return None
    if negative:
        value = -value
    # The precision of 2.1×10⁻⁵ is that of 0.000021: six decimals.
    return Num(value=value, text=text, decimals=max(0, decimals - exponent))


def parse_number(text: str) -> Num | None:
    """Parse one printed number into a :class:`Num`; None when the text is not a single number.

    Handles ``.04``, ``0.35``, ``1,234`` (thousands), ``−1.2`` (Unicode minus),
    ``1.2e-5``, ``2.1×10⁻⁵`` and ``2.1 x 10^-5``; footnote marks after the number
    are ignored.  ``decimals`` counts the decimal places of the value, so
    ``1.2e-5`` has 6.
    """
    if not isinstance(text, str):
        return None
    s = _strip_footnotes(_normalise(text))
    if not s or not re.fullmatch(_NUM, s):
        return None
    return _num_from_match(s)


# --------------------------------------------------------------------------- normalising


# The patterns _normalise applies to every cell, compiled once (re.sub's cache look-up costs per call).
_THIN_SPACE_THOUSANDS = re.compile(r"(?<=\d)[\u2009\u202f\u00a0](?=\d{3}(?!\d))")
_SPACE_THOUSANDS_BEFORE_PERCENT = re.compile(r"(?<![\d.,])(\d{1,3}) (\d{3})(?=\s*[(\[]\s*\d+(?:\.\d+)?\s*%)")
_PLUS_MINUS = re.compile(r"\\(?:pm|textpm)(?![A-Za-z])|\+\s*/\s*[-\u2212]|\+\s*[-\u2212](?=\s)|\u2213")
_WHITE_RUN = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")


def _normalise(text: str) -> str:
    """Unify spaces and LaTeX/ASCII spellings of ±, ≤, ≥, ×; collapse runs of white space."""
    s = text
    # A thin space between digit groups is a thousands separator ("1 204").
    s = _THIN_SPACE_THOUSANDS.sub("", s)
    # So is a plain space in a count printed with its percentage ("10 699 (79%)"): a second number
    # cannot stand between a count and its parenthesised percentage.
    s = _SPACE_THOUSANDS_BEFORE_PERCENT.sub(r"\1\2", s)
    s = s.replace("$", "").replace("\\%", "%").replace("\\,", " ").replace("\\;", " ").replace("\\ ", " ")
    s = _PLUS_MINUS.sub("±", s)
    if "\\" in s:  # the LaTeX spellings below all start with a backslash; most cells have none
        s = _latex_symbols(s)
    s = s.replace("{}", "")
    s = _WHITE_RUN.sub(" ", s)
    return s.strip()


def _latex_symbols(s: str) -> str:
    """LaTeX spellings of ≤, ≥, <, >, ×, † and ‡ as the symbols; text-formatting commands dropped."""
    s = re.sub(r"\\(?:leqslant|leq|le)(?![A-Za-z])", "≤", s)
    s = re.sub(r"\\(?:geqslant|geq|ge)(?![A-Za-z])", "≥", s)
    s = re.sub(r"\\(?:lt|textless)(?![A-Za-z])", "<", s)
    s = re.sub(r"\\(?:gt|textgreater)(?![A-Za-z])", ">", s)
    s = re.sub(r"\\(?:times|cdot)(?![A-Za-z])", "×", s)
    s = re.sub(r"\\(?:textsuperscript|mathrm|text|textit|emph)\s*", "", s)
    s = re.sub(r"\\textdagger\b|\\dagger\b", "†", s)
    return re.sub(r"\\ddagger\b|\\textdaggerdbl\b", "‡", s)


def _strip_footnotes(s: str) -> str:
    """Remove footnote marks after the value: ``0.001*``, ``.03†``, ``12.5ᵃ``, ``0.04 a``, ``^{b}``."""
    s = re.sub(r"\^\s*\{?\s*(?:[a-z]|[*†‡§¶#]+)\s*\}?\s*$", "", s)
    while True:
        new = s.rstrip(_FOOTNOTE_MARKS + " ,")
        # A lone lower-case letter after a number or a closing bracket is a footnote label.
        new = re.sub(r"(?<=[\d%)\]])\s?[a-h]$", "", new).rstrip()
        # A superscript digit after a decimal number ("0.03¹") is a footnote, unlike the
        # exponent of "10⁻⁵".
        if re.search(r"\.\d+[¹²³⁴⁵⁶⁷⁸⁹]$", new) and not re.search(r"10[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+$", new):
            new = new[:-1]
        if new == s:
            return s
        s = new


# --------------------------------------------------------------------------- hints


def _hint_classes(hint: str | None) -> set[str]:
    """What a row or column label says about the cells under it."""
    if not hint:
        return set()
    h = _normalise(hint)
    classes: set[str] = set()
    if (
        re.search(r"(?<![A-Za-z])p[\s\-_.]*(?:value|val)s?\b", h, re.I)
        or re.fullmatch(r"\s*(?:p|p\s*\(.*\)|sig\.?|significance|p-?\s*for\s+\w+)\s*", h, re.I)
        or re.search(r"(?<![A-Za-z])P\s*$", h)
    ):
        classes.add("p")
    if re.search(r"[\(\[]\s*%\s*[\)\]]|\b(?:n|no\.?|number|count)\s*[\(\[,]?\s*%|\bfrequenc|\bpercent", h, re.I):
        classes.add("count_percent")
    if re.search(r"\bIQR\b|interquartile|\bQ1\b|quartile|\bp25\b", h, re.I):
        classes.add("iqr")
    elif re.search(r"\brange\b|\bmin(?:imum)?\s*[-–,/]\s*max", h, re.I):
        classes.add("range")
    elif re.search(r"\bmedian\b", h, re.I):
        classes.add("iqr")
    if re.search(r"\bS\.?D\b|\bSEM?\b", h) or re.search(r"standard deviation|±|\bmean\b|standard error", h, re.I):
        classes.add("sd")
    if re.search(r"\bCI\b|\bCrI\b|\bIC\s*95|95\s*%\s*IC\b|\b(?:a?OR|a?HR|a?RR|a?PR|RP|IRR|RD|MD|SMD|WMD)\b|β", h) \
            or re.search(
        r"confidence|credible|odds|hazard|risk ratio|rate ratio|prevalence ratio|estimate|coefficient|\bbeta\b", h,
        re.I
    ):
        classes.add("ci")
    return classes


# What a caption or a footnote says the cells hold.  Captions and notes are prose ("mean age", "risk
# ratio of death"), so only the notations themselves count here: "n (%)", "mean (SD)", "median (IQR)",
# "OR (95% CI)", "(range)".
_TABLE_NOTATIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("count_percent", re.compile(r"\b(?:n|no\.?|number)\s*[(\[]\s*%\s*[)\]]|\(\s*%\s*\)\s*(?:or|and|,|$)"
                                 r"|\b(?:numbers?|counts?|frequenc\w*) (?:and|with|\()\s*(?:\(\s*)?percent", re.I)),
    ("sd", re.compile(r"\bmeans?\s*[(\[]\s*(?:SD|S\.D\.|SEM?|standard deviation)\b|\bmeans?\s*±\s*(?:SD|SEM?)\b"
                      r"|\bmeans? (?:and|with) (?:the )?(?:SD|standard deviations?)\b", re.I)),
    ("iqr", re.compile(r"\bmedians?\s*[(\[,]\s*(?:IQR|interquartile|Q1)|\bmedian (?:and|with) (?:the )?(?:IQR|interquartile)",
                       re.I)),
    ("range", re.compile(r"\bmedians?\s*[(\[,]\s*(?:range|min)", re.I)),
    ("ci", re.compile(r"[(\[]\s*95\s*%\s*(?:CI|CrI|confidence interval)\s*[)\]]|\bwith (?:their |the )?95\s*%\s*"
                      r"(?:CI|confidence intervals?)", re.I)),
)


def table_notation_classes(context: str | None) -> set[str]:
    """The readings a table's caption and footnotes state for its cells (strict notations only)."""
    if not context:
        return set()
    text = _normalise(context)
    return {name for name, pattern in _TABLE_NOTATIONS if pattern.search(text)}


# A number with a decimal comma: "38,2", "0,601", "12,75" (one, two or four or more digits after the
# comma; three digits after it read as thousands: "1,234").
_DECIMAL_COMMA_NUMBER = re.compile(r"(?<![\d.,])\d+,(?:\d{1,2}|\d{4,})(?![\d,])")
_DECIMAL_POINT_NUMBER = re.compile(r"(?<![\d.,])\d*\.\d+(?![\d,])")


def uses_decimal_comma(texts: list[str]) -> bool:
    """Whether a table prints decimal commas ("38,2", "0,601") and no decimal points.

    A comma followed by one, two or four or more digits cannot group thousands; a table that prints
    such a number and no number with a decimal point writes every comma between digits as a decimal
    mark (the convention of Portuguese, Spanish, French, German journals).
    """
    comma = point = False
    for text in texts:
        t = _normalise(text)
        comma = comma or bool(_DECIMAL_COMMA_NUMBER.search(t))
        point = point or bool(_DECIMAL_POINT_NUMBER.search(t))
    return comma and not point


def _decimal_commas_to_points(s: str) -> str:
    """A decimal-comma cell in the decimal-point form the grammar reads: "38,2" → "38.2", "1,2; 3,4" kept apart."""
    return re.sub(r"(?<=\d),(?=\d)", ".", s)


# --------------------------------------------------------------------------- cell patterns


def _num(token: str | None) -> Num | None:
    return _num_from_match(token) if token else None


def _is_whole(n: Num) -> bool:
    return n.decimals == 0 and "." not in n.text and "e" not in n.text.lower()


_OPEN = r"[\(\[]"
_CLOSE = r"[\)\]]"

_RE_PERCENT = re.compile(rf"(?P<p>{_NUM})\s*%")
_RE_COUNT_PERCENT = re.compile(rf"(?P<n>{_NUM})\s*{_OPEN}\s*(?P<p>{_NUM})\s*%\s*{_CLOSE}")
_RE_PERCENT_COUNT = re.compile(rf"(?P<p>{_NUM})\s*%\s*{_OPEN}\s*(?:n\s*=\s*)?(?P<n>{_NUM})\s*{_CLOSE}")
_RE_FRACTION = re.compile(
    rf"(?P<n>{_NUM})\s*(?:/|\bof\b)\s*(?P<d>{_NUM})(?:\s*{_OPEN}\s*(?P<p>{_NUM})\s*%?\s*{_CLOSE}|\s*,\s*(?P<p2>{_NUM})\s*%)?"
)
_RE_MEAN_PM = re.compile(rf"(?P<m>{_NUM})\s*±\s*(?P<s>{_NUM})")
_RE_PAREN_ONE = re.compile(rf"(?P<a>{_NUM})\s*(?P<open>{_OPEN})\s*(?:SD|S\.D\.)?[\s:=]*(?P<b>{_NUM})\s*{_CLOSE}")
_RE_LABELLED_SPREAD = re.compile(
    rf"(?P<m>{_NUM})\s*[,;]?\s*{_OPEN}?\s*(?P<label>IQR|interquartile range|Q1\s*{_DASH}\s*Q3|Q1,\s*Q3|range|min\s*{_DASH}\s*max|min,\s*max)"
    rf"\s*[:=,]?\s*(?P<lo>{_NUM}){_SEP}(?P<hi>{_NUM})\s*{_CLOSE}?",
    re.I,
)
_RE_PAREN_TWO = re.compile(
    rf"(?:(?P<measure>{_MEASURES})\s*[=:]?\s*)?(?P<est>{_NUM})\s*(?P<open>{_OPEN})\s*"
    rf"(?:(?:\d{{2}}\s*%\s*)?(?:CI|CrI|confidence interval)\s*[:=,]?\s*)?"
    rf"(?P<lo>{_NUM})(?P<sep>{_SEP})(?P<hi>{_NUM})\s*{_CLOSE}"
)
_RE_CI_WORDS = re.compile(
    rf"(?:(?P<measure>{_MEASURES})\s*[=:]?\s*)?(?P<est>{_NUM})\s*[,;]?\s*{_OPEN}?\s*"
    rf"(?:\d{{2}}\s*%\s*)?(?:CI|CrI|confidence interval)\s*[:=,]?\s*{_OPEN}?\s*(?P<lo>{_NUM}){_SEP}(?P<hi>{_NUM})\s*{_CLOSE}?\s*{_CLOSE}?"
)
_RE_INTERVAL = re.compile(rf"{_OPEN}?\s*(?P<lo>{_NUM}){_DASH_SEP}(?P<hi>{_NUM})\s*{_CLOSE}?")
_RE_INTERVAL_BRACKETED = re.compile(rf"{_OPEN}\s*(?P<lo>{_NUM})\s*[,;]\s*(?P<hi>{_NUM})\s*{_CLOSE}")
_RE_P_VALUE = re.compile(
    rf"(?:(?P<p>[pP])\s*(?:[-\s]?values?)?\s*(?P<cmp1>{_CMP})|(?P<cmp2>{_CMP}))\s*(?P<v>{_NUM})"
)
_RE_MEASURE_NUMBER = re.compile(rf"(?P<measure>{_MEASURES})\s*[=:]\s*(?P<est>{_NUM})")


def _comparator(printed: str) -> str:
    return _COMPARATORS.get(re.sub(r"\s+", "", printed), "=")


def _p_value(s: str, hint_p: bool) -> CellValue | None:
    m = _RE_P_VALUE.fullmatch(s)
    if m is None:
        return None
    value = _num(m.group("v"))
    if value is None or value.value < 0:
        return None
    explicit = m.group("p") is not None
    # "<0.001" is a p-value; "<5" or "≥3" is a category label, not one.
    if not (explicit or hint_p) and value.value >= 1:
        return None
    comparator = _comparator(m.group("cmp1") or m.group("cmp2"))
    return CellValue(kind="p_value", p_value=value, comparator=comparator)  # type: ignore[arg-type]


def _spread(kind: str, m: re.Match[str], centre: str, lo: str = "lo", hi: str = "hi") -> CellValue | None:
    c, low, high = _num(m.group(centre)), _num(m.group(lo)), _num(m.group(hi))
    if c is None or low is None or high is None:
        return None
    if kind == "median_iqr":
        return CellValue(kind="median_iqr", median=c, low=low, high=high)
    if kind == "median_range":
        return CellValue(kind="median_range", median=c, low=low, high=high)
    measure = m.groupdict().get("measure")
    return CellValue(kind="estimate_ci", estimate=c, ci_low=low, ci_high=high, measure=measure)


def _settled(value: CellValue | None, basis: str, evidence: str | None) -> CellValue | None:
    """``value`` with how its reading was established (see :class:`kgaudit.model.CellValue`)."""
    if value is None:
        return None
    return replace(value, basis=basis, evidence=evidence)  # type: ignore[arg-type]


def _paren_two(m: re.Match[str], hint: _Hint) -> CellValue | None:
    """``a (b–c)``, ``a [b; c]``, ``HR a (b, c)``: decide between median and estimate.

    A measure printed in the cell settles it; then the row and column labels; then the caption and
    footnotes.  Otherwise the form's default reading is a guess and the cell is marked so.
    """
    if m.group("measure"):
        return _settled(_spread("estimate_ci", m, "est"), "cell", m.group("measure"))
    if words := re.search(r"\b(?:CI|CrI|confidence interval)\b", m.group(0)):
        return _settled(_spread("estimate_ci", m, "est"), "cell", words.group(0))
    for classes, basis in ((hint.classes, "label"), (hint.table_classes, "table")):
        spreads = classes & {"ci", "range", "iqr"}
        if len(spreads) == 1 or (basis == "label" and "ci" in spreads):
            kind = {"ci": "estimate_ci", "range": "median_range", "iqr": "median_iqr"}[
                "ci" if "ci" in spreads else spreads.pop()]
            return _settled(_spread(kind, m, "est"), basis, hint.text if basis == "label" else hint.table_text)
    sep = m.group("sep").strip()
    if sep in (",", ";") or sep == "to":
        return _settled(_spread("estimate_ci", m, "est"), "default", None)
    nums = [_num(m.group(g)) for g in ("est", "lo", "hi")]
    if m.group("open") == "[" or all(n is not None and _is_whole(n) for n in nums):
        return _settled(_spread("median_iqr", m, "est"), "default", None)
    return _settled(_spread("estimate_ci", m, "est"), "default", None)


def _paren_one(m: re.Match[str], hint: _Hint) -> CellValue | None:
    """``a (b)``: a count with its percentage, or a mean with its SD.

    The row/column labels settle it, then the caption and footnotes (when they name one of the two
    only); a count must be a whole number.  Otherwise the cell reads as a mean (SD) by default (a mean
    misread as a count would make the percentage checks fire on a correct table) and is marked as a
    guess.
    """
    a, b = _num(m.group("a")), _num(m.group("b"))
    if a is None or b is None:
        return None
    for classes, basis in ((hint.classes, "label"), (hint.table_classes, "table")):
        says_percent, says_sd = "count_percent" in classes, "sd" in classes
        evidence = hint.text if basis == "label" else hint.table_text
        if says_percent and not says_sd and _is_whole(a):
            return CellValue(kind="count_percent", count=a, percent=b, basis=basis, evidence=evidence)  # type: ignore[arg-type]
        if says_sd and not says_percent:
            return CellValue(kind="mean_sd", mean=a, sd=b, basis=basis, evidence=evidence)  # type: ignore[arg-type]
    return CellValue(kind="mean_sd", mean=a, sd=b, basis="default")


def _percent_count(m: re.Match[str], hint: _Hint) -> CellValue | None:
    """``45% (12)``: a percentage with its count, when the cell ("n = 12"), the labels or the caption say
    the parenthesis is a count; otherwise it could as well be a rank, an SD or a change, and the
    reading is a guess."""
    count, percent = _num(m.group("n")), _num(m.group("p"))
    if count is None or percent is None:
        return None
    if not _is_whole(count):
        return CellValue(kind="percent", percent=percent, basis="default")
    if re.search(r"[(\[]\s*n\s*=", m.group(0), re.I):
        return CellValue(kind="count_percent", count=count, percent=percent, basis="cell", evidence="n =")
    for text, basis in ((hint.text, "label"), (hint.table_text, "table")):
        if text and _PERCENT_THEN_COUNT.search(_normalise(text)):
            return CellValue(kind="count_percent", count=count, percent=percent, basis=basis, evidence=text)  # type: ignore[arg-type]
    return CellValue(kind="count_percent", count=count, percent=percent, basis="default")


# A label or caption saying a percentage comes first and its count second: "% (n)", "% (No.)".
_PERCENT_THEN_COUNT = re.compile(r"%\s*[(\[]\s*(?:n|no\.?|number|count)\s*[)\]]", re.I)


@dataclass(frozen=True)
class _Hint:
    """What the cell's labels (``text``: row and column) and table (``table_text``: caption, notes) say."""

    text: str | None
    classes: set[str]
    table_text: str | None
    table_classes: set[str]


def _match_cell(s: str, hint: _Hint) -> CellValue | None:
    """Try every pattern on a normalised, footnote-free cell; None when nothing fits."""
    hint_p = "p" in hint.classes
    if s.casefold() in _EMPTY_MARKERS or re.fullmatch(rf"{_DASH}+|[{_DASHES}/\s]+", s):
        return CellValue(kind="empty")
    number_only = _NUM_RE.fullmatch(s)
    if number_only:
        value = _num(s)
        if value is None:
            return None
        if hint_p and value.value >= 0:
            return CellValue(kind="p_value", p_value=value, comparator="=", basis="label", evidence=hint.text)
        return CellValue(kind="number", number=value)
    if (p := _p_value(s, hint_p)) is not None:
        return p
    if m := _RE_PERCENT.fullmatch(s):
        return CellValue(kind="percent", percent=_num(m.group("p")))
    if m := _RE_COUNT_PERCENT.fullmatch(s):
        count = _num(m.group("n"))
        if count is not None and not _is_whole(count):
            # "2.5 (12%)" is no count: a mean change with its percentage, a rate; not read.
            return CellValue(kind="text")
        return CellValue(kind="count_percent", count=count, percent=_num(m.group("p")))
    if m := _RE_PERCENT_COUNT.fullmatch(s):
        return _percent_count(m, hint)
    if m := _RE_FRACTION.fullmatch(s):
        return CellValue(
            kind="fraction",
            count=_num(m.group("n")),
            denominator=_num(m.group("d")),
            percent=_num(m.group("p") or m.group("p2")),
        )
    if m := _RE_MEAN_PM.fullmatch(s):
        return CellValue(kind="mean_sd", mean=_num(m.group("m")), sd=_num(m.group("s")))
    if m := _RE_LABELLED_SPREAD.fullmatch(s):
        label = m.group("label").casefold()
        kind = "median_range" if label.startswith(("range", "min")) else "median_iqr"
        return _spread(kind, m, "m")
    if m := _RE_PAREN_ONE.fullmatch(s):
        return _paren_one(m, hint)
    if m := _RE_PAREN_TWO.fullmatch(s):
        return _paren_two(m, hint)
    if m := _RE_CI_WORDS.fullmatch(s):
        return _spread("estimate_ci", m, "est")
    if m := _RE_INTERVAL.fullmatch(s):
        low, high = _num(m.group("lo")), _num(m.group("hi"))
        return CellValue(kind="interval", ci_low=low, ci_high=high, basis="label" if "ci" in hint.classes else "cell",
                         evidence=hint.text if "ci" in hint.classes else None)
    if m := _RE_INTERVAL_BRACKETED.fullmatch(s):
        return CellValue(kind="interval", ci_low=_num(m.group("lo")), ci_high=_num(m.group("hi")))
    if m := _RE_MEASURE_NUMBER.fullmatch(s):
        return CellValue(kind="number", number=_num(m.group("est")))
    return None


def parse_cell(text: str, hint: str | None = None, *, context: str | None = None,
               decimal_comma: bool = False) -> CellValue:
    """Parse the text of one table cell; never raises (unknown forms give ``kind="text"``).

    ``hint`` is the row and/or column label the cell sits under (``"n (%)"``,
    ``"Mean ± SD"``, ``"Median (IQR)"``, ``"OR (95% CI)"``, ``"p"``); ``context`` the
    table's caption and footnotes ("Data are n (%)"), consulted when the labels do not
    settle an ambiguous form; see the module docstring.  ``decimal_comma`` reads every
    comma between digits as a decimal mark (:func:`uses_decimal_comma` decides it per
    table).  The result's ``basis`` and ``evidence`` say what established the reading.
    """
    try:
        if not isinstance(text, str):
            return CellValue(kind="text")
        s = _strip_footnotes(_normalise(text))
        if decimal_comma:
            s = _decimal_commas_to_points(s)
        classes = _hint_classes(hint)
        table_classes = table_notation_classes(context)
        value = _match_cell(s, _Hint(text=hint, classes=classes, table_text=context if table_classes else None,
                                     table_classes=table_classes))
        return value if value is not None else CellValue(kind="text")
    except (ValueError, OverflowError, RecursionError):  # defensive: a cell must never stop ingest
        return CellValue(kind="text")


# --------------------------------------------------------------------------- group sizes

# Thousands may be grouped by a comma, a thin or no-break space, or (SI style, "n = 22 447") a
# plain space: without the last, a header's n of 22 447 is read as 22.
_RE_GROUP_SIZE = re.compile(
    r"(?<![A-Za-z])[nN]\s*(?:[=:]|\s)\s*(?P<n>\d{1,3}(?:[,\u2009\u202f\u00a0 ]\d{3})+(?![\d.%])|\d+)(?![\d.])"
)


def parse_group_size(header: str) -> int | None:
    """The group size printed in a column header: ``(n=125)``, ``N = 1,204``, ``n: 40``; else None."""
    if not isinstance(header, str):
        return None
    m = _RE_GROUP_SIZE.search(header)
    if m is None:
        return None
    digits = re.sub(r"\D", "", m.group("n"))
    return int(digits) if digits else None


# --------------------------------------------------------------------------- column roles

_P_HEADER = re.compile(
    r"(?:^|[\s/(])p(?:[\s-]*values?)?\s*[*†‡a-z]?$"  # "p", "P-value", "Mortality p", "p value a"
    r"|^p\s*\(.*\)$|^p[\s-]*values?\b"  # "P (χ²)", "p-value (two-sided)"
    r"|\bsig(?:nificance|\.)?$|^pr\s*\(>"  # "Sig.", R's "Pr(>|t|)"
)
_LEADING_CI_HEADER = re.compile(r"(?:95\s*%\s*)?(?:ci\b|c\.\s?i\.|confidence interval)")
_ESTIMATE_HEADER = re.compile(
    r"odds ratio|hazard ratio|risk ratio|relative risk|\b(?:a?or|a?hr|rr|irr)\b|estimate|coefficient|β|\bbeta\b"
    r"|mean difference"
)
_CI_HEADER = re.compile(r"\bci\b|\bc\.\s?i\.|confidence interval")
_TOTAL_HEADER = re.compile(r"(?:total|overall|all(?: patients| subjects| participants)?)(?:\s*[(\[].*[)\]])?")


# A meta-analysis table prints the heterogeneity test beside I²: "I² (%) | p" or "P for heterogeneity".
# That p tests whether the studies agree, not the pooled estimate.
_HETEROGENEITY_HEADER = re.compile(r"\bi\s*(?:²|2|\^2)(?:\s*\(%\))?$|^i\s*(?:²|2|\^2)\b|heterogeneity|\bhet\b|\btau\s*(?:²|2)")
HETEROGENEITY_P_ROLE = "heterogeneity_p"


def mark_heterogeneity_p(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """Re-read p columns that may test heterogeneity: named so, or printed beside an I² column.

    Beside I² a bare "p" may be the pooled estimate's or the heterogeneity test's: the reading is not
    established, so the column is not given to the checks as the estimate's p.
    """
    marked = list(columns)
    for i, column in enumerate(columns):
        if column.role != "p_value":
            continue
        low = column.label.lower()
        neighbours = [columns[j].label.lower().strip() for j in (i - 1, i + 1) if 0 < j < len(columns)]
        beside_i_squared = any(_HETEROGENEITY_HEADER.search(label) for label in neighbours)
        if "heterogeneity" in low or beside_i_squared:
            marked[i] = replace(column, role=HETEROGENEITY_P_ROLE)
    return tuple(marked)


def read_columns(labels: list[str] | tuple[str, ...], *, unsized: str = "group") -> tuple[Column, ...]:
    """A table's columns from their printed labels: each with its group size and role, p columns that may
    test heterogeneity re-read (``unsized`` as in :func:`column_role`)."""
    return mark_heterogeneity_p(tuple(
        Column(label=label, index=i, n=(n := parse_group_size(label)), role=column_role(label, i, n, unsized=unsized))
        for i, label in enumerate(labels)
    ))


def column_role(label: str, index: int, n: int | None = None, *, unsized: str = "group") -> str:
    """What a table column holds, judged from its header: label, p_value, ci, estimate, total, group or other.

    The first column holds the row labels.  "OR (95% CI)" holds estimates with their
    intervals, so estimates win over a CI named later in the header.  A column that
    is none of these is a group when its header prints a size (n); otherwise it is
    ``unsized`` (plain-text tables print sizes rarely, so they pass "group"; XML
    tables have many descriptive columns, so they pass "other").
    """
    low = label.lower().strip()
    if index == 0:
        return "label"
    if _P_HEADER.search(low):
        return "p_value"
    if _LEADING_CI_HEADER.match(low):
        return "ci"
    if _ESTIMATE_HEADER.search(low):
        return "estimate"
    if _CI_HEADER.search(low):
        return "ci"
    if _TOTAL_HEADER.fullmatch(low):
        return "total"
    return "group" if n is not None else unsized
