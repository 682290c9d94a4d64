"""Facts from figures derived from counts: rates (x published population), changes in percent,
indicators and the empirical-Bayes smoothed rate.

- rate_<cat> (2 decimals, per 1,000 inhabitants) and chg_<cat>_ly_pct (1 decimal) are linear
  in the counts: rows. They matter only where a count behind them is not published.
- Indicators (indicators_month/quarter.csv): a rolling window of 1, 3 or 12 months ending
  at the report month, of a set of categories, as a count, per 1,000 inhabitants or a share of
  totaal, for the window and the one before; "suppressed" means 1..threshold-1 incidents. The
  categories are not published: they are read from the indicator's name (category keys at the
  start of a word) and the guess must reproduce every row whose counts are known. Windows that
  no published cell covers (a sub category over 12 months) become unknowns of their own, with
  the area hierarchy and containment (>= the periods inside, <= the main category's months).
  Values are taken as exact (shortest round-trip) unless written with 1..4 decimals.
- eb_rate_totaal (3 decimals; engine/stats/smoothing.hpp, Marshall's global estimator):
  est_i = b + (r_i - b) a / (a + b / n_i), b = sum x / sum n. With b known (the level's total
  and populations are published), every area with a known count gives the prior variance a,
  and a gives every unknown count back: x_i = n_i (b + (est_i - b) / w_i), w_i = a/(a + b/n_i).

    facts = derived_facts(rel, notes)
"""

import math
import re

import numpy as np

from . import numerics
from .facts import Fact, tighten
from .model import INF
from .release import LEVELS, month_label
from .timefacts import published_interval


def value_interval(text):
    text = str(text)
    d = numerics.decimals_of(text)
    v = float(text)
    if 1 <= d <= 4:
        return published_interval(text, d)
    return v - 1e-9 * max(1.0, abs(v)), v + 1e-9 * max(1.0, abs(v))


class RowFact(Fact):
    """A linear row known from the start (rates, changes, indicators)."""

    def __init__(self, family, idx, coef, lo, hi, tag, check=None):
        self.family = family
        self.idx, self.coef, self.lo, self.hi, self.tag = idx, coef, lo, hi, tag
        self.cells = tuple(idx)
        self.check = check  # the cells whose values decide it (None: involves unknowns of its own)

    def rows(self, m):
        m.add_row(self.idx, self.coef, self.lo, self.hi, self.tag)

    def holds(self, x):
        if self.check is False:
            return True
        v = sum(c * x[i] for i, c in zip(self.idx, self.coef))
        tol = 1e-6 * max(1.0, abs(v))
        return self.lo - tol <= v <= self.hi + tol


def rate_facts(rel, exact):
    facts = []
    for (level, code, cat), s in rel.stats.items():
        info = rel.areas.get(level)
        if info is None:
            continue
        pop = info["population"].get(code, math.nan)
        cur = rel.cell_index.get((level, code, cat, "cur"))
        ly = rel.cell_index.get((level, code, cat, "ly"))
        if s.get("rate", "") not in ("", None) and pop > 0 and cur is not None and not exact[cur]:
            lo, hi = published_interval(str(s["rate"]), 2)
            facts.append(RowFact("rate", [cur], [1.0], lo * pop / 1000.0, hi * pop / 1000.0, "rate %s %s %s" % (level, code, cat)))
        if s.get("chg_ly_pct", "") not in ("", None) and cur is not None and ly is not None and not (exact[cur] and exact[ly]):
            lo, hi = published_interval(str(s["chg_ly_pct"]), 1)
            # 100 (n - ly) / ly in [lo, hi]  <=>  100 n - (100 + hi) ly <= 0 <= 100 n - (100 + lo) ly
            facts.append(RowFact("change %", [cur, ly], [100.0, -(100.0 + hi)], -INF, 0.0, "chg %s %s %s" % (level, code, cat)))
            facts.append(RowFact("change %", [cur, ly], [100.0, -(100.0 + lo)], 0.0, INF, "chg %s %s %s" % (level, code, cat)))
    return facts


# --- indicators -------------------------------------------------------------------------------
def guess_categories(name, categories, main_of):
    words = re.findall(r"[a-z0-9_\-]+", name.lower())
    found = []
    for cat in sorted(categories, key=len, reverse=True):
        if cat == "totaal":
            continue
        key = cat.lower()
        if any(w.startswith(key) for w in words) and not any(f.startswith(key) or main_of.get(f) == cat for f in found):
            found.append(cat)
    return found


