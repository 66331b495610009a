#!/usr/bin/python3
"""test_reports.py — end-to-end test of the per-district reports (Excel, HTML, CSV).

Runs the real binary on the synthetic case of report_case.py, then reads every workbook
back with openpyxl (an independent reader) and checks that
  - the sheets, Chinese headers, frozen header rows, autofilters and number formats exist;
  - each 合计 row's Excel formula, evaluated here over the cells, equals its stored result
    and equals the sum over the `parcels` layer of that district read with OGR (counts and
    mu per status and action, reclaimable mu, FAR uplift, area-weighted FAR, 亩均税收);
  - the parcel-list sheets hold one row per parcel of their status;
and that each HTML page is well-formed XML, self-contained (no external references), holds
an SVG map with exactly one parcel path per parcel of the district, a legend, a scale bar,
a north arrow and a signature line; that districts without industrial land say so; and the
`landscan report` command line: --district, --format csv, -o, --force, exit codes.

Year-on-year ledger: the case's run records into a ledger (the default one beside RUN.yaml),
so its workbooks carry 新增清单 and 销号清单; a second run of the same series a year later
without parcel J03 must list J03 as 已灭失 in 甲区's 销号清单 only; the three runs of
testdata/ledger must give a 2025 workbook whose 新增清单 / 销号清单 hold one row per parcel
with change 'new' / per `resolved` row of the district, with 合计 rows equal to the
districts layer's new_listed_mu / resolved_mu and the same figures in 汇总 and the HTML; and
a run with --no-ledger must give the workbook without any of it.

usage: test_reports.py LANDSCAN_BINARY
"""
import json
import math
import os
import re
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET

import openpyxl
from osgeo import ogr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_case  # noqa: E402

STATUS_ZH = {"idle": "疑似闲置", "relocatable": "可腾退", "low_efficiency": "低效",
             "efficient": "高效", "non_industrial": "非工业"}
# one label per action; the seed-004 project category (domain.md §6) is a column of its own
ACTION_ZH = {"reclaim": "收回盘活", "relocate": "搬迁腾退", "upgrade": "改造提升",
             "transitional_retain": "过渡保留", "retain": "保留", "none": "不涉及"}
CATEGORY_ZH = {"relocate": "园区集聚/搬迁拆除", "upgrade": "整治淘汰/改造提升"}
SVG = "{http://www.w3.org/2000/svg}"
SHEETS = ["汇总", "目标完成情况", "闲置地块", "可腾退地块", "低效地块", "连片地块", "合规提示",
          "企业评价", "限制新增用地企业", "数据质量", "说明"]  # 批而未供 too with approvals (not here)
LEDGER_SHEETS = SHEETS[:5] + ["新增清单", "销号清单"] + SHEETS[5:]
LEDGER_COLS = ("新增列入(亩)", "销号(亩)", "净变化(亩)")
TESTDATA_LEDGER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                               "testdata", "ledger")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def near(a, b, tol=1e-6):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tol * max(1.0, abs(b))


# ---- expected values from the parcels layer (OGR) -------------------------------------
def parcels_of(gpkg, district):
    ds = ogr.Open(gpkg)
    lyr = ds.GetLayerByName("parcels")
    rows = []
    for f in lyr:
        if f.GetField("district") == district:
            rows.append({k: f.GetField(k) for k in (
                "parcel_id", "industrial", "status", "action", "area_m2", "area_mu",
                "floor_area_m2", "reclaimable_mu", "far_uplift_m2", "tax_10k",
                "value_added_10k", "inside_control_m2")})
    return rows


