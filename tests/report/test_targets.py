"""test_targets.py — campaign targets (domain.md §10) and supply screening, by hand.

A two-year case (2024, then 2025, one ledger) in EPSG:4549, every parcel 100 m x 100 m
= 10,000 m2 = 15 mu, every industrial parcel with firms under one building of 60 m x 100 m,
2 storeys (coverage 0.6, FAR 1.2: no LE_COVERAGE / LE_FAR); one control line over all.

  甲区 (x 0..1000)
    A1  2024 FA1 (规上) tax 30 = 2/mu: LE_TAX, listed; 2025 tax 150 = 10/mu: resolved
    A2  2024 H1 halted since 2021-01-01: IDLE_HALTED; 2025 FA2 (规上) tax 300: resolved,
        H1 cleared
    A3  2024 H2 halted (also on A4); 2025 FA3 (规下, class C) tax 120: resolved
    A4  H2 halted (class D) both years: listed both years, so H2 is not cleared
    A5  2024 0601 without firm or building: IDLE_VACANT; 2025 0702: resolved as
        non_industrial (reclaimed, not renovated)
    A6  FA6 (规上) tax 600 both years: efficient
  乙区 (x 1000..2000)
    B1  2024 H3 halted since 2020-01-01; 2025 FB1 (规上) tax 90 = 6/mu: resolved, H3 cleared
    B2  FB2 (规下) tax 900 both years: efficient
    B3  FB3 (规上, class D) tax 15 = 1/mu both years: listed both years
  丙区 (x 2000..3000)
    C1  0702 only: no industrial land, no firm

Rules: national-2008 + tax_per_mu_min 5, targets reclaimed_mu {2024: 10, 2025: 60},
renovated_mu {2025: 40}, halted_firms_cleared {2025: 4}, tax_per_mu {2025: 20},
targets_base_year 2024.

Expected (2025 run), by hand:
  resolved in 2025: A1, A2, A3, A5 (甲区, 4 x 15 = 60 mu), B1 (乙区, 15 mu); run 75 mu
  renovated (still industrial): A1, A2, A3 = 45 mu (甲区), B1 = 15 mu (乙区); run 60 mu
  cleared firms: H1 (甲区), H3 (乙区); run 2
  reclaimed_mu 2024: window 2024..2024 holds only the first run: NULL, "no ledger history"
  reclaimed_mu 2025: run 75 / 60 = 1.25, 甲区 60 / 60 = 1.0, 乙区 15 / 60 = 0.25,
                     丙区 0 (data, nothing resolved) / 60 = 0
  renovated_mu 2025: run 60 / 40 = 1.5, 甲区 45 / 40 = 1.125, 乙区 15 / 40 = 0.375, 丙区 0
  halted_firms_cleared 2025: run 2 / 4 = 0.5, 甲区 1 / 4, 乙区 1 / 4, 丙区 0
  tax_per_mu 2025 (规上 only): 甲区 FA1 150 + FA2 300 + FA6 600 = 1050 / 45 mu = 23.333…;
      乙区 FB1 90 + FB3 15 = 105 / 30 mu = 3.5; run 1155 / 75 = 15.4; 丙区 NULL (no 规上
      firm). All firms (districts.tax_per_mu): 甲区 (150 + 300 + 120 + 0 + 600) / 75 = 15.6,
      乙区 (90 + 900 + 15) / 45 = 22.333…: different from the 规上 figures.
  supply_restricted (classes C, D): FA3, H2 (甲区), FB3 (乙区).
The 2024 run (first of its name) has every cumulative row NULL; a run with --no-ledger says
so; a run whose rules set no targets has an empty table and says so in the report.
"""
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import xml.etree.ElementTree as ET

import openpyxl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_case  # noqa: E402  (landscan(), child_env())

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def near(a, b, tol=1e-6):
    return a is not None and b is not None and abs(a - b) <= tol


X0, Y0 = 500000, 3300000


