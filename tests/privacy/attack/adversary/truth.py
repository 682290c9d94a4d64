"""The truth the attack is scored against: the restricted run of the same input.

- Counts: the restricted profile publishes every cell exactly (categories, series including
  straten, grid), read with the same Release reader.
- Incident points: the restricted run's incident_assignment.csv lists the assigned source rows;
  their coordinates and dates come from the incidents file named in its run.json inputs, read
  with the column names of the config (also in its inputs). The KDE uses the analysis period.

    truth = Truth("out/demo-restricted")
    truth.value(("buurt", "BU09990101", "totaal", "cur"))
    truth.points()      # (n, 2) array, analysis CRS, analysis-period incidents
"""

import csv
import math
import os
import re

import numpy as np

from .release import Release, ReleaseError


def _parse_month(text, fmt):
    text = (text or "").strip()
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m and fmt in ("auto", "iso"):
        return int(m.group(1)) * 12 + int(m.group(2)) - 1
    m = re.match(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    if m and fmt in ("auto", "dmy"):
        return int(m.group(3)) * 12 + int(m.group(2)) - 1
    if m and fmt == "mdy":
        return int(m.group(3)) * 12 + int(m.group(1)) - 1
    return None


class Truth:
    def __init__(self, folder):
        self.folder = folder
        self.rel = Release(folder)
        if self.rel.profile != "restricted":
            raise ReleaseError("%s: the truth must be a restricted run (privacy.profile = %r)" %
                               (folder, self.rel.profile))
        self._points = None

    def value(self, key):
        i = self.rel.cell_index.get(key)
        return math.nan if i is None else float(self.rel.value[i])

    def values(self, keys):
        return np.array([self.value(k) for k in keys], dtype=float)

    def points(self):
        """Analysis-period incident points (x, y) in the analysis CRS, or None when the input
        cannot be found."""
        if self._points is not None:
            return self._points
        import tomllib
        inputs = [i["path"] for i in self.rel.run.get("inputs", [])]
        cfg_path = next((p for p in inputs if p.endswith(".toml")), None)
        assign = os.path.join(self.folder, "incident_assignment.csv")
        if cfg_path is None or not os.path.exists(cfg_path) or not os.path.exists(assign):
            return None
        with open(cfg_path, "rb") as f:
            cfg = tomllib.load(f)
        inc = cfg.get("incidents", {})
        path = os.path.join(os.path.dirname(cfg_path), inc.get("path", ""))
        if not os.path.exists(path):
            return None
        with open(assign, newline="") as f:
            rows = {int(r["row"]) for r in csv.DictReader(f) if r.get("buurt_code")}
        months = set(self.rel.period_months.get("cur", []))
        fmt = inc.get("date_format", "auto")
        xs, ys = [], []
        if path.lower().endswith(".csv"):
            with open(path, newline="", encoding="utf-8") as f:
                sample = f.read(65536)
                f.seek(0)
                delim = inc.get("delimiter") or csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
                for n, r in enumerate(csv.DictReader(f, delimiter=delim), start=1):
                    if n not in rows or _parse_month(r.get(inc.get("date", "")), fmt) not in months:
                        continue
                    xs.append(float(r[inc["x"]]))
                    ys.append(float(r[inc["y"]]))
        else:
            from osgeo import ogr
            ds = ogr.Open(path)
            layer = ds.GetLayerByName(inc["layer"]) if inc.get("layer") else ds.GetLayer(0)
            for n, feat in enumerate(layer, start=1):
                if n not in rows or _parse_month(feat.GetField(inc.get("date")), fmt) not in months:
                    continue
                if inc.get("x"):
                    xs.append(float(feat.GetField(inc["x"])))
                    ys.append(float(feat.GetField(inc["y"])))
                else:
                    g = feat.GetGeometryRef()
                    xs.append(g.GetX())
                    ys.append(g.GetY())
        pts = np.column_stack([xs, ys]) if xs else np.zeros((0, 2))
        src = inc.get("crs")
        dst = (self.rel.run.get("parameters", {}) or {}).get("analysis_crs", "EPSG:28992")
        if src and src != dst and len(pts):
            from osgeo import osr
            a, b = osr.SpatialReference(), osr.SpatialReference()
            a.SetFromUserInput(src)
            b.SetFromUserInput(dst)
            for s in (a, b):
                s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            t = osr.CoordinateTransformation(a, b)
            pts = np.array([p[:2] for p in t.TransformPoints(pts.tolist())])
        self._points = pts
        return pts
