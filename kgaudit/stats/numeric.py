"""Granularity and bounds tests for printed summary statistics (pure functions).

Every printed number is treated as the interval of true values it rounds from:
``"5.20"`` under the default rounding stands for ``[5.195, 5.205]``.  All
arithmetic on those intervals is exact (:class:`fractions.Fraction`), so no
test here depends on the last bit of a float.

Tests
-----
* GRIM (Brown & Heathers 2017): is a mean of integer data possible for ``n``?
* GRIMMER (Anaya 2016; Allard's analytic variant as implemented by scrutiny):
  is the SD possible given the mean's possible integer sums?
* DEBIT (Heathers & Brown 2019): is the SD of binary data possible for its mean?
* SD bounds (rsprite2 / SPRITE): the smallest and largest SD integer data in
  ``[low, high]`` can have for a given mean and ``n``; Bhatia–Davis for
  continuous bounded data.
* Percentages: is ``x%`` a rounding of ``count / n``, and which counts give ``x%``?

Rounding modes are scrutiny's: ``up_or_down`` (default: half up or half down),
``up_from_or_down_from``, ``ceiling_or_floor``, ``even``, ``up``, ``down``,
``up_from``, ``down_from`` (both with ``threshold``), ``ceiling``, ``floor``,
``trunc``, ``anti_trunc``.  Like scrutiny with ``symmetric = FALSE``, the
"up"/"down" modes round towards +inf/-inf on ties for negative numbers too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Literal

from kgaudit.model import Num

RoundingMode = Literal[
    "up_or_down", "up_from_or_down_from", "ceiling_or_floor", "even", "up", "down",
    "up_from", "down_from", "ceiling", "floor", "trunc", "anti_trunc",
]
ROUNDING_MODES: tuple[str, ...] = (
    "up_or_down", "up_from_or_down_from", "ceiling_or_floor", "even", "up", "down",
    "up_from", "down_from", "ceiling", "floor", "trunc", "anti_trunc",
)

# Modes whose whole point is the direction of a tie: float_ties leaves them alone.
_TIE_DEFINING_MODES = frozenset({"up", "down", "up_from", "down_from", "up_from_or_down_from"})

# Roundings a journal table's percentages are accepted under: half up, half
# down / half even (both covered by up_or_down) and plain truncation.
PERCENT_ROUNDINGS: tuple[str, ...] = ("up_or_down", "trunc")

# Beyond this many candidate integer sums the tests stop enumerating: with that
# many sums the mean's precision carries no information about granularity.
_MAX_CANDIDATES = 200_000

Printed = str | Num | int | float

_MINUS_SIGNS = "\u2212\u2013\u2012\u2010\u2011\ufe63\uff0d"


# --------------------------------------------------------------------------- printed numbers


def printed_value(x: Printed) -> tuple[Fraction, int]:
    """The exact value of a printed number and its number of decimals.

    Strings keep trailing zeros (``"5.20"`` has 2 decimals); a :class:`Num` is
    trusted for its ``decimals``; a float only has the decimals of its ``repr``
    (``5.20`` becomes ``5.2``), so pass strings or ``Num`` when zeros matter.
    """
    if isinstance(x, Num):
        text = f"{x.value:.{max(x.decimals, 0)}f}"
        return Fraction(Decimal(text)), max(x.decimals, 0)
    if isinstance(x, bool):
        raise TypeError("a printed number cannot be a bool")
    if isinstance(x, int):
        return Fraction(x), 0
    text = repr(x) if isinstance(x, float) else str(x)
    return _parse_number_text(text)


def _parse_number_text(text: str) -> tuple[Fraction, int]:
    cleaned = text.strip().replace(" ", "").replace("\u2009", "")
    for minus in _MINUS_SIGNS:
        cleaned = cleaned.replace(minus, "-")
    if cleaned.count(",") and "." in cleaned:
        cleaned = cleaned.replace(",", "")  # thousands separators: "2,000.20"
    elif cleaned.count(",") == 1 and (
        len(cleaned.split(",")[1]) != 3 or cleaned.split(",")[0].lstrip("+-") == "0"
    ):
        cleaned = cleaned.replace(",", ".")  # decimal comma: "5,2", "0,350"
    else:
        cleaned = cleaned.replace(",", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text!r}") from exc
    if not number.is_finite():
        raise ValueError(f"not a finite number: {text!r}")
    exponent = number.as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return Fraction(number), decimals


# --------------------------------------------------------------------------- rounding intervals


@dataclass(frozen=True)
class RoundingInterval:
    """The true values ``v`` that round to a printed number: ``lo (<|<=) v (<|<=) hi``."""

    lo: Fraction
    hi: Fraction
    lo_closed: bool = True
    hi_closed: bool = True

    def contains(self, value: Fraction | int) -> bool:
        """Whether ``value`` lies in the interval (exact comparison)."""
        above = value >= self.lo if self.lo_closed else value > self.lo
        below = value <= self.hi if self.hi_closed else value < self.hi
        return above and below

    def scaled(self, factor: Fraction | int) -> RoundingInterval:
        """The interval multiplied by a positive factor."""
        return RoundingInterval(self.lo * factor, self.hi * factor, self.lo_closed, self.hi_closed)

    def clipped_below(self, floor_value: Fraction | int) -> RoundingInterval:
        """The interval with values below ``floor_value`` removed (an SD is never negative)."""
        if self.lo >= floor_value:
            return self
        return RoundingInterval(Fraction(floor_value), self.hi, True, self.hi_closed)

    def integers(self) -> range:
        """The integers inside the interval, as a range (possibly empty)."""
        first = math.ceil(self.lo)
        if not self.lo_closed and first == self.lo:
            first += 1
        last = math.floor(self.hi)
        if not self.hi_closed and last == self.hi:
            last -= 1
        return range(first, last + 1)

    def as_floats(self) -> tuple[float, float]:
        """The bounds as floats, for statistics that are not exact anyway."""
        return float(self.lo), float(self.hi)


def _union(a: RoundingInterval, b: RoundingInterval) -> RoundingInterval:
    """Union of two overlapping intervals (both contain the printed value)."""
    if a.lo < b.lo or (a.lo == b.lo and a.lo_closed):
        lo, lo_closed = a.lo, a.lo_closed
    else:
        lo, lo_closed = b.lo, b.lo_closed
    if a.hi > b.hi or (a.hi == b.hi and a.hi_closed):
        hi, hi_closed = a.hi, a.hi_closed
    else:
        hi, hi_closed = b.hi, b.hi_closed
    return RoundingInterval(lo, hi, lo_closed, hi_closed)


def rounding_interval(
    x: Printed, rounding: str = "up_or_down", threshold: float = 5, float_ties: bool = True
) -> RoundingInterval:
    """The interval of true values that ``rounding`` turns into the printed ``x``.

    ``threshold`` is the digit from which ``up_from``/``down_from`` round up/down
    (5 is ordinary rounding).  ``float_ties`` closes both ends: a true value
    exactly on a boundary may have been computed in binary floating point just
    below or above it by the authors' software, so it may have rounded either
    way (scrutiny's "dust").  The ``up``/``down`` families are exempt, as in
    scrutiny: they exist to pin the direction of a tie.  With
    ``float_ties=False`` every boundary follows the mode exactly.
    """
    value, decimals = printed_value(x)
    return _interval_for(value, decimals, rounding, threshold, float_ties)


def _interval_for(value: Fraction, decimals: int, rounding: str, threshold: float,
                  float_ties: bool = False) -> RoundingInterval:
    interval = _exact_interval_for(value, decimals, rounding, threshold)
    if float_ties and rounding not in _TIE_DEFINING_MODES:
        return RoundingInterval(interval.lo, interval.hi, True, True)
    return interval


def _exact_interval_for(value: Fraction, decimals: int, rounding: str, threshold: float) -> RoundingInterval:
    unit = Fraction(1, 10**decimals)
    half = unit / 2
    cut = Fraction(threshold).limit_denominator(1000) / 10 * unit
    match rounding:
        case "up_or_down":
            return RoundingInterval(value - half, value + half, True, True)
        case "up":
            return RoundingInterval(value - half, value + half, True, False)
        case "down":
            return RoundingInterval(value - half, value + half, False, True)
        case "even":
            # Half-even: a tie on either side rounds to this value only if its last digit is even.
            is_even = (value / unit) % 2 == 0
            return RoundingInterval(value - half, value + half, is_even, is_even)
        case "up_from":
            return RoundingInterval(value - unit + cut, value + cut, True, False)
        case "down_from":
            return RoundingInterval(value - cut, value + unit - cut, False, True)
        case "up_from_or_down_from":
            return _union(_exact_interval_for(value, decimals, "up_from", threshold),
                          _exact_interval_for(value, decimals, "down_from", threshold))
        case "ceiling":
            return RoundingInterval(value - unit, value, False, True)
        case "floor":
            return RoundingInterval(value, value + unit, True, False)
        case "ceiling_or_floor":
            return RoundingInterval(value - unit, value + unit, False, False)
        case "trunc":
            if value > 0:
                return RoundingInterval(value, value + unit, True, False)
            if value < 0:
                return RoundingInterval(value - unit, value, False, True)
            return RoundingInterval(-unit, unit, False, False)
        case "anti_trunc":
            if value > 0:
                return RoundingInterval(value - unit, value, False, True)
            if value < 0:
                return RoundingInterval(value, value + unit, True, False)
            return RoundingInterval(Fraction(0), Fraction(0), True, True)
    raise ValueError(f"unknown rounding mode {rounding!r}; use one of {', '.join(ROUNDING_MODES)}")


def rounds_to(true_value: Fraction | float, printed: Printed, rounding: str = "up_or_down",
              threshold: float = 5, float_ties: bool = False) -> bool:
    """Whether ``true_value`` rounds to ``printed`` under ``rounding`` (exact boundaries by default)."""
    exact = true_value if isinstance(true_value, Fraction) else Fraction(true_value)
    return rounding_interval(printed, rounding, threshold, float_ties).contains(exact)


# --------------------------------------------------------------------------- GRIM


def _check_n(n: int, items: int = 1) -> None:
    if isinstance(n, bool) or int(n) != n or n < 1:
        raise ValueError(f"sample size must be a positive integer, got {n!r}")
    if isinstance(items, bool) or int(items) != items or items < 1:
        raise ValueError(f"items must be a positive integer, got {items!r}")


def grim_sums(
    mean: Printed, n: int, items: int = 1, percent: bool = False,
    rounding: str = "up_or_down", threshold: float = 5, float_ties: bool = True,
) -> range:
    """The integer sums (of ``n * items`` item responses) whose mean prints as ``mean``."""
    _check_n(n, items)
    value, decimals = printed_value(mean)
    if percent:
        value, decimals = value / 100, decimals + 2
    interval = _interval_for(value, decimals, rounding, threshold, float_ties)
    return interval.scaled(int(n) * int(items)).integers()


def grim_consistent(
    mean: Printed, n: int, items: int = 1, percent: bool = False,
    rounding: str = "up_or_down", threshold: float = 5, float_ties: bool = True,
) -> bool:
    """GRIM: can ``n`` integer responses (``items`` per person) average to the printed mean?

    ``percent=True`` reads ``mean`` as a percentage of ``n`` (scrutiny's
    ``percent``).  True when some integer sum ``S`` has ``S / (n * items)``
    rounding to ``mean``.  ``float_ties``: see :func:`rounding_interval`.
    """
    return len(grim_sums(mean, n, items, percent, rounding, threshold, float_ties)) > 0


# --------------------------------------------------------------------------- GRIMMER


def grimmer_consistent(
    mean: Printed, sd: Printed, n: int, items: int = 1,
    rounding: str = "up_or_down", threshold: float = 5, float_ties: bool = True,
) -> bool:
    """GRIMMER: is the printed SD possible for integer data with this mean and ``n``?

    Follows scrutiny's analytic GRIMMER: for every integer sum ``S`` that passes
    GRIM, the sum of squares ``Q`` of the ``n`` (item-scaled) integer values must
    be an integer with the parity of ``S`` (``k**2`` and ``k`` share parity),
    and ``sqrt((Q / items**2 - n * mean**2) / (n - 1))`` must round to ``sd``.
    """
    _check_n(n, items)
    if n < 2:
        return False  # a sample SD is undefined for one observation: any printed SD is wrong
    sums = grim_sums(mean, n, items, rounding=rounding, threshold=threshold, float_ties=float_ties)
    if len(sums) == 0:
        return False
    if len(sums) > _MAX_CANDIDATES:
        return True
    sd_interval = rounding_interval(sd, rounding, threshold, float_ties).clipped_below(0)
    n_items = n * items
    for total in sums:
        mean_exact = Fraction(total, n_items)
        base = n * mean_exact * mean_exact
        squares = RoundingInterval(
            items * items * ((n - 1) * sd_interval.lo ** 2 + base),
            items * items * ((n - 1) * sd_interval.hi ** 2 + base),
            sd_interval.lo_closed,
            sd_interval.hi_closed,
        ).integers()
        if _has_parity(squares, total % 2):
            return True
    return False


def _has_parity(candidates: range, parity: int) -> bool:
    if len(candidates) >= 2:
        return True
    return len(candidates) == 1 and candidates[0] % 2 == parity


# --------------------------------------------------------------------------- DEBIT


def binary_sd(mean: float, n: int) -> float:
    """Sample SD of binary data with proportion ``mean`` of ones among ``n`` (scrutiny's formula)."""
    if n < 2:
        raise ValueError("an SD needs at least two observations")
    return math.sqrt(n / (n - 1) * mean * (1 - mean))


def _binary_variance(mean: Fraction, n: int) -> Fraction:
    return Fraction(n, n - 1) * mean * (1 - mean)


def debit_consistent(
    mean: Printed, sd: Printed, n: int, rounding: str = "up_or_down",
    threshold: float = 5, exact_counts: bool = False, float_ties: bool = True,
) -> bool:
    """DEBIT: can binary (0/1) data with this printed mean have this printed SD?

    The SD of binary data is ``sqrt(n / (n - 1) * m * (1 - m))``.  By default
    (like scrutiny) ``m`` ranges over the mean's whole rounding interval;
    ``exact_counts=True`` also demands ``m = k / n`` for an integer ``k``
    (DEBIT and GRIM together).
    """
    _check_n(n)
    if n < 2:
        return False  # a sample SD is undefined for one observation
    mean_interval = rounding_interval(mean, rounding, threshold, float_ties)
    sd_interval = rounding_interval(sd, rounding, threshold, float_ties).clipped_below(0)
    if mean_interval.hi < 0 or mean_interval.lo > 1:
        return False
    variance_interval = RoundingInterval(
        sd_interval.lo ** 2, sd_interval.hi ** 2, sd_interval.lo_closed, sd_interval.hi_closed
    )
    if exact_counts:
        counts = mean_interval.scaled(n).integers()
        return any(
            variance_interval.contains(_binary_variance(Fraction(k, n), n))
            for k in counts if 0 <= k <= n
        )
    lo = max(mean_interval.lo, Fraction(0))
    hi = min(mean_interval.hi, Fraction(1))
    # m(1-m) is concave with its peak at 1/2: its range over [lo, hi] is bounded
    # by the endpoints, and by the peak when the interval contains it.
    low_var = min(_binary_variance(lo, n), _binary_variance(hi, n))
    high_var = _binary_variance(Fraction(1, 2), n) if lo <= Fraction(1, 2) <= hi else max(
        _binary_variance(lo, n), _binary_variance(hi, n)
    )
    return _overlaps(variance_interval, low_var, high_var)


def _overlaps(interval: RoundingInterval, lo: Fraction, hi: Fraction) -> bool:
    """Whether the closed range ``[lo, hi]`` meets ``interval``."""
    if hi < interval.lo or (hi == interval.lo and not interval.lo_closed):
        return False
    return not (lo > interval.hi or (lo == interval.hi and not interval.hi_closed))


# --------------------------------------------------------------------------- SD bounds


def _extreme_square_sums(total: int, n: int, top: int) -> tuple[int, int]:
    """Min and max sum of squares of ``n`` integers in ``[0, top]`` summing to ``total``."""
    quotient, remainder = divmod(total, n)
    smallest = remainder * (quotient + 1) ** 2 + (n - remainder) * quotient**2
    if top == 0:
        return smallest, smallest
    full, rest = divmod(total, top)
    largest = full * top**2 + rest**2
    return smallest, largest


def _sd_from_squares(squares: int, total: int, n: int, items: int) -> float:
    variance = (Fraction(squares) - Fraction(total * total, n)) / (n - 1)
    return math.sqrt(variance) / items


def _scale_totals(mean: Printed, n: int, low: int, high: int, items: int,
                  rounding: str, threshold: float) -> range:
    """Possible sums of ``n`` responses shifted to ``[0, (high - low) * items]``, in item units."""
    if high <= low:
        raise ValueError(f"scale bounds must satisfy low < high, got {low}..{high}")
    sums = grim_sums(mean, n, items, rounding=rounding, threshold=threshold)
    shift = n * items * low
    most = n * items * (high - low)
    first = max(sums.start - shift, 0) if len(sums) else 0
    last = min(sums.stop - 1 - shift, most) if len(sums) else -1
    return range(first, last + 1)


def sd_bounds(mean: Printed, n: int, low: int, high: int, items: int = 1,
              rounding: str = "up_or_down", threshold: float = 5) -> tuple[float, float]:
    """Smallest and largest sample SD of integer data in ``[low, high]`` with this mean and ``n``.

    Responses are multiples of ``1 / items`` (mean of ``items`` integer items).
    The smallest SD spreads the total as evenly as possible; the largest puts as
    many responses as possible at the bounds with at most one in between (the
    SPRITE / rsprite2 construction).  A rounded mean is read as all integer
    totals it can stand for.  Raises ``ValueError`` when no total is possible
    (GRIM failure or a mean outside the scale).
    """
    _check_n(n, items)
    if n < 2:
        raise ValueError("an SD needs at least two observations")
    totals = _scale_totals(mean, n, low, high, items, rounding, threshold)
    if len(totals) == 0:
        raise ValueError(f"no integer data in [{low}, {high}] with n = {n} has mean {mean}")
    top = (high - low) * items
    if len(totals) > _MAX_CANDIDATES:
        totals = range(totals.start, totals.stop, max(1, len(totals) // _MAX_CANDIDATES))
    smallest, largest = math.inf, 0.0
    for total in totals:
        min_sq, max_sq = _extreme_square_sums(total, n, top)
        smallest = min(smallest, _sd_from_squares(min_sq, total, n, items))
        largest = max(largest, _sd_from_squares(max_sq, total, n, items))
    return smallest, largest


def sd_possible(mean: Printed, sd: Printed, n: int, low: int, high: int, items: int = 1,
                rounding: str = "up_or_down", threshold: float = 5) -> bool:
    """Whether integer data in ``[low, high]`` with this printed mean and ``n`` can have this SD.

    False when the mean is impossible (outside the scale or GRIM-inconsistent)
    or when the SD's rounding interval misses every total's ``[min SD, max SD]``.
    """
    _check_n(n, items)
    if n < 2:
        return False  # a sample SD is undefined for one observation
    totals = _scale_totals(mean, n, low, high, items, rounding, threshold)
    if len(totals) > _MAX_CANDIDATES:
        smallest, largest = sd_bounds(mean, n, low, high, items, rounding, threshold)
        interval = rounding_interval(sd, rounding, threshold)
        return _overlaps(interval, Fraction(smallest), Fraction(largest))
    variance_interval = _variance_interval(sd, rounding, threshold)
    top = (high - low) * items
    for total in totals:
        min_sq, max_sq = _extreme_square_sums(total, n, top)
        low_var = (Fraction(min_sq) - Fraction(total * total, n)) / (n - 1) / items**2
        high_var = (Fraction(max_sq) - Fraction(total * total, n)) / (n - 1) / items**2
        if _overlaps(variance_interval, low_var, high_var):
            return True
    return False


def _variance_interval(sd: Printed, rounding: str, threshold: float) -> RoundingInterval:
    interval = rounding_interval(sd, rounding, threshold).clipped_below(0)
    return RoundingInterval(interval.lo**2, interval.hi**2, interval.lo_closed, interval.hi_closed)


def max_sd_for_bounded(mean: float | Num, low: float, high: float, n: int | None = None) -> float:
    """Largest SD any data in ``[low, high]`` with this mean can have (Bhatia–Davis).

    The population variance is at most ``(high - mean) * (mean - low)``; with
    ``n`` the sample SD (divisor ``n - 1``) is allowed ``n / (n - 1)`` times that.
    A mean outside the bounds gives 0 (no data can have it).
    """
    value = mean.value if isinstance(mean, Num) else float(mean)
    variance = max((high - value) * (value - low), 0.0)
    if n is not None:
        if n < 2:
            raise ValueError("a sample SD needs at least two observations")
        variance *= n / (n - 1)
    return math.sqrt(variance)


# --------------------------------------------------------------------------- percentages


def _percent_intervals(percent: Printed, roundings: tuple[str, ...]) -> list[RoundingInterval]:
    return [rounding_interval(percent, mode, float_ties=False) for mode in roundings]


def percentage_consistent(count: int, n: int, percent: Printed,
                          roundings: tuple[str, ...] = PERCENT_ROUNDINGS) -> bool:
    """Whether ``percent`` (as printed) is a rounding of ``count / n * 100``.

    Accepted by default: half up, half down/even and truncation at the
    printed number of decimals.
    """
    _check_n(n)
    if count < 0 or count > n:
        return False
    exact = Fraction(100 * int(count), int(n))
    return any(interval.contains(exact) for interval in _percent_intervals(percent, roundings))


def double_rounded_percentage(count: int, n: int, percent: Printed) -> Fraction | None:
    """The intermediate value when ``percent`` is ``count / n * 100`` rounded twice, else None.

    Software (or a person) that first rounds to one more decimal and then to the
    printed one turns 50.495% into 50.5% and then 51%: wrong by a hair, but a
    habit, not a fabricated number, so checks report it more gently.
    """
    _check_n(n)
    if count < 0 or count > n:
        return None
    value, decimals = printed_value(percent)
    exact = Fraction(100 * int(count), int(n))
    step = Fraction(1, 10 ** (decimals + 1))
    intermediate = (exact / step + Fraction(1, 2)).__floor__() * step  # half up at one more decimal
    if intermediate == exact or percentage_consistent(count, n, percent):
        return None
    half = Fraction(1, 10 ** decimals) / 2
    return intermediate if value - half <= intermediate < value + half else None


def percent_grim(percent: Printed, n: int,
                 roundings: tuple[str, ...] = PERCENT_ROUNDINGS) -> list[int]:
    """The counts ``k`` out of ``n`` whose ``k / n * 100`` prints as ``percent``; [] = impossible."""
    _check_n(n)
    counts: set[int] = set()
    for interval in _percent_intervals(percent, roundings):
        for k in interval.scaled(Fraction(int(n), 100)).integers():
            if 0 <= k <= n:
                counts.add(k)
    return sorted(counts)
