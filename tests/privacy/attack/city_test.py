#!/usr/bin/python3
"""The attack test on a small generated city (ctest: privacy_attack_*).

    city_test.py setup --gendemo G --brandpunt B --dir D   # city, public + restricted run, attack
    city_test.py check NAME --dir D                        # one assertion on the attack's summary

Checks (exit 0 pass, 1 fail, 77 skipped):
  restricted_run_recovers_everything   on the restricted output the adversary's own check finds
                                       every count exactly and equal to the truth (it can fail)
  public_attack_is_sound               every fact the adversary uses holds for the truth, no
                                       recovery is wrong, no truth lies outside its bounds
  public_suppression_is_broken         while the public profile suppresses cells (no noise):
                                       the attack recovers suppressed counts and peels KDE kernels
  public_release_protects_every_count  the goal of issue 11, skipped until differential privacy
                                       lands: 0 exact values of any count; no table's estimates
                                       beat the mechanism's published expected absolute error;
                                       no incident located more precisely than the protected grid
                                       allows; every statistic reproduced by the published counts
"""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

SKIP = 77
# Remove this line when the public profile publishes noisy counts (issue 11, differential
# privacy): the check below then has to pass.
PROTECTION_PENDING = "until differential privacy lands"

CITY = dict(buurten=12, incidents=3000, seed=7)

CONFIG = """[project]
name = "Attack test city"
analysis_crs = "EPSG:28992"
output_dir = "out-public"
threads = 2

[incidents]
path = "city/incidents.csv"
id = "registratienummer"
x = "x"
y = "y"
crs = "EPSG:28992"
date = "datum"
category = "soort"
street = "straat"

[areas.buurt]
path = "city/city.gpkg"
layer = "buurten"
code = "buurtcode"
name = "buurtnaam"
parent = "wijkcode"
population = "aantal_inwoners"

[areas.wijk]
path = "city/city.gpkg"
layer = "wijken"
code = "wijkcode"
name = "wijknaam"
parent = "stadsdeelcode"
population = "aantal_inwoners"

[areas.stadsdeel]
path = "city/city.gpkg"
layer = "stadsdelen"
code = "stadsdeelcode"
name = "stadsdeelnaam"

[areas.gemeente]
code = "GM0999"
name = "Demostad"

[streets]
path = "city/city.gpkg"
layer = "straten"
name = "straatnaam"

[period]
months = 3

[hotspots]
permutations = 99

[[indicator]]
name = "Bedreiging per 1.000 inwoners"
category = "bedreiging"
level = ["gemeente", "wijk", "buurt"]
measure = "per_1000"
period = "year"
target = "< 3.5"

[[indicator]]
name = "Vermogenscriminaliteit en HIC per 1.000 inwoners"
categories = ["vermogen", "hic"]
level = ["gemeente", "wijk"]
measure = "per_1000"
period = "year"
target = "<= 44"

[[indicator]]
name = "Aandeel overlast"
category = "overlast"
level = ["gemeente", "wijk"]
measure = "share"
period = "quarter"
target = "<= 25"
"""


