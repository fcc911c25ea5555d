"""Granularity and bounds tests: GRIM, GRIMMER, DEBIT, SD bounds, percentages.

Expected values come from brute force over small integer data sets (an oracle
that shares no code with the module) or from hand arithmetic stated in the row.
"""

from __future__ import annotations

import itertools
import math
import statistics
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgaudit.model import Num
from kgaudit.stats.numeric import (
    ROUNDING_MODES,
    RoundingInterval,
    debit_consistent,
    double_rounded_percentage,
    grim_consistent,
    grimmer_consistent,
    max_sd_for_bounded,
    percent_grim,
    percentage_consistent,
    printed_value,
    rounding_interval,
    rounds_to,
    sd_bounds,
    sd_possible,
)

# --------------------------------------------------------------------------- oracle


def _printed(value: Fraction | float, decimals: int, how: str = ROUND_HALF_UP) -> str:
    """How ``value`` prints at ``decimals`` under a Decimal rounding (the oracle's rounding)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction) else Decimal(value)
    return str(exact.quantize(Decimal(1).scaleb(-decimals), rounding=how))


def _prints_as(value: Fraction, printed: str, hows: tuple[str, ...]) -> bool:
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    # 30 digits of a Fraction are plenty to decide rounding at <= 6 decimals.
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return any(str(exact.quantize(Decimal(1).scaleb(-decimals), rounding=how)) == printed for how in hows)


# --------------------------------------------------------------------------- printed numbers


@pytest.mark.parametrize(
    ("printed", "value", "decimals"),
    [
        ("5.20", Fraction(52, 10), 2),  # trailing zero counts
        (".04", Fraction(4, 100), 2),  # no leading zero
        ("113", Fraction(113), 0),  # integer string
        ("2,000.5", Fraction(4001, 2), 1),  # thousands separator
        ("\u22121.5", Fraction(-3, 2), 1),  # Unicode minus
        (Num(54.4, "54.4", 1), Fraction(544, 10), 1),  # a model Num
        (Num(64.0, "64.0", 1), Fraction(64), 1),  # a Num keeps its decimals
        (7, Fraction(7), 0),  # an int
        (0.35, Fraction(35, 100), 2),  # a float: decimals of its repr
    ],
)
def test_printed_value_reads_exact_value_and_decimals(printed, value, decimals) -> None:
    assert printed_value(printed) == (value, decimals)


def test_printed_value_rejects_text() -> None:
    with pytest.raises(ValueError):
        printed_value("n/a")


# --------------------------------------------------------------------------- rounding intervals

F = Fraction


@pytest.mark.parametrize(
    ("printed", "mode", "expected"),
    [
        ("2.35", "up_or_down", RoundingInterval(F("2.345"), F("2.355"), True, True)),  # either tie direction
        ("2.35", "up", RoundingInterval(F("2.345"), F("2.355"), True, False)),  # 2.355 rounds up to 2.36
        ("2.35", "down", RoundingInterval(F("2.345"), F("2.355"), False, True)),  # 2.345 rounds down to 2.34
        ("2.34", "even", RoundingInterval(F("2.335"), F("2.345"), True, True)),  # even last digit keeps ties
        ("2.35", "even", RoundingInterval(F("2.345"), F("2.355"), False, False)),  # odd last digit loses them
        ("2.35", "ceiling", RoundingInterval(F("2.34"), F("2.35"), False, True)),  # (2.34, 2.35]
        ("2.35", "floor", RoundingInterval(F("2.35"), F("2.36"), True, False)),  # [2.35, 2.36)
        ("2.35", "ceiling_or_floor", RoundingInterval(F("2.34"), F("2.36"), False, False)),
        ("2.35", "trunc", RoundingInterval(F("2.35"), F("2.36"), True, False)),  # positive: like floor
        ("-2.35", "trunc", RoundingInterval(F("-2.36"), F("-2.35"), False, True)),  # negative: like ceiling
        ("2.35", "anti_trunc", RoundingInterval(F("2.34"), F("2.35"), False, True)),  # away from zero
        ("2.35", "up_from", RoundingInterval(F("2.345"), F("2.355"), True, False)),  # threshold 5 = up
        ("2.35", "down_from", RoundingInterval(F("2.345"), F("2.355"), False, True)),  # threshold 5 = down
    ],
)
def test_rounding_interval_follows_each_mode_exactly(printed, mode, expected) -> None:
    assert rounding_interval(printed, mode, float_ties=False) == expected


def test_float_ties_close_boundaries_except_for_tie_defining_modes() -> None:
    assert rounding_interval("2.35", "floor") == RoundingInterval(F("2.35"), F("2.36"), True, True)
    assert rounding_interval("2.35", "up") == RoundingInterval(F("2.345"), F("2.355"), True, False)


def test_up_from_threshold_moves_the_boundary() -> None:
    # threshold 1: 2.341 already rounds up to 2.35, so 2.35 covers [2.341, 2.351).
    assert rounding_interval("2.35", "up_from", threshold=1, float_ties=False) == RoundingInterval(
        F("2.341"), F("2.351"), True, False
    )


def test_unknown_rounding_mode_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown rounding mode"):
        rounding_interval("1.0", "bankers")


def test_every_advertised_mode_is_implemented() -> None:
    for mode in ROUNDING_MODES:
        assert rounding_interval("1.25", mode, threshold=5).contains(F("1.25"))


@pytest.mark.parametrize(
    ("true_value", "printed", "expected"),
    [
        (F(68, 125) * 100, "54.4", True),  # 68/125 = 54.4 % exactly
        (F(1, 8), "0.13", True),  # 0.125: half up
        (F(1, 8), "0.12", True),  # 0.125: half down
        (F(1, 3), "0.34", False),  # 0.333... never prints as 0.34
    ],
)
def test_rounds_to_by_default_allows_either_tie(true_value, printed, expected) -> None:
    assert rounds_to(true_value, printed) is expected


# --------------------------------------------------------------------------- GRIM


@pytest.mark.parametrize(
    ("mean", "n", "items", "expected"),
    [
        ("5.19", 28, 1, False),  # 145/28 = 5.179, 146/28 = 5.214
        ("5.21", 28, 1, True),  # 146/28 = 5.214
        ("3.48", 20, 1, False),  # k/20 at 2 dp ends in 0 or 5
        ("5.93", 49, 1, False),  # 5.93 * 49 = 290.57
        ("5.19", 40, 2, True),  # 415/80 = 5.1875 -> 5.19
        ("59.2", 125, 1, True),  # seed Table 1: 1 dp with n >= 10 always passes
    ],
)
def test_grim_flags_means_no_integer_sum_can_give(mean, n, items, expected) -> None:
    assert grim_consistent(mean, n, items) is expected


def test_grim_reads_percentages_of_n() -> None:
    # 64.0 % of 125 is 80; 97.9 % of 125 lies between 122 (97.6 %) and 123 (98.4 %).
    assert grim_consistent("64.0", 125, percent=True)
    assert not grim_consistent("97.9", 125, percent=True)


@settings(max_examples=150, deadline=None, database=None)
@given(n=st.integers(1, 60), k=st.integers(0, 600), decimals=st.integers(1, 3))
def test_grim_accepts_every_true_mean(n: int, k: int, decimals: int) -> None:
    # A mean that really comes from k/n, printed with half-up rounding, is never flagged.
    assert grim_consistent(_printed(Fraction(k, n), decimals), n)


@settings(max_examples=150, deadline=None, database=None)
@given(n=st.integers(2, 60), hundredths=st.integers(0, 1000))
def test_grim_agrees_with_brute_force(n: int, hundredths: int) -> None:
    mean = _printed(Fraction(hundredths, 100), 2)
    possible = any(_prints_as(Fraction(k, n), mean, (ROUND_HALF_UP, ROUND_HALF_EVEN, "ROUND_HALF_DOWN"))
                   for k in range(0, 11 * n))
    assert grim_consistent(mean, n) is possible


# --------------------------------------------------------------------------- GRIMMER


def test_grimmer_accepts_every_real_small_data_set() -> None:
    # All 462 data sets of five responses on a 1-7 scale, printed to 2 dp.
    for data in itertools.combinations_with_replacement(range(1, 8), 5):
        mean = _printed(Fraction(sum(data), 5), 2)
        sd = _printed(Decimal(statistics.stdev(data)).quantize(Decimal("1e-12")), 2)
        assert grimmer_consistent(mean, sd, 5), (data, mean, sd)


def test_grimmer_rejects_only_sds_no_data_set_has() -> None:
    # Sum 16 of five integer responses (mean 3.20): every SD such data can have, by brute force.
    achievable = {
        _printed(Decimal(statistics.stdev(data)).quantize(Decimal("1e-12")), 2)
        for data in itertools.combinations_with_replacement(range(-4, 21), 5) if sum(data) == 16
    }
    grid = [_printed(Fraction(hundredths, 100), 2) for hundredths in range(0, 400)]
    rejected = [sd for sd in grid if not grimmer_consistent("3.20", sd, 5)]
    assert len(rejected) > 300  # at n = 5 most two-decimal SDs are impossible
    assert not set(rejected) & achievable


@pytest.mark.parametrize(
    ("mean", "sd", "n", "expected"),
    [
        ("5.19", "1.60", 28, False),  # GRIM fails first
        ("3.10", "1.37", 10, True),  # data 1,1,2,3,3,4,4,4,4,5
        ("59.2", "14.5", 125, True),  # seed Table 1 age: no granularity left at n = 125
    ],
)
def test_grimmer_cases(mean, sd, n, expected) -> None:
    assert grimmer_consistent(mean, sd, n) is expected


def test_grimmer_with_one_observation_is_inconsistent() -> None:
    assert not grimmer_consistent("2", "1", 1)


# --------------------------------------------------------------------------- DEBIT


def test_debit_accepts_every_binary_data_set() -> None:
    n = 20
    for k in range(n + 1):
        mean = _printed(Fraction(k, n), 2)
        sd = _printed(Decimal(statistics.stdev([1] * k + [0] * (n - k))).quantize(Decimal("1e-12")), 2)
        assert debit_consistent(mean, sd, n), (k, mean, sd)
        assert debit_consistent(mean, sd, n, exact_counts=True), (k, mean, sd)


@pytest.mark.parametrize(
    ("mean", "sd", "n", "expected"),
    [
        ("0.36", "0.11", 20, False),  # binary SD at 0.36 is about 0.49
        ("0.53", "0.50", 1683, True),  # sqrt(.53 * .47 * 1683/1682) = 0.499
        ("0.19", "0.35", 1683, False),  # sqrt(.19 * .81) = 0.392
        ("1.20", "0.30", 50, False),  # a proportion above 1
    ],
)
def test_debit_cases(mean, sd, n, expected) -> None:
    assert debit_consistent(mean, sd, n) is expected


def test_debit_exact_counts_also_demands_grim() -> None:
    # 0.51 of 20 is no count, but the SD alone fits: only exact_counts objects.
    assert debit_consistent("0.51", "0.51", 20)
    assert not debit_consistent("0.51", "0.51", 20, exact_counts=True)


# --------------------------------------------------------------------------- SD bounds


def _brute_force_sd_range(total: int, n: int, low: int, high: int) -> tuple[float, float]:
    sds = [statistics.stdev(data) for data in itertools.combinations_with_replacement(range(low, high + 1), n)
           if sum(data) == total]
    return min(sds), max(sds)


@pytest.mark.parametrize(
    ("mean", "n", "low", "high", "total"),
    [
        ("4.2", 5, 1, 7, 21),  # rsprite2's example: limits 0.45 and 3.03
        ("9.8", 10, 0, 10, 98),  # seed-like 0-10 scale near its ceiling
        ("2.50", 6, 1, 5, 15),  # a mean in the middle of the scale
    ],
)
def test_sd_bounds_match_brute_force(mean, n, low, high, total) -> None:
    expected = _brute_force_sd_range(total, n, low, high)
    assert sd_bounds(mean, n, low, high) == pytest.approx(expected)


def test_sd_bounds_for_two_item_scales_use_half_points() -> None:
    # Means of two items move in steps of 0.5: four 4.0s and... brute force over half-points.
    values = [v / 2 for v in range(2, 15)]
    sds = [statistics.stdev(d) for d in itertools.combinations_with_replacement(values, 5) if sum(d) == 21]
    assert sd_bounds("4.2", 5, 1, 7, items=2) == pytest.approx((min(sds), max(sds)))


def test_sd_bounds_reject_an_impossible_mean() -> None:
    with pytest.raises(ValueError):
        sd_bounds("8.0", 20, 1, 7)


@pytest.mark.parametrize(
    ("mean", "sd", "n", "low", "high", "expected"),
    [
        ("4.2", "0.45", 5, 1, 7, True),  # at the minimum
        ("4.2", "0.44", 5, 1, 7, False),  # below it
        ("4.2", "3.03", 5, 1, 7, True),  # at the maximum
        ("4.2", "3.04", 5, 1, 7, False),  # above it
        ("9.8", "1.8", 10, 0, 10, False),  # max SD near the ceiling is 0.63
        ("5.19", "1.5", 28, 1, 7, False),  # the mean fails GRIM
        ("8", "1.5", 20, 1, 7, False),  # the mean is off the scale
    ],
)
def test_sd_possible_cases(mean, sd, n, low, high, expected) -> None:
    assert sd_possible(mean, sd, n, low, high) is expected


def test_bhatia_davis_bound_flags_seed_quality_score() -> None:
    # Seed Table 2: "9.8 ± 1.8" on a 0-10 score with n = 125.
    bound = max_sd_for_bounded(9.8, 0, 10, 125)
    assert bound == pytest.approx(math.sqrt((10 - 9.8) * (9.8 - 0) * 125 / 124))
    assert bound < 1.8
    # Seed Table 5: "8.4 ± 1.4" on a 0-10 VAS is possible.
    assert max_sd_for_bounded(Num(8.4, "8.4", 1), 0, 10, 125) > 1.4


def test_bhatia_davis_without_n_is_the_population_bound() -> None:
    assert max_sd_for_bounded(0.5, 0, 1) == pytest.approx(0.5)
    assert max_sd_for_bounded(11, 0, 10) == 0.0


# --------------------------------------------------------------------------- percentages


@pytest.mark.parametrize(
    ("count", "n", "percent", "expected"),
    [
        (68, 125, Num(54.4, "54.4", 1), True),  # seed Table 1: 68/125 = 54.4 %
        (65, 125, "52.0", True),  # seed Table 1
        (10, 125, "8.0", True),  # seed Table 4
        (10, 125, "8.1", False),  # one decimal off
        (2, 3, "66.7", True),  # 66.666..., rounded
        (2, 3, "66.6", True),  # truncated
        (2, 3, "66.8", False),  # neither
        (1, 8, "12", True),  # 12.5 half-even
        (1, 8, "13", True),  # 12.5 half-up
        (126, 125, "100.8", False),  # a count above n
    ],
)
def test_percentage_consistent(count, n, percent, expected) -> None:
    assert percentage_consistent(count, n, percent) is expected


@pytest.mark.parametrize(
    ("count", "n", "percent", "intermediate"),
    [
        (6069, 12019, "51", "50.5"),  # mds526 Table 1: 50.495 -> 50.5 -> 51
        (524, 2744, "20", None),  # 19.096 -> 19.1 -> 19: twice rounding does not give 20 either
        (1, 8, "13", None),  # 12.5 -> 13 is ordinary half-up, already consistent
        (40, 81, "49.4", None),  # 49.382... -> 49.38 -> 49.4 is ordinary rounding too
        (1249, 2500, "50", None),  # 49.96 exactly: one more decimal changes nothing (50.0 -> 50 is consistent)
        (2, 3, "67", None),  # consistent already (66.67 -> 67)
    ],
)
def test_double_rounded_percentage_names_the_intermediate_value(count, n, percent, intermediate) -> None:
    found = double_rounded_percentage(count, n, percent)
    assert (None if found is None else str(float(found))) == intermediate


@pytest.mark.parametrize(
    ("percent", "n", "counts"),
    [
        ("64.0", 125, [80]),  # seed Table 2 "64.0%": exactly 80
        ("97.9", 125, []),  # seed Table 2: 122 -> 97.6 %, 123 -> 98.4 %
        ("87.3", 125, []),  # seed Table 2
        ("97.1", 125, []),  # seed Table 5
        ("54.4", 125, [68]),  # seed Table 1
        ("33", 10, []),  # k/10 is a multiple of 10 %
        ("50", 7, []),  # 3/7 = 42.9, 4/7 = 57.1
    ],
)
def test_percent_grim_lists_the_counts_that_print_so(percent, n, counts) -> None:
    assert percent_grim(percent, n) == counts


@settings(max_examples=100, deadline=None, database=None)
@given(n=st.integers(1, 300), tenths=st.integers(0, 1000))
def test_percent_grim_agrees_with_brute_force(n: int, tenths: int) -> None:
    percent = _printed(Fraction(tenths, 10), 1)
    hows = (ROUND_HALF_UP, ROUND_HALF_EVEN, "ROUND_HALF_DOWN", ROUND_DOWN)
    expected = [k for k in range(n + 1) if _prints_as(Fraction(100 * k, n), percent, hows)]
    assert percent_grim(percent, n) == expected
