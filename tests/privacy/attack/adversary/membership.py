"""Membership: can a reader tell two inputs that differ in one incident apart from their public
outputs? Differential privacy says: not much better than the budget allows. This module
compares output folders of runs on D (the input) and D' (D without one incident), each with its
own noise key, as a reader holding both candidate inputs would.

Two distinguishers:
- **deterministic fields**: every value of every output file (run.json flattened, CSV cells,
  GeoJSON properties, Markdown lines; paths and timings left out) whose column the noise does
  not touch (no value of it varies between runs on the same input) and that differs between D
  and D': one such field tells D from D' with certainty (advantage 1), whatever the budget;
- **the count of the incident's area**: the released `n_totaal` of its buurt in the analysis
  period; the reader says "D" when it is at least the true count under D (the midpoint test
  between c and c - 1). Its advantage P_D(say D) - P_D'(say D) is bounded by the total variation
  distance of the two output distributions, at most sqrt(rho / 2) under rho-zCDP (Pinsker with
  the KL divergence <= rho), and by (e^eps - 1 + 2 delta) / (e^eps + 1) under (eps, delta)-DP.

    fields = flatten_folder("out/run1")
    leaks = deterministic_differences([fields_d1, fields_d2], [fields_e1, fields_e2])
"""

import csv
import json
import math
import os
import re

_SKIP_JSON = ("timings_s", "peak_memory_mib")


def _flatten_json(prefix, v, out):
    if isinstance(v, dict):
        for k, x in v.items():
            if k in _SKIP_JSON or k == "path" or k.endswith("_path"):
                continue
            _flatten_json("%s.%s" % (prefix, k), x, out)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            _flatten_json("%s[%d]" % (prefix, i), x, out)
    else:
        out[prefix] = json.dumps(v, sort_keys=True)


def flatten_folder(folder):
    """Every value a reader sees in a folder, keyed by file and place. Binary rasters are
    left out (their values are smoothed released counts)."""
    out = {}
    for root, _, files in os.walk(folder):
        for name in sorted(files):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, folder)
            out["file:" + rel] = "present"
            if name.endswith(".json") or name.endswith(".geojson"):
                with open(path, encoding="utf-8") as f:
                    data = json.load(f)
                if name.endswith(".geojson"):
                    for i, feat in enumerate(data.get("features", [])):
                        _flatten_json("%s:%d" % (rel, i), feat.get("properties", {}), out)
                    out[rel + ":features"] = str(len(data.get("features", [])))
                else:
                    _flatten_json(rel, data, out)
            elif name.endswith(".csv"):
                with open(path, newline="", encoding="utf-8") as f:
                    rows = list(csv.reader(f))
                out[rel + ":rows"] = str(len(rows))
                head = rows[0] if rows else []
                for i, r in enumerate(rows[1:], start=1):
                    for c, v in zip(head, r):
                        out["%s:%d:%s" % (rel, i, c)] = v
            elif name.endswith(".md") or name.endswith(".txt"):
                with open(path, encoding="utf-8") as f:
                    for i, line in enumerate(f):
                        out["%s:%d" % (rel, i)] = line.rstrip("\n")
    return out


def column_of(key):
    """The column a value belongs to: a CSV column or GeoJSON property over all rows, a
    Markdown file, a JSON key with its list positions left out. The noise is judged per column: a few runs can leave one
    noisy cell (a trend's direction) unchanged by chance, not a whole column."""
    if key.startswith("file:"):
        return key
    if ":" not in key:  # a JSON file: list positions are rows
        return re.sub(r"\[\d+\]", "[]", key)
    f, rest = key.split(":", 1)
    if f.endswith(".csv"):
        parts = rest.split(":", 1)
        return f + ":" + (parts[1] if len(parts) == 2 else parts[0])
    if f.endswith(".geojson"):
        return f + ":" + (rest.split(".", 1)[1] if "." in rest else rest)
    if f.endswith(".md") or f.endswith(".txt"):
        return f
    return key


def deterministic_differences(runs_d, runs_e):
    """Values of noise-free columns (no value of the column varies between runs on the same
    input) that differ between D and D' (absent counts as a value). Each is a certain
    distinguisher."""
    keys = set()
    for r in runs_d + runs_e:
        keys.update(r)
    noisy = set()
    for k in keys:
        for runs in (runs_d, runs_e):
            if len({r.get(k, "<absent>") for r in runs}) > 1:
                noisy.add(column_of(k))
    out = []
    for k in sorted(keys):
        if column_of(k) in noisy:
            continue
        a = {r.get(k, "<absent>") for r in runs_d}
        b = {r.get(k, "<absent>") for r in runs_e}
        if a != b:
            out.append((k, a.pop(), b.pop()))
    return out


def midpoint_advantage(values_d, values_e, c):
    """The advantage of "D when the released count is >= c" (c = the true count under D)."""
    pd = sum(v >= c for v in values_d) / len(values_d)
    pe = sum(v >= c for v in values_e) / len(values_e)
    return pd - pe


def tv_bound(rho=None, eps=None, delta=0.0):
    """The largest advantage any test can have between two neighbouring inputs."""
    bounds = []
    if rho:
        bounds.append(math.sqrt(rho / 2.0))
    if eps is not None:
        bounds.append((math.exp(eps) - 1.0 + 2.0 * delta) / (math.exp(eps) + 1.0))
    return min(bounds + [1.0])