def sh(*cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write("%s failed (%d):\n%s%s" % (" ".join(cmd), r.returncode, r.stdout, r.stderr))
        sys.exit(1)


def setup(a):
    import attack
    d = os.path.abspath(a.dir)
    os.makedirs(d, exist_ok=True)
    sh(a.gendemo, "--out", os.path.join(d, "city"), "--buurten", str(CITY["buurten"]),
       "--incidents", str(CITY["incidents"]), "--seed", str(CITY["seed"]), "--quiet")
    cfg = os.path.join(d, "city.toml")
    with open(cfg, "w") as f:
        f.write(CONFIG)
    pub, res = os.path.join(d, "out-public"), os.path.join(d, "out-restricted")
    sh(a.brandpunt, "run", cfg, "--out", pub, "--quiet")
    sh(a.brandpunt, "run", cfg, "--out", res, "--profile", "restricted", "--quiet")
    for name, folder in (("public", pub), ("restricted", res)):
        s, _ = attack.run(folder, res, lp_rounds=6)
        with open(os.path.join(d, "attack_%s.json" % name), "w") as f:
            json.dump(s, f, indent=1, sort_keys=True)
        attack.print_summary(s)
    return 0


def load(d, name):
    with open(os.path.join(d, "attack_%s.json" % name)) as f:
        return json.load(f)


def fail(msg):
    print("FAIL: " + msg)
    return 1


def check_restricted(d):
    s = load(d, "restricted")
    if s["profile"] != "restricted":
        return fail("the restricted run says profile %r" % s["profile"])
    if s["protected"] != 0 or s["truth_missing"] != 0:
        return fail("on the restricted output %d counts are not known exactly (%d without truth)" %
                    (s["protected"], s["truth_missing"]))
    if s["facts_not_holding"] or s["outside_bounds"]:
        return fail("the adversary's facts do not hold on the restricted run: %s" % s["facts_not_holding"])
    print("restricted: all %d counts known and equal to the truth; %d facts hold" %
          (s["truth_cells"], sum(s["facts"].values())))
    return 0


def check_sound(d):
    s = load(d, "public")
    problems = []
    if s["facts_not_holding"]:
        problems.append("facts that do not hold on the truth: %s" % s["facts_not_holding"])
    if s["wrong"]:
        problems.append("%d recoveries differ from the truth" % s["wrong"])
    if s["outside_bounds"]:
        problems.append("%d truths outside the adversary's bounds" % s["outside_bounds"])
    if s["truth_missing"]:
        problems.append("%d public cells without a restricted twin" % s["truth_missing"])
    if problems:
        return fail("; ".join(problems))
    print("sound: %d recoveries confirmed, %d facts hold on the truth" % (s["confirmed"], sum(s["facts"].values())))
    return 0


def check_suppression_broken(d):
    s = load(d, "public")
    if s["noisy_release"]:
        print("SKIP: the public release has noisy counts; public_release_protects_every_count applies")
        return SKIP
    k = s.get("kde", {})
    if s["recovered"] == 0 or s["recovered"] != s["confirmed"]:
        return fail("the attack recovers %d suppressed counts (%d confirmed): it has lost its power" %
                    (s["recovered"], s["confirmed"]))
    if k.get("located", 0) == 0 or k.get("located_within_0.01m", 0) != k.get("located"):
        return fail("KDE peeling located %s kernels, %s within 1 cm" % (k.get("located"), k.get("located_within_0.01m")))
    print("suppression broken: %d of %d suppressed counts recovered (%d small), %d incidents located within 1 cm" %
          (s["recovered"], s["protected"], s["recovered_small"], k["located_within_0.01m"]))
    return 0


def check_protected(d, pending=PROTECTION_PENDING):
    if pending:
        print("SKIP: %s" % pending)
        return SKIP
    s = load(d, "public")
    problems = []
    if s["recovered"]:
        problems.append("%d counts recovered exactly" % s["recovered"])
    for t, v in sorted(s["by_table"].items()):
        if not v["protected"]:
            continue
        bound = v.get("expected_abs_error")
        e = v.get("abs_error", {})
        if bound is None:
            problems.append("%s: run.json privacy.tables.%s.expected_abs_error missing" % (t, t))
            continue
        if not e.get("n"):
            continue
        # The attack's mean absolute error may fall short of the bound by chance only: three
        # standard errors of a mean of |noise| (sd <= its root mean square ~ 1.25 * mean).
        slack = 3 * 1.25 * bound / max(1, e["n"]) ** 0.5
        if e["mean"] < bound - slack:
            problems.append("%s: estimates beat the mechanism (mean |error| %.3f < %.3f - %.3f)" %
                            (t, e["mean"], bound, slack))
    k = s.get("kde", {})
    occupied = k.get("grid_occupied_cells", 0)
    for lim in ("0.01", "0.1", "1"):
        located = k.get("located_within_%sm" % lim, 0)
        grid = k.get("grid_centres_within_%sm" % lim, 0)
        if located > grid + max(1, 0.02 * occupied):
            problems.append("KDE: %d incidents located within %s m, grid centres allow %d" % (located, lim, grid))
    if s.get("statistics_not_reproduced"):
        problems.append("statistics not reproduced by the published counts (computed from other data): %s" %
                        s["statistics_not_reproduced"])
    if s["facts_not_holding"]:
        problems.append("adversary facts not holding on the truth: %s" % s["facts_not_holding"])
    if problems:
        return fail("; ".join(problems))
    print("protected: 0 counts recovered; estimates no better than the published errors; KDE no sharper than the grid")
    return 0


CHECKS = {
    "restricted_run_recovers_everything": check_restricted,
    "public_attack_is_sound": check_sound,
    "public_suppression_is_broken": check_suppression_broken,
    "public_release_protects_every_count": check_protected,
}


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("setup")
    s.add_argument("--gendemo", required=True)
    s.add_argument("--brandpunt", required=True)
    s.add_argument("--dir", required=True)
    c = sub.add_parser("check")
    c.add_argument("name", choices=sorted(CHECKS))
    c.add_argument("--dir", required=True)
    a = p.parse_args()
    if a.cmd == "setup":
        return setup(a)
    return CHECKS[a.name](os.path.abspath(a.dir))


if __name__ == "__main__":
    sys.exit(main())
