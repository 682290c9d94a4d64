"""Gi* z-scores as linear facts, with the weights rebuilt from the published geometry.

Gi* with self-included binary weights (engine/stats/getis_ord.hpp, spdep localG):
    z_a = (sum_{j in N*(a)} x_j - W_a * xbar) / (s * sqrt((n W_a - W_a^2) / (n - 1)))
with W_a = |N*(a)|, xbar = T / n (T = sum of all x), s^2 = sum (x - xbar)^2 / n. One scale s is
shared by all areas of a category, so with s as an unknown each published z (2 decimals,
narrowed by its 4-decimal p) is a pair of linear rows in (x, T, s):
    z_lo * c_a * s <= sum_{N*(a)} x_j - (W_a / n) T <= z_hi * c_a * s.

Weights: buurt and wijk are queen contiguity through vertices within contiguity_snap_m
(engine/weights/contiguity.hpp), from the layer's polygons transformed back to the analysis
CRS; the grid is a distance band between lattice centres computed from the cell ids
(engine/density/grid.hpp). A rebuilt weights matrix must match run.json's summary (links,
min/max neighbours), otherwise the level is skipped: a wrong neighbour would make the facts
unsound. Straten: the 8 nearest representative points (length-weighted middle of the
published lines), used only where the 8th and 9th distances differ by more than the rounding
and no straat without geometry (its point, the mean of its incidents, lies somewhere in its
buurt's convex hull) can come that close.

    facts = gistar_facts(rel)
"""

import json
import math
import os

import numpy as np
from scipy.spatial import cKDTree

from . import numerics
from .facts import Fact
from .model import INF
from .timefacts import published_interval


def _transformer(rel):
    from osgeo import osr
    src = osr.SpatialReference()
    src.ImportFromEPSG(4326)
    dst = osr.SpatialReference()
    dst.SetFromUserInput((rel.run.get("parameters", {}) or {}).get("analysis_crs", "EPSG:28992"))
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return osr.CoordinateTransformation(src, dst)


def _vertices(geometry):
    """All ring vertices of a (Multi)Polygon GeoJSON geometry, closing copies dropped."""
    if not geometry:
        return []
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    out = []
    for poly in polys:
        for ring in poly:
            pts = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
            out.extend(pts)
    return out


def queen_neighbours(rel, level):
    """Neighbour lists (indices in the layer's code order) or None when not rebuildable."""
    path = os.path.join(rel.folder, level + ".geojson")
    if not os.path.exists(path):
        return None, "no %s.geojson" % level
    with open(path, encoding="utf-8") as f:
        gj = json.load(f)
    codes = rel.areas[level]["codes"]
    pos = {c: k for k, c in enumerate(codes)}
    tr = _transformer(rel)
    xs, ys, owner = [], [], []
    for feat in gj["features"]:
        code = feat["properties"]["code"]
        verts = _vertices(feat.get("geometry"))
        if not verts:
            continue
        pts = tr.TransformPoints([(v[0], v[1]) for v in verts])
        for p in pts:
            xs.append(p[0])
            ys.append(p[1])
            owner.append(pos[code])
    hs = ((rel.run.get("hotspots", {}) or {}).get(level, {}) or {})
    snap = float((((rel.run.get("hotspots", {}) or {}).get("buurt", {}) or {}).get("contiguity_snap_m", 0.5)))
    # GeoJSON rounds to 6 decimals (~0.1 m): widen the snap by that, then check the summary.
    tree = cKDTree(np.column_stack([xs, ys]))
    owner = np.array(owner)
    nb = [set() for _ in codes]
    for i, j in tree.query_pairs(snap + 0.15):
        a, b = owner[i], owner[j]
        if a != b:
            nb[a].add(b)
            nb[b].add(a)
    card = [len(s) for s in nb]
    want = (hs.get("links"), hs.get("min_neighbours"), hs.get("max_neighbours"))
    got = (sum(card), min(card) if card else 0, max(card) if card else 0)
    if None not in want and tuple(want) != got:
        return None, "rebuilt %s weights differ from run.json (links/min/max %s vs %s)" % (level, got, want)
    return [sorted(s) for s in nb], "ok"


