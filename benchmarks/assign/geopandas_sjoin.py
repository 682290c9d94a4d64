#!/usr/bin/python3
"""GeoPandas side of the assignment benchmark: the same points, the same NL wijken.

assign_bench --write PREFIX writes PREFIX.xy (float64 x,y pairs, EPSG:28992), PREFIX.area
(uint32 wijk index per point, 4294967295 = outside) and PREFIX.codes (wijk codes in file
order). This script joins the points to the wijken with geopandas.sjoin(predicate="within"),
times it, and compares the assignment point by point with brandpunt's.

Run with Debian's interpreter (the pyenv python3 has no geopandas):
  /usr/bin/python3 benchmarks/assign/geopandas_sjoin.py /tmp/bp_assign_1m \
      --wijken ../shared/data/nl/wijken_2022_rd.gpkg --bp-seconds 0.05
"""
import argparse
import sys
import time

import geopandas
import numpy as np
import shapely


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("prefix")
    ap.add_argument("--wijken", default="../shared/data/nl/wijken_2022_rd.gpkg")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N points")
    ap.add_argument("--bp-seconds", type=float, default=0.0,
                    help="brandpunt's build + locate CPU time for the same points, for the ratio")
    args = ap.parse_args()

    xy = np.fromfile(args.prefix + ".xy", dtype="<f8").reshape(-1, 2)
    ours = np.fromfile(args.prefix + ".area", dtype="<u4")
    codes = [line.rstrip("\n") for line in open(args.prefix + ".codes", encoding="utf-8")]
    if args.limit:
        xy, ours = xy[: args.limit], ours[: args.limit]
    n = len(xy)

    t0 = time.perf_counter()
    wijken = geopandas.read_file(args.wijken)
    t_read = time.perf_counter() - t0
    assert list(wijken["code"]) == codes, "wijk order differs between the two readers"

    t0 = time.perf_counter()
    points = geopandas.GeoDataFrame(
        {"i": np.arange(n)}, geometry=geopandas.points_from_xy(xy[:, 0], xy[:, 1]), crs=wijken.crs)
    t_points = time.perf_counter() - t0

    # Wall and CPU time: on a shared machine the CPU time is the steadier figure.
    t0, c0 = time.perf_counter(), time.process_time()
    joined = geopandas.sjoin(points, wijken[["code", "geometry"]], how="left", predicate="within")
    t_join, c_join = time.perf_counter() - t0, time.process_time() - c0

    # A point on a shared border is "within" no wijk for GeoPandas (and would be in two for
    # "intersects"); brandpunt gives it to the lowest code. Count such cases separately.
    joined = joined[~joined.index.duplicated(keep="first")].sort_index()
    theirs = joined["index_right"].to_numpy()
    theirs = np.where(np.isnan(theirs), 4294967295, theirs).astype(np.uint64)
    differ = np.flatnonzero(theirs != ours.astype(np.uint64))
    on_border = 0
    for i in differ:
        p = shapely.geometry.Point(xy[i, 0], xy[i, 1])
        if ours[i] != 4294967295 and wijken.geometry.iloc[int(ours[i])].boundary.distance(p) == 0:
            on_border += 1

    inside = int((theirs != 4294967295).sum())
    print(f"geopandas        {geopandas.__version__} (shapely {shapely.__version__})")
    print(f"points           {n}, {inside} within a wijk")
    print(f"read wijken      {t_read:.3f} s")
    print(f"make points      {t_points:.3f} s")
    print(f"sjoin            {t_join:.3f} s = {n / t_join / 1e6:.3f} M points/s "
          f"(spatial index built inside); CPU {c_join:.3f} s")
    print(f"differences      {len(differ)} ({on_border} on a wijk border)")
    for i in differ[:5]:
        print(f"  point {i} ({xy[i, 0]!r}, {xy[i, 1]!r}): brandpunt {ours[i]} geopandas {theirs[i]}")
    if args.bp_seconds > 0:
        print(f"speed-up         {c_join / args.bp_seconds:.1f}x "
              f"(sjoin CPU {c_join:.3f} s / brandpunt CPU {args.bp_seconds:.3f} s)")
    return 0 if len(differ) == on_border else 1


if __name__ == "__main__":
    sys.exit(main())
