"""Facts from the time statistics: the change tests between periods and the Mann-Kendall trend
with Sen's slope of the monthly series (`<level>_trends.csv`, the layers' chg_*_ly_p).

Change test (current X vs previous Y, each a cell or a sum of month cells): the published
direction says X > Y, X < Y or X = Y, and p (4 decimals) leaves few (X, Y) pairs; the pairs
that fit, within the current bounds, tighten X and Y and add their convex hull as rows.
Rule knowledge: the public profile shows a comparison other than period_prev/period_ly only
when both counts reach the threshold.

Mann-Kendall: S is published exactly, Z to 2 and p to 4 decimals, Sen's slope to 2. With few
unknown months left, every combination of their values is tried; the months keep the hull of
the combinations that reproduce all four (and the period sums within their bounds).

    facts = change_facts(rel, rule=True) + trend_facts(rel)
"""

import math

import numpy as np

from . import numerics
from .facts import Fact, hull_rows, sum_bounds, tighten
from .model import INF
from .release import month_label, month_range

PAIR_LIMIT = 250_000
SERIES_LIMIT = 200_000


def published_interval(text, decimals):
    """Interval of a published real: rounded to `decimals` when it has at most that many
    decimals (the public profile), else exact up to float noise."""
    v = float(text)
    if numerics.decimals_of(text) <= decimals:
        return numerics.rounding_interval(v, decimals)
    return v - 1e-9 * max(1.0, abs(v)), v + 1e-9 * max(1.0, abs(v))


def expression(rel, level, code, cat, label):
    """The cells whose sum is the count of (level, code, cat) over the months of `label`."""
    months = month_range(label)
    for p, pm in rel.period_months.items():
        if pm == months:
            i = rel.cell_index.get((level, code, cat, p))
            if i is not None:
                return [i]
    cells = [rel.cell_index.get((level, code, cat, month_label(mi))) for mi in months]
    if all(c is not None for c in cells):
        return cells
    return None


class ChangeFact(Fact):
    family = "change test"

    def __init__(self, xs, ys, direction, p_lo, p_hi, min_each, tag):
        self.xs, self.ys = xs, ys
        self.cells = tuple(xs) + tuple(ys)
        self.direction = direction
        self.p_lo, self.p_hi = p_lo, p_hi
        self.min_each = min_each
        self.tag = tag
        self.sum_rows = {}
        self.last_box = None
        self.hulls = 0
        self.broken = False

    def _bound(self, m, cells, lo, hi, which):
        if len(cells) == 1:
            return tighten(m, cells[0], lo, hi)
        cur_lo, cur_hi = sum_bounds(m, cells)
        if lo <= cur_lo + 1e-9 and hi >= cur_hi - 1e-9:
            return 0
        r = self.sum_rows.get(which)
        if r is None:
            self.sum_rows[which] = m.add_row(cells, [1.0] * len(cells), lo, hi, self.tag)
        else:
            m.tighten_row(r, lo, hi)
        return 1

    def rows(self, m):
        if self.min_each > 0:
            self._bound(m, self.xs, self.min_each, INF, "x")
            self._bound(m, self.ys, self.min_each, INF, "y")

    def _feasible(self, xv, yv):
        ok = np.ones(xv.shape, dtype=bool)
        if self.direction == "up":
            ok &= xv > yv
        elif self.direction == "down":
            ok &= xv < yv
        elif self.direction == "none":
            ok &= xv == yv
        if ok.any():
            p = numerics.change_p(xv[ok], yv[ok])
            ok[ok] = (p >= self.p_lo) & (p <= self.p_hi)
        return ok

    def refine(self, m):
        if self.broken:
            return 0
        lx, hx = sum_bounds(m, self.xs)
        ly, hy = sum_bounds(m, self.ys)
        lx, ly = max(lx, self.min_each), max(ly, self.min_each)
        if not all(map(math.isfinite, (lx, hx, ly, hy))):
            return 0
        box = (lx, hx, ly, hy)
        if box == self.last_box or (hx - lx + 1) * (hy - ly + 1) > PAIR_LIMIT:
            return 0
        self.last_box = box
        xv, yv = np.meshgrid(np.arange(lx, hx + 1, dtype=np.int64), np.arange(ly, hy + 1, dtype=np.int64))
        xv, yv = xv.ravel(), yv.ravel()
        ok = self._feasible(xv, yv)
        if not ok.any():
            self.broken = True
            return 0
        fx, fy = xv[ok], yv[ok]
        n = self._bound(m, self.xs, fx.min(), fx.max(), "x") + self._bound(m, self.ys, fy.min(), fy.max(), "y")
        if self.hulls < 3 and len(fx) > 2 and len(fx) < 0.5 * len(xv):
            if hull_rows(np.column_stack([fx, fy]), self.xs, self.ys, m, self.tag + " hull"):
                self.hulls += 1
                n += 1
        return n

    def holds(self, x):
        xv = np.array([int(round(sum(x[c] for c in self.xs)))])
        yv = np.array([int(round(sum(x[c] for c in self.ys)))])
        return bool(self._feasible(xv, yv)[0])


