#!/usr/bin/python3
"""Unit tests of the adversary's pieces on inputs with known answers (run by ctest as
privacy_attack_units; needs python3-numpy, python3-scipy, python3-gdal)."""

import math
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from adversary import derived, kde, lp, membership, numerics  # noqa: E402
from adversary.facts import hull_rows  # noqa: E402
from adversary.gistar import GiStarFact, _z_interval  # noqa: E402
from adversary.model import INF, Infeasible, Model  # noqa: E402
from adversary.timefacts import ChangeFact, TrendFact, published_interval  # noqa: E402


class Numerics(unittest.TestCase):
    def test_change_test_matches_the_engine_examples(self):
        # engine/time/change.hpp: 2 -> 4 has p = 0.6875; 10 -> 40 has p = 2.4e-5
        self.assertAlmostEqual(numerics.change_p([4], [2])[0], 0.6875, places=12)
        self.assertAlmostEqual(numerics.change_p([40], [10])[0] / 2.4e-5, 1.0, delta=0.05)
        self.assertEqual(numerics.change_p([3], [3])[0], 1.0)

    def test_mann_kendall_matches_the_engine_example(self):
        # engine/time/mann_kendall.hpp: S = 43, var_S = 201, Z = 2.962, p = 0.0031
        s, var, z, p = numerics.mann_kendall([0, 0, 1, 0, 2, 1, 0, 3, 2, 4, 3, 5])
        self.assertEqual(s, 43)
        self.assertEqual(var, 201)
        self.assertAlmostEqual(z, 2.962, places=3)
        self.assertAlmostEqual(p, 0.0031, places=4)

    def test_p_gives_a_narrow_abs_z(self):
        lo, hi = numerics.abs_z_interval_from_p(0.0500)
        self.assertLess(lo, 1.95996)
        self.assertGreater(hi, 1.95996)
        self.assertLess(hi - lo, 0.002)

    def test_published_interval_follows_the_decimals(self):
        self.assertEqual(published_interval("1.25", 2), numerics.rounding_interval(1.25, 2))
        # shortest round-trip CSV writes 0.0008 as 8e-04: still a p rounded to 4 decimals
        self.assertEqual(numerics.decimals_of("8e-04"), 4)
        self.assertEqual(published_interval("8e-04", 4), numerics.rounding_interval(0.0008, 4))
        lo, hi = published_interval("1.2345678901", 2)
        self.assertLess(hi - lo, 1e-8)


class Reasoning(unittest.TestCase):
    def test_propagation_takes_a_wijk_minus_its_other_buurten(self):
        m = Model(4)  # wijk, a, b, c
        m.tighten(0, 21, 21)
        m.tighten(1, 12, 12)
        m.tighten(2, 1, 4)
        m.tighten(3, 5, INF)
        m.add_sum_equal(0, [1, 2, 3])
        m.propagate()
        self.assertEqual((m.lo[2], m.hi[2]), (1, 4))
        self.assertEqual((m.lo[3], m.hi[3]), (5, 8))
        m.tighten(3, 8, 8)
        m.propagate()
        self.assertEqual((m.lo[2], m.hi[2]), (1, 1))

    def test_lp_pins_what_propagation_cannot(self):
        # x + y = 3, x + z = 3, y + z = 2  =>  x = 2, y = z = 1 (a sum of the rows)
        m = Model(3)
        for a, b, v in ((0, 1, 3), (0, 2, 3), (1, 2, 2)):
            m.add_row([a, b], [1, 1], v, v)
        m.propagate()
        self.assertLess(m.lo[0], m.hi[0])
        lp.bound_by_lp(m)
        self.assertEqual(list(m.lo), [2, 1, 1])
        self.assertEqual(list(m.hi), [2, 1, 1])

    def test_lp_leaves_a_free_cell_free(self):
        # a 2x2 table with all margins published: one degree of freedom
        m = Model(4)
        for parts, v in (([0, 1], 10), ([2, 3], 10), ([0, 2], 10), ([1, 3], 10)):
            m.add_row(parts, [1, 1], v, v)
        lp.bound_by_lp(m)
        self.assertLess(m.lo[0], m.hi[0])
        lp.bound_by_lp(m, full=True)
        self.assertEqual((m.lo[0], m.hi[0]), (0, 10))

    def test_contradictions_are_reported(self):
        m = Model(2)
        m.tighten(0, 5, 5)
        m.tighten(1, 1, 4)
        m.add_row([0, 1], [1, -1], 0, 0)
        with self.assertRaises(Infeasible):
            m.propagate()

    def test_hull_rows_keep_every_point(self):
        pts = np.array([[5, 9], [6, 10], [7, 12], [9, 13], [6, 12]])
        m = Model(2)
        hull_rows(pts, [0], [1], m, "t")
        for x, y in pts:
            for r in range(m.rows()):
                idx, coef, lo, hi = m.row(r)
                v = coef[0] * x + coef[1] * y
                self.assertTrue(lo - 1e-6 <= v <= hi + 1e-6)


