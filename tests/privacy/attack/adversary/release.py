"""One output folder of brandpunt as a reader sees it: the published counts as cells, the area
hierarchy, the categories and the periods, and the published statistics.

Only files of the folder itself are read (layers, long CSV tables, focus lists, indicators,
packs, grid, KDE, run.json). A cell is one published count, keyed by
(level, area code, category, time) with time "cur", "prev", "ly" (the three periods) or a
month "YYYY-MM"; the grid's cells are ("grid", cell id, "totaal", "cur").

    rel = Release("out/demo")
    i = rel.cell_index[("buurt", "BU09990101", "totaal", "cur")]
    rel.value[i], rel.flag[i]        # published value (nan = suppressed) and its flag
"""

import csv
import json
import math
import os
import re

import numpy as np

LEVELS = ["straat", "buurt", "wijk", "stadsdeel", "gemeente"]
PERIODS = ["cur", "prev", "ly"]
_PERIOD_SUFFIX = {"cur": "", "prev": "_prev", "ly": "_ly"}
_NOISE_WORDS = ("gaussian", "laplace", "geometric", "differential", "noise", "zcdp", "dp")


class ReleaseError(Exception):
    """A file of the folder cannot be read as brandpunt output (names the file, row, field)."""


def month_index(label):
    y, m = label.split("-")
    return int(y) * 12 + int(m) - 1