def expected(rows):
    e = {"地块数": len(rows)}
    ind = [r for r in rows if r["industrial"]]
    e["工业地块数"] = len(ind)
    e["工业用地(亩)"] = sum(r["area_mu"] for r in ind)
    for s, zh in STATUS_ZH.items():
        e[zh + "地块数"] = sum(1 for r in rows if r["status"] == s)
        e[zh + "(亩)"] = sum(r["area_mu"] for r in rows if r["status"] == s)
    for a, zh in ACTION_ZH.items():
        e[zh + "地块数"] = sum(1 for r in rows if r["action"] == a)
        e[zh + "(亩)"] = sum(r["area_mu"] for r in rows if r["action"] == a)
    e["可盘活(亩)"] = sum(r["reclaimable_mu"] for r in rows)
    e["提容潜力(平方米)"] = sum(r["far_uplift_m2"] for r in rows)
    area = sum(r["area_m2"] for r in ind)
    e["容积率(面积加权)"] = sum(r["floor_area_m2"] for r in ind) / area if area else 0.0
    taxed = [r for r in ind if r["tax_10k"] is not None]
    mu = sum(r["area_mu"] for r in taxed)
    e["亩均税收(万元/亩)"] = sum(r["tax_10k"] for r in taxed) / mu if mu else None
    return e


# ---- a small evaluator for the formulas the workbook uses -----------------------------
class F(float):
    """A float whose division by zero gives NaN (Excel would show #DIV/0!, guarded by IF)."""
    def __truediv__(self, o):
        return F(float("nan")) if float(o) == 0 else F(float(self) / float(o))

    def __rtruediv__(self, o):
        return F(float("nan")) if float(self) == 0 else F(float(o) / float(self))


def evaluate(ws, formula):
    assert formula.startswith("=")
    expr = formula[1:]

    def cells(a, b):
        vals = []
        for row in ws[a:b]:
            for c in row:
                v = c.value
                vals.append(float(v) if isinstance(v, (int, float)) else 0.0)
        return vals

    env = {
        "R": cells,
        "SUM": lambda v: F(sum(v)),
        "SUMPRODUCT": lambda a, b: F(sum(x * y for x, y in zip(a, b))),
        "IF": lambda c, a, b: a if c else b,
    }
    expr = re.sub(r"([A-Z]+\d+):([A-Z]+\d+)", r'R("\1","\2")', expr)
    expr = re.sub(r"(?<![<>=!])=(?!=)", "==", expr)
    v = eval(expr, env)  # noqa: S307 - our own formulas
    if v == "":
        return None
    return float(v)


def header_map(ws, row):
    return {ws.cell(row=row, column=c).value: c for c in range(1, ws.max_column + 1)
            if ws.cell(row=row, column=c).value}


def check_summary(path, wb, wv, rows, label):
    ws, vs = wb["汇总"], wv["汇总"]
    exp = expected(rows)
    check(ws.freeze_panes is not None, f"{label}: 汇总 has frozen header rows")
    heads = [r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value in ("镇街", "区块编号")]
    check(len(heads) == 2, f"{label}: 汇总 has a town and a block table ({heads})")
    for h in heads:
        cols = header_map(ws, h)
        total = next((r for r in range(h + 1, ws.max_row + 1)
                      if ws.cell(row=r, column=1).value == "合计"), None)
        check(total is not None, f"{label}: table at row {h} has a 合计 row")
        if total is None:
            continue
        for name, want in exp.items():
            c = cols.get(name)
            check(c is not None, f"{label}: 汇总 has column {name}")
            if c is None:
                continue
            f = ws.cell(row=total, column=c).value
            check(isinstance(f, str) and f.startswith("="), f"{label}: 合计 {name} is a formula ({f!r})")
            if not (isinstance(f, str) and f.startswith("=")):
                continue
            got = evaluate(ws, f)
            cached = vs.cell(row=total, column=c).value
            cached = None if cached in ("", None) else float(cached)
            check(near(got, want), f"{label}: 合计 {name}: formula gives {got}, parcels layer {want}")
            check(near(cached, want), f"{label}: 合计 {name}: stored result {cached}, parcels layer {want}")
        # number formats: mu 0.00, counts numbers
        mu_col = cols.get("工业用地(亩)")
        if total > h + 1 and mu_col:
            cell = ws.cell(row=h + 1, column=mu_col)
            check(cell.number_format == "0.00", f"{label}: mu format {cell.number_format}")
            check(isinstance(cell.value, (int, float)), f"{label}: mu stored as a number")


