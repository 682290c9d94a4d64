"""Published statistics as facts about the counts.

A fact names the cells it depends on and can
- add linear rows to the model once (`rows`),
- tighten bounds from the current ones (`refine`: enumerate what is still possible and keep the
  hull), returning how many bounds it tightened,
- say whether a complete assignment of the cells reproduces it (`holds`): on the truth every
  fact must hold (else the adversary models the engine wrongly); on a noisy release a fact
  that the published values reproduce tells nothing beyond them and is dropped.
"""

import numpy as np

from .model import INF


class Fact:
    family = "fact"
    cells = ()

    def rows(self, m):
        pass

    def refine(self, m):
        return 0

    def holds(self, x):
        return True


def tighten(m, i, lo, hi):
    """Tightens variable i, returns 1 when it changed."""
    changed = 0
    if lo > m.lo[i] + 1e-9:
        m.lo[i] = lo
        changed = 1
    if hi < m.hi[i] - 1e-9:
        m.hi[i] = hi
        changed = 1
    return changed


def sum_bounds(m, cells):
    lo = float(np.sum(m.lo[list(cells)]))
    hi = float(np.sum(m.hi[list(cells)]))
    return lo, hi


def hull_rows(points, xs, ys, m, tag, max_facets=64):
    """Rows a·X + b·Y <= c of the convex hull of integer pairs `points` (X = sum of cells xs,
    Y = sum of cells ys). Degenerate hulls (a point, a segment) become equalities."""
    pts = np.unique(np.asarray(points, dtype=float), axis=0)
    idx = list(xs) + list(ys)
    coef_x = [1.0] * len(xs)
    coef_y = [1.0] * len(ys)
    added = 0
    if len(pts) == 1:
        return 0
    d = pts - pts[0]
    if np.linalg.matrix_rank(d) < 2:
        direction = d[np.argmax(np.abs(d).sum(axis=1))]
        normal = np.array([-direction[1], direction[0]])
        c = float(normal @ pts[0])
        m.add_row(idx, [normal[0] * v for v in coef_x] + [normal[1] * v for v in coef_y], c - 1e-7, c + 1e-7, tag)
        return 1
    from scipy.spatial import ConvexHull
    hull = ConvexHull(pts)
    eqs = hull.equations
    if len(eqs) > max_facets:
        return 0
    for a, b, c0 in eqs:
        # a X + b Y + c0 <= 0 inside the hull.
        m.add_row(idx, [a * v for v in coef_x] + [b * v for v in coef_y], -INF, -c0 + 1e-7, tag)
        added += 1
    return added