def change_facts(rel, rule=False):
    facts = []
    for level in ("straat", "buurt", "wijk"):
        tinfo = ((rel.run.get("time", {}) or {}).get(level, {}) or {})
        comps = [c for c in tinfo.get("comparisons", []) if c.get("available")]
        if not comps:
            continue
        for (lv, code, cat), s in rel.stats.items():
            if lv != level:
                continue
            for k, c in enumerate(comps):
                key = c["key"]
                d = s.get(key + "_direction", "")
                p = s.get(key + "_p", "")
                if key == "period_ly" and not d and s.get("layer_chg_ly_p", ""):
                    # The layer's chg_<cat>_ly_p: the same test without the direction.
                    p, d = s["layer_chg_ly_p"], "any"
                if not d or p in ("", None):
                    continue
                xs = expression(rel, level, code, cat, c["current"])
                ys = expression(rel, level, code, cat, c["previous"])
                if xs is None or ys is None:
                    continue
                lo, hi = published_interval(str(p), 4)
                min_each = rel.threshold if rule and key not in ("period_prev", "period_ly") and rel.profile == "public" else 0
                facts.append(ChangeFact(xs, ys, d, lo, hi, min_each, "%s %s %s %s" % (key, level, code, cat)))
    return facts


class TrendFact(Fact):
    family = "Mann-Kendall"

    def __init__(self, cells, s, z_iv, abs_z_iv, sen_iv, sums, tag):
        self.cells = tuple(cells)
        self.s = s
        self.z_iv, self.abs_z_iv, self.sen_iv = z_iv, abs_z_iv, sen_iv
        self.sums = sums  # [(period cell, [positions in the series])]
        self.tag = tag
        self.last = None
        self.broken = False

    def _check(self, cand):
        """Boolean mask of candidate series (K, n) that reproduce the published figures."""
        out = np.zeros(len(cand), dtype=bool)
        for start in range(0, len(cand), 2000):
            out[start:start + 2000] = self._check_block(cand[start:start + 2000])
        return out

    def _check_block(self, c):
        K, n = c.shape
        i, j = np.triu_indices(n, 1)
        s = np.sign(c[:, j] - c[:, i]).sum(axis=1)
        ok = s == self.s
        if not ok.any():
            return ok
        c = c[ok]
        vals = c.astype(np.int64)
        vals -= vals.min()
        width = int(vals.max()) + 1
        counts = np.bincount((np.arange(len(c))[:, None] * width + vals).ravel(),
                             minlength=len(c) * width).reshape(len(c), width)
        ties = numerics.tie_term(counts).sum(axis=1).astype(float)
        var = (n * (n - 1) * (2 * n + 5) - ties) / 18.0
        sv = float(self.s)
        with np.errstate(invalid="ignore", divide="ignore"):
            sd = np.sqrt(var)
            z = np.where(var > 0, (sv - 1) / sd if sv > 0 else (sv + 1) / sd if sv < 0 else 0.0, 0.0)
        good = np.ones(len(c), dtype=bool)
        if self.z_iv is not None:
            good &= (z >= self.z_iv[0]) & (z <= self.z_iv[1])
        if self.abs_z_iv is not None:
            good &= (np.abs(z) >= self.abs_z_iv[0]) & (np.abs(z) <= self.abs_z_iv[1])
        if self.sen_iv is not None and good.any():
            sl = numerics.sen_slopes(c[good])
            good[np.nonzero(good)[0]] = (sl >= self.sen_iv[0]) & (sl <= self.sen_iv[1])
        ok[np.nonzero(ok)[0]] = good
        return ok

    def _s_filter(self, lo, unknown, grid):
        """S of every candidate from the known part, per-unknown tables and unknown pairs."""
        n = len(lo)
        known = np.ones(n, dtype=bool)
        known[unknown] = False
        kv = lo[known]
        kpos = np.nonzero(known)[0]
        ki, kj = np.triu_indices(len(kv), 1)
        s = np.full(len(grid), float(np.sign(kv[kj] - kv[ki]).sum()))
        for a, u in enumerate(unknown):
            vals = grid[:, a]
            later = kv[kpos > u]
            earlier = kv[kpos < u]
            lo_v = vals.min()
            rng = np.arange(lo_v, vals.max() + 1)
            table = np.sign(later[None, :] - rng[:, None]).sum(axis=1) + np.sign(rng[:, None] - earlier[None, :]).sum(axis=1)
            s += table[(vals - lo_v).astype(np.int64)]
        if len(unknown) > 1:
            g = grid.astype(np.int32)
            ia, ib = np.triu_indices(len(unknown), 1)
            for start in range(0, len(g), 16384):
                blk = g[start:start + 16384]
                s[start:start + 16384] += np.sign(blk[:, ib] - blk[:, ia]).sum(axis=1)
        return s == self.s

    def refine(self, m):
        if self.broken:
            return 0
        idx = np.array(self.cells)
        lo, hi = m.lo[idx], m.hi[idx]
        if not np.all(np.isfinite(hi)):
            return 0
        unknown = np.nonzero(lo < hi)[0]
        if len(unknown) == 0:
            return 0
        sizes = (hi[unknown] - lo[unknown] + 1).astype(np.int64)
        total = 1
        for sz in sizes:
            total *= int(sz)
            if total > SERIES_LIMIT:
                return 0
        state = (tuple(lo), tuple(hi))
        if state == self.last:
            return 0
        self.last = state
        ranges = [np.arange(lo[u], hi[u] + 1) for u in unknown]
        grid = np.stack(np.meshgrid(*ranges, indexing="ij"), axis=-1).reshape(-1, len(ranges)).astype(float)
        grid = grid[self._s_filter(lo, unknown, grid)]
        if len(grid) == 0:
            self.broken = True
            return 0
        cand = np.tile(lo, (len(grid), 1))
        cand[:, unknown] = grid
        keep = np.ones(len(cand), dtype=bool)
        for pcell, pos in self.sums:
            tot = cand[:, pos].sum(axis=1)
            keep &= (tot >= m.lo[pcell] - 1e-9) & (tot <= m.hi[pcell] + 1e-9)
        cand = cand[keep]
        if len(cand) == 0:
            self.broken = True
            return 0
        ok = self._check(cand)
        if not ok.any():
            self.broken = True
            return 0
        good = cand[ok]
        n = 0
        for u in unknown:
            n += tighten(m, int(idx[u]), good[:, u].min(), good[:, u].max())
        for pcell, pos in self.sums:
            tot = good[:, pos].sum(axis=1)
            n += tighten(m, pcell, tot.min(), tot.max())
        return n

    def holds(self, x):
        return bool(self._check(np.array([[x[c] for c in self.cells]], dtype=float))[0])