def straat_neighbours(rel, k=8, margin_m=0.5):
    """8 nearest neighbours of each straat's representative point (the length-weighted
    middle of its lines, pipeline.cpp), rebuilt from the published lines. A straat without
    geometry has a point the release does not show: then no straat is used. An area whose
    k-th and (k+1)-th distances are within margin_m (the coordinates' rounding) gets None."""
    path = os.path.join(rel.folder, "straat.geojson")
    if not os.path.exists(path):
        return None, "no straat.geojson"
    hs = ((rel.run.get("hotspots", {}) or {}).get("straat", {}) or {})
    w = str(hs.get("weights", ""))
    if w.startswith("knn"):
        try:
            k = int(w[3:].split()[0])
        except ValueError:
            return None, "straat weights %r not understood" % w
    with open(path, encoding="utf-8") as f:
        gj = json.load(f)
    codes = rel.areas["straat"]["codes"]
    pos = {c: i for i, c in enumerate(codes)}
    tr = _transformer(rel)
    rep = np.full((len(codes), 2), np.nan)
    for feat in gj["features"]:
        g = feat.get("geometry")
        i = pos[feat["properties"]["code"]]
        if not g:
            continue
        lines = g["coordinates"] if g["type"] == "MultiLineString" else [g["coordinates"]]
        sx = sy = sl = 0.0
        for line in lines:
            p = np.array([q[:2] for q in tr.TransformPoints([(c[0], c[1]) for c in line])])
            seg = np.hypot(*(p[1:] - p[:-1]).T)
            mid = (p[1:] + p[:-1]) / 2
            sx += (seg * mid[:, 0]).sum()
            sy += (seg * mid[:, 1]).sum()
            sl += seg.sum()
        if sl > 0:
            rep[i] = (sx / sl, sy / sl)
    known = ~np.isnan(rep[:, 0])
    if known.sum() <= k + 1:
        return None, "too few straten with geometry"
    # A straat without geometry has its point at the mean of its incidents, somewhere in the
    # convex hull of its buurt: it can only be a neighbour of a straat whose k-th distance
    # reaches that hull.
    hulls = _buurt_hulls(rel, tr, {rel.areas["straat"]["parent"][codes[i]] for i in np.nonzero(~known)[0]})
    hidden = [(i, hulls.get(rel.areas["straat"]["parent"][codes[i]])) for i in np.nonzero(~known)[0]]
    kidx = np.nonzero(known)[0]
    d, nb = cKDTree(rep[kidx]).query(rep[kidx], k=k + 2)
    out = [None] * len(codes)
    from osgeo import ogr
    for row, i in enumerate(kidx):
        others = [(dd, int(kidx[j])) for dd, j in zip(d[row], nb[row]) if kidx[j] != i][: k + 1]
        if len(others) > k and others[k][0] - others[k - 1][0] < margin_m:
            continue
        reach = others[k - 1][0] + margin_m
        pt = ogr.Geometry(ogr.wkbPoint)
        pt.AddPoint_2D(float(rep[i, 0]), float(rep[i, 1]))
        if any(h is None or h.Distance(pt) <= reach for _, h in hidden):
            continue
        out[i] = sorted(j for _, j in others[:k])
    n_ok = sum(o is not None for o in out)
    return out, "ok" if n_ok else "no straat with a certain neighbourhood"


def _buurt_hulls(rel, tr, codes):
    """Convex hulls (OGR geometries in the analysis CRS) of the named buurten."""
    from osgeo import ogr
    path = os.path.join(rel.folder, "buurt.geojson")
    out = {}
    if not codes or not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        gj = json.load(f)
    for feat in gj["features"]:
        code = feat["properties"]["code"]
        verts = _vertices(feat.get("geometry"))
        if code not in codes or not verts:
            continue
        mp = ogr.Geometry(ogr.wkbMultiPoint)
        for p in tr.TransformPoints([(v[0], v[1]) for v in verts]):
            q = ogr.Geometry(ogr.wkbPoint)
            q.AddPoint_2D(p[0], p[1])
            mp.AddGeometry(q)
        out[code] = mp.ConvexHull()
    return out


K_SQRT3 = 1.7320508075688772  # the engine's constant (engine/density/grid.cpp)


def lattice_centre(gid, cell, hexagon):
    """The engine's lattice centre of cell id "H<q>_<r>" / "S<col>_<row>", with the same
    floating-point operations in the same order (so distances match it bit for bit)."""
    a, b = (float(v) for v in gid[1:].split("_"))
    if hexagon:
        radius = cell * math.sqrt(2.0 / (3.0 * K_SQRT3))
        return radius * K_SQRT3 * (a + 0.5 * b), 1.5 * radius * b
    return (a + 0.5) * cell, (b + 0.5) * cell


def grid_neighbours(rel):
    """Distance-band neighbours as engine/weights/distance_band.cpp decides them:
    sqrt((xi - xj)^2 + (yi - yj)^2) <= band, on the lattice centres."""
    g = rel.run.get("grid", {}) or {}
    cell = g.get("cell_m")
    band = g.get("distance_band_m")
    if not cell or not band or rel.grid is None:
        return None, "grid size or distance band not in run.json"
    hexagon = g.get("shape", "hexagon") == "hexagon"
    c = np.array([lattice_centre(gid, float(cell), hexagon) for gid in rel.grid["ids"]])
    near = cKDTree(c).query_pairs(band * 1.001 + 1.0, output_type="ndarray")
    nb = [[] for _ in range(len(c))]
    if len(near):
        dx = c[near[:, 0], 0] - c[near[:, 1], 0]
        dy = c[near[:, 0], 1] - c[near[:, 1], 1]
        d = np.sqrt(dx * dx + dy * dy)
        for (i, j), dd in zip(near, d):
            if dd <= band:
                nb[i].append(int(j))
                nb[j].append(int(i))
    return nb, "ok"