class Facts(unittest.TestCase):
    def test_a_change_test_pins_a_pair(self):
        x, y = 23, 9
        p = round(float(numerics.change_p([x], [y])[0]), 4)
        m = Model(3)  # X, Y, X + Y (known)
        m.add_row([2, 0, 1], [1, -1, -1], 0, 0)
        m.tighten(2, x + y, x + y)
        m.tighten(0, 5, INF)
        m.tighten(1, 5, INF)
        m.propagate()
        f = ChangeFact([0], [1], "up", *numerics.rounding_interval(p, 4), 0, "t")
        f.refine(m)
        m.propagate()
        self.assertEqual((m.lo[0], m.hi[0], m.lo[1], m.hi[1]), (x, x, y, y))
        self.assertTrue(f.holds(np.array([x, y, x + y], dtype=float)))
        self.assertFalse(f.holds(np.array([y, x, x + y], dtype=float)))

    def test_mann_kendall_recovers_hidden_months(self):
        series = [3, 5, 2, 6, 7, 4, 8, 6, 9, 7, 10, 12]
        s, var, z, p = numerics.mann_kendall(series)
        sen = numerics.sen_slope(series)
        m = Model(len(series))
        for i, v in enumerate(series):
            m.tighten(i, v, v)
        m.lo[[3, 8]] = 1  # two months hidden, known to be 1..12
        m.hi[[3, 8]] = 12
        f = TrendFact(list(range(len(series))), s, numerics.rounding_interval(round(z, 2), 2),
                      numerics.abs_z_interval_from_p(round(p, 4)), numerics.rounding_interval(round(sen, 2), 2), [], "t")
        f.refine(m)
        self.assertTrue(m.lo[3] <= 6 <= m.hi[3] and m.lo[8] <= 9 <= m.hi[8])
        self.assertLess((m.hi[3] - m.lo[3] + 1) * (m.hi[8] - m.lo[8] + 1), 144)
        self.assertTrue(f.holds(np.array(series, dtype=float)))

    def test_gistar_rows_bound_a_hidden_area(self):
        # a 4 x 4 lattice with queen neighbours; two counts hidden
        n_side = 4
        nb = []
        for r in range(n_side):
            for c in range(n_side):
                nb.append(sorted(rr * n_side + cc for rr in range(r - 1, r + 2) for cc in range(c - 1, c + 2)
                                 if 0 <= rr < n_side and 0 <= cc < n_side and (rr, cc) != (r, c)))
        rng = np.random.default_rng(7)
        x = rng.integers(0, 30, size=n_side * n_side).astype(float)
        f0 = GiStarFact(list(range(16)), nb, [None] * 16, "t")
        z = f0.z(x)
        ivs = [_z_interval("%.2f" % v, "%.4f" % float(numerics.two_sided_normal_p(v))) for v in z]
        f = GiStarFact(list(range(16)), nb, ivs, "t")
        self.assertTrue(f.holds(x))
        m = Model(16)
        for i in range(16):
            m.tighten(i, x[i], x[i])
        m.lo[[5, 10]], m.hi[[5, 10]] = 0, 100
        f.rows(m)
        m.propagate()
        lp.bound_by_lp(m)
        for i in (5, 10):
            self.assertTrue(m.lo[i] <= x[i] <= m.hi[i])
            self.assertLess(m.hi[i] - m.lo[i], 10)

    def test_eb_rate_gives_hidden_counts_back(self):
        rng = np.random.default_rng(3)
        pops = rng.integers(500, 5000, size=12).astype(float)
        e = rng.integers(0, 60, size=12).astype(float)
        b = e.sum() / pops.sum()
        r = e / pops
        s2 = (pops * (r - b) ** 2).sum() / pops.sum()
        a = max(0.0, s2 - b / (pops.sum() / len(pops)))
        est = b + (r - b) * a / (a + b / pops)
        ivs = [tuple(v / 1000.0 for v in numerics.rounding_interval(round(v * 1000, 3), 3)) for v in est]
        m = Model(13)
        for i in range(12):
            m.tighten(i, e[i], e[i])
        m.tighten(12, e.sum(), e.sum())
        m.lo[[2, 7]], m.hi[[2, 7]] = 0, INF
        f = derived.EbFact(None, "buurt", list(range(12)), 12, pops, ivs, "t")
        self.assertTrue(f.holds(np.concatenate([e, [e.sum()]])))
        f.refine(m)
        self.assertEqual((m.lo[2], m.hi[2]), (e[2], e[2]))
        self.assertEqual((m.lo[7], m.hi[7]), (e[7], e[7]))

    def test_indicator_categories_from_names(self):
        cats = ["totaal", "hic", "vermogen", "overlast", "bedreiging", "jeugd", "overige_vermogen"]
        main = {"bedreiging": "geweld", "jeugd": "overlast", "overige_vermogen": "vermogen"}
        self.assertEqual(sorted(derived.guess_categories("Vermogenscriminaliteit en HIC per 1.000 inwoners", cats, main)),
                         ["hic", "vermogen"])
        self.assertEqual(derived.guess_categories("Aandeel overlast", cats, main), ["overlast"])


