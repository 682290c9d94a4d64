"""Scoring an attack against the truth, and the summary a test asserts on.

summary(attack, truth=None, kde=None) -> dict with
  cells, protected          every published count; those the reader cannot take as exact
  recovered                 protected cells whose bounds hold one value (an exact recovery)
  recovered_small           ... of which the value is 1..threshold-1
  by_table                  the same per table, with (given the truth) the error distribution
                            of the best estimates: mean/median/max |estimate - truth|, the share
                            within the table's published expected_abs_error, that bound, and
                            the share of cells estimated exactly
  confirmed, wrong          recoveries equal to / different from the truth
  outside_bounds            protected cells whose truth lies outside the proven bounds (an
                            unsound adversary; must be 0)
  facts_not_holding         per family, facts the truth does not satisfy (modelling errors)
  kde                       located incidents and, with truth points, their distance to the
                            nearest true incident against the grid cells' centres
"""

import math

import numpy as np
from scipy.spatial import cKDTree


def _dist(values):
    if len(values) == 0:
        return {"n": 0}
    a = np.asarray(values, dtype=float)
    return {"n": int(len(a)), "mean": round(float(a.mean()), 4), "median": round(float(np.median(a)), 4),
            "p90": round(float(np.quantile(a, 0.9)), 4), "max": round(float(a.max()), 4)}


def summary(attack, truth=None, kde=None):
    rel = attack.rel
    prot = attack.protected()
    rec = attack.recovered()
    out = {
        "folder": rel.folder,
        "profile": rel.profile,
        "noisy_release": bool(attack.noisy),
        "knowledge": sorted(attack.knowledge),
        "cells": int(len(rel.keys)),
        "protected": int(prot.sum()),
        "recovered": int(rec.sum()),
        "facts": attack.fact_families(),
        "notes": attack.notes,
        "timings_s": attack.timings,
        "conflicting_duplicates": len(rel.conflicts),
    }
    if attack.noisy:
        # Statistics checked against the released counts (consistent = functions of the
        # release), and the families that contradict it (computed from other data: a leak).
        out["statistics_consistent_with_release"] = attack.statistics_checked
        out["statistics_not_reproduced"] = sorted(attack.inconsistent_families)
        out["run_json_exact_totals"] = attack.run_totals
    small = rec & (attack.lo >= 1) & (attack.lo <= rel.threshold - 1)
    out["recovered_small"] = int(small.sum())
    tables = sorted(set(rel.table))
    tab = np.array(rel.table)
    by = {}
    est = attack.estimates()
    tv = truth.values(rel.keys) if truth is not None else None
    for t in tables:
        sel = tab == t
        d = {"cells": int(sel.sum()), "protected": int((sel & prot).sum()), "recovered": int((sel & rec).sum())}
        errs = rel.expected_errors()[sel]
        bound = float(np.nanmean(errs)) if np.isfinite(errs).any() else None
        if bound is not None:
            d["expected_abs_error"] = round(bound, 4)
        if tv is not None:
            ps = sel & prot & ~np.isnan(tv)
            err = np.abs(est[ps] - tv[ps])
            d["abs_error"] = _dist(err)
            d["estimated_exactly"] = int((err == 0).sum())
            if bound is not None and len(err):
                d["share_within_expected_error"] = round(float((err <= bound).mean()), 4)
        by[t] = d
    out["by_table"] = by
    if tv is not None:
        missing = np.isnan(tv)
        out["truth_missing"] = int(missing.sum())
        out["confirmed"] = int((rec & ~missing & (attack.lo == tv)).sum())
        out["wrong"] = int((rec & ~missing & (attack.lo != tv)).sum())
        inside = (attack.lo - 1e-9 <= tv) & (tv <= attack.hi + 1e-9)
        out["outside_bounds"] = int((prot & ~missing & ~inside).sum())
        out["truth_small_recovered"] = int((rec & (tv >= 1) & (tv <= rel.threshold - 1)).sum())
        x = np.concatenate([np.where(missing, 0.0, tv), np.full(attack.m.n - len(tv), np.nan)])
        bad = {}
        for f in attack.facts:
            cells = [c for c in f.cells if c < len(tv)]
            if len(cells) != len(f.cells) or missing[cells].any():
                continue
            if not f.holds(x):
                bad.setdefault(f.family, []).append(getattr(f, "tag", ""))
        out["facts_not_holding"] = {k: {"n": len(v), "first": v[:3]} for k, v in bad.items()}
        if attack.noisy:
            out.update(_noisy_scores(attack, tv, est))
        if not attack.noisy:
            # The restricted check: a reader of the truth itself recovers every count.
            out["truth_cells"] = int((~missing).sum())
    if kde is not None:
        out["kde"] = kde
    return out


