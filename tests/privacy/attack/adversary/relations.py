"""The reader's first knowledge: what each published value and flag means, and the additive
relations between the cells.

- A published count of a table without noise is exact. Zeros are published, so a suppressed
  count is >= 1; flag 1 means 1..threshold-1 (documented: "suppressed, below threshold") and
  flag 2 a count that was published until secondary suppression took it, so >= threshold.
- A table with noise (run.json privacy says so) gives no bound at all on the truth: the
  published value is only an estimate.
- Relations (they hold for the true counts whatever the protection): parent area = sum of its
  children (buurt -> wijk -> stadsdeel -> gemeente, per category and period or month); totaal =
  sum of the mains, a main = sum of its subs; a period = sum of its months; straten <= their
  buurt (equal where they cover it, which the LP finds by itself); grid cells = the gemeente's
  analysis-period total (every incident lies in one clipped cell). run.json's accounting adds
  the series' grand total (assigned_in_window) when it is exact (restricted) and the KDE's
  point count (kde.points).
- Rule knowledge (optional, `rule=True`): secondary suppression takes the smallest non-zero
  published cell of a relation, so a flag-2 cell is <= the smallest published non-zero cell of
  at least one of its relations (max over its relations of that minimum).

    m = Model(len(rel.keys))
    groups = add_relations(m, rel, rule=False)
"""

import math

import numpy as np

from .release import LEVELS, PERIODS, month_label

INF = float("inf")


def add_cell_bounds(m, rel, as_released=False):
    """Bounds from each cell's published value and flag. Returns the cells the reader takes as
    exact (no noise, published). as_released: the variables are the *released* counts (the
    values a noisy release computed its statistics from), so every published value is exact."""
    t = rel.threshold
    exact = np.zeros(len(rel.keys), dtype=bool)
    noisy_cache = {}
    for i, (stem, v, f) in enumerate(zip(rel.table, rel.value, rel.flag)):
        noisy = noisy_cache.get(stem)
        if noisy is None:
            noisy = noisy_cache[stem] = rel.is_noisy(stem) and not as_released
        if noisy:
            continue
        if not math.isnan(v):
            m.tighten(i, v, v)
            exact[i] = True
        elif f == 1:
            m.tighten(i, 1, max(1, t - 1))
        elif f == 2:
            m.tighten(i, t, INF)
        elif f > 2 or (f < 0 and rel.profile == "public"):
            m.tighten(i, 0, INF)
    return exact


def _children(rel, level):
    """level -> {parent code: [child codes]} from the layer of the level below."""
    idx = LEVELS.index(level)
    if idx == 0 or LEVELS[idx - 1] not in rel.areas:
        return {}
    kids = {}
    for code, parent in rel.areas[LEVELS[idx - 1]]["parent"].items():
        kids.setdefault(parent, []).append(code)
    return kids


def _times(rel):
    return PERIODS + [month_label(mi) for mi in rel.series_months]