def sq(x, y, w=100, h=100):
    return [[[X0 + x, Y0 + y], [X0 + x + w, Y0 + y], [X0 + x + w, Y0 + y + h],
             [X0 + x, Y0 + y + h], [X0 + x, Y0 + y]]]


def write(path, feats):
    fc = {"type": "FeatureCollection",
          "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4549"}},
          "features": [{"type": "Feature", "properties": p,
                        "geometry": {"type": "Polygon", "coordinates": g}} for p, g in feats]}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(fc, f, ensure_ascii=False)


PARCELS = {"A1": 100, "A2": 250, "A3": 400, "A4": 550, "A5": 700, "A6": 850,
           "B1": 1100, "B2": 1250, "B3": 1400, "C1": 2100}
BUILT = ["A1", "A2", "A3", "A4", "A6", "B1", "B2", "B3"]

ENTS = {
    2024: [("FA1", "A1", "above", 30, "B", "producing", ""),
           ("H1", "A2", "below", 0, "B", "halted", "2021-01-01"),
           ("H2", "A3", "below", 0, "D", "halted", "2021-01-01"),
           ("H2", "A4", "below", 0, "D", "halted", "2021-01-01"),
           ("FA6", "A6", "above", 600, "A", "producing", ""),
           ("H3", "B1", "below", 0, "B", "halted", "2020-01-01"),
           ("FB2", "B2", "below", 900, "A", "producing", ""),
           ("FB3", "B3", "above", 15, "D", "producing", "")],
    2025: [("FA1", "A1", "above", 150, "B", "producing", ""),
           ("FA2", "A2", "above", 300, "B", "producing", ""),
           ("FA3", "A3", "below", 120, "C", "producing", ""),
           ("H2", "A4", "below", 0, "D", "halted", "2021-01-01"),
           ("FA6", "A6", "above", 600, "A", "producing", ""),
           ("FB1", "B1", "above", 90, "B", "producing", ""),
           ("FB2", "B2", "below", 900, "A", "producing", ""),
           ("FB3", "B3", "above", 15, "D", "producing", "")],
}

RULES = """\
extends: national-2008
tax_per_mu_min: 5
targets:
  tax_per_mu: {2025: 20}
  reclaimed_mu: {2025: 60, 2024: 10}
  renovated_mu: {2025: 40}
  halted_firms_cleared: {2025: 4}
targets_base_year: 2024
"""

RUN = """\
name: 目标测试 {year} 年度
reference_date: {year}-12-31
crs: EPSG:4549
rules: {rules}
output: out-{year}
inputs:
  parcels:
    path: parcels-{year}.geojson
    fields: {{parcel_id: ZDDM, landuse: TDYT}}
  control_lines:
    path: control.geojson
    fields: {{tier: JB}}
  districts:
    path: districts.geojson
    fields: {{name: XZQMC}}
  buildings:
    path: buildings.geojson
    fields: {{floors: CS, height_m: GD}}
  enterprises:
    path: qy-{year}.csv
    fields: {{enterprise_id: TYSHXYDM, name: QYMC, parcel_id: ZDDM, scale: GM, tax_10k: SS,
             value_added_10k: ZJZ, eval_class: PJ, status: ZT, halted_since: TCRQ}}
"""