class WindowCounts:
    """Linear expressions for 'count of category c in area A over months M', creating unknowns
    (with hierarchy and containment rows) where no published cell covers them."""

    def __init__(self, rel, m):
        self.rel, self.m = rel, m
        self.aux = {}
        self.pending = []

    def cells(self, level, code, cat, months):
        rel = self.rel
        ks = [(level, code, cat, month_label(mi)) for mi in months]
        if all(k in rel.cell_index for k in ks):
            return [rel.cell_index[k] for k in ks], True
        for p, pm in rel.period_months.items():
            if pm == list(months) and (level, code, cat, p) in rel.cell_index:
                return [rel.cell_index[(level, code, cat, p)]], True
        return [self._aux(level, cat, tuple(months))[code]], False

    def _aux(self, level, cat, months):
        key = (level, cat, months)
        if key in self.aux:
            return self.aux[key]
        rel, m = self.rel, self.m
        codes = rel.areas[level]["codes"]
        ids = {c: m.add_var(0, INF, True, "window %s %s %s %s" % (level, c, cat, months[0])) for c in codes}
        self.aux[key] = ids
        main = rel.main_of.get(cat, "")
        for c, v in ids.items():
            # >= the disjoint periods inside the window
            used = set()
            inside = []
            for p, pm in sorted(rel.period_months.items()):
                if set(pm) <= set(months) and not (set(pm) & used) and (level, c, cat, p) in rel.cell_index:
                    inside.append(rel.cell_index[(level, c, cat, p)])
                    used |= set(pm)
            if inside:
                m.add_row([v] + inside, [1.0] + [-1.0] * len(inside), 0.0, INF, "window >= periods")
            if main:
                mk = [(level, c, main, month_label(mi)) for mi in months]
                if all(k in rel.cell_index for k in mk):
                    cl = [rel.cell_index[k] for k in mk]
                    m.add_row([v] + cl, [1.0] + [-1.0] * len(cl), -INF, 0.0, "window <= main")
        # hierarchy with the levels around it
        li = LEVELS.index(level)
        for other in LEVELS[li + 1:] + LEVELS[:li][::-1]:
            if (other, cat, months) not in self.aux or other == level:
                continue
            self._link(level, other, cat, months)
        return ids

    def _link(self, a, b, cat, months):
        lo, hi = sorted([a, b], key=LEVELS.index)
        child, parent = self.aux[(lo, cat, months)], self.aux[(hi, cat, months)]
        anc = self._ancestor_map(lo, hi)
        groups = {}
        for c, v in child.items():
            groups.setdefault(anc.get(c), []).append(v)
        for pc, kids in groups.items():
            if pc in parent:
                self.m.add_sum_equal(parent[pc], kids, "window hierarchy")

    def _ancestor_map(self, low, high):
        rel = self.rel
        out = {}
        path = LEVELS[LEVELS.index(low):LEVELS.index(high)]
        for c in rel.areas[low]["codes"]:
            cur = c
            for lv in path:
                cur = rel.areas[lv]["parent"].get(cur) if lv in rel.areas else None
                if cur is None:
                    break
            out[c] = cur
        return out


def indicator_facts(rel, m, exact, notes, suppression=True):
    facts = []
    wc = WindowCounts(rel, m)
    t = rel.threshold
    months_of = {"month": 1, "quarter": 3, "year": 12}
    counted = set(rel.series_months) | {mi for pm in rel.period_months.values() for mi in pm}
    by_name = {}
    for r in rel.indicators:
        by_name.setdefault(r["indicator"], []).append(r)
    for name, rows in by_name.items():
        cats = guess_categories(name, rel.categories, rel.main_of)
        if not cats:
            notes.append("indicator %r: categories not recognised in its name" % name)
            continue
        built, checked, failed = [], 0, 0
        for r in rows:
            level, code = r["level"], r["code"]
            if level not in rel.areas or code not in rel.areas[level]["population"] or r["_last_month"] is None:
                continue
            n = months_of.get(r["period"])
            if n is None:
                continue
            last = r["_last_month"]
            pop = rel.areas[level]["population"][code]
            for which, col, months in (("now", "value", list(range(last - n + 1, last + 1))),
                                       ("prev", "previous", list(range(last - 2 * n + 1, last - n + 1)))):
                if not set(months) <= counted:
                    continue
                idx, known = [], True
                for cat in cats:
                    cl, k = wc.cells(level, code, cat, months)
                    idx += cl
                    known &= k
                coef = [1.0] * len(idx)
                text = r.get(col, "")
                tag = "indicator %s %s %s %s" % (name, level, code, which)
                if text not in ("", None):
                    lo, hi = value_interval(text)
                    if r["measure"] == "count":
                        built.append(RowFact("indicator", idx, coef, lo, hi, tag, None if known else False))
                    elif r["measure"] == "per_1000":
                        if not pop > 0:
                            continue
                        built.append(RowFact("indicator", idx, coef, lo * pop / 1000.0, hi * pop / 1000.0, tag, None if known else False))
                    elif r["measure"] == "share":
                        tot, tk = wc.cells(level, code, "totaal", months)
                        # 100 count - v T in [.., ..]:  100 c - hi T <= 0 <= 100 c - lo T
                        built.append(RowFact("indicator", idx + tot, [100.0] * len(idx) + [-hi] * len(tot), -INF, 0.0, tag, None if known and tk else False))
                        built.append(RowFact("indicator", idx + tot, [100.0] * len(idx) + [-lo] * len(tot), 0.0, INF, tag, None if known and tk else False))
                    if known and (r["measure"] != "share" or tk):
                        checked += 1
                        failed += not _known_value_ok(rel, exact, built[-1])
                elif which == "now" and r.get("status") == "suppressed" and suppression:
                    built.append(RowFact("indicator", idx, coef, 1.0, t - 1.0, tag + " suppressed", None if known else False))
                elif which == "prev" and r.get("value", "") not in ("", None) and r["measure"] in ("count", "per_1000") \
                        and rel.profile == "public" and suppression and (r["measure"] == "count" or pop > 0):
                    built.append(RowFact("indicator", idx, coef, 1.0, t - 1.0, tag + " previous suppressed", None if known else False))
        if failed:
            notes.append("indicator %r: categories %s do not reproduce %d of %d checkable rows: not used" % (name, cats, failed, checked))
            continue
        if not checked:
            notes.append("indicator %r: categories %s guessed from the name (no row to check them on)" % (name, cats))
        facts += built
    return facts, wc


