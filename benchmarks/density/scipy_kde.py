#!/usr/bin/python3
"""The Python peer of brandpunt's binned KDE: bin the points onto the output lattice (padded by
the stencil's half-width), then convolve with the quartic / truncated Gaussian stencil by FFT
(scipy.signal.fftconvolve and oaconvolve; the faster counts). Same lattice, kernels, norms and
truncation as engine/density/binned_kde.hpp, so the surfaces can be compared cell by cell.

  scipy_kde.py POINTS.bin [--compare DIR] [--repeats 3]
POINTS.bin: float64 x[n] then y[n] (density_bench --dump DIR writes DIR/points.bin and
brandpunt's surfaces DIR/quartic.bin, DIR/gaussian.bin). Prints one line per kernel with the
best-of-repeats wall seconds of binning, stencil and convolution, the kernel total (wall and
CPU), and with
--compare the largest |scipy - brandpunt| relative to the surface's peak.
"""
import argparse
import math
import os
import sys
import time

import numpy as np
import scipy
import scipy.signal

CELL, NX, NY, X0, Y0 = 10.0, 1000, 1000, 0.0, 0.0
CASES = [("quartic", 250.0, 1.0), ("gaussian", 100.0, 4.0)]


def half_width(radius):
    rho2 = (radius / CELL) ** 2
    w = int(math.floor(radius / CELL))
    while w > 0 and w * w >= rho2:
        w -= 1
    return w


def stencil(kernel, h, cutoff):
    radius = h if kernel == "quartic" else cutoff * h
    w = half_width(radius)
    i = np.arange(-w, w + 1, dtype=np.float64)
    r2 = (i[None, :] ** 2 + i[:, None] ** 2)  # in cells²
    inside = r2 < (radius / CELL) ** 2
    b = (CELL / h) ** 2
    if kernel == "quartic":
        k = 3.0 / (math.pi * h * h) * (1.0 - r2 * b) ** 2
    else:
        k = 1.0 / (2.0 * math.pi * h * h) * np.exp(-0.5 * r2 * b)
    return np.where(inside, k, 0.0), w


def binned(x, y, w):
    nxp, nyp = NX + 2 * w, NY + 2 * w
    ix = np.floor((x - (X0 - w * CELL)) * (1.0 / CELL))
    iy = np.floor((y - (Y0 - w * CELL)) * (1.0 / CELL))
    keep = (ix >= 0) & (ix < nxp) & (iy >= 0) & (iy < nyp)
    flat = iy[keep].astype(np.int64) * nxp + ix[keep].astype(np.int64)
    return np.bincount(flat, minlength=nxp * nyp).astype(np.float64).reshape(nyp, nxp)


CPU = {}  # CPU seconds of the fastest (wall) repeat, by call site


def best(repeats, f, tag=None):
    out, t = None, float("inf")
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        out = f()
        t1, c1 = time.perf_counter(), time.process_time()
        if t1 - t0 < t:
            t = t1 - t0
            CPU[tag] = c1 - c0
    return out, t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("points")
    ap.add_argument("--compare")
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    xy = np.fromfile(a.points, dtype=np.float64)
    n = xy.size // 2
    x, y = xy[:n], xy[n:]
    print(f"# scipy {scipy.__version__}, numpy {np.__version__}, {n} points, "
          f"{NX} x {NY} cells of {CELL:g} m, load {' '.join(open('/proc/loadavg').read().split()[:3])}")
    print("kernel\tbin_s\tstencil_s\tfftconvolve_s\toaconvolve_s\tkernel_total_s\tkernel_total_cpu_s"
          "\tmax_diff_vs_brandpunt_rel_peak")
    for kernel, h, cutoff in CASES:
        (st, w), t_st = best(a.repeats, lambda: stencil(kernel, h, cutoff), "stencil")
        counts, t_bin = best(a.repeats, lambda: binned(x, y, w), "bin")
        f1, t_fft = best(a.repeats, lambda: scipy.signal.fftconvolve(counts, st, mode="valid"), "fft")
        f2, t_oa = best(a.repeats, lambda: scipy.signal.oaconvolve(counts, st, mode="valid"), "oa")
        assert f1.shape == (NY, NX), f1.shape
        total = t_bin + t_st + min(t_fft, t_oa)
        cpu = CPU["bin"] + CPU["stencil"] + (CPU["fft"] if t_fft <= t_oa else CPU["oa"])
        diff = "-"
        if a.compare:
            bp = np.fromfile(os.path.join(a.compare, kernel + ".bin"), dtype=np.float64).reshape(NY, NX)
            diff = f"{np.max(np.abs(f1 - bp)) / np.max(bp):.2e}"
        print(f"{kernel}\t{t_bin:.4f}\t{t_st:.4f}\t{t_fft:.4f}\t{t_oa:.4f}\t{total:.4f}\t{cpu:.4f}\t{diff}")


if __name__ == "__main__":
    sys.exit(main())