def _noisy_scores(attack, tv, est):
    """What a noisy release gives away, against the truth:
    small_counts   true counts 1..4: how many the best estimates hit exactly, against how many
                   the published (released) value itself hits (guessing it: chance); and how
                   many the proven bounds pin (must be 0)
    tight_bounds   protected cells whose proven bounds are narrower than twice the published
                   expected error (the noise allows no such bound)
    by_error_class per level.period|month.totaal|main|sub, the cells whose truth lies at least
                   three expected errors above zero (where rounding at zero does not help):
                   mean |estimate - truth| against the mean published expected error"""
    rel = attack.rel
    prot = attack.protected()
    have = prot & ~np.isnan(tv) & ~np.isnan(rel.value)
    small = have & (tv >= 1) & (tv <= 4)
    pinned = attack.lo == attack.hi
    out = {"small_counts": {"n": int(small.sum()),
                            "estimated_exactly": int((small & (est == tv)).sum()),
                            "released_exactly": int((small & (rel.value == tv)).sum()),
                            "pinned": int((small & pinned).sum())}}
    err = rel.expected_errors()
    width = attack.hi - attack.lo
    tight = prot & np.isfinite(err) & (width < 2 * err)
    out["tight_bounds"] = int(tight.sum())
    out["tight_bounds_first"] = [list(map(str, rel.keys[i])) for i in np.nonzero(tight)[0][:3]]
    classes = {}
    for i in np.nonzero(have & np.isfinite(err) & (tv >= 3 * err))[0]:
        level, _, cat, t = rel.keys[i]
        ck = "totaal" if cat == "totaal" else ("sub" if rel.main_of.get(cat) else "main")
        c = classes.setdefault("%s.%s.%s" % (level, "period" if t in ("cur", "prev", "ly") else "month", ck),
                               [0, 0.0, 0.0])
        c[0] += 1
        c[1] += abs(est[i] - tv[i])
        c[2] += err[i]
    out["by_error_class"] = {k: {"n": n, "mean_abs_error": round(a / n, 4), "expected_abs_error": round(e / n, 4)}
                             for k, (n, a, e) in sorted(classes.items())}
    return out


def kde_summary(rel, located, truth_points=None):
    """Located incidents; with the truth, their distance to the nearest true incident against
    the distance from each (occupied) grid cell centre to its nearest true incident, the
    precision a protected grid allows."""
    out = {"located": int(len(located)), "incidents_located": int(sum(p[2] for p in located))}
    if truth_points is None or len(truth_points) == 0:
        return out
    tree = cKDTree(truth_points)
    if len(located):
        d, _ = tree.query(np.array([(p[0], p[1]) for p in located]))
        out["distance_to_nearest_incident_m"] = _dist(d)
        for lim in (0.01, 0.1, 1.0, 10.0):
            out["located_within_%gm" % lim] = int((d <= lim).sum())
    centres = occupied_cell_centres(rel, truth_points)
    # Isolated incidents (no other incident within the bandwidth: the kernels a peel finds
    # alone): how many have a located point within 10 m, against how many have an occupied
    # grid cell's centre that close (what the protected grid allows by chance).
    bw = float(((rel.run.get("kde", {}) or {}).get("bandwidth_m")) or 0)
    if bw > 0 and len(truth_points) > 1:
        d2, _ = tree.query(truth_points, k=2)
        iso = truth_points[d2[:, 1] > bw]
        out["isolated_incidents"] = int(len(iso))
        if len(iso):
            near = lambda pts: int((cKDTree(pts).query(iso)[0] <= 10.0).sum()) if len(pts) else 0
            out["isolated_located_within_10m"] = near(np.array([(p[0], p[1]) for p in located]))
            if centres is not None:
                out["isolated_grid_centre_within_10m"] = near(np.asarray(centres))
    if centres is not None and len(centres):
        dc, _ = tree.query(centres)
        out["grid_cell_m"] = centres.cell_m
        out["grid_centre_to_nearest_incident_m"] = _dist(dc)
        for lim in (0.01, 0.1, 1.0, 10.0):
            out["grid_centres_within_%gm" % lim] = int((dc <= lim).sum())
        out["grid_occupied_cells"] = int(len(centres))
    return out


class _Centres(np.ndarray):
    cell_m = None


def occupied_cell_centres(rel, points):
    """Lattice centres (engine/density/grid.hpp: anchored at the CRS origin; hexagons pointy-top
    in axial coordinates with circumradius R = cell sqrt(2 / (3 sqrt 3))) of the cells that hold
    at least one of `points`. The grid is the protected one named in run.json privacy.grid
    (cell_m, shape) when the release names one, else the published hot-spot grid."""
    g = dict(rel.run.get("grid", {}) or {})
    pg = rel.privacy.get("grid") if isinstance(rel.privacy.get("grid"), dict) else {}
    cell = pg.get("cell_m", g.get("cell_m"))
    if not cell:
        return None
    x, y = points[:, 0], points[:, 1]
    if pg.get("shape", g.get("shape", "hexagon")) == "hexagon":
        R = cell * math.sqrt(2.0 / (3.0 * 1.7320508075688772))
        q = (math.sqrt(3.0) / 3.0 * x - y / 3.0) / R
        r = (2.0 / 3.0 * y) / R
        cx, cz = q, r
        cy = -cx - cz
        rx, ry, rz = np.round(cx), np.round(cy), np.round(cz)
        dx, dy, dz = np.abs(rx - cx), np.abs(ry - cy), np.abs(rz - cz)
        fix_x = (dx > dy) & (dx > dz)
        fix_y = ~fix_x & (dy > dz)
        rx = np.where(fix_x, -ry - rz, rx)
        rz = np.where(~fix_x & ~fix_y, -rx - ry, rz)
        cells = np.unique(np.column_stack([rx, rz]), axis=0)
        c = np.column_stack([R * math.sqrt(3.0) * (cells[:, 0] + cells[:, 1] / 2.0), 1.5 * R * cells[:, 1]])
    else:
        cells = np.unique(np.column_stack([np.floor(x / cell), np.floor(y / cell)]), axis=0)
        c = (cells + 0.5) * cell
    c = c.view(_Centres)
    c.cell_m = float(cell)
    return c