def make(folder):
    os.makedirs(folder, exist_ok=True)
    for year in (2024, 2025):
        feats = []
        for pid, x in PARCELS.items():
            use = "0702" if pid == "C1" or (pid == "A5" and year == 2025) else "0601"
            feats.append(({"ZDDM": pid, "TDYT": use}, sq(x, 100)))
        write(os.path.join(folder, f"parcels-{year}.geojson"), feats)
        with open(os.path.join(folder, f"qy-{year}.csv"), "w", encoding="utf-8") as f:
            f.write("TYSHXYDM,QYMC,ZDDM,GM,SS,ZJZ,PJ,ZT,TCRQ\n")
            for eid, pid, scale, tax, cls, status, since in ENTS[year]:
                f.write(f"{eid},{eid}公司,{pid},{scale},{tax},{tax * 3},{cls},{status},{since}\n")
        with open(os.path.join(folder, f"RUN-{year}.yaml"), "w", encoding="utf-8") as f:
            f.write(RUN.format(year=year, rules="rules.yaml"))
    write(os.path.join(folder, "districts.geojson"),
          [({"XZQMC": "甲区"}, sq(0, 0, 1000, 1000)), ({"XZQMC": "乙区"}, sq(1000, 0, 1000, 1000)),
           ({"XZQMC": "丙区"}, sq(2000, 0, 1000, 1000))])
    write(os.path.join(folder, "control.geojson"), [({"JB": "1"}, sq(0, 0, 3000, 1000))])
    write(os.path.join(folder, "buildings.geojson"),
          [({"CS": 2, "GD": 8.0}, sq(PARCELS[p] + 20, 100, 60, 100)) for p in BUILT])
    with open(os.path.join(folder, "rules.yaml"), "w", encoding="utf-8") as f:
        f.write(RULES)
    with open(os.path.join(folder, "RUN-notargets.yaml"), "w", encoding="utf-8") as f:
        f.write(RUN.format(year=2025, rules="national-2008").replace("output: out-2025",
                                                                       "output: out-notargets"))


def targets(gpkg):
    db = sqlite3.connect(gpkg)
    rows = db.execute("SELECT district, year, indicator, target, achieved, share, note "
                      "FROM targets").fetchall()
    db.close()
    return {(d, y, i): (t, a, s, n) for d, y, i, t, a, s, n in rows}, rows


def one(db_path, sql):
    db = sqlite3.connect(db_path)
    v = db.execute(sql).fetchone()[0]
    db.close()
    return v


# (district, year, indicator) -> (target, achieved, share); achieved None = NULL with a note
EXPECTED_2025 = {
    ("", 2024, "reclaimed_mu"): (10, None, None),
    ("", 2025, "reclaimed_mu"): (60, 75.0, 1.25),
    ("", 2025, "renovated_mu"): (40, 60.0, 1.5),
    ("", 2025, "halted_firms_cleared"): (4, 2.0, 0.5),
    ("", 2025, "tax_per_mu"): (20, 15.4, 0.77),
    ("甲区", 2024, "reclaimed_mu"): (10, None, None),
    ("甲区", 2025, "reclaimed_mu"): (60, 60.0, 1.0),
    ("甲区", 2025, "renovated_mu"): (40, 45.0, 1.125),
    ("甲区", 2025, "halted_firms_cleared"): (4, 1.0, 0.25),
    ("甲区", 2025, "tax_per_mu"): (20, 1050 / 45, 1050 / 45 / 20),
    ("乙区", 2024, "reclaimed_mu"): (10, None, None),
    ("乙区", 2025, "reclaimed_mu"): (60, 15.0, 0.25),
    ("乙区", 2025, "renovated_mu"): (40, 15.0, 0.375),
    ("乙区", 2025, "halted_firms_cleared"): (4, 1.0, 0.25),
    ("乙区", 2025, "tax_per_mu"): (20, 3.5, 0.175),
    ("丙区", 2024, "reclaimed_mu"): (10, None, None),
    ("丙区", 2025, "reclaimed_mu"): (60, 0.0, 0.0),
    ("丙区", 2025, "renovated_mu"): (40, 0.0, 0.0),
    ("丙区", 2025, "halted_firms_cleared"): (4, 0.0, 0.0),
    ("丙区", 2025, "tax_per_mu"): (20, None, None),
}


def check_table(label, got, rows, expected):
    check(len(rows) == len(expected), f"{label}: {len(rows)} target rows, {len(expected)} expected")
    for key, (t, a, s) in expected.items():
        row = got.get(key)
        if row is None:
            check(False, f"{label}: no row {key}")
            continue
        check(near(row[0], t), f"{label} {key}: target {row[0]} = {t}")
        if a is None:
            check(row[1] is None and row[2] is None, f"{label} {key}: achieved / share NULL ({row})")
            check(bool(row[3]), f"{label} {key}: a NULL figure has a note ({row})")
        else:
            check(near(row[1], a), f"{label} {key}: achieved {row[1]} = {a}")
            check(near(row[2], s), f"{label} {key}: share {row[2]} = {s}")