def check_lists(wb, rows, label):
    for sheet, status in (("闲置地块", "idle"), ("可腾退地块", "relocatable"), ("低效地块", "low_efficiency")):
        ws = wb[sheet]
        ids = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
        ids = [i for i in ids if i and not str(i).startswith("本区")]
        want = sorted(r["parcel_id"] for r in rows if r["status"] == status)
        check(sorted(ids) == want, f"{label}: {sheet} lists {sorted(ids)}, parcels layer {want}")
        check(ws.freeze_panes == "B2", f"{label}: {sheet} frozen at B2 ({ws.freeze_panes})")
        check(bool(ws.auto_filter.ref), f"{label}: {sheet} has an autofilter")
        heads = header_map(ws, 1)
        for h in ("地块编号", "区块编号", "权利人", "面积(亩)", "容积率", "建筑系数", "亩均税收(万元/亩)",
                  "评价类别", "处置方式", "项目类别", "原因"):
            check(h in heads, f"{label}: {sheet} has column {h}")
        by_id = {r["parcel_id"]: r for r in rows}
        for r in range(2, ws.max_row + 1):
            p = by_id.get(ws.cell(row=r, column=1).value)
            if p is None or "处置方式" not in heads or "项目类别" not in heads:
                continue
            act = ws.cell(row=r, column=heads["处置方式"]).value
            cat = ws.cell(row=r, column=heads["项目类别"]).value
            check(act == ACTION_ZH[p["action"]], f"{label}: {sheet} {p['parcel_id']} action {act}")
            check((cat or "") == CATEGORY_ZH.get(p["action"], ""),
                  f"{label}: {sheet} {p['parcel_id']} project category {cat!r}")
        if ids:
            c = ws.cell(row=2, column=heads["面积(亩)"])
            check(isinstance(c.value, (int, float)) and c.number_format == "0.00",
                  f"{label}: {sheet} area is a number with format 0.00")
            why = ws.cell(row=2, column=heads["原因"]).value or ""
            check(re.search(r"[\u4e00-\u9fff]", why) is not None, f"{label}: reasons in Chinese ({why})")


def check_html(path, rows, label):
    text = open(path, encoding="utf-8").read()
    try:
        root = ET.fromstring(text.split("\n", 1)[1] if text.startswith("<!DOCTYPE") else text)
    except ET.ParseError as e:
        check(False, f"{label}: HTML is not well-formed: {e}")
        return text
    svgs = root.findall(f".//{SVG}svg")
    check(len(svgs) == (1 if rows else len(svgs)), f"{label}: one SVG map ({len(svgs)})")
    paths = [p for p in root.iter(f"{SVG}path") if "parcel" in (p.get("class") or "").split()]
    check(len(paths) == len(rows), f"{label}: {len(paths)} parcel paths for {len(rows)} parcels")
    check(sorted(p.get("data-id") for p in paths) == sorted(r["parcel_id"] for r in rows),
          f"{label}: parcel paths carry the parcel ids")
    for r_ in rows:
        p = next((p for p in paths if p.get("data-id") == r_["parcel_id"]), None)
        if p is not None:
            check(f"st-{r_['status']}" in p.get("class"), f"{label}: {r_['parcel_id']} coloured by status")
            check(p.get("d", "").startswith("M"), f"{label}: {r_['parcel_id']} has a path")
    if rows:
        for cls in ("legend", "scalebar", "north"):
            check(any(cls in (g.get("class") or "") for g in root.iter(f"{SVG}g")), f"{label}: map has {cls}")
    # self-contained: no scripts, no external resources
    check("<script" not in text, f"{label}: no script")
    for m in re.finditer(r'(?:src|href)="([^"]*)"', text):
        check(m.group(1).startswith(("data:", "#")), f"{label}: external reference {m.group(1)}")
    check("@import" not in text and not re.search(r"url\((?!#)", text), f"{label}: no external CSS")
    check(re.findall(r"https?://[^\"]*", text) == ["http://www.w3.org/2000/svg"] * len(re.findall(r"https?://", text)),
          f"{label}: only the SVG namespace URI")
    check("签字" in text and "@page" in text and "A4" in text, f"{label}: print stylesheet and signature line")
    check("评价基准日" in text and "2025-12-31" in text, f"{label}: reference date")
    return text


