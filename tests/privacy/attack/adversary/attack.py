"""The adversary: everything a reader of one output folder can derive about each count.

Knowledge comes in tiers (any combination):
  relations  the meaning of values and flags, and the additive relations (relations.py)
  rule       how secondary suppression chooses (rule knowledge, relations.py; timefacts.py)
  stats      every published statistic: change tests, Mann-Kendall/Sen, Gi*, rates, changes in
             percent, indicators, EB rates (timefacts, gistar, derived)
The solver alternates bound propagation, the facts' own refinement (enumeration) and LP bounds
until nothing moves. On a release with noise (differential privacy) a published count is no
bound on the truth. The statistics are then first checked against the *released* counts (a
model where every published value is exact, the relations hold and unpublished released
counts, e.g. a sub category's year, are unknowns): if they are consistent, they are functions
of the release and say nothing more about the truth; a family that contradicts the release was
computed from something else (a leak) and is used as facts about the truth.

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
    def _stat_facts(self, m, exact, noisy):
        rel = self.rel
        facts = []
        if "stats" not in self.knowledge:
            return facts
        # The rule "shown only when both counts reach the threshold" is the suppression
        # profile's; a noisy release shows every comparison.
        facts += timefacts.change_facts(rel, rule="rule" in self.knowledge and not noisy)
        facts += timefacts.trend_facts(rel)
        facts += gistar.gistar_facts(rel, self.notes)
        facts += derived.rate_facts(rel, exact)
        ind, _ = derived.indicator_facts(rel, m, exact, self.notes, suppression=not noisy)
        facts += ind
        facts += derived.eb_facts(rel)
        return facts

    def build(self):
        rel = self.rel
        t0 = time.time()
        self.noisy = any(rel.is_noisy(t) for t in set(rel.table))
        if self.noisy:
            facts = self._check_release()
        self.m = m = Model(len(rel.keys))
        self.exact = relations.add_cell_bounds(m, rel)
        self.groups = relations.add_relations(m, rel)
        self.run_totals = relations.add_run_totals(m, rel)
        if self.noisy:
            # Statistics the released counts reproduce say nothing more about the truth; those
            # they do not (computed from something else: a leak) are facts about the truth.
            if self.inconsistent_families:
                facts = [f for f in self._stat_facts(m, self.exact, True) if f.family in self.inconsistent_families]
            else:
                facts = []
        else:
            if "rule" in self.knowledge:
                self.notes.append("rule knowledge bounds %d secondary cells" %
                                  relations.add_rule_knowledge(m, rel, self.groups, self.exact))
            facts = self._stat_facts(m, self.exact, False)
        for f in facts:
            f.rows(m)
        self.facts = facts
        self.timings["build"] = round(time.time() - t0, 2)

    def _release_model(self, families=None):
        """The model of the *released* counts: every published value exact, the relations (a
        release adds up), and the statistics (all, or those of `families`). Returns (model,
        facts); raises Infeasible when the statistics contradict the published counts."""
        rel = self.rel
        r = Model(len(rel.keys))
        exact = relations.add_cell_bounds(r, rel, as_released=True)
        relations.add_relations(r, rel, as_released=True)
        facts = self._stat_facts(r, exact, True)
        if families is not None:
            facts = [f for f in facts if f.family in families]
        for f in facts:
            f.rows(r)
        cells = np.zeros(r.n, dtype=bool)
        cells[len(rel.keys):] = True
        cells[: len(rel.keys)] = ~exact
        self._solve(r, facts, cells, rounds=2)
        return r, facts

    def _check_release(self):
        """On a noisy release: are the published statistics functions of the released counts?
        Sets released_consistent, the facts' families (statistics_checked) and
        inconsistent_families (statistics computed from other data than the release)."""
        self.inconsistent_families = set()
        self.statistics_checked = {}
        self.released_consistent = True
        try:
            _, facts = self._release_model()
        except Infeasible as e:
            self.released_consistent = False
            self.notes.append("the statistics contradict the published counts: %s" % e)
            facts = []
            for fam in ("change test", "Mann-Kendall", "Gi*", "rate", "change %", "indicator", "EB rate"):
                try:
                    _, ff = self._release_model({fam})
                except Infeasible:
                    self.inconsistent_families.add(fam)
                    continue
                facts += ff
        for f in facts:
            self.statistics_checked[f.family] = self.statistics_checked.get(f.family, 0) + 1
        return facts

    # --- solving ------------------------------------------------------------------------------
    def _refine(self, m=None, facts=None):
        m = self.m if m is None else m
        facts = self.facts if facts is None else facts
        total = 0
        while True:
            k = 0
            for f in facts:
                k += f.refine(m)
            if not k:
                return total
            total += k
            m.propagate()

    def _solve(self, m, facts, cells, rounds):
        t0 = time.time()
        m.propagate()
        self._refine(m, facts)
        for r in range(rounds):
            before = (m.lo.copy(), m.hi.copy(), m.rows())
            budget = None if self.time_budget_s is None else max(1.0, self.time_budget_s - (time.time() - t0))
            st = lp.bound_by_lp(m, full=self.full_bounds, only=cells, time_budget_s=budget, log=self.log,
                                component_budget_s=self.component_budget_s)
            self.lp_stats.append(st)
            self.log("  LP round %d: %s" % (r + 1, st))
            m.propagate()
            self._refine(m, facts)
            same = m.rows() == before[2] and np.array_equal(m.lo, before[0]) and np.array_equal(m.hi, before[1])
            if same or (self.time_budget_s is not None and time.time() - t0 > self.time_budget_s):
                break

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
        if self.noisy:
            # Nothing bounds a noisy count but the exact totals and facts about the truth: LP
            # only where propagation already left a range narrower than the noise (a count it
            # could pin); elsewhere the propagated bounds are the adversary's.
            n = len(self.rel.keys)
            width = m.hi[:n] - m.lo[:n]
            cells[:n] &= width <= np.maximum(4.0, 4.0 * self.rel.expected_errors())
        if cells.any():
            self._solve(m, self.facts, cells, self.lp_rounds)
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