def _known_value_ok(rel, exact, fact):
    if not all(exact[i] for i in fact.idx if i < len(exact)):
        return True
    v = sum(c * rel.value[i] for i, c in zip(fact.idx, fact.coef))
    tol = 1e-6 * max(1.0, abs(v))
    return fact.lo - tol <= v <= fact.hi + tol


# --- empirical Bayes ------------------------------------------------------------------------
class EbFact(Fact):
    family = "EB rate"

    def __init__(self, rel, level, cells, total_cell, pops, eb_iv, tag):
        self.cells = tuple(cells) + (total_cell,)
        self.x = list(cells)
        self.total = total_cell
        self.pops = np.array(pops, dtype=float)
        self.eb_iv = eb_iv  # per area (lo, hi) per inhabitant, or None
        self.tag = tag

    def refine(self, m):
        if m.lo[self.total] != m.hi[self.total]:
            return 0
        b = m.lo[self.total] / self.pops.sum()
        if b <= 0:
            return 0
        a_lo, a_hi = 0.0, INF
        for k, c in enumerate(self.x):
            iv = self.eb_iv[k]
            if iv is None or m.lo[c] != m.hi[c]:
                continue
            r = m.lo[c] / self.pops[k]
            if abs(r - b) < 1e-12:
                continue
            ws = sorted(((iv[0] - b) / (r - b), (iv[1] - b) / (r - b)))
            if ws[1] <= 0 or ws[0] >= 1:
                return 0  # a = 0 (no shrinkage information) or inconsistent
            w0, w1 = max(ws[0], 0.0), min(ws[1], 1.0 - 1e-15)
            # a = w b / (n (1 - w)), increasing in w
            a_lo = max(a_lo, w0 * b / (self.pops[k] * (1 - w0)))
            a_hi = min(a_hi, w1 * b / (self.pops[k] * (1 - w1)))
        if not (a_lo > 0 and a_hi < INF and a_lo <= a_hi * (1 + 1e-9)):
            return 0
        n_t = 0
        for k, c in enumerate(self.x):
            iv = self.eb_iv[k]
            if iv is None or m.lo[c] == m.hi[c]:
                continue
            p = self.pops[k]
            vals = []
            for a in (a_lo, a_hi):
                w = a / (a + b / p)
                for e in iv:
                    vals.append(p * (b + (e - b) / w))
            n_t += tighten(m, c, math.ceil(min(vals) - 1e-6), math.floor(max(vals) + 1e-6))
        return n_t

    def holds(self, x):
        e = np.array([x[c] for c in self.x], dtype=float)
        p = self.pops
        b = e.sum() / p.sum()
        r = e / p
        s2 = (p * (r - b) ** 2).sum() / p.sum()
        a = max(0.0, s2 - b / (p.sum() / len(p)))
        for k, iv in enumerate(self.eb_iv):
            if iv is None:
                continue
            den = a + b / p[k]
            est = b + (r[k] - b) * (a / den) if den > 0 else b
            if not (iv[0] - 1e-12 <= est <= iv[1] + 1e-12):
                return False
        return True


def eb_facts(rel):
    facts = []
    for level in ("buurt", "wijk"):
        info = rel.areas.get(level)
        if info is None or "gemeente" not in rel.areas or len(rel.areas["gemeente"]["codes"]) != 1:
            continue
        codes = info["codes"]
        ebs = [info["props"][c].get("eb_rate_totaal") for c in codes]
        if all(e in (None, "") for e in ebs):
            continue
        pops = [info["population"][c] for c in codes]
        if not all(p > 0 for p in pops):
            continue
        cells = [rel.cell_index.get((level, c, "totaal", "cur")) for c in codes]
        total = rel.cell_index.get(("gemeente", rel.areas["gemeente"]["codes"][0], "totaal", "cur"))
        if any(c is None for c in cells) or total is None:
            continue
        ivs = []
        for e in ebs:
            if e in (None, ""):
                ivs.append(None)
            else:
                lo, hi = published_interval(str(e), 3)
                ivs.append((lo / 1000.0, hi / 1000.0))
        facts.append(EbFact(rel, level, cells, total, pops, ivs, "eb %s" % level))
    return facts
