#!/usr/bin/python3
"""brandpunt's adversary: reads one public output folder and works out what it can about every
protected count and every incident location; with --restricted, scores itself against the
restricted run of the same input.

    tests/privacy/attack/attack.py out/demo --restricted out/demo-restricted --json attack.json
    tests/privacy/attack/attack.py out/demo --knowledge relations          # relations only
    tests/privacy/attack/attack.py out/demo-restricted --restricted out/demo-restricted

Prints a summary; exit code 0, or 2 when a folder cannot be read. See README.md beside this
file for what it models and what it leaves out.
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from adversary import kde as kde_mod  # noqa: E402
from adversary.attack import ALL, Attack  # noqa: E402
from adversary.model import Infeasible  # noqa: E402
from adversary.release import ReleaseError  # noqa: E402
from adversary.score import kde_summary, summary  # noqa: E402
from adversary.truth import Truth  # noqa: E402


def run(folder, restricted=None, knowledge=ALL, kde=True, lp_rounds=4, full_bounds=False,
        time_budget_s=None, log=None, component_budget_s=60.0):
    t0 = time.time()
    a = Attack(folder, knowledge=knowledge, log=log, lp_rounds=lp_rounds, full_bounds=full_bounds,
               time_budget_s=time_budget_s, component_budget_s=component_budget_s)
    a.run()
    truth = Truth(restricted) if restricted else None
    ks = None
    tif = os.path.join(folder, "kde.tif")
    if kde and os.path.exists(tif):
        info = a.rel.run.get("kde", {}) or {}
        t1 = time.time()
        located, _ = kde_mod.locate_incidents(tif, float(info.get("bandwidth_m", 0)), info.get("kernel", "quartic"))
        ks = kde_summary(a.rel, located, truth.points() if truth else None)
        ks["seconds"] = round(time.time() - t1, 2)
        ks["bandwidth_m"] = info.get("bandwidth_m")
    s = summary(a, truth, ks)
    s["seconds"] = round(time.time() - t0, 2)
    return s, a


def print_summary(s, out=sys.stdout):
    w = out.write
    w("attack on %s (profile %s%s), knowledge: %s\n" % (s["folder"], s["profile"],
      ", noisy counts" if s["noisy_release"] else "", "+".join(s["knowledge"])))
    w("  cells %d, protected %d, recovered exactly %d (small 1..4: %d)" %
      (s["cells"], s["protected"], s["recovered"], s["recovered_small"]))
    if "confirmed" in s:
        w(", confirmed %d, wrong %d, truth outside bounds %d" % (s["confirmed"], s["wrong"], s["outside_bounds"]))
    w("\n")
    for t, d in sorted(s["by_table"].items()):
        line = "  %-22s cells %6d protected %6d recovered %6d" % (t, d["cells"], d["protected"], d["recovered"])
        if "abs_error" in d and d["abs_error"].get("n"):
            e = d["abs_error"]
            line += "  |err| mean %.2f median %.1f max %.0f" % (e["mean"], e["median"], e["max"])
        if "expected_abs_error" in d:
            line += "  bound %.2f within %.1f%%" % (d["expected_abs_error"], 100 * d.get("share_within_expected_error", 0))
        w(line + "\n")
    if s.get("facts"):
        w("  facts: %s\n" % ", ".join("%s %d" % kv for kv in sorted(s["facts"].items())))
    if s.get("facts_not_holding"):
        w("  FACTS NOT HOLDING ON THE TRUTH: %s\n" % json.dumps(s["facts_not_holding"]))
    for n in s.get("notes", []):
        w("  note: %s\n" % n)
    k = s.get("kde")
    if k:
        w("  kde (bandwidth %s m): %d kernels peeled (%d incidents)" % (k.get("bandwidth_m"), k["located"], k["incidents_located"]))
        if "located_within_0.01m" in k:
            w(", within 1 cm of a true incident: %d, within 1 m: %d, median %.3g m" %
              (k["located_within_0.01m"], k["located_within_1m"], k["distance_to_nearest_incident_m"]["median"]))
        if "grid_centre_to_nearest_incident_m" in k:
            w("; grid (%g m) centres: median %.3g m, within 1 m: %d" %
              (k["grid_cell_m"], k["grid_centre_to_nearest_incident_m"]["median"], k["grid_centres_within_1m"]))
        w("\n")
    w("  %.1f s\n" % s["seconds"])


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("folder", help="a brandpunt output folder (the release under attack)")
    p.add_argument("--restricted", help="restricted run of the same input: score against it")
    p.add_argument("--knowledge", default=",".join(ALL), help="comma list of relations, rule, stats (default all)")
    p.add_argument("--no-kde", action="store_true", help="skip the KDE raster")
    p.add_argument("--lp-rounds", type=int, default=4)
    p.add_argument("--full-bounds", action="store_true", help="min and max LP for every unknown")
    p.add_argument("--time-budget", type=float, default=None, help="seconds for the LP rounds")
    p.add_argument("--component-budget", type=float, default=60.0,
                   help="seconds of LP per component and round (default 60)")
    p.add_argument("--json", help="write the summary as JSON here")
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args(argv)
    knowledge = [k for k in a.knowledge.split(",") if k]
    bad = [k for k in knowledge if k not in ALL]
    if bad:
        p.error("--knowledge: unknown %s (use %s)" % (", ".join(bad), ", ".join(ALL)))
    log = None if a.quiet else (lambda *x: print(*x, file=sys.stderr))
    try:
        s, _ = run(a.folder, a.restricted, knowledge, not a.no_kde, a.lp_rounds, a.full_bounds, a.time_budget, log,
                   a.component_budget)
    except (ReleaseError, OSError) as e:
        print("attack.py: %s" % e, file=sys.stderr)
        return 2
    except Infeasible as e:
        print("attack.py: the adversary's model contradicts the release: %s" % e, file=sys.stderr)
        return 1
    if a.json:
        with open(a.json, "w") as f:
            json.dump(s, f, indent=1, sort_keys=True)
    print_summary(s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