# ---- year-on-year ledger ----------------------------------------------------------------
def ledger_expected(gpkg, district):
    """New parcels, resolved rows and the districts layer's figures of one district (OGR)."""
    ds = ogr.Open(gpkg)
    where = {}
    new = {}
    for f in ds.GetLayerByName("parcels"):
        where[f.GetField("parcel_id")] = f.GetField("district")
        if f.GetField("district") == district and f.GetField("change") == "new":
            new[f.GetField("parcel_id")] = f.GetField("area_mu")
    resolved = {}
    for f in ds.GetLayerByName("resolved"):
        pid = f.GetField("parcel_id")
        d = where[pid] if f.GetField("new_status") != "removed" else f.GetField("district")
        if d == district:
            resolved[pid] = (f.GetField("new_status"), f.GetField("old_area_mu"))
    fig = None
    for f in ds.GetLayerByName("districts"):
        if f.GetField("name") == district:
            fig = {k: f.GetField(k) for k in ("new_listed_mu", "resolved_mu", "net_listed_mu")}
    return new, resolved, fig


def table_rows(ws):
    """Data rows (1-based) between the header row 1 and the 合计 row, and the 合计 row."""
    r = 2
    while r <= ws.max_row and ws.cell(row=r, column=1).value != "合计":
        r += 1
    return list(range(2, r)), (r if r <= ws.max_row else None)


def labelled(ws, label):
    """The number in the row whose first cell is label."""
    for row in ws.iter_rows(values_only=True):
        if row and row[0] == label:
            return next((v for v in row[1:] if isinstance(v, (int, float))), None)
    return None


