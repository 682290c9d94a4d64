#!/usr/bin/python3
"""PySAL esda's conditional randomisation (numba crand) timed on the neighbour lists and values
that spdep_perm.R writes, for run_vs_peers.sh. esda is imported from a source checkout (its
release tag, made by run_vs_peers.sh) on Debian's libpysal and numba; nothing is installed.

  esda_perm.py ESDA_SRC NB.txt X.txt NSIM
Prints one tab-separated line per test: esda, test, n, nsim, wall seconds, CPU seconds (best of
3, after one warm-up call that compiles the numba kernels). n_jobs = 1 (one thread) and
keep_simulations = False (esda's fastest setting).
"""
import os
import sys
import time

os.environ.setdefault("NUMBA_NUM_THREADS", "1")
sys.path.insert(0, sys.argv[1])

import numpy as np  # noqa: E402
import libpysal  # noqa: E402
import esda  # noqa: E402
from esda.getisord import G_Local  # noqa: E402
from esda.moran import Moran_Local  # noqa: E402


def read_nb(path):
    with open(path) as f:
        n = int(f.readline())
        neighbours = {}
        for i in range(n):
            line = f.readline().split()
            neighbours[i] = [int(j) for j in line]
    return libpysal.weights.W(neighbours, silence_warnings=True)


def best(f, repeats=3):
    out = (float("inf"), 0.0)
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        f()
        w1, c1 = time.perf_counter(), time.process_time()
        if w1 - w0 < out[0]:
            out = (w1 - w0, c1 - c0)
    return out


def main():
    w = read_nb(sys.argv[2])
    x = np.loadtxt(sys.argv[3])
    nsim = int(sys.argv[4])
    print(f"# esda {esda.__version__} from {sys.argv[1]}, libpysal {libpysal.__version__}, "
          f"numba {__import__('numba').__version__}, n {w.n}")
    # Gi (binary weights, self excluded) as spdep localG_perm on style "B"; local Moran on
    # row-standardised weights as spdep localmoran_perm on style "W".
    g = lambda p: G_Local(x, w, transform="B", permutations=p, star=False,  # noqa: E731
                          keep_simulations=False, n_jobs=1, seed=12345)
    m = lambda p: Moran_Local(x, w, transformation="r", permutations=p,  # noqa: E731
                              keep_simulations=False, n_jobs=1, seed=12345)
    for name, f in (("localG_perm", g), ("localmoran_perm", m)):
        f(99)  # compile
        wall, cpu = best(lambda: f(nsim))
        print(f"esda\t{name}\t{w.n}\t{nsim}\t{wall:.3f}\t{cpu:.3f}")


if __name__ == "__main__":
    main()
