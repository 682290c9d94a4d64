#!/usr/bin/python3
"""The map pages in a real browser: Debian's headless Chromium, driven by Debian's
python3-selenium through chromedriver (nothing is downloaded).

For map.html of the demo run and of one pack: waits for the map, checks that every layer drew
every feature (hidden layers are switched on first), that the legend, the focus list and the
privacy notice are there, that clicking a focus row zooms to that area and opens its pop-up
with its monthly chart, that switching to the emerging categories redraws the legend, and that
the page made no request but for itself and logged no console error. Screenshots go to the
artefact folder.

    map_page_browser_test.py <run output folder> <artefact folder>

Exit status 0 = passed, 1 = failed, 77 = skipped (Chromium, chromedriver or selenium missing,
outside CI).
"""
import json
import os
import shutil
import sys
import tempfile
import time


def skip_or_fail(message):
    if os.environ.get("CI"):
        print("FAIL: " + message)
        sys.exit(1)
    print("SKIP: " + message)
    sys.exit(77)


try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
except ImportError:
    skip_or_fail("python3-selenium is not installed (scripts/deps.sh)")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
    skip_or_fail("chromium or chromium-driver is not installed (scripts/deps.sh)")

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("  FAIL: " + message)
    return condition


def wait_for(driver, script, timeout=30.0):
    end = time.time() + timeout
    while time.time() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    return None


