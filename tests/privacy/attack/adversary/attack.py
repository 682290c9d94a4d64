"""The adversary: everything a reader of one output folder can derive about each count.

Knowledge comes in tiers (any combination):
  relations  the meaning of values and flags, and the additive relations (relations.py)
  rule       how secondary suppression chooses (rule knowledge, relations.py; timefacts.py)
  stats      every published statistic: change tests, Mann-Kendall/Sen, Gi*, rates, changes in
             percent, indicators, EB rates (timefacts, gistar, derived)
The solver alternates bound propagation, the facts' own refinement (enumeration) and LP bounds
until nothing moves. On a release with noise (differential privacy) a published count is no
bound on the truth, and a statistic that the published counts reproduce is dropped as
carrying nothing beyond them; one they do not reproduce was computed from something else and
is kept as a fact about the truth.

    a = Attack("out/demo", knowledge={"relations", "rule", "stats"})
    a.run()
    a.lo[i], a.hi[i]      # bounds of cell i; a.recovered() = protected cells pinned exactly
"""

import math
import time

import numpy as np

from . import derived, gistar, lp, relations, timefacts
from .model import Infeasible, Model
from .release import Release

ALL = ("relations", "rule", "stats")


class Attack:
    def __init__(self, folder, knowledge=ALL, log=None, lp_rounds=4, full_bounds=False,
                 time_budget_s=None, component_budget_s=60.0):
        self.rel = Release(folder) if isinstance(folder, str) else folder
        self.knowledge = set(knowledge)
        self.log = log or (lambda *a: None)
        self.lp_rounds = lp_rounds
        self.full_bounds = full_bounds
        self.time_budget_s = time_budget_s
        self.component_budget_s = component_budget_s
        self.notes = []
        self.facts = []
        self.dropped_reproducible = {}
        self.kept_not_reproducible = {}
        self.timings = {}
        self.lp_stats = []

    # --- building -----------------------------------------------------------------------------
    def build(self):
        rel = self.rel
        t0 = time.time()
        self.m = m = Model(len(rel.keys))
        self.exact = relations.add_cell_bounds(m, rel)
        self.groups = relations.add_relations(m, rel)
        if "rule" in self.knowledge:
            self.notes.append("rule knowledge bounds %d secondary cells" % relations.add_rule_knowledge(m, rel, self.groups, self.exact))
        facts = []
        if "stats" in self.knowledge:
            facts += timefacts.change_facts(rel, rule="rule" in self.knowledge)
            facts += timefacts.trend_facts(rel)
            facts += gistar.gistar_facts(rel, self.notes)
            facts += derived.rate_facts(rel, self.exact)
            ind, _ = derived.indicator_facts(rel, m, self.exact, self.notes)
            facts += ind
            facts += derived.eb_facts(rel)
        self.noisy = any(rel.is_noisy(t) for t in set(rel.table))
        if self.noisy:
            facts = self._drop_reproducible(facts)
        for f in facts:
            f.rows(m)
        self.facts = facts
        self.timings["build"] = round(time.time() - t0, 2)

    def _drop_reproducible(self, facts):
        published = np.where(np.isnan(self.rel.value), np.nan, self.rel.value)
        x = np.concatenate([published, np.full(self.m.n - len(published), np.nan)])
        keep = []
        for f in facts:
            cells = [c for c in f.cells if c < len(published)]
            if cells and len(cells) == len(f.cells) and not np.isnan(x[cells]).any() and f.holds(x):
                self.dropped_reproducible[f.family] = self.dropped_reproducible.get(f.family, 0) + 1
            else:
                self.kept_not_reproducible[f.family] = self.kept_not_reproducible.get(f.family, 0) + 1
                keep.append(f)
        return keep

    # --- solving ------------------------------------------------------------------------------
    def _refine(self):
        total = 0
        while True:
            k = 0
            for f in self.facts:
                k += f.refine(self.m)
            if not k:
                return total
            total += k
            self.m.propagate()

    def run(self):
        self.build()
        m = self.m
        t0 = time.time()
        m.propagate()
        self._refine()
        self.timings["propagate"] = round(time.time() - t0, 2)
        t1 = time.time()
        cells = np.zeros(m.n, dtype=bool)
        cells[: len(self.rel.keys)] = ~self.exact
        for r in range(self.lp_rounds):
            before = (m.lo.copy(), m.hi.copy(), m.rows())
            budget = None if self.time_budget_s is None else max(1.0, self.time_budget_s - (time.time() - t0))
            st = lp.bound_by_lp(m, full=self.full_bounds, only=cells, time_budget_s=budget, log=self.log,
                                component_budget_s=self.component_budget_s)
            self.lp_stats.append(st)
            self.log("  LP round %d: %s" % (r + 1, st))
            m.propagate()
            self._refine()
            same = m.rows() == before[2] and np.array_equal(m.lo, before[0]) and np.array_equal(m.hi, before[1])
            if same or (self.time_budget_s is not None and time.time() - t0 > self.time_budget_s):
                break
        self.timings["lp"] = round(time.time() - t1, 2)
        n = len(self.rel.keys)
        self.lo = m.lo[:n].copy()
        self.hi = m.hi[:n].copy()
        return self

    # --- results ------------------------------------------------------------------------------
    def protected(self):
        return ~self.exact

    def recovered(self):
        return self.protected() & (self.lo == self.hi)

    def estimates(self):
        """Best estimate of every cell: the exact value where known; on a noisy release the
        published value clipped to the proven bounds; else the middle of the bounds (their low
        end when unbounded above)."""
        v = self.rel.value
        lo, hi = self.lo, self.hi
        mid = np.where(np.isfinite(hi), np.floor((lo + hi) / 2 + 0.5), lo)
        est = np.where(np.isnan(v), mid, np.clip(v, lo, hi))
        return np.where(lo == hi, lo, est)

    def fact_families(self):
        out = {}
        for f in self.facts:
            out[f.family] = out.get(f.family, 0) + 1
        return out
