#!/usr/bin/env python3
"""Public vs restricted focus lists: top-10 overlap and Spearman rank correlation.

    focus_overlap.py RESTRICTED_DIR PUBLIC_DIR [PUBLIC_DIR...]

Per level (straat, buurt, wijk) and scope (each stadsdeel's lists, and the gemeente's), for
totaal and for the other categories: the mean share of the restricted top 10 that is also in
the public top 10, and the mean Spearman correlation of the two rankings' scores over the areas
listed in either (ties share their mean rank). One line per (level, scope, category group),
averaged over the public runs given (one per noise seed).
"""
import collections
import csv
import sys


def read(path):
    lists = collections.defaultdict(dict)
    for r in csv.DictReader(open(path + "/focus.csv", newline="")):
        key = ("gemeente" if r["scope"] == "gemeente" else "stadsdeel", r["level"], r["category"], r["scope"])
        lists[key][r["code"]] = (int(r["rank"]) if r["listed"] == "1" else 0, float(r["score"] or 0))
    return lists


def top(rows, n=10):
    listed = sorted((rank, code) for code, (rank, _) in rows.items() if rank > 0)
    return [code for _, code in listed[:n]]


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: -values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(a, b):
    if len(a) < 3:
        return None
    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    num = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    den = (sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb)) ** 0.5
    return num / den if den > 0 else None


restricted = read(sys.argv[1])
agg = collections.defaultdict(lambda: [0, 0, 0.0, 0])
for pub_dir in sys.argv[2:]:
    public = read(pub_dir)
    for key, rrows in restricted.items():
        scope, level, cat, _ = key
        prows = public.get(key, {})
        rt, pt = top(rrows), top(prows)
        group = (level, scope, "totaal" if cat == "totaal" else "other categories")
        a = agg[group]
        a[0] += len(set(rt) & set(pt))
        a[1] += len(rt)
        union = sorted(set(top(rrows, 10**9)) | set(top(prows, 10**9)))
        rho = spearman([rrows.get(c, (0, 0.0))[1] for c in union], [prows.get(c, (0, 0.0))[1] for c in union])
        if rho is not None:
            a[2] += rho
            a[3] += 1
print("| level | lists | categories | top-10 overlap | Spearman of scores |")
print("|---|---|---|---:|---:|")
for (level, scope, cats), (hit, n, rho, m) in sorted(agg.items()):
    print(f"| {level} | {scope} | {cats} | {hit / max(n, 1):.2f} ({hit}/{n}) | {rho / max(m, 1):.2f} |")
