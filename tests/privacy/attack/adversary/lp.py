"""Bounds of each unknown by linear programming (scipy's HiGHS), component by component.

For an unknown x_i the reader's feasible region (all rows, all bounds, integers relaxed) gives
an interval [min x_i, max x_i]; the integers in it are ceil(min)..floor(max). A cell is
recovered exactly when that range holds one integer: then every integer solution — the truth
among them — has that value.

Solving two LPs for every unknown would be slow at city scale, so:
1. the unknowns split into independent components (unknowns linked by a row);
2. a few LPs with random objectives give feasible points; an unknown whose values in two
   feasible points are two or more apart (more exactly: ceil(low) < floor(high)) cannot be
   pinned, whatever its exact bounds;
3. only the others get their own min and max LP (each solution widens the spread of the rest).
`full=True` computes min and max for every unknown (exact intervals for the report).
`component_budget_s` caps the time spent on one component (dense Gi* rows of a fine grid can
make each LP take seconds); the unknowns it could not decide keep their bounds, and the count
of such components is reported as cut_short.

    res = bound_by_lp(model)           # tightens model.lo / model.hi, returns counts
"""

import time

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog
from scipy.sparse.csgraph import connected_components

from .model import Infeasible

_TOL = 1e-6


def _pinned_candidates(lo_obs, hi_obs, integer):
    """Unknowns that the feasible points seen so far do not prove unpinned."""
    spread = np.where(integer, np.ceil(lo_obs - _TOL) < np.floor(hi_obs + _TOL), hi_obs - lo_obs > 1e-6)
    return ~spread


