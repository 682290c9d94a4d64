"""What the reader knows, as bounds and linear constraints over unknowns.

Variables are the true counts of the published cells (integers >= 0) plus auxiliary unknowns
(the scale of a Gi* z-score, a sub category's year count, ...). Every piece of knowledge is a
bound on a variable or a row lo <= sum(coef * x) <= hi. propagate() tightens the bounds to a
fixpoint (bounds consistency over all rows at once, vectorised); lp.py then bounds what remains
by linear programming.

    m = Model(n_cells)
    m.tighten(i, 1, 4)                        # a small suppressed count
    m.add_row([total, a, b], [1, -1, -1], 0, 0)  # total = a + b
    m.propagate()
"""

import math

import numpy as np

INF = float("inf")
EPS = 1e-7


class Infeasible(Exception):
    """The knowledge contradicts itself: a relation or a statistic was modelled wrongly."""


class Model:
    def __init__(self, n_cells):
        self.n_cells = n_cells
        self.lo = np.zeros(n_cells)
        self.hi = np.full(n_cells, INF)
        self.integer = np.ones(n_cells, dtype=bool)
        self.names = [None] * n_cells
        self._rows_idx, self._rows_coef, self._rows_lo, self._rows_hi, self.row_tag = [], [], [], [], []
        self._built_rows = -1

    # --- building ---------------------------------------------------------------------------
    @property
    def n(self):
        return len(self.lo)

    def add_var(self, lo=0.0, hi=INF, integer=True, name=None):
        self.lo = np.append(self.lo, float(lo))
        self.hi = np.append(self.hi, float(hi))
        self.integer = np.append(self.integer, bool(integer))
        self.names.append(name)
        return len(self.lo) - 1

    def tighten(self, i, lo=-INF, hi=INF):
        if lo > self.lo[i]:
            self.lo[i] = float(lo)
        if hi < self.hi[i]:
            self.hi[i] = float(hi)

    def add_row(self, idx, coef, lo, hi, tag=""):
        """lo <= sum(coef[k] * x[idx[k]]) <= hi; repeated variables are merged. Returns the row."""
        idx = np.asarray(idx, dtype=np.int64)
        coef = np.asarray(coef, dtype=float)
        if len(idx) == 0:
            return -1
        if len(np.unique(idx)) != len(idx):
            u, inv = np.unique(idx, return_inverse=True)
            c = np.zeros(len(u))
            np.add.at(c, inv, coef)
            idx, coef = u, c
        keep = coef != 0
        idx, coef = idx[keep], coef[keep]
        # A row over integers with integer coefficients has integer activity: round its
        # limits inwards (an exact indicator 555 +- 1e-7 becomes 555, which LP solvers like).
        if len(idx) and self.integer[idx].all() and np.all(coef == np.round(coef)):
            lo = math.ceil(lo - 1e-6) if math.isfinite(lo) else lo
            hi = math.floor(hi + 1e-6) if math.isfinite(hi) else hi
        self._rows_idx.append(idx)
        self._rows_coef.append(coef)
        self._rows_lo.append(float(lo))
        self._rows_hi.append(float(hi))
        self.row_tag.append(tag)
        return len(self._rows_idx) - 1

    def tighten_row(self, r, lo, hi):
        self._rows_lo[r] = max(self._rows_lo[r], float(lo))
        self._rows_hi[r] = min(self._rows_hi[r], float(hi))
        self._built_rows = -1

    def add_sum_equal(self, total, parts, tag=""):
        return self.add_row([total] + list(parts), [1.0] + [-1.0] * len(parts), 0.0, 0.0, tag)

    def freeze(self):
        """The rows as flat arrays for the solvers (rebuilt when rows were added)."""
        if self._built_rows == len(self._rows_idx):
            return
        n_rows = len(self._rows_idx)
        lens = np.array([len(r) for r in self._rows_idx], dtype=np.int64)
        self.nz_row = np.repeat(np.arange(n_rows), lens) if n_rows else np.zeros(0, dtype=np.int64)
        self.nz_var = np.concatenate(self._rows_idx) if n_rows else np.zeros(0, dtype=np.int64)
        self.nz_coef = np.concatenate(self._rows_coef) if n_rows else np.zeros(0)
        self.row_lo = np.array(self._rows_lo, dtype=float)
        self.row_hi = np.array(self._rows_hi, dtype=float)
        self.n_rows = n_rows
        self._built_rows = n_rows
        # Per-variable reductions by sorting once (ufunc.at is slow).
        self._perm = np.argsort(self.nz_var, kind="stable")
        sv = self.nz_var[self._perm]
        self._starts = np.nonzero(np.concatenate([[True], sv[1:] != sv[:-1]]))[0] if len(sv) else np.zeros(0, dtype=np.int64)
        self._vars = sv[self._starts] if len(sv) else np.zeros(0, dtype=np.int64)

    def rows(self):
        return len(self._rows_idx)

    def row(self, r):
        return self._rows_idx[r], self._rows_coef[r], self._rows_lo[r], self._rows_hi[r]

    # --- reasoning --------------------------------------------------------------------------
    def round_integers(self):
        lo, hi, it = self.lo, self.hi, self.integer
        lo[it] = np.ceil(lo[it] - 1e-6)
        hi[it] = np.floor(hi[it] + 1e-6)

    def check(self):
        bad = np.nonzero(self.lo > self.hi + 1e-6)[0]
        if len(bad):
            raise Infeasible("%d variables with empty bounds, first %d: [%g, %g]" %
                             (len(bad), bad[0], self.lo[bad[0]], self.hi[bad[0]]))

    def propagate(self, max_rounds=10000):
        """Bounds consistency over every row at once, to a fixpoint. For a row
        lo <= sum a_k x_k <= hi each term is bounded by the row's limits minus the extreme
        activities of the other terms; integer variables are rounded inwards."""
        self.freeze()
        if self.n_rows == 0:
            self.round_integers()
            self.check()
            return 0
        r, v, a = self.nz_row, self.nz_var, self.nz_coef
        n_rows = self.n_rows
        pos = a > 0
        rounds = 0
        for rounds in range(1, max_rounds + 1):
            lo, hi = self.lo, self.hi
            tmin = np.where(pos, a * lo[v], a * hi[v])
            tmax = np.where(pos, a * hi[v], a * lo[v])
            min_inf = np.isinf(tmin)
            max_inf = np.isinf(tmax)
            smin = np.bincount(r, weights=np.where(min_inf, 0.0, tmin), minlength=n_rows)
            smax = np.bincount(r, weights=np.where(max_inf, 0.0, tmax), minlength=n_rows)
            nmin = np.bincount(r, weights=min_inf.astype(float), minlength=n_rows)
            nmax = np.bincount(r, weights=max_inf.astype(float), minlength=n_rows)
            # Activity of the other terms of each nonzero's row.
            o_min = smin[r] - np.where(min_inf, 0.0, tmin)
            o_min_inf = (nmin[r] - min_inf) > 0
            o_max = smax[r] - np.where(max_inf, 0.0, tmax)
            o_max_inf = (nmax[r] - max_inf) > 0
            with np.errstate(invalid="ignore"):
                t_hi = np.where(o_min_inf, INF, self.row_hi[r] - o_min)   # a x <= t_hi
                t_lo = np.where(o_max_inf, -INF, self.row_lo[r] - o_max)  # a x >= t_lo
                x_hi = np.where(pos, t_hi / a, t_lo / a)
                x_lo = np.where(pos, t_lo / a, t_hi / a)
            x_hi = np.where(np.isnan(x_hi), INF, x_hi)
            x_lo = np.where(np.isnan(x_lo), -INF, x_lo)
            new_hi = hi.copy()
            new_lo = lo.copy()
            with np.errstate(invalid="ignore"):
                cand_hi = (x_hi + 1e-9 * np.maximum(1.0, np.abs(x_hi)))[self._perm]
                cand_lo = (x_lo - 1e-9 * np.maximum(1.0, np.abs(x_lo)))[self._perm]
            vs = self._vars
            new_hi[vs] = np.minimum(new_hi[vs], np.minimum.reduceat(cand_hi, self._starts))
            new_lo[vs] = np.maximum(new_lo[vs], np.maximum.reduceat(cand_lo, self._starts))
            it = self.integer
            new_lo[it] = np.ceil(new_lo[it] - 1e-6)
            new_hi[it] = np.floor(new_hi[it] + 1e-6)
            # Continuous variables: stop creeping (a change must be worth it).
            with np.errstate(invalid="ignore"):
                d_lo = np.nan_to_num(new_lo - lo, nan=0.0)
                d_hi = np.nan_to_num(hi - new_hi, nan=0.0)
            scale = np.maximum(1.0, np.abs(np.where(np.isfinite(lo), lo, 0)))
            changed = ((d_lo > 1e-6 * scale) & (it | (d_lo > 1e-4 * scale))) | \
                      ((d_hi > 1e-6 * scale) & (it | (d_hi > 1e-4 * scale)))
            if not changed.any():
                break
            self.lo = np.where(changed, new_lo, lo)
            self.hi = np.where(changed, new_hi, hi)
            self.check()
        self.check()
        return rounds

    def fixed(self):
        return self.lo == self.hi
