"""The statistics against published worked examples, hand computation and statsmodels.

Expected values are written out literally; each was computed independently of the app (by hand
from the definitions, from the published paper, or with statsmodels on the same table).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from statsmodels.stats.inter_rater import cohens_kappa

from fidelity.statistics import (
    Undefined,
    alpha_reading,
    corrected_item_total,
    cronbach_alpha,
    floor_ceiling,
    icc_2_1,
    icc_reading,
    kappa_reading,
    mean_squares,
    weighted_kappa,
)

# Two raters, twelve interviews, a 1–4 scale.
RATER_1 = [1, 2, 3, 4, 2, 3, 3, 1, 4, 2, 2, 3]
RATER_2 = [1, 2, 4, 4, 3, 3, 2, 1, 3, 2, 1, 3]


def test_linear_weighted_kappa_is_computed_by_hand():
    # Disagreement weights |i-j|/3: observed mean disagreement = 5 one-step disagreements / 12
    # / 3 = 5/36; expected from the margins (rows 2,4,4,2; columns 3,3,4,2 of 12) = 10/27.
    # kappa = 1 - (5/36) / (10/27) = 1 - 135/360 = 5/8.
    result = weighted_kappa(RATER_1, RATER_2, categories=[1, 2, 3, 4], weights="linear")
    assert result.kappa == pytest.approx(float(Fraction(5, 8)), abs=1e-12)
    assert result.kappa == pytest.approx(0.625)


def test_quadratic_weighted_kappa_is_computed_by_hand():
    # Squared weights (i-j)²/9: observed 5/108; expected 2/9 (from the same margins).
    # kappa = 1 - (5/108)/(2/9) = 1 - 45/216 = 19/24.
    result = weighted_kappa(RATER_1, RATER_2, categories=[1, 2, 3, 4], weights="quadratic")
    assert result.kappa == pytest.approx(19 / 24, abs=1e-12)


@pytest.mark.parametrize(
    ("weights", "kappa", "low", "high"),
    [
        # statsmodels 0.14/0.15 cohens_kappa(table, wt=...) on the same 4×4 table.
        ("linear", 0.625, 0.34487426985489994, 0.9051257301451001),
        ("quadratic", 0.7916666666666666, 0.612009781873476, 0.9713235514598573),
    ],
)
def test_weighted_kappa_and_its_interval_match_statsmodels(weights, kappa, low, high):
    result = weighted_kappa(RATER_1, RATER_2, categories=[1, 2, 3, 4], weights=weights)
    value, ci = result
    assert value == pytest.approx(kappa, abs=1e-9)
    assert ci.low == pytest.approx(low, abs=1e-9)
    assert ci.high == pytest.approx(high, abs=1e-9)


@pytest.mark.parametrize("weights", ["linear", "quadratic"])
def test_weighted_kappa_agrees_with_statsmodels_on_a_random_table(weights):
    rng = np.random.default_rng(7)
    first = rng.integers(1, 6, size=80)
    second = np.clip(first + rng.integers(-1, 2, size=80), 1, 5)
    table = np.zeros((5, 5))
    for a, b in zip(first, second, strict=True):
        table[a - 1, b - 1] += 1
    expected = cohens_kappa(table, wt=weights)
    result = weighted_kappa(
        [int(x) for x in first],
        [int(x) for x in second],
        categories=[1, 2, 3, 4, 5],
        weights=weights,
    )
    assert result.kappa == pytest.approx(expected.kappa, abs=1e-10)
    assert result.standard_error == pytest.approx(expected.std_kappa, abs=1e-10)
    assert result.ci.low == pytest.approx(expected.kappa_low, abs=1e-10)
    assert result.ci.high == pytest.approx(expected.kappa_upp, abs=1e-10)


def test_perfect_agreement_gives_kappa_one():
    result = weighted_kappa([1, 2, 3, 4], [1, 2, 3, 4], categories=[1, 2, 3, 4])
    assert result.kappa == pytest.approx(1.0)


def test_kappa_is_undefined_when_every_rating_is_the_same():
    with pytest.raises(Undefined):
        weighted_kappa([3, 3, 3], [3, 3, 3], categories=[1, 2, 3, 4])


def test_kappa_refuses_a_rating_outside_the_categories():
    with pytest.raises(ValueError, match="not one of the categories"):
        weighted_kappa([1, 5], [1, 2], categories=[1, 2, 3, 4])


# Shrout & Fleiss (1979), Table 2: six targets rated by four judges.
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]


def test_mean_squares_match_shrout_and_fleiss_table_3():
    # Published: BMS 11.24, JMS 32.49, EMS 1.02.
    squares = mean_squares(SHROUT_FLEISS)
    assert squares.subjects == pytest.approx(11.24, abs=0.005)
    assert squares.raters == pytest.approx(32.49, abs=0.005)
    assert squares.error == pytest.approx(1.02, abs=0.005)


def test_icc_2_1_matches_shrout_and_fleiss():
    # Published ICC(2,1) = 0.29. Exactly: BMS = 1349/120, JMS = 2339/72, EMS = 367/360 give
    # (BMS - EMS) / (BMS + 3 EMS + 4 (JMS - EMS) / 6) = 0.2897637795...
    icc, ci = icc_2_1(SHROUT_FLEISS)
    bms, jms, ems = Fraction(1349, 120), Fraction(2339, 72), Fraction(367, 360)
    exact = (bms - ems) / (bms + 3 * ems + 4 * (jms - ems) / 6)
    assert icc == pytest.approx(float(exact), abs=1e-12)
    assert round(icc, 2) == 0.29
    # The F-based interval (Shrout & Fleiss case 2; pingouin reports [0.02, 0.76]).
    assert ci.low == pytest.approx(0.0188, abs=0.0001)
    assert ci.high == pytest.approx(0.7611, abs=0.0001)


def test_icc_is_one_when_raters_agree_exactly():
    icc, ci = icc_2_1([[1, 1], [2, 2], [4, 4]])
    assert icc == pytest.approx(1.0)
    assert ci == (pytest.approx(1.0), pytest.approx(1.0))


def test_icc_needs_complete_rows():
    with pytest.raises(ValueError, match="every rater"):
        icc_2_1([[1, 2], [3]])


def test_cronbach_alpha_is_computed_by_hand():
    # Five respondents × three items. Item variances (n-1): 0.8, 1.0, 0.3 → sum 2.1.
    # Totals 6, 7, 11, 10, 6 (mean 8) → variance 22/4 = 5.5.
    # alpha = 3/2 × (1 - 2.1/5.5) = 1.5 × 3.4/5.5 = 5.1/5.5 = 0.92727...
    items = [[2, 2, 2], [2, 3, 2], [4, 4, 3], [3, 4, 3], [2, 2, 2]]
    assert cronbach_alpha(items) == pytest.approx(5.1 / 5.5, abs=1e-12)


def test_cronbach_alpha_of_shrout_fleiss_judges_as_items():
    # Totals 24, 12, 26, 16, 30, 19; item variances 2.667, 2.167, 2.267, 6.567; total 45.967.
    # alpha = 4/3 × (1 - 13.6667/45.9667) = 0.909315542...
    assert cronbach_alpha(SHROUT_FLEISS) == pytest.approx(0.9093155423770695, abs=1e-12)


def test_corrected_item_total_correlations_leave_the_item_out():
    items = [[2, 2, 2], [2, 3, 2], [4, 4, 3], [3, 4, 3], [2, 2, 2]]
    # Item 1 against items 2+3: x = 2,2,4,3,2; y = 4,5,7,7,4 (x̄ = 2.6, ȳ = 5.4):
    # Sxy = 4.8, Sxx = 3.2, Syy = 9.2 → r = 4.8 / sqrt(29.44) = 0.88465...
    correlations = corrected_item_total(items)
    sxy = sum((a - 2.6) * (b - 5.4) for a, b in zip([2, 2, 4, 3, 2], [4, 5, 7, 7, 4], strict=True))
    sxx = sum((a - 2.6) ** 2 for a in [2, 2, 4, 3, 2])
    syy = sum((b - 5.4) ** 2 for b in [4, 5, 7, 7, 4])
    assert correlations[0] == pytest.approx(sxy / math.sqrt(sxx * syy))
    assert correlations[0] == pytest.approx(4.8 / math.sqrt(29.44), abs=1e-12)
    assert len(correlations) == 3


def test_an_item_that_never_varies_has_no_correlation():
    assert corrected_item_total([[1, 2], [1, 3], [1, 4]])[0] is None


def test_floor_and_ceiling_shares():
    spread = floor_ceiling([1, 1, 2, 3, 4, 4, 4, 3], minimum=1, maximum=4)
    assert spread.floor == pytest.approx(2 / 8)
    assert spread.ceiling == pytest.approx(3 / 8)
    assert spread.n == 8


@pytest.mark.parametrize(
    ("value", "reading"),
    [
        (-0.1, "poor (below chance)"),
        (0.2, "slight"),
        (0.35, "fair"),
        (0.6, "moderate"),
        (0.61, "substantial"),
        (0.8, "substantial"),
        (0.81, "almost perfect"),
    ],
)
def test_kappa_reading_guide(value, reading):
    assert kappa_reading(value) == reading


def test_icc_and_alpha_reading_guides():
    assert icc_reading(0.29) == "poor"
    assert icc_reading(0.8) == "good"
    assert alpha_reading(0.91) == "excellent"
    assert alpha_reading(0.75) == "acceptable"