def bound_by_lp(m, full=False, sweeps=3, seed=1, time_budget_s=None, log=None, only=None,
                component_budget_s=None):
    """Tightens m.lo / m.hi with LP bounds. `only`: boolean mask of the variables whose bounds
    matter (others are only constrained). Returns a dict of counts (components, lps, ...)."""
    t0 = time.time()
    m.freeze()
    n = m.n
    fixed = m.lo == m.hi
    free_idx = np.nonzero(~fixed)[0]
    stats = {"unknowns": int(len(free_idx)), "components": 0, "lps": 0, "largest": 0, "cut_short": 0}
    if len(free_idx) == 0 or m.n_rows == 0:
        return stats
    A = sp.csr_matrix((m.nz_coef, (m.nz_row, m.nz_var)), shape=(m.n_rows, n))
    x_fixed = np.where(fixed, m.lo, 0.0)
    shift = A @ x_fixed
    row_lo = m.row_lo - shift
    row_hi = m.row_hi - shift
    Af = A[:, free_idx].tocsr()
    rows_with = np.nonzero(np.diff(Af.indptr) > 0)[0]
    Af = Af[rows_with]
    row_lo, row_hi = row_lo[rows_with], row_hi[rows_with]
    nr, nf = Af.shape
    pattern = sp.csr_matrix((np.ones(Af.nnz), Af.indices, Af.indptr), shape=(nr, nf))
    graph = sp.bmat([[None, pattern], [pattern.T, None]], format="csr")
    n_comp, label = connected_components(graph, directed=False)
    var_label = label[nr:]
    row_label = label[:nr]
    rng = np.random.default_rng(seed)
    order = np.argsort(var_label, kind="stable")
    bounds_v = np.searchsorted(var_label[order], np.arange(n_comp + 1))
    rorder = np.argsort(row_label, kind="stable")
    bounds_r = np.searchsorted(row_label[rorder], np.arange(n_comp + 1))
    interest = np.ones(n, dtype=bool) if only is None else only
    comps = []
    for c in range(n_comp):
        vs = order[bounds_v[c]:bounds_v[c + 1]]
        if len(vs) == 0:
            continue
        rs = rorder[bounds_r[c]:bounds_r[c + 1]]
        if not interest[free_idx[vs]].any():
            continue
        comps.append((len(vs), vs, rs))
    comps.sort(key=lambda t: t[0])
    stats["components"] = len(comps)
    for size, vs, rs in comps:
        if time_budget_s is not None and time.time() - t0 > time_budget_s:
            stats["cut_short"] += 1
            continue
        stats["largest"] = max(stats["largest"], size)
        gv = free_idx[vs]
        Ac = Af[rs][:, vs].tocsr()
        lo_r, hi_r = row_lo[rs], row_hi[rs]
        eq = np.isfinite(lo_r) & np.isfinite(hi_r) & (np.abs(hi_r - lo_r) <= 1e-12 * np.maximum(1.0, np.abs(lo_r)))
        ub_hi = ~eq & np.isfinite(hi_r)
        ub_lo = ~eq & np.isfinite(lo_r)
        A_eq = Ac[eq] if eq.any() else None
        b_eq = lo_r[eq] if eq.any() else None
        A_ub = sp.vstack([Ac[ub_hi], -Ac[ub_lo]]).tocsr() if (ub_hi.any() or ub_lo.any()) else None
        b_ub = np.concatenate([hi_r[ub_hi], -lo_r[ub_lo]]) if A_ub is not None else None
        lo = m.lo[gv].copy()
        hi = m.hi[gv].copy()
        # Unbounded unknowns get a cap far beyond anything feasible, so every LP is bounded;
        # a bound at the cap is reported as no bound.
        finite = np.concatenate([np.abs(lo_r[np.isfinite(lo_r)]), np.abs(hi_r[np.isfinite(hi_r)]),
                                 np.abs(lo[np.isfinite(lo)]), np.abs(hi[np.isfinite(hi)]), [1.0]])
        cap = 1e3 * (finite.max() + 1.0)
        hi_c = np.where(np.isfinite(hi), hi, cap)
        lo_c = np.where(np.isfinite(lo), lo, -cap)
        bnds = np.column_stack([lo_c, hi_c])
        integer = m.integer[gv]
        want = interest[gv]

        def solve(c):
            stats["lps"] += 1
            res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bnds, method="highs")
            if res.status == 2:
                # HiGHS can call a tight but feasible problem infeasible; a region widened by
                # a hair still bounds the truth from outside, so retry on that.
                stats["retries"] = stats.get("retries", 0) + 1
                res = linprog(c, A_ub=A_ub, b_ub=None if b_ub is None else b_ub + 1e-6 * (1 + np.abs(b_ub)),
                              A_eq=A_eq, b_eq=b_eq, bounds=bnds, method="highs-ipm" if size > 1 else "highs",
                              options={"presolve": False})
            if res.status == 2:
                raise Infeasible("LP infeasible in a component of %d unknowns (rows: %s)" %
                                 (size, sorted({m.row_tag[rows_with[r]] for r in rs})[:8]))
            if res.status != 0:
                return None
            return res.x

        t_comp = time.time()
        if log and size > 2000:
            log("  LP component of %d unknowns, %d rows" % (size, len(rs)))
        lo_obs = np.full(size, np.inf)
        hi_obs = np.full(size, -np.inf)

        def observe(x):
            np.minimum(lo_obs, x, out=lo_obs)
            np.maximum(hi_obs, x, out=hi_obs)

        # Sweeps: random directions, then all undecided unknowns down and up at once, as long
        # as that decides a good share of them.
        for _ in range(sweeps if size > 1 else 0):
            x = solve(rng.normal(size=size))
            if x is not None:
                observe(x)
        # Then the undecided ones all down, all up, and in random +-1 directions, while that
        # decides more than a few per LP (a pinned unknown never moves; a free one usually does).
        slow = 0
        for k in range(40):
            if size <= 1:
                break
            cand = want & _pinned_candidates(lo_obs, hi_obs, integer)
            n_before = int(cand.sum())
            if n_before < 4:
                break
            sign = 1.0 if k == 0 else -1.0 if k == 1 else rng.choice([-1.0, 1.0], size=size)
            x = solve(np.where(cand, sign, 0.0) + 1e-3 * rng.normal(size=size))
            if x is not None:
                observe(x)
            decided = n_before - int((want & _pinned_candidates(lo_obs, hi_obs, integer)).sum())
            slow = slow + 1 if decided < max(2, 0.02 * n_before) else 0
            if slow >= 2:
                break
        lp_lo = np.full(size, np.nan)
        lp_hi = np.full(size, np.nan)
        todo = np.arange(size) if full else np.nonzero(want & _pinned_candidates(lo_obs, hi_obs, integer))[0]
        # Narrowest first: those are the likely recoveries when the budget runs out.
        todo = todo[np.argsort(np.minimum(hi, cap)[todo] - lo[todo], kind="stable")]
        if log and size > 2000:
            log("    sweeps done in %.1f s, %d LPs; %d candidates" % (time.time() - t_comp, stats["lps"], len(todo)))
        for n_done, k in enumerate(todo):
            if component_budget_s is not None and time.time() - t_comp > component_budget_s:
                stats["cut_short"] += 1
                break
            if log and size > 2000 and n_done % 200 == 0:
                log("    %d of %d candidates, %d LPs, %.1f s" % (n_done, len(todo), stats["lps"], time.time() - t_comp))
            if time_budget_s is not None and time.time() - t0 > time_budget_s:
                stats["cut_short"] += 1
                break
            if not full and not _pinned_candidates(lo_obs[k:k + 1], hi_obs[k:k + 1], integer[k:k + 1])[0]:
                continue
            if not want[k]:
                continue
            e = np.zeros(size)
            e[k] = 1.0
            x = solve(e)
            if x is None:
                continue
            observe(x)
            lp_lo[k] = x[k]
            if not full and not _pinned_candidates(lo_obs[k:k + 1], hi_obs[k:k + 1], integer[k:k + 1])[0]:
                continue
            e[k] = -1.0
            x = solve(e)
            if x is None:
                lp_lo[k] = np.nan
                continue
            observe(x)
            lp_hi[k] = x[k]
        ok = ~np.isnan(lp_lo)
        new_lo = np.where(ok & (lp_lo > -cap * 0.999), lp_lo, -np.inf)
        ok_hi = ~np.isnan(lp_hi)
        new_hi = np.where(ok_hi & (lp_hi < cap * 0.999), lp_hi, np.inf)
        # Only integer unknowns take LP bounds: a continuous one (a scale) would inherit the
        # solver's feasibility tolerance and could cut the truth off by a hair.
        new_lo = np.where(integer, np.ceil(new_lo - _TOL), -np.inf)
        new_hi = np.where(integer, np.floor(new_hi + _TOL), np.inf)
        m.lo[gv] = np.maximum(m.lo[gv], new_lo)
        m.hi[gv] = np.minimum(m.hi[gv], new_hi)
        if log and size > 2000:
            log("  LP component of %d unknowns: %d LPs so far, %.1f s" % (size, stats["lps"], time.time() - t0))
    m.check()
    stats["seconds"] = round(time.time() - t0, 2)
    return stats