def browser(profile_dir):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile_dir, "--window-size=1400,900", "--lang=nl-NL",
                # Belt and braces: should the page ever ask for a host, it gets no answer.
                "--host-resolver-rules=MAP * ~NOTFOUND"]:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def check_page(driver, path, name, artefacts):
    print("%s: %s" % (name, path))
    url = "file://" + os.path.abspath(path)
    driver.get_log("performance")  # drop what came before
    driver.get_log("browser")
    driver.get(url)
    if not check(wait_for(driver, "return window.brandpunt && window.brandpunt.ready"), name + ": the map never became ready"):
        return
    time.sleep(0.3)  # let Leaflet finish its first render

    # Every layer drew every feature, hidden ones once switched on.
    summary = driver.execute_script("return brandpunt.summary()")
    check(len(summary) >= 3, name + ": fewer than 3 layers: %s" % list(summary))
    for layer_id, s in summary.items():
        if not s["visible"]:
            driver.find_element(By.ID, "layer-" + layer_id).click()
            time.sleep(0.2)
    driver.execute_script("brandpunt.map.fitBounds(brandpunt.home, {animate: false})")
    time.sleep(0.3)
    summary = driver.execute_script("return brandpunt.summary()")
    for layer_id, s in summary.items():
        print("  layer %-10s %5d features, %5d drawn" % (layer_id, s["features"], s["drawn"]))
        check(s["visible"], "%s: layer %s cannot be switched on" % (name, layer_id))
        check(s["features"] > 0, "%s: layer %s has no features" % (name, layer_id))
        check(s["features"] == s["rows"], "%s: layer %s made %d features of %d rows" % (name, layer_id, s["features"], s["rows"]))
        check(s["drawn"] == s["features"], "%s: layer %s drew %d of %d features" % (name, layer_id, s["drawn"], s["features"]))
    for layer_id, s in summary.items():  # back to the page's defaults for the screenshot
        default = driver.execute_script("return brandpunt.layers[arguments[0]].spec.visible", layer_id)
        if not default:
            driver.find_element(By.ID, "layer-" + layer_id).click()

    notice = driver.find_element(By.ID, "notice").text
    check("profiel" in notice.lower() or "profile" in notice.lower(), name + ": no privacy notice (%r)" % notice)
    legend = driver.find_elements(By.CSS_SELECTOR, "#legend li")
    check(len(legend) >= 8, name + ": legend has %d entries" % len(legend))
    rows = driver.find_elements(By.CSS_SELECTOR, ".focus-list li")
    check(len(rows) > 0, name + ": no focus list rows")
    driver.execute_script("document.getElementById('panel').scrollTop = 0")
    driver.save_screenshot(os.path.join(artefacts, name + ".png"))

    # Clicking a focus row zooms to the area and opens its pop-up.
    if rows:
        row = next((r for r in rows if r.get_attribute("data-level") == "buurt"), rows[0])
        code, level = row.get_attribute("data-code"), row.get_attribute("data-level")
        before = driver.execute_script("return brandpunt.map.getZoom()")
        row.click()
        time.sleep(0.5)
        state = driver.execute_script(
            """
            const [code, level] = arguments;
            let target = null;
            for (const id in brandpunt.layers) {
              const L_ = brandpunt.layers[id];
              if (L_.spec.level === level && L_.spec.kind !== 'outline' && L_.byCode[code]) { target = L_.byCode[code]; break; }
            }
            if (!target) return null;
            const view = brandpunt.map.getBounds(), b = target.getBounds();
            return {zoom: brandpunt.map.getZoom(), contains: view.contains(b),
                    centre_in: b.contains(view.getCenter()) || view.pad(-0.3).intersects(b),
                    popup: !!document.querySelector('.leaflet-popup-content'),
                    chart: !!document.querySelector('.leaflet-popup-content svg.spark'),
                    active: !!document.querySelector('.focus-list li.active')};
            """, code, level)
        print("  clicked %s %s: zoom %s -> %s" % (level, code, before, state and state["zoom"]))
        if check(state is not None, "%s: focus row %s has no feature on the map" % (name, code)):
            check(state["zoom"] > before, "%s: clicking %s did not zoom in (%s -> %s)" % (name, code, before, state["zoom"]))
            check(state["contains"] and state["centre_in"], "%s: the view after clicking %s does not show it" % (name, code))
            check(state["popup"], "%s: no pop-up for %s" % (name, code))
            check(state["active"], "%s: the clicked row is not marked" % name)
            if level != "straat":
                check(state["chart"], "%s: the pop-up of %s has no monthly chart" % (name, code))
        driver.save_screenshot(os.path.join(artefacts, name + "_focus.png"))

    # The other colouring: emerging categories.
    driver.find_element(By.ID, "mode-emerging").click()
    time.sleep(0.2)
    legend = driver.find_elements(By.CSS_SELECTOR, "#legend li")
    check(len(legend) >= 18, name + ": emerging legend has %d entries" % len(legend))

    # Nothing but the page itself was requested; nothing went wrong in the console.
    requests = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            params = message["params"]
            requests.append((params["request"]["url"], params.get("documentURL", "")))
    # The browser's own pages (chrome://) load their resources too; those are not the page's.
    # A data: URL is bytes inside the page (Leaflet's 1-pixel blank image), not a load.
    others = [u for u, doc in requests
              if u != url and not u.startswith("data:") and (doc == url or not u.startswith("chrome://"))]
    check(url in [u for u, _ in requests], name + ": the page's own load was not seen (%s)" % requests[:3])
    check(not others, name + ": requests besides the page: %s" % others[:5])
    errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    check(not errors, name + ": console errors: %s" % [e.get("message") for e in errors][:5])


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    out, artefacts = sys.argv[1], sys.argv[2]
    os.makedirs(artefacts, exist_ok=True)
    pages = [("map_run", os.path.join(out, "map.html"))]
    packs = os.path.join(out, "packs")
    if os.path.isdir(packs):
        first = sorted(os.listdir(packs))[0]
        pages.append(("map_pack_" + first, os.path.join(packs, first, "map.html")))
    for _, path in pages:
        if not os.path.exists(path):
            print("FAIL: %s does not exist" % path)
            return 1
    profile = tempfile.mkdtemp(prefix="brandpunt-chromium-")
    driver = browser(profile)
    try:
        for name, path in pages:
            check_page(driver, path, name, artefacts)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("all checks passed; screenshots in " + artefacts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