def add_relations(m, rel, as_released=False):
    """All additive relations; returns them as (total, parts, kind) for the rule knowledge.
    as_released: the relations of a noisy release's counts, where the grid cells share the
    released gemeente count with a rest (cells <= gemeente)."""
    groups = []
    ci = rel.cell_index
    times = _times(rel)

    def add(total_key, part_keys, kind, inequality=False):
        if total_key not in ci:
            return
        parts = [ci[k] for k in part_keys if k in ci]
        if len(parts) != len(part_keys) or not parts:
            return
        total = ci[total_key]
        if inequality:
            m.add_row([total] + parts, [-1.0] + [1.0] * len(parts), -INF, 0.0, kind)
        else:
            m.add_sum_equal(total, parts, kind)
        groups.append((total, parts, kind))

    # 1. Area hierarchy.
    for level in LEVELS[1:]:
        kids = _children(rel, level)
        child = LEVELS[LEVELS.index(level) - 1]
        if level not in rel.areas or not kids:
            continue
        cats = rel.level_categories.get(child, [])
        for parent, codes in kids.items():
            for cat in cats:
                for t in times:
                    parts = [(child, c, cat, t) for c in codes]
                    if child == "straat":
                        add((level, parent, cat, t), parts, "straten<=buurt", inequality=True)
                    else:
                        add((level, parent, cat, t), parts, "area")
    # 2. Categories.
    for level, cats in rel.level_categories.items():
        mains = [c for c in cats if c != "totaal" and not rel.main_of.get(c)]
        subs_of = {mn: [c for c in cats if rel.main_of.get(c) == mn] for mn in mains}
        for code in rel.areas.get(level, {}).get("codes", []):
            for t in times:
                add((level, code, "totaal", t), [(level, code, c, t) for c in mains], "totaal=mains")
                for mn, subs in subs_of.items():
                    if subs:
                        add((level, code, mn, t), [(level, code, s, t) for s in subs], "main=subs")
    # 3. Periods = their months.
    series = set(rel.series_months)
    for level, cats in rel.level_categories.items():
        for code in rel.areas.get(level, {}).get("codes", []):
            for cat in cats:
                for p, months in rel.period_months.items():
                    if all(mi in series for mi in months):
                        add((level, code, cat, p), [(level, code, cat, month_label(mi)) for mi in months], "period=months")
    # 4. Grid cells add up to the gemeente's analysis-period total.
    if rel.grid is not None and "gemeente" in rel.areas:
        st = ((rel.run.get("grid", {}) or {}).get("space_time", {}) or {})
        g = rel.areas["gemeente"]["codes"]
        if len(g) == 1 and st.get("points_outside_cells", 0) == 0:
            add(("gemeente", g[0], "totaal", "cur"), [("grid", gid, "totaal", "cur") for gid in rel.grid["ids"]], "grid",
                inequality=as_released)
    return groups


def add_run_totals(m, rel):
    """Totals run.json states exactly (they hold for the true counts, and a reader may use them
    whatever the protection): the KDE's point count (kde.points) and the series' grand total
    (accounting.assigned_in_window). Returns how many rows were added."""
    ci = rel.cell_index
    series = set(rel.series_months)
    added = 0
    if "gemeente" in rel.areas and len(rel.areas["gemeente"]["codes"]) == 1:
        g = rel.areas["gemeente"]["codes"][0]
        kde_points = (rel.run.get("kde", {}) or {}).get("points")
        key = ("gemeente", g, "totaal", "cur")
        if isinstance(kde_points, int) and key in ci:
            m.add_row([ci[key]], [1.0], kde_points, kde_points, "run.json kde.points")
            added += 1
        acc = rel.run.get("accounting", {}) or {}
        # A released accounting (the public profile: it carries its expected error) is an
        # estimate like the counts, not a total the true counts satisfy.
        in_window = None if "expected_abs_error" in acc else acc.get("assigned_in_window")
        months = [("gemeente", g, "totaal", month_label(mi)) for mi in rel.series_months]
        covered = all(all(mi in series for mi in ms) for ms in rel.period_months.values())
        if isinstance(in_window, int) and covered and months and all(k in ci for k in months):
            m.add_row([ci[k] for k in months], [1.0] * len(months), in_window, in_window,
                      "run.json accounting.assigned_in_window")
            added += 1
    return added


def add_rule_knowledge(m, rel, groups, exact):
    """Secondary suppression picks the smallest non-zero published cell of a relation: a flag-2
    cell is at most the largest, over its relations, of the smallest published non-zero cell
    (relations with none give no bound)."""
    by_cell = {}
    for total, parts, kind in groups:
        cells = [total] + parts
        vals = [rel.value[c] for c in cells if exact[c] and rel.value[c] > 0]
        lim = min(vals) if vals else INF
        for c in cells:
            if rel.flag[c] == 2 and not exact[c]:
                by_cell[c] = max(by_cell.get(c, -INF), lim)
    n = 0
    for c, lim in by_cell.items():
        if lim < INF:
            m.tighten(c, -INF, lim)
            n += 1
    return n