class GiStarFact(Fact):
    family = "Gi*"

    def __init__(self, cells, neighbours, z_iv, tag):
        self.cells = tuple(cells)
        self.nb = neighbours
        self.z_iv = z_iv  # per area: (lo, hi) or None
        self.tag = tag

    def rows(self, m):
        n = len(self.cells)
        total = m.add_var(0, INF, True, "T " + self.tag)
        m.add_row([total] + list(self.cells), [1.0] + [-1.0] * n, 0, 0, self.tag + " total")
        s = m.add_var(0, INF, False, "s " + self.tag)
        for a, iv in enumerate(self.z_iv):
            if iv is None or self.nb[a] is None:
                continue
            W = len(self.nb[a]) + 1
            q = n * W - W * W
            if q <= 0:
                continue
            c = math.sqrt(q / (n - 1))
            idx = [self.cells[a]] + [self.cells[j] for j in self.nb[a]] + [total, s]
            base = [1.0] * W + [-W / n]
            m.add_row(idx, base + [-iv[1] * c], -INF, 0.0, self.tag)
            m.add_row(idx, base + [-iv[0] * c], 0.0, INF, self.tag)

    def z(self, x):
        v = np.array([x[c] for c in self.cells], dtype=float)
        n = len(v)
        mean = v.mean()
        s = math.sqrt(((v - mean) ** 2).sum() / n)
        out = []
        for a in range(n):
            if self.nb[a] is None:
                out.append(None)
                continue
            W = len(self.nb[a]) + 1
            q = n * W - W * W
            lag = v[a] + sum(v[j] for j in self.nb[a])
            out.append(0.0 if s == 0 or q <= 0 else (lag - W * mean) / (s * math.sqrt(q / (n - 1))))
        return out

    def holds(self, x):
        for z, iv in zip(self.z(x), self.z_iv):
            if iv is not None and z is not None and not (iv[0] - 1e-9 <= z <= iv[1] + 1e-9):
                return False
        return True


def _z_interval(zt, pt):
    if zt in ("", None):
        return None
    lo, hi = published_interval(str(zt), 2)
    if pt not in ("", None) and numerics.decimals_of(pt) <= 4:
        alo, ahi = numerics.abs_z_interval_from_p(float(pt))
        z = float(zt)
        if z > 0:
            lo, hi = max(lo, alo), min(hi, ahi)
        elif z < 0:
            lo, hi = max(lo, -ahi), min(hi, -alo)
        else:
            lo, hi = max(lo, -ahi), min(hi, ahi)
    return (lo, hi)


def gistar_facts(rel, notes):
    facts = []
    for level in ("straat", "buurt", "wijk"):
        if level not in rel.areas:
            continue
        have = [k for k in rel.stats if k[0] == level and rel.stats[k].get("gi_z", "") not in ("", None)]
        if not have:
            continue
        nb, why = straat_neighbours(rel) if level == "straat" else queen_neighbours(rel, level)
        if nb is None:
            notes.append("Gi* %s not used: %s" % (level, why))
            continue
        codes = rel.areas[level]["codes"]
        for cat in rel.level_categories.get(level, []):
            cells = [rel.cell_index.get((level, c, cat, "cur")) for c in codes]
            if any(c is None for c in cells):
                continue
            ivs = []
            for c in codes:
                s = rel.stats.get((level, c, cat), {})
                ivs.append(_z_interval(s.get("gi_z"), s.get("gi_p")))
            if all(iv is None or (iv[0] <= 0 <= iv[1] and abs(iv[0]) < 0.01) for iv in ivs):
                continue  # zero variance (all z = 0) or nothing published
            facts.append(GiStarFact(cells, nb, ivs, "gi* %s %s" % (level, cat)))
    if rel.grid is not None:
        props = rel.grid["props"]
        if any(props[g].get("gi_z_totaal") not in (None, "") for g in rel.grid["ids"]):
            nb, why = grid_neighbours(rel)
            if nb is None:
                notes.append("Gi* grid not used: %s" % why)
            else:
                cells = [rel.cell_index[("grid", g, "totaal", "cur")] for g in rel.grid["ids"]]
                ivs = [_z_interval(props[g].get("gi_z_totaal"), props[g].get("gi_p_totaal")) for g in rel.grid["ids"]]
                facts.append(GiStarFact(cells, nb, ivs, "gi* grid totaal"))
    return facts