def html_rows(path):
    root = ET.parse(path).getroot()
    out = {}
    for tr in root.iter("tr"):
        ind = tr.get("data-indicator")
        if ind:
            tds = list(tr.iter("td"))
            span = [e for e in tr.iter("span")]
            out[(ind, int(tr.get("data-year")))] = (
                ["".join(td.itertext()) for td in tds], span[0].get("style") if span else None,
                [d.get("class") for d in tr.iter("div")])
    return root, out


def main():
    binary = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix="landscan-targets-")
    try:
        make(tmp)
        for year in (2024, 2025):
            res = report_case.landscan(binary, "run", os.path.join(tmp, f"RUN-{year}.yaml"),
                                       "--quiet")
            check(res.returncode == 0, f"run {year}: exit {res.returncode} {res.stderr}")
            if res.returncode != 0:
                return 1
            if year == 2025:
                line = [ln for ln in res.stdout.splitlines() if ln.startswith("targets:")]
                check(len(line) == 1, f"CLI summary: one targets line ({res.stdout})")
                check(line and "reclaimed_mu 2025 75.00 of 60 亩 (125.0 %)" in line[0],
                      f"CLI targets line: {line}")
                check(line and "reclaimed_mu 2024 n/a of 10 亩 (" in line[0],
                      f"CLI targets line says why 2024 is not measured: {line}")
        g24 = os.path.join(tmp, "out-2024", "landscan.gpkg")
        g25 = os.path.join(tmp, "out-2025", "landscan.gpkg")

        # the first run of the name: every cumulative row NULL with a note, levels measured
        got, rows = targets(g24)
        for key, (t, a, s, note) in got.items():
            if key[2] in ("reclaimed_mu", "renovated_mu", "halted_firms_cleared"):
                check(a is None and s is None and note and "no ledger history" in note,
                      f"2024 {key}: NULL with the no-history note ({a}, {note})")
        # 2024 规上: 甲区 FA1 30 + FA6 600 = 630 / 30 mu = 21; 乙区 FB3 15 / 15 = 1
        check(near(got[("甲区", 2025, "tax_per_mu")][1], 21.0), "2024 甲区 tax_per_mu 21")
        check(near(got[("乙区", 2025, "tax_per_mu")][1], 1.0), "2024 乙区 tax_per_mu 1")

        got, rows = targets(g25)
        check_table("2025", got, rows, EXPECTED_2025)
        note = got[("丙区", 2025, "tax_per_mu")][3] or ""
        check("规上" in note, f"丙区 tax_per_mu says no 规上 firm: {note}")
        note = got[("", 2024, "reclaimed_mu")][3] or ""
        check("no ledger history" in note, f"2024 target year without history: {note}")
        # the whole run's rows first, then each district's in name order
        check([r[0] for r in rows[:5]] == [""] * 5, "the whole run's rows come first")
        # 规上 vs all firms: the districts layer keeps the all-firm figure
        for d, allfirm in (("甲区", 1170 / 75), ("乙区", 1005 / 45)):
            v = one(g25, f"SELECT tax_per_mu FROM districts WHERE name = '{d}'")
            check(near(v, allfirm), f"{d}: districts.tax_per_mu (all firms) {v} = {allfirm}")
        # ledger: firm ids recorded per run parcel (schema 2)
        ledger = os.path.join(tmp, "landscan-ledger.sqlite")
        v = one(ledger, "SELECT enterprise_ids FROM run_parcels WHERE parcel_id = 'A2' "
                        "AND run_id = 1")
        check(v == "H1", f"ledger run_parcels.enterprise_ids of A2 in 2024: {v}")
        # supply screening
        v = one(g25, "SELECT group_concat(enterprise_id, ',') FROM (SELECT enterprise_id FROM "
                     "enterprises WHERE supply_restricted = 1 ORDER BY enterprise_id)")
        check(v == "FA3,FB3,H2", f"supply_restricted firms: {v}")

        # HTML: 甲区's section with bars, 丙区's notes, restricted firms
        root, tr = html_rows(os.path.join(tmp, "out-2025", "reports", "甲区.html"))
        heads = ["".join(h.itertext()) for h in root.iter("h2")]
        check(any("目标完成情况" in h for h in heads), f"甲区.html has 目标完成情况 ({heads})")
        check(any("限制新增用地企业" in h for h in heads), "甲区.html lists restricted firms")
        cells, style, divs = tr.get(("reclaimed_mu", 2025), ([], None, []))
        check(cells[2:5] == ["60.00", "60.00", "100.0%"], f"甲区 reclaimed 2025 cells {cells}")
        check(style == "width:100.0%" and "bar met" in divs, f"甲区 reclaimed bar {style} {divs}")
        cells, style, divs = tr.get(("renovated_mu", 2025), ([], None, []))
        check(cells[3:5] == ["45.00", "112.5%"] and style == "width:100.0%",
              f"甲区 renovated 2025: {cells} {style}")
        cells, style, divs = tr.get(("tax_per_mu", 2025), ([], None, []))
        check(cells[3:5] == ["23.33", "116.7%"], f"甲区 tax_per_mu 2025 {cells}")
        cells, style, divs = tr.get(("halted_firms_cleared", 2025), ([], None, []))
        check(cells[2:5] == ["4", "1", "25.0%"] and style == "width:25.0%",
              f"甲区 halted firms 2025 {cells} {style}")
        cells, style, divs = tr.get(("reclaimed_mu", 2024), ([], None, []))
        check(cells[3:5] == ["—", "—"] and style is None and "no ledger history" in cells[6],
              f"甲区 reclaimed 2024: no bar, the note ({cells})")
        text = "".join(root.itertext())
        check("FA3公司" in text and "H2公司" in text and "FB3公司" not in text,
              "甲区.html lists FA3 and H2, not 乙区's FB3")
        root, tr = html_rows(os.path.join(tmp, "out-2025", "reports", "丙区.html"))
        cells, style, divs = tr.get(("tax_per_mu", 2025), ([], None, []))
        check(cells[3:5] == ["—", "—"] and style is None and "规上" in cells[6],
              f"丙区 tax_per_mu: no bar, the note ({cells})")
        cells, style, divs = tr.get(("reclaimed_mu", 2025), ([], None, []))
        check(cells[3:5] == ["0.00", "0.0%"] and style == "width:0.0%",
              f"丙区 reclaimed 2025: 0 with data is 0 % ({cells}, {style})")
        check(root.find(".//*[@id='no-restricted']") is not None, "丙区: no restricted firm")

        # workbook sheets
        wb = openpyxl.load_workbook(os.path.join(tmp, "out-2025", "reports", "甲区.xlsx"))
        check("目标完成情况" in wb.sheetnames and "限制新增用地企业" in wb.sheetnames,
              f"甲区.xlsx sheets {wb.sheetnames}")
        if "目标完成情况" in wb.sheetnames:
            ws = wb["目标完成情况"]
            vals = {(r[0], r[3]): r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
            r = vals.get(("renovated_mu", 2025))
            check(r is not None and near(r[5], 45.0) and near(r[6], 1.125),
                  f"甲区.xlsx renovated 2025 {r}")
            r = vals.get(("reclaimed_mu", 2024))
            check(r is not None and r[5] is None and r[6] is None and r[7],
                  f"甲区.xlsx reclaimed 2024 empty with a note {r}")
        if "限制新增用地企业" in wb.sheetnames:
            ws = wb["限制新增用地企业"]
            ids = [r[0] for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
            check(ids[:2] == ["FA3", "H2"] and ids[2:3] == ["合计"],
                  f"甲区.xlsx restricted firms then 合计: {ids}")

        # explain names the parcel's supply-restricted firm, and only there
        res = report_case.landscan(binary, "explain", g25, "A3")
        check(res.returncode == 0 and "supply screening" in res.stdout and "FA3" in res.stdout
              and "class C" in res.stdout, f"explain A3: the restricted firm FA3 ({res.stdout})")
        res = report_case.landscan(binary, "explain", g25, "A6")
        check(res.returncode == 0 and "supply screening" not in res.stdout,
              "explain A6 (class A firm): no supply screening lines")

        # no ledger: the cumulative rows say so
        res = report_case.landscan(binary, "run", os.path.join(tmp, "RUN-2025.yaml"), "--quiet",
                                   "--no-ledger", "-o", os.path.join(tmp, "out-noledger"))
        check(res.returncode == 0, f"--no-ledger run: {res.stderr}")
        got, rows = targets(os.path.join(tmp, "out-noledger", "landscan.gpkg"))
        r = got.get(("", 2025, "reclaimed_mu"))
        check(r is not None and r[1] is None and "no ledger" in (r[3] or ""),
              f"--no-ledger: reclaimed_mu NULL, says why ({r})")
        check(near(got[("", 2025, "tax_per_mu")][1], 15.4), "--no-ledger: levels still measured")

        # a ledger of schema 1 (before enterprise_ids): halted firms cannot be counted and say
        # why, the rest is measured; recording upgrades the ledger to the current schema (3)
        old = os.path.join(tmp, "old")
        os.makedirs(old)
        for name in os.listdir(tmp):
            if name.endswith((".geojson", ".csv", ".yaml")):
                shutil.copy(os.path.join(tmp, name), old)
        res = report_case.landscan(binary, "run", os.path.join(old, "RUN-2024.yaml"), "--quiet")
        check(res.returncode == 0, f"schema-1 case, 2024: {res.stderr}")
        db = sqlite3.connect(os.path.join(old, "landscan-ledger.sqlite"))
        db.execute("ALTER TABLE run_parcels DROP COLUMN enterprise_ids")
        db.execute("UPDATE landscan_meta SET value = '1' WHERE key = 'schema_version'")
        db.execute("PRAGMA user_version = 1")
        db.commit()
        db.close()
        res = report_case.landscan(binary, "run", os.path.join(old, "RUN-2025.yaml"), "--quiet")
        check(res.returncode == 0, f"schema-1 case, 2025: {res.stderr}")
        got, rows = targets(os.path.join(old, "out-2025", "landscan.gpkg"))
        r = got.get(("", 2025, "halted_firms_cleared"))
        check(r is not None and r[1] is None and "no firm ids" in (r[3] or ""),
              f"schema-1 ledger: halted firms NULL, says why ({r})")
        check(near(got[("", 2025, "reclaimed_mu")][1], 75.0), "schema-1 ledger: reclaimed 75")
        ledger = os.path.join(old, "landscan-ledger.sqlite")
        check(one(ledger, "SELECT value FROM landscan_meta WHERE key = 'schema_version'") == "3",
              "the 2025 run upgraded the ledger to schema 3")

        # rules without targets: empty table, the report says so
        res = report_case.landscan(binary, "run", os.path.join(tmp, "RUN-notargets.yaml"),
                                   "--quiet", "--no-ledger")
        check(res.returncode == 0, f"no-targets run: {res.stderr}")
        check("targets:" not in res.stdout, "no targets line without targets")
        gpkg = os.path.join(tmp, "out-notargets", "landscan.gpkg")
        check(one(gpkg, "SELECT count(*) FROM targets") == 0, "no targets: empty table")
        root, tr = html_rows(os.path.join(tmp, "out-notargets", "reports", "甲区.html"))
        check(root.find(".//*[@id='no-targets']") is not None and not tr,
              "no targets: the section says so")
    finally:
        if not failures:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print("outputs kept in", tmp)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
