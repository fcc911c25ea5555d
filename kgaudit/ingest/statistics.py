"""APA-style test results in running text, found and checked (statcheck's approach).

:func:`find_statistics` finds results such as ``t(48) = 2.31, p = .025``,
``F(2, 87) = 4.1, p < .05``, ``r(98) = .21, p = .04``,
``χ2(1, N = 250) = 3.9, p = .048``, ``chi2(1) = 3.9, ns``, ``z = 2.1, p = .03``
and ``Q(12) = 20.1, p = .07`` (also ``Qw``/``Qb``, read as Q), Kruskal-Wallis
``H(2) = 7.1, p = .03``, an F's df in square brackets (``F[1, 12] = 8.4``), df
printed after the value (``t = 2.31, df = 58, p = .02``), and a correlation
with its sample size (``r = .68, n = 51, p < .001``, df = n − 2).  Compared with
statcheck's strict APA grammar it also accepts a semicolon before the p-value,
any amount of white space (including line breaks), Unicode minus signs with a
space after them, ``P``, ``≤``/``≥`` before the p-value and Lancet's middle
dot (``p=0·03``).  Like statcheck it keeps the statistic's printed decimals,
reads ``F(l, 76)`` as ``F(1, 76)`` (a PDF glyph for 1), reads a run of odd
characters before the value as a minus sign, and drops ``|r| > 1`` and
``p > 1``.

Degrees of freedom follow statcheck's columns: t and r put theirs in ``df2``;
F has ``df1`` and ``df2``; chi2 and Q put theirs in ``df1``.  A result printed
with ``ns`` instead of a p-value has ``p_value = None`` and
``p_comparator = None``.

:func:`check_text_statistic` recomputes the p-value and applies statcheck's
rules (see :mod:`kgaudit.stats.pvalues`), with its options.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kgaudit.model import Num, Span, TextStatistic
from kgaudit.stats.numeric import printed_value
from kgaudit.stats.pvalues import (
    decision_error,
    p_consistent,
    p_range_from_statistic,
)

__all__ = [
    "PValueMention",
    "apa_factor",
    "check_text_statistic",
    "find_p_values",
    "find_statistics",
    "mentions_one_tailed",
]

# --------------------------------------------------------------------------- grammar

_DOT = r"[.·]"
# A value: 2,000.20 | 2.20 | .20 | 2 (a comma only as a thousands separator).
_NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:{_DOT}\d+)?|\d*{_DOT}?\d+)"
_DF = rf"\d*{_DOT}?\d+"
_MINUS_CHARS = "-\u2212\u2013\u2012\u2010\u2011\ufe63\uff0d"
# A minus sign (possibly followed by one space), or up to three odd characters that a
# PDF made of one (statcheck's rule); "+" is a plus sign.
_SIGN = rf"(?P<sign>[{_MINUS_CHARS}]\s?|\+|[^\w\s.,;:()\[\]=<>+·]{{1,3}})?"
_STAT_VALUE = rf"(?P<tcomp>[=<>])\s*{_SIGN}\s*(?P<value>{_NUMBER})"
_SEPARATOR = r"\s*[,;]\s*"
_P_PART = (
    rf"(?:(?<![A-Za-z])[pP]\s*(?P<pcomp><=|>=|[<>=≤≥])\s*(?P<p>\d?{_DOT}\d+(?:[eE][-−]?\d+)?)"
    r"|(?<![A-Za-z])(?P<ns>n\.?s\.?)(?![A-Za-z]))"
)
# A test letter stands alone; "B" right before it is a PDF glyph for an opening quote.
_ALONE = r"(?:(?<![A-Za-z])|(?<=(?<![A-Za-z])B))"

# Degrees of freedom in parentheses; an F's also in square brackets.
_OPEN, _CLOSE = r"\(", r"\)"
_F_OPEN, _F_CLOSE = r"[(\[]", r"[)\]]"

_SUBSCRIPT_DIGITS = "\u2080-\u2089"  # ₀ … ₉
_SUBSCRIPT_TO_DIGIT = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def _df_forms(name: str, glued: bool = False) -> str:
    """One df printed after the test letter: ``(58)``, subscripted as ``_{58}``, ``_58``, ``₅₈`` or ``₍₅₈₎``
    (as LaTeX, Markdown and PDFs set a subscript), or, with ``glued``, digits straight after the letter
    (``t58 = 2.31``, a PDF's flattened subscript; only where a value follows)."""
    forms = [
        rf"\s*{_OPEN}\s*(?P<{name}>{_DF})\s*{_CLOSE}",
        rf"_\{{\s*(?P<{name}_b>\d+)\s*\}}",
        rf"_(?P<{name}_u>\d+)",
        rf"(?P<{name}_s>[{_SUBSCRIPT_DIGITS}]+)",
        rf"\u208d(?P<{name}_p>[{_SUBSCRIPT_DIGITS}]+)\u208e",
    ]
    if glued:
        # two digits at least: "t2 = 3.1" is as often a time point (t1, t2) as a df.
        forms.append(rf"(?P<{name}_g>\d{{2,}})(?=\s*[=<>])")
    return "(?:" + "|".join(forms) + ")"


# An F's two df: "(2, 57)", "[1, 12]" (square brackets, seen outside psychology; statcheck rejects "t[28]",
# and so does kgaudit), "_{2,57}", "₂,₅₇", or glued "F2,57 =".
_F_DFS = (
    rf"(?:\s*{_F_OPEN}\s*(?P<df1>{_DF}|[Il])\s*,\s*(?P<df2>{_DF})\s*{_F_CLOSE}"
    r"|_\{\s*(?P<df1_b>\d+)\s*,\s*(?P<df2_b>\d+)\s*\}"
    rf"|(?P<df1_s>[{_SUBSCRIPT_DIGITS}]+)\s?,\s?(?P<df2_s>[{_SUBSCRIPT_DIGITS}]+)"
    r"|(?P<df1_g>\d+),\s?(?P<df2_g>\d+)(?=\s*[=<>]))"
)
# Mann-Whitney U with both group sizes printed: "U(n1 = 12, n2 = 14) = 45.5" (the sizes after the value are
# read by _U_SIZES_AFTER).
_GROUP_SIZE = r"\d{1,3}(?:,\d{3})+|\d+"
_U_SIZES = (rf"\s*\(\s*[nN]\s?_?\{{?1\}}?\s*=\s*(?P<n1>{_GROUP_SIZE})\s*,\s*[nN]\s?_?\{{?2\}}?\s*=\s*"
            rf"(?P<n2>{_GROUP_SIZE})\s*\)")

_TEST_HEADS: dict[str, str] = {
    "t": rf"{_ALONE}t{_df_forms('df', glued=True)}",
    "r": rf"{_ALONE}r{_df_forms('df')}",
    "F": rf"{_ALONE}F{_F_DFS}",
    "Q": (
        rf"{_ALONE}Q(?:\s?-?\s?(?P<qkind>within|between|Within|Between|w|W|b|B))?"
        rf"\s*{_OPEN}\s*(?P<df>{_DF})\s*{_CLOSE}"
    ),
    "chi2": (
        r"(?<![A-Za-z])(?:(?:[Cc]hi|CHI|χ|Χ)(?:\s?\^?\s?2|²|_2|[-\s]square[d]?)?|(?:[Xx]|G|B)(?:\^?2|²|_2))"
        rf"(?:\s*{_OPEN}\s*(?P<df>{_DF})\s*(?:,\s*[Nn]\s*=\s*(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+)\s*)?{_CLOSE}"
        rf"|_\{{\s*(?P<df_b>\d+)\s*\}}|(?P<df_s>[{_SUBSCRIPT_DIGITS}]+)"
        rf"|\u208d(?P<df_p>[{_SUBSCRIPT_DIGITS}]+)\u208e)"
    ),
    "z": r"(?<![A-Za-z])[zZ]",
    # Kruskal-Wallis H, referred to chi-square with its df (printed "H(2) = 7.1").
    "H": rf"(?<![A-Za-z])H\s*{_OPEN}\s*(?P<df>{_DF})\s*{_CLOSE}",
    "U": rf"(?<![A-Za-z])U{_U_SIZES}",
}

_PATTERNS: dict[str, re.Pattern[str]] = {
    test: re.compile(rf"{head}\s*{_STAT_VALUE}{_SEPARATOR}{_P_PART}")
    for test, head in _TEST_HEADS.items()
}

# The df printed after the value: "t = 2.31, df = 58, p = .02", "H = 7.00, df = 1: P = 0.008".
_DF_AFTER_HEADS: dict[str, str] = {
    "t": rf"{_ALONE}t", "r": rf"{_ALONE}r", "H": r"(?<![A-Za-z])H",
    "chi2": r"(?<![A-Za-z])(?:(?:[Cc]hi|CHI|χ|Χ)(?:\s?\^?\s?2|²|_2)?-?(?:\s?square[d]?)?|(?:[Xx])(?:\^?2|²|_2))",
}
# A correlation with its sample size instead of df: "r = 0.68, n = 51, p < .001" (df = n - 2).
_R_WITH_N = re.compile(
    rf"{_ALONE}r\s*{_STAT_VALUE}\s*[,;]\s*[nN]\s*=\s*(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+)\s*[,;:]\s*{_P_PART}")
# "U = 45.5, n1 = 12, n2 = 14, p = .03" or "U = 2, n1 = n2 = 5: P ≤ 0.01": the group sizes after the value.
_N_INDEX = r"[nN]\s?_?\{{?{k}\}}?\s*=\s*"
_U_SIZES_AFTER = re.compile(
    rf"(?<![A-Za-z])U\s*{_STAT_VALUE}\s*[,;]\s*(?:{_N_INDEX.format(k=1)}(?P<n1>{_GROUP_SIZE})\s*[,;]\s*"
    rf"{_N_INDEX.format(k=2)}(?P<n2>{_GROUP_SIZE})|{_N_INDEX.format(k=1)}{_N_INDEX.format(k=2)}(?P<nboth>{_GROUP_SIZE}))"
    rf"\s*[,;:]\s*{_P_PART}")
_DF_AFTER: dict[str, re.Pattern[str]] = {
    test: re.compile(rf"{head}\s*{_STAT_VALUE}\s*[,;]\s*(?:df|d\.f\.)\s*=\s*(?P<df>\d+)\s*[,;:]\s*{_P_PART}")
    for test, head in _DF_AFTER_HEADS.items()
}

_P_MENTION = re.compile(_P_PART)
_ONE_TAILED = re.compile(r"\bone[\s\-\u2010\u2011\u2013]?(?:tailed|sided)\b|\bdirectional\b", re.IGNORECASE)


# --------------------------------------------------------------------------- numbers


def _num(text: str, negative: bool = False) -> Num:
    """A :class:`Num` from a printed number (thousands commas and middle dots normalised)."""
    cleaned = text.replace(",", "").replace("·", ".")
    value, decimals = printed_value(cleaned)
    if negative:
        value, cleaned = -value, "-" + cleaned
    return Num(float(value), cleaned, decimals)


def _df(text: str | None) -> float | None:
    if text is None:
        return None
    if text in {"I", "l"}:
        return 1.0  # a PDF set the digit 1 as the letter I or l
    return float(text.translate(_SUBSCRIPT_TO_DIGIT).replace("·", "."))


def _df_group(groups: dict[str, str | None], name: str) -> str | None:
    """The df captured under ``name`` in whichever of its printed forms matched (see :func:`_df_forms`)."""
    return next((groups[key] for key in (name, f"{name}_b", f"{name}_u", f"{name}_s", f"{name}_p", f"{name}_g")
                 if groups.get(key) is not None), None)


def _p_fields(match: re.Match[str]) -> tuple[Num | None, str | None]:
    if match.group("ns"):
        return None, None
    comparator = {"≤": "<=", "≥": ">="}.get(match.group("pcomp"), match.group("pcomp"))
    return _num(match.group("p").replace("−", "-")), comparator


# --------------------------------------------------------------------------- extraction


def _statistic(test: str, match: re.Match[str], offset: int) -> TextStatistic | None:
    sign = match.group("sign") or ""
    value = _num(match.group("value"), negative=bool(sign.strip()) and sign.strip() != "+")
    p_value, p_comparator = _p_fields(match)
    if p_value is not None and p_value.value > 1:
        return None  # not a p-value
    if test == "r" and abs(value.value) > 1:
        return None  # not a correlation
    groups = match.groupdict()
    if test == "F":
        df1, df2 = _df(_df_group(groups, "df1")), _df(_df_group(groups, "df2"))
    elif test in {"t", "r"}:
        df1, df2 = None, _df(_df_group(groups, "df"))
    elif test in {"chi2", "Q", "H"}:
        df1, df2 = _df(_df_group(groups, "df")), None
    elif test == "U":  # the group sizes travel as df1 and df2
        df1, df2 = (float((groups[k] or groups.get("nboth") or "0").replace(",", "")) for k in ("n1", "n2"))
        if min(df1, df2) < 1 or value.value < 0 or value.value > df1 * df2:
            return None  # not a U: it lies between 0 and n1·n2
    else:
        df1 = df2 = None
    n = int(groups["n"].replace(",", "")) if groups.get("n") else None
    if test == "r" and _df_group(groups, "df") is None:
        if n is None or n < 3:
            return None
        df2, n = float(n - 2), None  # "r = .68, n = 51": df = n - 2
    return TextStatistic(
        test=test,  # type: ignore[arg-type]
        value=value,
        span=Span(match.start() + offset, match.end() + offset),
        raw=match.group(0),
        df1=df1,
        df2=df2,
        comparator=match.group("tcomp"),  # type: ignore[arg-type]
        p_value=p_value,
        p_comparator=p_comparator,  # type: ignore[arg-type]
        n=n,
    )


def find_statistics(text: str, offset: int = 0) -> list[TextStatistic]:
    """Every APA-style test result in ``text``, in order of appearance.

    ``offset`` is where ``text`` starts in the document, so that spans are
    absolute (``Document.text[span.start:span.end] == stat.raw``).
    """
    found: list[TextStatistic] = []
    for patterns in (_PATTERNS, _DF_AFTER, {"r": _R_WITH_N, "U": _U_SIZES_AFTER}):
        for test, pattern in patterns.items():
            for match in pattern.finditer(text):
                statistic = _statistic(test, match, offset)
                if statistic is not None:
                    found.append(statistic)
    found.sort(key=lambda s: (s.span.start, -s.span.end))
    kept: list[TextStatistic] = []
    for statistic in found:
        # Two grammars can claim overlapping text (a chi glyph that is also a letter):
        # the earlier, longer match wins.
        if kept and statistic.span.start < kept[-1].span.end:
            continue
        kept.append(statistic)
    return kept


@dataclass(frozen=True)
class PValueMention:
    """A p-value anywhere in the text (``p = .04``, ``P < 0.001``, ``ns``)."""

    span: Span
    raw: str
    comparator: str  # "=", "<", ">", "<=", ">=" or "ns"
    value: Num | None  # None for "ns"


def find_p_values(text: str, offset: int = 0) -> list[PValueMention]:
    """Every p-value printed in ``text`` (statcheck's ``AllPValues``), with or without a statistic."""
    mentions: list[PValueMention] = []
    for match in _P_MENTION.finditer(text):
        value, comparator = _p_fields(match)
        if value is not None and value.value > 1:
            continue
        mentions.append(PValueMention(
            span=Span(match.start() + offset, match.end() + offset),
            raw=match.group(0),
            comparator=comparator or "ns",
            value=value,
        ))
    return mentions


def apa_factor(text: str) -> float | None:
    """Share of the p-values in ``text`` that belong to a complete APA result (statcheck's APAfactor)."""
    p_values = find_p_values(text)
    if not p_values:
        return None
    return len(find_statistics(text)) / len(p_values)


def mentions_one_tailed(text: str) -> bool:
    """Whether ``text`` says a test was one-tailed ("one-tailed", "one-sided", "directional")."""
    return _ONE_TAILED.search(text) is not None


# --------------------------------------------------------------------------- checking


def _evaluate(stat: TextStatistic, two_sided: bool, alpha: float, p_equal_alpha_sig: bool,
              p_zero_error: bool) -> dict[str, Any]:
    p_range = p_range_from_statistic(stat.test, stat.value, stat.df1, stat.df2, two_sided=two_sided)
    comparator = stat.p_comparator if stat.p_value is not None else "ns"
    reported: Num | float = stat.p_value if stat.p_value is not None else alpha
    error = not p_consistent(reported, comparator or "=", p_range.low, p_range.high,
                             test_comparator=stat.comparator, p_zero_error=p_zero_error, alpha=alpha)
    wrong_decision = error and decision_error(
        reported, comparator or "=", p_range.point, alpha,
        p_equal_alpha_sig=p_equal_alpha_sig, test_comparator=stat.comparator,
    )
    return {
        "computed_p": p_range.point,
        "p_low": p_range.low,
        "p_high": p_range.high,
        "error": error,
        "decision_error": wrong_decision,
        "two_sided": two_sided,
    }


def check_text_statistic(
    stat: TextStatistic, one_tailed_ok: bool = False, *, context: str | None = None,
    one_tailed_in_text: bool | None = None, alpha: float = 0.05, p_equal_alpha_sig: bool = True,
    p_zero_error: bool = True, one_tailed_tests: bool = False,
) -> dict[str, Any]:
    """Recompute a text result's p-value and judge the reported one (statcheck semantics).

    Options, named after statcheck's:

    * ``one_tailed_tests`` (OneTailedTests): every t, r and z test is one-tailed;
    * ``one_tailed_ok`` (OneTailedTxt): when the text says "one-tailed",
      "one-sided" or "directional" (searched in ``context``, by default the
      result itself; or forced with ``one_tailed_in_text``), a result that is
      an error as two-tailed but not as one-tailed is taken as one-tailed;
    * ``p_equal_alpha_sig`` (pEqualAlphaSig): a reported ``p = alpha`` is significant;
    * ``p_zero_error`` (pZeroError): a reported ``p = 0`` is an error.

    Returns ``computed_p``, ``p_low``/``p_high`` (the range over the rounding of
    the statistic), ``error``, ``decision_error``, ``two_sided`` (the reading
    used), ``one_tailed_applied``, ``reported_p`` (None for "ns") and
    ``p_comparator`` ("ns" for "ns").
    """
    result = _evaluate(stat, not one_tailed_tests, alpha, p_equal_alpha_sig, p_zero_error)
    applied = False
    if one_tailed_ok and not one_tailed_tests and result["error"]:
        mentioned = one_tailed_in_text if one_tailed_in_text is not None else mentions_one_tailed(
            context if context is not None else stat.raw
        )
        if mentioned:
            one_tailed = _evaluate(stat, False, alpha, p_equal_alpha_sig, p_zero_error)
            if one_tailed["error"] != result["error"]:
                result, applied = one_tailed, True
    result.update({
        "test": stat.test,
        "reported_p": stat.p_value.value if stat.p_value is not None else None,
        "p_comparator": stat.p_comparator if stat.p_value is not None else "ns",
        "one_tailed_applied": applied,
    })
    return result
