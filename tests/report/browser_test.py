#!/usr/bin/env python3
"""The report of the embedded corpus, opened in headless Chromium as a reader would open it.

Asserts: no console errors; every section present; the numbers in the data tables equal the commands' JSON;
the page prints to PDF; at 1280 px and 800 px no table overflows the page; the workbook read back with openpyxl
holds the same tables. Exit 77 (ctest: skipped) when Chromium or selenium is absent outside CI; in CI (CI=true)
their absence is a failure.

usage: browser_test.py LEXSIM WORKDIR
"""
import base64
import json
import os
import shutil
import subprocess
import sys

SKIP = 77


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def need(ok, msg):
    if not ok:
        fail(msg)


def run(cmd, env):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode not in (0, 1):  # 1: check found error-level findings, still a report
        fail(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr}")
    return p.stdout


def main():
    lexsim, work = sys.argv[1], sys.argv[2]
    in_ci = os.environ.get("CI") == "true"
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        import openpyxl
    except ImportError as e:
        print(f"browser test skipped: {e} (install chromium chromium-driver python3-selenium python3-openpyxl)")
        sys.exit(1 if in_ci else SKIP)
    driver_path = shutil.which("chromedriver")
    if driver_path is None:
        print("browser test skipped: chromedriver not found (apt-get install chromium chromium-driver)")
        sys.exit(1 if in_ci else SKIP)

    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1732924800")
    html_path = os.path.join(work, "report.html")
    xlsx_path = os.path.join(work, "report.xlsx")
    # A modest trial count keeps the test quick; simulate below runs with the same count and seed.
    trials = "60"
    run([lexsim, "report", "--trials", trials, "-o", html_path, "--xlsx", xlsx_path], env)
    check = json.loads(run([lexsim, "check", "--format", "json"], env))
    results = {"check": check}
    help_text = subprocess.run([lexsim, "--help"], capture_output=True, text=True).stdout
    commands = [line.split()[0] for line in help_text.split("Subcommands:")[-1].splitlines() if line.strip()]
    for name in ("simulate", "schedule"):
        if name in commands:
            extra = ["--trials", trials] if name == "simulate" else []
            results[name] = json.loads(run([lexsim, name, *extra, "--format", "json", "--quiet"], env))

    opts = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        opts.add_argument(a)
    chromium = shutil.which("chromium")
    if chromium:
        opts.binary_location = chromium
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=opts)
    # Printing a report of several hundred rows takes Chromium more than its default 10 s on a busy machine.
    driver.set_page_load_timeout(240)
    driver.set_script_timeout(240)
    try:
        driver.set_window_size(1280, 1000)
        driver.get("file://" + os.path.abspath(html_path))
        errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
        need(not errors, f"console errors: {errors}")

        for section in ("findings", "outlays", "schedule", "provenance"):
            n = driver.execute_script(f"return document.querySelectorAll('section#{section} h2').length")
            need(n == 1, f"section {section} missing")

        def table(table_id):
            return driver.execute_script(
                """
                const t = document.getElementById('table-' + arguments[0]);
                if (!t) return null;
                const keys = [...t.querySelectorAll('thead th')].map(th => th.dataset.key);
                return [...t.querySelectorAll('tbody tr')].filter(tr => tr.children.length === keys.length)
                  .map(tr => Object.fromEntries([...tr.children].map((td, i) => [keys[i], td.dataset.value])));
                """, table_id)

        # Findings: one row per finding, the same messages as check's JSON.
        rows = table("findings")
        need(rows is not None, "no findings table")
        need(sorted(r["message"] for r in rows) == sorted(f["message"] for f in check["findings"]),
             "findings table differs from check --format json")

        def same_numbers(table_id, records, keys):
            rows = table(table_id)
            need(rows is not None, f"no table {table_id}")
            need(len(rows) == len(records), f"{table_id}: {len(rows)} rows, JSON has {len(records)}")
            for row, rec in zip(rows, records):
                for k in keys:
                    if k in rec and rec[k] is not None:
                        need(k in row, f"{table_id}: column {k} missing")
                        got = json.loads(row[k]) if row[k] not in ("",) else None
                        want = rec[k]
                        need(got == want if not isinstance(want, float) else abs(got - want) <= 1e-9 * max(1, abs(want)),
                             f"{table_id}.{k}: page {row[k]} != JSON {want}")

        if "simulate" in results:
            sim = results["simulate"]
            same_numbers("totals", sim["totals"], ["year", "mean", "se", "p5", "p50", "p95", "p_exceed"])
            same_numbers("outlays", sim["outlays"], ["year", "mean", "se", "p5", "p50", "p95"])
        if "schedule" in results:
            same_numbers("tasks", results["schedule"]["tasks"], ["p_on_time", "criticality"])

        # Printing: a real PDF of several pages.
        # Through the DevTools protocol: chromedriver's own print command gives up after 10 s, which a report of
        # several hundred rows can take on a busy machine.
        printed = driver.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69})
        pdf = base64.b64decode(printed["data"])
        need(pdf.startswith(b"%PDF"), "printing did not return a PDF")
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        need(pages >= 4, f"the printed report has {pages} A4 pages; every section starts a page")
        with open(os.path.join(work, "report.pdf"), "wb") as f:
            f.write(pdf)

        for width in (1280, 800):
            driver.set_window_size(width, 1000)
            overflow = driver.execute_script(
                """
                const bad = [];
                for (const w of document.querySelectorAll('.table-wrap, figure'))
                  if (w.scrollWidth > w.clientWidth + 1) bad.push(w.querySelector('table,svg')?.id || w.tagName);
                if (document.documentElement.scrollWidth > window.innerWidth + 1) bad.push('page');
                return bad;
                """)
            need(not overflow, f"at {width}px these overflow: {overflow}")
            shot = os.path.join(work, f"report-{width}.png")
            need(driver.save_screenshot(shot), f"no screenshot at {width}px")
            with open(shot, "rb") as f:
                head = f.read(24)
            shot_width = int.from_bytes(head[16:20], "big")
            need(shot_width <= width, f"screenshot {shot_width}px wide at a {width}px window")
        driver_keys = {t: driver.execute_script(
            "return [...document.querySelectorAll('#table-' + arguments[0] + ' thead th')].map(th => th.dataset.key)",
            t) for t in ("totals", "outlays", "tasks")}
    finally:
        driver.quit()

    # The workbook holds every table of the page, with the same values.
    wb = openpyxl.load_workbook(xlsx_path)
    need("findings" in wb.sheetnames, f"workbook sheets: {wb.sheetnames}")
    sheet = wb["findings"]
    messages = sorted(r[2] for r in sheet.iter_rows(min_row=2, values_only=True))
    need(messages == sorted(f["message"] for f in check["findings"]), "workbook findings differ from JSON")
    # Numbers stay numbers: each sheet's cells equal the JSON values, column by column, in the page's order.
    def same_sheet(name, records):
        sheet = wb[name]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        need(len(rows) == len(records), f"workbook {name}: {len(rows)} rows, JSON has {len(records)}")
        page_keys = driver_keys[name]
        for row, rec in zip(rows, records):
            for k, cell in zip(page_keys, row):
                want = rec.get(k)
                if isinstance(want, (int, float)) and not isinstance(want, bool):
                    need(isinstance(cell, (int, float)) and abs(cell - want) <= 1e-9 * max(1, abs(want)),
                         f"workbook {name}.{k}: {cell!r} != {want!r}")

    if "simulate" in results:
        same_sheet("totals", results["simulate"]["totals"])
        same_sheet("outlays", results["simulate"]["outlays"])
    if "schedule" in results:
        same_sheet("tasks", results["schedule"]["tasks"])
    print("report browser test: all assertions passed")


if __name__ == "__main__":
    main()
