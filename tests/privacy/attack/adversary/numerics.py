"""The statistics brandpunt publishes, recomputed the way the engine computes them (see the
engine headers named below), vectorised over many candidate inputs at once.

- Exact conditional test of equal Poisson rates = R binom.test(x, x + y, 1/2), two-sided by
  the rule "sum of the probabilities no larger than the observed one, times 1 + 1e-7"
  (engine/time/change.hpp).
- Mann-Kendall S, tie-corrected variance, continuity-corrected Z, p = erfc(|Z|/sqrt 2), Sen's
  slope = median of pairwise slopes (engine/time/mann_kendall.hpp).
- Published reals are rounded half away from zero to d decimals (pipeline/figures.hpp), so a
  published r stands for the interval [r - 0.5e-d, r + 0.5e-d] (plus float slack).
"""

import math
from functools import lru_cache

import numpy as np
from scipy.special import erfc, erfcinv
from scipy.stats import binom


def decimals_of(text):
    """Decimals a published number is written with: '0.25' -> 2, '8e-04' -> 4, '3' -> 0."""
    from decimal import Decimal, InvalidOperation
    try:
        return max(0, -Decimal(str(text).strip()).as_tuple().exponent)
    except (InvalidOperation, TypeError):
        return 0


def rounding_interval(published, decimals):
    half = 0.5 * 10.0 ** (-decimals)
    slack = 1e-9 * max(1.0, abs(published))
    return published - half - slack, published + half + slack


@lru_cache(maxsize=4096)
def binomial_p_table(n):
    """Two-sided p of binom.test(x, n, 1/2) for x = 0..n."""
    if n == 0:
        return np.ones(1)
    k = np.arange(n + 1)
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        pmf = binom.pmf(k, n, 0.5)
    order = np.sort(pmf)
    csum = np.cumsum(order)
    # p(x) = sum of pmf[k] over pmf[k] <= pmf[x] * (1 + 1e-7)
    idx = np.searchsorted(order, pmf * (1 + 1e-7), side="right")
    p = np.where(idx > 0, csum[np.maximum(idx - 1, 0)], 0.0)
    return np.minimum(p, 1.0)


def change_p(x, y):
    """p of the change test for integer arrays x (current), y (previous)."""
    x = np.asarray(x, dtype=np.int64)
    y = np.asarray(y, dtype=np.int64)
    out = np.empty(x.shape)
    n = x + y
    for nn in np.unique(n):
        sel = n == nn
        out[sel] = binomial_p_table(int(nn))[x[sel]]
    return out


def two_sided_normal_p(z):
    return erfc(np.abs(z) / math.sqrt(2.0))


def abs_z_interval_from_p(p_published, decimals=4):
    """|z| range of a published two-sided normal p (rounded)."""
    lo_p, hi_p = rounding_interval(p_published, decimals)
    lo_p = max(lo_p, 0.0)
    hi_p = min(hi_p, 1.0)
    # p = erfc(|z|/sqrt2) is decreasing in |z|.
    z_hi = math.inf if lo_p <= 0 else math.sqrt(2.0) * float(erfcinv(lo_p))
    z_lo = 0.0 if hi_p >= 1 else math.sqrt(2.0) * float(erfcinv(hi_p))
    return max(0.0, z_lo - 1e-9), z_hi + 1e-9


def tie_term(t):
    t = np.asarray(t, dtype=np.int64)
    return t * (t - 1) * (2 * t + 5)


def mann_kendall(series):
    """S, var S, Z, p of one series (as the engine)."""
    x = np.asarray(series, dtype=float)
    n = len(x)
    d = np.sign(x[None, :] - x[:, None])
    s = float(np.triu(d, 1).sum())
    _, counts = np.unique(x, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - tie_term(counts).sum()) / 18.0
    if var > 0:
        sd = math.sqrt(var)
        z = (s - 1) / sd if s > 0 else (s + 1) / sd if s < 0 else 0.0
    else:
        z = 0.0
    return s, var, z, float(two_sided_normal_p(z))


def sen_slope(series):
    x = np.asarray(series, dtype=float)
    n = len(x)
    i, j = np.triu_indices(n, 1)
    if len(i) == 0:
        return 0.0
    return float(np.median((x[j] - x[i]) / (j - i)))


def sen_slopes(cands):
    """Sen's slope of each row of a (K, n) array."""
    cands = np.asarray(cands, dtype=float)
    n = cands.shape[1]
    i, j = np.triu_indices(n, 1)
    slopes = (cands[:, j] - cands[:, i]) / (j - i)
    return np.median(slopes, axis=1)