def check_ledger_workbook(xlsx, gpkg, district, label):
    new, resolved, fig = ledger_expected(gpkg, district)
    check(fig is not None and fig["new_listed_mu"] is not None,
          f"{label}: districts layer has the ledger figures")
    if fig is None:
        return
    wb = openpyxl.load_workbook(xlsx)
    wv = openpyxl.load_workbook(xlsx, data_only=True)
    check(wb.sheetnames == LEDGER_SHEETS, f"{label}: sheets {wb.sheetnames}")
    if wb.sheetnames != LEDGER_SHEETS:
        return
    # 新增清单
    ws, vs = wb["新增清单"], wv["新增清单"]
    heads = header_map(ws, 1)
    for h in ("地块编号", "区块编号", "镇街", "状态", "原因", "所属清单", "面积(亩)", "可盘活(亩)",
              "首次列入日期"):
        check(h in heads, f"{label}: 新增清单 has column {h}")
    rows, total = table_rows(ws)
    ids = sorted(ws.cell(row=r, column=1).value for r in rows)
    check(ids == sorted(new), f"{label}: 新增清单 lists {ids}, change='new' parcels {sorted(new)}")
    check(total is not None, f"{label}: 新增清单 has a 合计 row")
    if total and "面积(亩)" in heads:
        c = heads["面积(亩)"]
        got = evaluate(ws, ws.cell(row=total, column=c).value)
        check(near(got, fig["new_listed_mu"]),
              f"{label}: 新增清单 合计 {got}, districts.new_listed_mu {fig['new_listed_mu']}")
        check(near(vs.cell(row=total, column=c).value, fig["new_listed_mu"]),
              f"{label}: 新增清单 合计 stored result")
    for r in rows:
        st = ws.cell(row=r, column=heads["状态"]).value
        check(st in ("疑似闲置", "可腾退", "低效"), f"{label}: 新增清单 status {st}")
        why = ws.cell(row=r, column=heads["原因"]).value or ""
        check(re.search(r"[\u4e00-\u9fff]", why) is not None, f"{label}: 新增清单 reasons in Chinese")
    check(ws.freeze_panes == "B2" and bool(ws.auto_filter.ref), f"{label}: 新增清单 frozen, filtered")
    # 销号清单
    ws, vs = wb["销号清单"], wv["销号清单"]
    heads = header_map(ws, 1)
    for h in ("地块编号", "区块编号", "原状态", "现状态", "原可盘活(亩)", "销号面积(亩)", "分组"):
        check(h in heads, f"{label}: 销号清单 has column {h}")
    rows, total = table_rows(ws)
    ids = sorted(ws.cell(row=r, column=1).value for r in rows)
    check(ids == sorted(resolved), f"{label}: 销号清单 lists {ids}, resolved rows {sorted(resolved)}")
    for r in rows:
        pid = ws.cell(row=r, column=1).value
        if pid in resolved and "现状态" in heads:
            removed = resolved[pid][0] == "removed"
            now = ws.cell(row=r, column=heads["现状态"]).value
            grp = ws.cell(row=r, column=heads["分组"]).value
            check((now == "已灭失") == removed and (grp == "已灭失") == removed,
                  f"{label}: 销号清单 {pid}: 现状态 {now}, 分组 {grp}")
            check(now in STATUS_ZH.values() or now == "已灭失", f"{label}: {pid} status in Chinese")
    check(total is not None, f"{label}: 销号清单 has a 合计 row")
    if total and "销号面积(亩)" in heads:
        c = heads["销号面积(亩)"]
        got = evaluate(ws, ws.cell(row=total, column=c).value)
        check(near(got, fig["resolved_mu"]),
              f"{label}: 销号清单 合计 {got}, districts.resolved_mu {fig['resolved_mu']}")
        check(near(vs.cell(row=total, column=c).value, fig["resolved_mu"]),
              f"{label}: 销号清单 合计 stored result")
    for name, key in (("本区新增列入(亩)", "new_listed_mu"), ("本区销号(亩)", "resolved_mu"),
                      ("本区清单净变化(亩)", "net_listed_mu")):
        got = labelled(ws, name)
        check(near(got, fig[key]), f"{label}: 销号清单 footer {name} {got}, districts.{key} {fig[key]}")
    # 汇总: the three columns, 合计 = districts layer
    ws, vs = wb["汇总"], wv["汇总"]
    heads = [r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value in ("镇街", "区块编号")]
    for h in heads:
        cols = header_map(ws, h)
        total = next((r for r in range(h + 1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "合计"), None)
        for name, key in zip(LEDGER_COLS, ("new_listed_mu", "resolved_mu", "net_listed_mu")):
            c = cols.get(name)
            check(c is not None, f"{label}: 汇总 has column {name}")
            if c is None or total is None:
                continue
            got = evaluate(ws, ws.cell(row=total, column=c).value)
            check(near(got, fig[key]), f"{label}: 汇总 合计 {name} {got}, districts.{key} {fig[key]}")
            check(near(vs.cell(row=total, column=c).value, fig[key]), f"{label}: 汇总 合计 {name} stored")
    # the HTML page: key figures and the table columns
    html = open(xlsx[:-5] + ".html", encoding="utf-8").read()
    for word in ("新增列入", "销号", "清单净变化"):
        check(word in html, f"{label}: page shows {word}")
    for key in ("new_listed_mu", "resolved_mu", "net_listed_mu"):
        v = f"{fig[key]:.2f}".replace("-0.00", "0.00")
        check(f'<span class="v">{v}</span>' in html, f"{label}: page key figure {key} = {v}")
    check(html.count("<th>新增列入<br/>(亩)</th>") == 2, f"{label}: town and block tables show 新增列入")


def check_no_ledger_workbook(xlsx, html_path, label):
    wb = openpyxl.load_workbook(xlsx)
    check(wb.sheetnames == SHEETS, f"{label}: sheets without a ledger {wb.sheetnames}")
    cells = {c for row in wb["汇总"].iter_rows(values_only=True) for c in row if c}
    check(not cells.intersection(LEDGER_COLS), f"{label}: 汇总 without ledger columns")
    html = open(html_path, encoding="utf-8").read()
    check("新增列入" not in html and "清单净变化" not in html, f"{label}: page without ledger figures")


def run_ledger_series(binary, tmp):
    """testdata/ledger: the three runs into one ledger; checks the 2025 workbook."""
    folder = os.path.join(tmp, "ledger")
    shutil.copytree(TESTDATA_LEDGER, folder)
    for year in (2023, 2024, 2025):
        res = report_case.landscan(binary, "run", f"{year}/RUN.yaml", "--quiet", cwd=folder)
        check(res.returncode == 0, f"ledger run {year}: {res.returncode} {res.stderr}")
        if res.returncode != 0:
            return
    out = os.path.join(folder, "2025", "out")
    gpkg = os.path.join(out, "landscan.gpkg")
    xlsx = os.path.join(out, "reports", "甲区.xlsx")
    new, resolved, _ = ledger_expected(gpkg, "甲区")
    # the fixture's story (tests/e2e/test_run_ledger.c): L05 new; L09B resolved, L12 removed
    check(sorted(new) == ["L05"], f"ledger 2025: new parcels {sorted(new)}")
    check(sorted(resolved) == ["L09B", "L12"] and resolved["L12"][0] == "removed",
          f"ledger 2025: resolved rows {resolved}")
    check_ledger_workbook(xlsx, gpkg, "甲区", "ledger 2025 甲区")


def run_removed_in_one_district(binary, case_dir, tmp):
    """The report case a year later without J03: J03 is removed, in 甲区 only."""
    src = os.path.join(case_dir, "parcels.geojson")
    with open(src, encoding="utf-8") as f:
        fc = json.load(f)
    fc["features"] = [ft for ft in fc["features"] if ft["properties"]["ZDDM"] != "J03"]
    with open(os.path.join(case_dir, "parcels2026.geojson"), "w", encoding="utf-8") as f:
        json.dump(fc, f, ensure_ascii=False)
    with open(os.path.join(case_dir, "RUN.yaml"), encoding="utf-8") as f:
        text = f.read()
    text = (text.replace("报告测试 2025", "报告测试 2026").replace("2025-12-31", "2026-12-31")
            .replace("path: parcels.geojson", "path: parcels2026.geojson"))
    run = os.path.join(case_dir, "RUN2026.yaml")
    with open(run, "w", encoding="utf-8") as f:
        f.write(text)
    out = os.path.join(tmp, "out2026")
    res = report_case.landscan(binary, "run", run, "-o", out, "--quiet")
    check(res.returncode == 0, f"run 2026: {res.returncode} {res.stderr}")
    if res.returncode != 0:
        return
    gpkg = os.path.join(out, "landscan.gpkg")
    for district, stem in report_case.DISTRICTS.items():
        xlsx = os.path.join(out, "reports", stem + ".xlsx")
        check_ledger_workbook(xlsx, gpkg, district, f"2026 {district}")
        _, resolved, _ = ledger_expected(gpkg, district)
        want = {"J03": "removed"} if district == "甲区" else {}
        check({k: v[0] for k, v in resolved.items()} == want,
              f"2026 {district}: resolved {resolved}, expected {want}")
        ws = openpyxl.load_workbook(xlsx)["销号清单"]
        ids = [ws.cell(row=r, column=1).value for r in table_rows(ws)[0]]
        check(ids == list(want), f"2026 {district}: 销号清单 rows {ids}")


def main():
    binary = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="landscan-report-")
    try:
        run = report_case.make(os.path.join(tmp, "case"))
        out = os.path.join(tmp, "out")
        res = report_case.landscan(binary, "run", run, "-o", out, "--quiet")
        check(res.returncode == 0, f"run exits 0 ({res.returncode}: {res.stderr})")
        if res.returncode != 0:
            raise SystemExit(1)
        gpkg = os.path.join(out, "landscan.gpkg")
        reports = os.path.join(out, "reports")
        check(sorted(os.listdir(reports)) == sorted(
            [f"{s}.{e}" for s in report_case.DISTRICTS.values() for e in ("xlsx", "html")]),
            f"reports written: {sorted(os.listdir(reports))}")
        for district, stem in report_case.DISTRICTS.items():
            rows = parcels_of(gpkg, district)
            label = f"{district} ({stem})"
            xlsx = os.path.join(reports, stem + ".xlsx")
            wb = openpyxl.load_workbook(xlsx)
            wv = openpyxl.load_workbook(xlsx, data_only=True)
            # the run recorded into the default ledger (its first run: listed parcels are new)
            check(wb.sheetnames == LEDGER_SHEETS, f"{label}: sheets {wb.sheetnames}")
            check_ledger_workbook(xlsx, gpkg, district, label)
            check_summary(xlsx, wb, wv, rows, label)
            check_lists(wb, rows, label)
            notes = [c for row in wb["说明"].iter_rows(values_only=True) for c in row if c]
            for item in ("报告测试 2025", "2025-12-31", "national-2008", "tax_per_mu_min",
                         "coverage_min"):
                check(item in notes, f"{label}: 说明 lists {item}")
            check(any(isinstance(c, str) and re.fullmatch(r"[0-9a-f]{64}", c) for c in notes),
                  f"{label}: 说明 lists input hashes")
            html = check_html(os.path.join(reports, stem + ".html"), rows, label)
            industrial = [r for r in rows if r["industrial"]]
            if not industrial:
                summary = " ".join(str(c) for row in wb["汇总"].iter_rows(values_only=True) for c in row if c)
                check("无工业用地" in summary, f"{label}: workbook says there is no industrial land")
                check("无工业用地" in html, f"{label}: page says there is no industrial land")
            else:
                check("无工业用地" not in html, f"{label}: no 'no industrial land' notice")

        # landscan report: rebuild, no overwrite without --force, --district, csv, -o
        res = report_case.landscan(binary, "report", gpkg, "--quiet")
        check(res.returncode == 1 and "--force" in res.stderr, f"report without --force: {res.returncode} {res.stderr}")
        before = open(os.path.join(reports, "甲区.html"), "rb").read()
        res = report_case.landscan(binary, "report", gpkg, "--force", "--quiet")
        check(res.returncode == 0, f"report --force: {res.returncode} {res.stderr}")
        check(open(os.path.join(reports, "甲区.html"), "rb").read() == before,
              "report rebuilds the run's HTML byte for byte")
        other = os.path.join(tmp, "other")
        res = report_case.landscan(binary, "report", gpkg, "--district", "乙/区", "--format", "csv",
                                   "-o", other, "--quiet")
        check(res.returncode == 0, f"report --district --format csv: {res.returncode} {res.stderr}")
        check(os.listdir(os.path.join(other, "reports")) == ["乙_区.csv"],
              f"csv only for one district: {os.listdir(os.path.join(other, 'reports'))}")
        data = open(os.path.join(other, "reports", "乙_区.csv"), "rb").read()
        check(data.startswith(b"\xef\xbb\xbf"), "csv has a BOM")
        listed = [r["parcel_id"] for r in parcels_of(gpkg, "乙/区")
                  if r["status"] in ("idle", "relocatable", "low_efficiency")]
        check(len(data.decode("utf-8-sig").strip().split("\r\n")) == 1 + len(listed), "csv rows = listed parcels")
        res = report_case.landscan(binary, "report", gpkg, "--district", "无此区", "-o", other)
        check(res.returncode == 1 and "甲区" in res.stderr, f"unknown district: {res.returncode} {res.stderr}")
        res = report_case.landscan(binary, "report", gpkg, "--format", "pdf")
        check(res.returncode == 2, f"bad --format is a usage error: {res.returncode}")
        res = report_case.landscan(binary, "report", os.path.join(tmp, "nope.gpkg"))
        check(res.returncode == 1 and "nope.gpkg" in res.stderr, f"missing gpkg: {res.returncode} {res.stderr}")
        # run --district: only that district's reports
        out2 = os.path.join(tmp, "out2")
        res = report_case.landscan(binary, "run", run, "-o", out2, "--district", "甲区", "--quiet")
        check(res.returncode == 0, f"run --district: {res.returncode} {res.stderr}")
        if res.returncode == 0:
            check(sorted(os.listdir(os.path.join(out2, "reports"))) == ["甲区.html", "甲区.xlsx"],
                  f"run --district reports: {os.listdir(os.path.join(out2, 'reports'))}")
        # --no-ledger: the workbook and page without the year-on-year parts
        out3 = os.path.join(tmp, "out3")
        res = report_case.landscan(binary, "run", run, "-o", out3, "--no-ledger", "--quiet")
        check(res.returncode == 0, f"run --no-ledger: {res.returncode} {res.stderr}")
        if res.returncode == 0:
            for district, stem in report_case.DISTRICTS.items():
                check_no_ledger_workbook(os.path.join(out3, "reports", stem + ".xlsx"),
                                         os.path.join(out3, "reports", stem + ".html"),
                                         f"--no-ledger {district}")
        run_removed_in_one_district(binary, os.path.dirname(run), tmp)
        run_ledger_series(binary, tmp)
    finally:
        if not failures:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print("outputs kept in", tmp)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("all report checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