class Kde(unittest.TestCase):
    def test_peeling_locates_isolated_and_overlapping_kernels(self):
        h, cell = 250.0, 10.0
        gt = (0.0, cell, 0.0, 3000.0, 0.0, -cell)
        ny, nx = 300, 300
        xs = gt[0] + (np.arange(nx) + 0.5) * cell
        ys = gt[3] + (np.arange(ny) + 0.5) * gt[5]
        pts = [(603.217, 2401.5, 1), (2203.9, 702.25, 2), (1500.3, 1500.7, 1), (1700.1, 1611.9, 1)]
        amp = 3 / (math.pi * h * h)
        raster = np.zeros((ny, nx))
        for px, py, k in pts:
            d2 = (xs[None, :] - px) ** 2 + (ys[:, None] - py) ** 2
            raster += k * amp * np.clip(1 - d2 / (h * h), 0, None) ** 2
        found, rest = kde.peel(raster * 1e6, gt, h)
        self.assertEqual(sorted(round(k) for _, _, k, _ in found), [1, 1, 1, 2])
        for px, py, k in pts:
            d = min(math.hypot(px - fx, py - fy) for fx, fy, _, _ in found)
            self.assertLess(d, 1e-3)
        self.assertLess(np.abs(rest).max(), 1e-9)


class Membership(unittest.TestCase):
    def test_a_field_the_noise_leaves_alone_and_the_incident_changes_is_found(self):
        d = [{"run.json.accounting.read": "28", "buurt.csv:1:n_totaal": "7"},
             {"run.json.accounting.read": "28", "buurt.csv:1:n_totaal": "9"}]
        e = [{"run.json.accounting.read": "27", "buurt.csv:1:n_totaal": "7"},
             {"run.json.accounting.read": "27", "buurt.csv:1:n_totaal": "5"}]
        self.assertEqual(membership.deterministic_differences(d, e), [("run.json.accounting.read", "28", "27")])
        # A noisy column stays noisy where a few runs happen to agree.
        d2 = [{"t.csv:1:dir": "up", "t.csv:2:dir": "up"}, {"t.csv:1:dir": "up", "t.csv:2:dir": "down"}]
        e2 = [{"t.csv:1:dir": "down", "t.csv:2:dir": "up"}, {"t.csv:1:dir": "down", "t.csv:2:dir": "up"}]
        self.assertEqual(membership.deterministic_differences(d2, e2), [])
        # A file only one side writes is a difference too.
        self.assertEqual(membership.deterministic_differences([{"file:a": "present"}], [{}]),
                         [("file:a", "present", "<absent>")])

    def test_flattening_skips_paths_and_timings(self):
        out = {}
        membership._flatten_json("run.json", {"inputs": [{"path": "/x", "bytes": 3}], "timings_s": {"a": 1}}, out)
        self.assertEqual(out, {"run.json.inputs[0].bytes": "3"})

    def test_bounds_on_the_advantage(self):
        self.assertAlmostEqual(membership.tv_bound(rho=1.0), math.sqrt(0.5))
        self.assertAlmostEqual(membership.tv_bound(eps=math.log(3)), 0.5)
        self.assertEqual(membership.tv_bound(), 1.0)
        self.assertEqual(membership.midpoint_advantage([5, 6, 4, 5], [4, 4, 5, 3], 5), 0.5)


if __name__ == "__main__":
    unittest.main()