def trend_facts(rel):
    facts = []
    series = rel.series_months
    for level in ("straat", "buurt", "wijk"):
        tinfo = ((rel.run.get("time", {}) or {}).get(level, {}) or {})
        if tinfo.get("step", "month") != "month" or not series:
            continue
        for (lv, code, cat), s in rel.stats.items():
            if lv != level or s.get("mk_s", "") in ("", None):
                continue
            cells = [rel.cell_index.get((level, code, cat, month_label(mi))) for mi in series]
            if any(c is None for c in cells):
                continue
            if s.get("months") and int(float(s["months"])) != len(cells):
                continue
            sv = float(s["mk_s"])
            z_iv = published_interval(s["mk_z"], 2) if s.get("mk_z") not in ("", None) else None
            az = numerics.abs_z_interval_from_p(float(s["mk_p"])) if s.get("mk_p") not in ("", None) else None
            if az is not None and numerics.decimals_of(s["mk_p"]) > 4:
                zp = abs(float(s["mk_z"])) if z_iv else None
                az = None if zp is None else (zp - 1e-6, zp + 1e-6)
            sen = published_interval(s["sen_slope"], 2) if s.get("sen_slope") not in ("", None) else None
            sums = []
            for p, pm in rel.period_months.items():
                pc = rel.cell_index.get((level, code, cat, p))
                if pc is not None and all(mi in series for mi in pm):
                    sums.append((pc, [series.index(mi) for mi in pm]))
            facts.append(TrendFact(cells, sv, z_iv, az, sen, sums, "mk %s %s %s" % (level, code, cat)))
    return facts
