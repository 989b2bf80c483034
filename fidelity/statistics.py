"""Agreement, reliability and spread statistics of fidelity ratings: pure functions.

Every function takes plain numbers and returns plain numbers, so each can be checked against
published worked examples and against statsmodels on the same data (tests/fidelity/).

- ``weighted_kappa``: Cohen's weighted kappa for two raters (Cohen 1968), with the large-sample
  standard error of Fleiss, Cohen & Everitt (1969) — the one SAS and statsmodels report — and
  a normal-theory confidence interval;
- ``icc_2_1``: the intraclass correlation ICC(2,1) of Shrout & Fleiss (1979): two-way random
  effects, absolute agreement, a single rater; its confidence interval from the F distribution
  (Shrout & Fleiss 1979, eq. for case 2; McGraw & Wong 1996, table 7);
- ``cronbach_alpha``: internal consistency of a set of items (Cronbach 1951);
- ``corrected_item_total``: each item's Pearson correlation with the sum of the other items;
- ``floor_ceiling``: the share of scores at the lowest and highest possible value.

A statistic that the data cannot define (no variation at all, too few subjects) raises
``Undefined``, so callers show "not computable" instead of a number that means nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist
from typing import Literal, NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Weights = Literal["linear", "quadratic"]
# Confidence intervals are 95% throughout.
Z_95 = NormalDist().inv_cdf(0.975)
ALPHA = 0.05


class Undefined(ValueError):
    """The data do not define the statistic (e.g. every rating in one category)."""


class ConfidenceInterval(NamedTuple):
    low: float
    high: float


class Kappa(NamedTuple):
    """Weighted kappa and its 95% confidence interval (``kappa, ci = weighted_kappa(...)``)."""

    kappa: float
    ci: ConfidenceInterval

    @property
    def value(self) -> float:
        return self.kappa

    @property
    def standard_error(self) -> float:
        """The large-sample standard error behind the (symmetric, 95%) interval."""
        return (self.ci.high - self.ci.low) / (2 * Z_95)


class ICC(NamedTuple):
    """ICC(2,1) and its 95% confidence interval (``icc, ci = icc_2_1(...)``)."""

    icc: float
    ci: ConfidenceInterval

    @property
    def value(self) -> float:
        return self.icc


class FloorCeiling(NamedTuple):
    floor: float  # share (0–1) of scores at the lowest possible value
    ceiling: float  # share (0–1) of scores at the highest possible value
    n: int


# --- Weighted kappa ---------------------------------------------------------------------------


def weighted_kappa(
    a: Sequence[int],
    b: Sequence[int],
    *,
    categories: Sequence[int],
    weights: Weights = "linear",
) -> Kappa:
    """Cohen's weighted kappa of two raters' ratings ``a`` and ``b`` of the same subjects.

    ``categories`` are the ordered scale points (e.g. ``[1, 2, 3, 4]``); disagreement weights are
    ``|i - j| / (c - 1)`` (linear) or ``(i - j)² / (c - 1)²`` (quadratic) for categories at
    positions ``i`` and ``j`` of ``c``.
    """
    if weights not in ("linear", "quadratic"):
        raise ValueError(f"weights must be 'linear' or 'quadratic', not {weights!r}")
    if len(a) != len(b):
        raise ValueError("Both raters must rate the same subjects.")
    if not a:
        raise Undefined("No subjects were rated by both raters.")
    index = {category: position for position, category in enumerate(categories)}
    if len(index) < 2:
        raise ValueError("A scale needs at least two categories.")
    for rating in (*a, *b):
        if rating not in index:
            raise ValueError(f"Rating {rating!r} is not one of the categories {list(categories)}.")
    size = len(categories)
    n = len(a)
    table = [[0.0] * size for _ in range(size)]
    for first, second in zip(a, b, strict=True):
        table[index[first]][index[second]] += 1
    p = [[cell / n for cell in row] for row in table]
    rows = [sum(row) for row in p]
    columns = [sum(p[i][j] for i in range(size)) for j in range(size)]

    def disagreement(i: int, j: int) -> float:
        distance = abs(i - j) / (size - 1)
        return distance if weights == "linear" else distance**2

    # Agreement weights (1 on the diagonal) as in Fleiss, Cohen & Everitt (1969).
    w = [[1.0 - disagreement(i, j) for j in range(size)] for i in range(size)]
    observed = sum(w[i][j] * p[i][j] for i in range(size) for j in range(size))
    expected = sum(w[i][j] * rows[i] * columns[j] for i in range(size) for j in range(size))
    if math.isclose(expected, 1.0):
        raise Undefined("Every rating is in the same category: kappa is not defined.")
    kappa = (observed - expected) / (1 - expected)
    w_row = [sum(columns[j] * w[i][j] for j in range(size)) for i in range(size)]
    w_column = [sum(rows[i] * w[i][j] for i in range(size)) for j in range(size)]
    variance = sum(
        p[i][j] * (w[i][j] - (w_row[i] + w_column[j]) * (1 - kappa)) ** 2
        for i in range(size)
        for j in range(size)
    )
    variance -= (kappa - expected * (1 - kappa)) ** 2
    variance /= (1 - expected) ** 2 * n
    standard_error = math.sqrt(max(variance, 0.0))
    return Kappa(
        kappa, ConfidenceInterval(kappa - Z_95 * standard_error, kappa + Z_95 * standard_error)
    )


# --- ICC(2,1) ----------------------------------------------------------------------------------


class MeanSquares(NamedTuple):
    subjects: float  # BMS: between subjects (rows)
    raters: float  # JMS: between raters (columns)
    error: float  # EMS: residual


def mean_squares(ratings: Sequence[Sequence[float]]) -> MeanSquares:
    """The two-way ANOVA mean squares of a complete subjects × raters table."""
    n = len(ratings)
    if n < 2:
        raise Undefined("At least two subjects are needed.")
    k = len(ratings[0])
    if k < 2:
        raise Undefined("At least two raters are needed.")
    if any(len(row) != k for row in ratings):
        raise ValueError("Every subject must be rated by every rater.")
    grand = sum(sum(row) for row in ratings) / (n * k)
    row_means = [sum(row) / k for row in ratings]
    column_means = [sum(row[j] for row in ratings) / n for j in range(k)]
    ss_rows = k * sum((mean - grand) ** 2 for mean in row_means)
    ss_columns = n * sum((mean - grand) ** 2 for mean in column_means)
    ss_total = sum((value - grand) ** 2 for row in ratings for value in row)
    ss_error = ss_total - ss_rows - ss_columns
    return MeanSquares(
        ss_rows / (n - 1), ss_columns / (k - 1), max(ss_error, 0.0) / ((n - 1) * (k - 1))
    )


def icc_2_1(ratings: Sequence[Sequence[float]]) -> ICC:
    """ICC(2,1) of ``ratings``: one row per subject, one column per rater (no gaps)."""
    from scipy.stats import f as f_distribution

    n = len(ratings)
    squares = mean_squares(ratings)
    k = len(ratings[0])
    bms, jms, ems = squares
    denominator = bms + (k - 1) * ems + k * (jms - ems) / n
    if denominator <= 0 or (bms == 0 and ems == 0):
        raise Undefined("The ratings do not vary: the ICC is not defined.")
    icc = (bms - ems) / denominator
    alpha = ALPHA
    if ems == 0:
        return ICC(icc, ConfidenceInterval(icc, icc))
    fj = jms / ems
    v_numerator = (k - 1) * (n - 1) * (k * icc * fj + n * (1 + (k - 1) * icc) - k * icc) ** 2
    v_denominator = (n - 1) * k**2 * icc**2 * fj**2 + (n * (1 + (k - 1) * icc) - k * icc) ** 2
    v = v_numerator / v_denominator
    f_upper = float(f_distribution.ppf(1 - alpha / 2, n - 1, v))
    f_lower = float(f_distribution.ppf(1 - alpha / 2, v, n - 1))
    low = n * (bms - f_upper * ems) / (f_upper * (k * jms + (k * n - k - n) * ems) + n * bms)
    high = n * (f_lower * bms - ems) / (k * jms + (k * n - k - n) * ems + n * f_lower * bms)
    return ICC(icc, ConfidenceInterval(low, high))


# --- Internal consistency --------------------------------------------------------------------


def _variance(values: Sequence[float]) -> float:
    mean = sum(values) / len(values)
    return sum((value - mean) ** 2 for value in values) / (len(values) - 1)


def _check_items(items: Sequence[Sequence[float]]) -> int:
    if len(items) < 2:
        raise Undefined("At least two respondents are needed.")
    k = len(items[0])
    if k < 2:
        raise Undefined("At least two items are needed.")
    if any(len(row) != k for row in items):
        raise ValueError("Every respondent must have a score on every item.")
    return k


def cronbach_alpha(items: Sequence[Sequence[float]]) -> float:
    """Cronbach's alpha: one row per respondent, one column per item (no gaps)."""
    k = _check_items(items)
    item_variances = [_variance([row[j] for row in items]) for j in range(k)]
    total_variance = _variance([sum(row) for row in items])
    if total_variance == 0:
        raise Undefined("The total scores do not vary: alpha is not defined.")
    return k / (k - 1) * (1 - sum(item_variances) / total_variance)


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    if len(x) != len(y) or len(x) < 2:
        raise Undefined("At least two pairs are needed.")
    mean_x, mean_y = sum(x) / len(x), sum(y) / len(y)
    sxy = sum((a - mean_x) * (b - mean_y) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mean_x) ** 2 for a in x)
    syy = sum((b - mean_y) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        raise Undefined("A variable that does not vary has no correlation.")
    return sxy / math.sqrt(sxx * syy)


def corrected_item_total(items: Sequence[Sequence[float]]) -> list[float | None]:
    """Each item's correlation with the total of the *other* items (None: not computable)."""
    k = _check_items(items)
    result: list[float | None] = []
    for j in range(k):
        item = [row[j] for row in items]
        rest = [sum(row) - row[j] for row in items]
        try:
            result.append(pearson(item, rest))
        except Undefined:
            result.append(None)
    return result


# --- Spread --------------------------------------------------------------------------------------


def floor_ceiling(scores: Sequence[float], *, minimum: float, maximum: float) -> FloorCeiling:
    """Shares of ``scores`` at the scale's ``minimum`` (floor) and ``maximum`` (ceiling)."""
    if not scores:
        raise Undefined("No scores.")
    n = len(scores)
    floor = sum(1 for score in scores if math.isclose(score, minimum)) / n
    ceiling = sum(1 for score in scores if math.isclose(score, maximum)) / n
    return FloorCeiling(floor, ceiling, n)


# --- Plain-language reading guides ------------------------------------------------------------

# Landis & Koch (1977) for kappa.
KAPPA_BANDS: tuple[tuple[float, Promise], ...] = (
    (0.0, _("poor (below chance)")),
    (0.20, _("slight")),
    (0.40, _("fair")),
    (0.60, _("moderate")),
    (0.80, _("substantial")),
    (1.0, _("almost perfect")),
)
# Koo & Li (2016) for the ICC.
ICC_BANDS: tuple[tuple[float, Promise], ...] = (
    (0.5, _("poor")),
    (0.75, _("moderate")),
    (0.9, _("good")),
    (1.0, _("excellent")),
)
# George & Mallery (2003) for alpha.
ALPHA_BANDS: tuple[tuple[float, Promise], ...] = (
    (0.5, _("unacceptable")),
    (0.6, _("poor")),
    (0.7, _("questionable")),
    (0.8, _("acceptable")),
    (0.9, _("good")),
    (1.0, _("excellent")),
)
# Terwee et al. (2007): more than 15% of scores at an end of the scale.
FLOOR_CEILING_LIMIT = 0.15


def _band(value: float, bands: Sequence[tuple[float, Promise]], *, strict: bool) -> str:
    for upper, label in bands:
        if (value < upper) if strict else (value <= upper):
            return str(label)
    return str(bands[-1][1])


def kappa_reading(value: float) -> str:
    """ "substantial" for 0.61–0.80, and so on (Landis & Koch 1977)."""
    if value < 0:
        return str(KAPPA_BANDS[0][1])
    return _band(value, KAPPA_BANDS[1:], strict=False)


def icc_reading(value: float) -> str:
    """ "good" for 0.75–0.90, and so on (Koo & Li 2016)."""
    return _band(value, ICC_BANDS, strict=True)


def alpha_reading(value: float) -> str:
    """ "acceptable" for 0.70–0.80, and so on (George & Mallery 2003)."""
    return _band(value, ALPHA_BANDS, strict=True)