def month_label(index):
    return "%04d-%02d" % (index // 12, index % 12 + 1)


def month_range(label):
    """'2025-10..2025-12' -> [month indices]; '2025-12' -> [one]; '2025-Q4' -> its months."""
    q = re.fullmatch(r"(\d{4})-Q([1-4])", label)
    if q:
        first = int(q.group(1)) * 12 + (int(q.group(2)) - 1) * 3
        return list(range(first, first + 3))
    if ".." in label:
        a, b = label.split("..")
        return list(range(month_index(a), month_index(b) + 1))
    return [month_index(label)]


def read_csv(path):
    """Rows of a CSV file as dicts (a missing file gives None)."""
    if not os.path.exists(path):
        return None
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def number(text, path="", row=0, field=""):
    """A published number: '' -> nan; anything else must parse."""
    if text is None or text == "":
        return math.nan
    if isinstance(text, (int, float)):
        return float(text)
    try:
        return float(text)
    except ValueError:
        raise ReleaseError("%s row %d field %s: not a number: %r" % (path, row, field, text))


def read_geojson(path):
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class Release:
    """Everything a reader can take from one output folder."""

    def __init__(self, folder):
        self.folder = folder
        run_path = os.path.join(folder, "run.json")
        if not os.path.exists(run_path):
            raise ReleaseError("%s: no run.json (not a brandpunt output folder)" % run_path)
        with open(run_path, encoding="utf-8") as f:
            self.run = json.load(f)
        self.privacy = self.run.get("privacy", {}) or {}
        self.profile = self.privacy.get("profile", "public")
        self.threshold = int(self.privacy.get("threshold", 1) or 1)
        self._read_periods()
        self.keys = []          # cell keys
        self.cell_index = {}
        self.value = []         # published value (nan = not published)
        self.flag = []          # published flag (-1 = none)
        self.table = []         # table stem the cell belongs to (for errors per table)
        self.conflicts = []     # (cell, value a, value b, source) when two files disagree
        self.areas = {}         # level -> {"codes": [...], "parent": {}, "population": {}, "props": {code: {}}}
        self.categories = []    # category keys at the levels with subs: totaal, mains, subs
        self.main_of = {}       # sub -> main ('' for totaal and mains)
        self.mains = []
        self.level_categories = {}  # level -> categories published there
        self.stats = {}         # (level, code, category) -> {field: value} from trends/hotspots
        self.indicators = []    # rows of indicators_month/quarter.csv with their report
        self.focus_counts = []  # (level, code, category, count) from focus.csv
        self._read_areas()
        self._read_cells()
        self._read_stats()
        self._read_grid()
        self._read_indicators()
        self._read_focus()
        self._read_packs()
        self.value = np.array(self.value, dtype=float)
        self.flag = np.array(self.flag, dtype=int)

    # --- what the release says about itself -------------------------------------------------
    def _read_periods(self):
        p = (self.run.get("parameters", {}) or {}).get("period", {}) or {}
        self.period_months = {}
        for key, name in (("cur", "current"), ("prev", "previous"), ("ly", "last_year")):
            if p.get(name):
                self.period_months[key] = month_range(p[name])
        self.series_months = month_range(p["series"]) if p.get("series") else []
        self.period_label = p.get("current", "")

    def noisy_tables(self):
        """Tables whose published counts carry noise (differential privacy): a reader cannot take
        them as exact. From run.json privacy: tables.<t>.expected_abs_error > 0, or a mechanism
        named like a noise mechanism (then every count table)."""
        tables = self.privacy.get("tables", {}) or {}
        out = {t for t, v in tables.items() if isinstance(v, dict) and (v.get("expected_abs_error") or 0) > 0}
        mech = " ".join(str(self.privacy.get(k, "")) for k in ("mechanism", "method")).lower()
        if any(w in mech for w in _NOISE_WORDS if len(w) > 2) or re.search(r"(^|[^a-z])(e?dp)([^a-z]|$)", mech):
            out.add("*")
        return out

    def is_noisy(self, stem):
        noisy = self.noisy_tables()
        if not noisy:
            return False
        tables = self.privacy.get("tables", {}) or {}
        t = tables.get(stem)
        if isinstance(t, dict) and "expected_abs_error" in t:
            return (t.get("expected_abs_error") or 0) > 0
        level = stem.split("_")[0]
        t = tables.get(level)
        if isinstance(t, dict) and "expected_abs_error" in t:
            return (t.get("expected_abs_error") or 0) > 0
        return "*" in noisy or stem in noisy or level in noisy

    def expected_abs_error(self, stem):
        """The published expected absolute error of a table's counts, or None. Looked up as
        privacy.tables.<stem>, privacy.tables.<level>, then privacy.expected_abs_error."""
        tables = self.privacy.get("tables", {}) or {}
        for key in (stem, stem.split("_")[0]):
            t = tables.get(key)
            if isinstance(t, dict) and t.get("expected_abs_error") is not None:
                return float(t["expected_abs_error"])
        v = self.privacy.get("expected_abs_error")
        return float(v) if isinstance(v, (int, float)) else None

    def expected_error_of(self, key):
        """The published expected absolute error of one cell (level, code, category, time), from
        run.json privacy.tables.<level>.<period|month|year|week>.<totaal|main|sub> (the engine's
        layout; a period cell is a period block, a month label a month); None when not given."""
        level, _, cat, t = key
        tab = (self.privacy.get("tables", {}) or {}).get(level)
        if not isinstance(tab, dict):
            return None
        kind = tab.get("period" if t in PERIODS else "month")
        if not isinstance(kind, dict):
            return None
        ck = "totaal" if cat == "totaal" else ("sub" if self.main_of.get(cat) else "main")
        v = kind.get(ck, kind.get("main" if ck == "sub" else ck))
        return float(v) if isinstance(v, (int, float)) else None

    def expected_errors(self):
        """expected_error_of for every cell (nan = unknown), else the table's figure."""
        if getattr(self, "_expected_errors", None) is None:
            out = np.full(len(self.keys), np.nan)
            by_stem = {}
            for i, (key, stem) in enumerate(zip(self.keys, self.table)):
                v = self.expected_error_of(key)
                if v is None:
                    if stem not in by_stem:
                        by_stem[stem] = self.expected_abs_error(stem)
                    v = by_stem[stem]
                out[i] = np.nan if v is None else v
            self._expected_errors = out
        return self._expected_errors

    # --- areas --------------------------------------------------------------------------------
    def _layer_rows(self, level):
        path = os.path.join(self.folder, level + ".csv")
        rows = read_csv(path)
        if rows is not None:
            return rows, path
        gj = read_geojson(os.path.join(self.folder, level + ".geojson"))
        if gj is None:
            return None, None
        return [f["properties"] for f in gj["features"]], os.path.join(self.folder, level + ".geojson")

    def _read_areas(self):
        for level in LEVELS:
            rows, path = self._layer_rows(level)
            if rows is None:
                continue
            info = {"codes": [], "parent": {}, "population": {}, "props": {}, "path": path}
            for r in rows:
                code = r["code"]
                info["codes"].append(code)
                info["parent"][code] = r.get("parent_code") or ""
                pop = number(r.get("population"), path, 0, "population")
                info["population"][code] = pop
                info["props"][code] = r
            self.areas[level] = info

    # --- cells --------------------------------------------------------------------------------
    def cell(self, key, stem):
        i = self.cell_index.get(key)
        if i is None:
            i = len(self.keys)
            self.cell_index[key] = i
            self.keys.append(key)
            self.value.append(math.nan)
            self.flag.append(-1)
            self.table.append(stem)
        return i

    def _publish(self, key, stem, value, flag, source):
        i = self.cell(key, stem)
        if not math.isnan(value):
            old = self.value[i]
            if math.isnan(old):
                self.value[i] = value
            elif old != value:
                self.conflicts.append((key, old, value, source))
        if flag is not None and not math.isnan(flag):
            if self.flag[i] < 0:
                self.flag[i] = int(flag)
        return i

    def _read_cells(self):
        for level in LEVELS:
            path = os.path.join(self.folder, level + "_categories.csv")
            rows = read_csv(path)
            cats = []
            if rows is not None:
                for n, r in enumerate(rows, start=2):
                    cat = r["category"]
                    if cat not in cats:
                        cats.append(cat)
                    if level != "straat" and cat not in self.main_of:
                        self.main_of[cat] = r.get("main_category", "") or ""
                    if r.get("rate", "") != "":
                        self.stats.setdefault((level, r["code"], cat), {})["rate"] = r["rate"]
                    for p in PERIODS:
                        suf = _PERIOD_SUFFIX[p]
                        self._publish((level, r["code"], cat, p), level + "_categories",
                                      number(r["n" + suf], path, n, "n" + suf),
                                      number(r.get("n" + suf + "_flag"), path, n, "n" + suf + "_flag"),
                                      path)
            # The layer's n_<cat> columns: the same cells (the only source without CSV tables).
            info = self.areas.get(level)
            if info is not None:
                for code in info["codes"]:
                    props = info["props"][code]
                    for field, v in props.items():
                        m = re.fullmatch(r"n_(.+?)(_prev|_ly)?", field)
                        if not m or field.endswith("_flag"):
                            continue
                        cat = m.group(1)
                        p = {"": "cur", None: "cur", "_prev": "prev", "_ly": "ly"}[m.group(2)]
                        if cat not in cats:
                            cats.append(cat)
                        self._publish((level, code, cat, p), level + "_categories",
                                      number(v, info["path"], 0, field),
                                      number(props.get(field + "_flag"), info["path"], 0, field + "_flag"),
                                      info["path"])
                    # Monthly series as JSON arrays on the layer ([output] series_property).
                    first = props.get("series_first")
                    if first:
                        for field, v in props.items():
                            if not field.startswith("series_") or field == "series_first":
                                continue
                            arr = json.loads(v) if isinstance(v, str) else v
                            for k, x in enumerate(arr or []):
                                self._publish((level, code, field[len("series_"):], month_label(month_index(first) + k)),
                                              level + "_series", math.nan if x is None else float(x),
                                              0 if x is not None else None, info["path"])
            path = os.path.join(self.folder, level + "_series.csv")
            rows = read_csv(path)
            if rows is not None:
                for n, r in enumerate(rows, start=2):
                    self._publish((level, r["code"], r["category"], r["month"]), level + "_series",
                                  number(r["n"], path, n, "n"), number(r.get("n_flag"), path, n, "n_flag"), path)
            if cats:
                self.level_categories[level] = cats
                if level != "straat" and len(cats) > len(self.categories):
                    self.categories = list(cats)
        if not self.categories:
            for level in LEVELS:
                if level in self.level_categories:
                    self.categories = list(self.level_categories[level])
        self.mains = [c for c in self.categories if c != "totaal" and not self.main_of.get(c)]
        for c in self.categories:
            self.main_of.setdefault(c, "")

    # --- statistics ---------------------------------------------------------------------------
    def _read_stats(self):
        for level in LEVELS:
            for kind in ("hotspots", "trends"):
                path = os.path.join(self.folder, "%s_%s.csv" % (level, kind))
                rows = read_csv(path)
                if rows is None:
                    continue
                for r in rows:
                    self.stats.setdefault((level, r["code"], r["category"]), {}).update(r)
            # The layers repeat totaal and mains: gi_z_<cat>, sen_slope_<cat>, chg_<cat>_ly_p, ...
            info = self.areas.get(level)
            if info is None:
                continue
            for code in info["codes"]:
                props = info["props"][code]
                for cat in self.level_categories.get(level, []):
                    s = self.stats.setdefault((level, code, cat), {})
                    for field, name in (("gi_z_", "gi_z"), ("gi_p_", "gi_p"), ("sen_slope_", "sen_slope"),
                                        ("rate_", "rate"), ("chg_%s_ly_pct", "chg_ly_pct"),
                                        ("chg_%s_ly_p", "layer_chg_ly_p")):
                        f = field % cat if "%s" in field else field + cat
                        if f in props and props[f] not in (None, "") and name not in s:
                            s[name] = props[f]

    def _read_grid(self):
        gj = read_geojson(os.path.join(self.folder, "grid_hotspots.geojson"))
        self.grid = None
        if gj is None:
            return
        self.grid = {"ids": [], "rings": [], "props": {}}
        for f in gj["features"]:
            p = f["properties"]
            gid = str(p["id"])
            self.grid["ids"].append(gid)
            self.grid["rings"].append(f.get("geometry"))
            self.grid["props"][gid] = p
            self._publish(("grid", gid, "totaal", "cur"), "grid_hotspots",
                          number(p.get("n_totaal"), "grid_hotspots.geojson", 0, "n_totaal"),
                          number(p.get("n_totaal_flag"), "grid_hotspots.geojson", 0, "n_totaal_flag"),
                          "grid_hotspots.geojson")

    def _read_indicators(self):
        reports = ((self.run.get("focus", {}) or {}).get("indicator_reports") or [])
        for k, name in enumerate(("indicators_month.csv", "indicators_quarter.csv")):
            path = os.path.join(self.folder, name)
            rows = read_csv(path)
            if rows is None:
                continue
            report = reports[k] if k < len(reports) else None
            last = month_range(report)[-1] if report else (self.series_months[-1] if self.series_months else None)
            for r in rows:
                r = dict(r)
                r["_last_month"] = last
                r["_file"] = name
                self.indicators.append(r)

    def _read_focus(self):
        path = os.path.join(self.folder, "focus.csv")
        rows = read_csv(path)
        if rows is None:
            return
        for n, r in enumerate(rows, start=2):
            v = number(r.get("count"), path, n, "count")
            if not math.isnan(v):
                self.focus_counts.append((r["level"], r["code"], r["category"], v))
                key = (r["level"], r["code"], r["category"], "cur")
                if key in self.cell_index:
                    self._publish(key, r["level"] + "_categories", v, None, path)

    def _read_packs(self):
        """Packs repeat rows of the layers: any value there that the main tables hide (or that
        differs) is a leak, so they are read as further sources of the same cells."""
        packs = os.path.join(self.folder, "packs")
        if not os.path.isdir(packs):
            return
        for sd in sorted(os.listdir(packs)):
            for level in LEVELS + ["grid_hotspots"]:
                gj = read_geojson(os.path.join(packs, sd, level + ".geojson"))
                if gj is None:
                    continue
                for f in gj["features"]:
                    p = f["properties"]
                    if level == "grid_hotspots":
                        key = ("grid", str(p["id"]), "totaal", "cur")
                        if key in self.cell_index:
                            self._publish(key, "grid_hotspots", number(p.get("n_totaal")), None, sd)
                        continue
                    for field, v in p.items():
                        m = re.fullmatch(r"n_(.+?)(_prev|_ly)?", field)
                        if not m or field.endswith("_flag"):
                            continue
                        per = {None: "cur", "_prev": "prev", "_ly": "ly"}[m.group(2)]
                        key = (level, p["code"], m.group(1), per)
                        if key in self.cell_index:
                            self._publish(key, level + "_categories", number(v), None, os.path.join("packs", sd))
            self._read_pack_readme(os.path.join(packs, sd, "README.md"))
            rows = read_csv(os.path.join(packs, sd, "focus.csv"))
            for r in rows or []:
                v = number(r.get("count"))
                key = (r["level"], r["code"], r["category"], "cur")
                if not math.isnan(v) and key in self.cell_index:
                    self._publish(key, r["level"] + "_categories", v, None, os.path.join("packs", sd))

    def _read_pack_readme(self, path):
        """The pack README's summary table: the stadsdeel's counts per main category for the
        three periods ('–' = suppressed)."""
        if not os.path.exists(path):
            return
        with open(path, encoding="utf-8") as f:
            text = f.read()
        m = re.search(r"^# .*\(([^()]+)\)\s*$", text, re.M)
        if not m:
            return
        code = m.group(1)
        for line in text.splitlines():
            cols = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cols) < 4:
                continue
            for p, v in zip(PERIODS, cols[1:4]):
                key = ("stadsdeel", code, cols[0], p)
                if re.fullmatch(r"\d+", v) and key in self.cell_index:
                    self._publish(key, "stadsdeel_categories", float(v), None, path)
