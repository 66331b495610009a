#!/usr/bin/python3
"""test_report_print.py — the HTML report prints as a document to sign (ctest label `browser`,
issue 18 point 6).

Generates the bundled demo (scripts/make_demo.py: one district, ~2,000 parcels, 38 blocks
with long Chinese names), runs landscan on it and on the four districts of report_case.py,
prints every DIR/reports/*.html to PDF with headless Chromium (--print-to-pdf, Chromium's own
header and footer off so only the page's margin boxes print) and reads the PDFs back with
poppler's pdfinfo (page sizes) and pdftotext -layout (text per page). Expected words come from
the GeoPackage (read with OGR) and from the page's contract, never from the PDF itself:

  - page count: the demo within 8 A4 pages; every page A4;
  - orientation: page 1 portrait and holding the map (its section heading and its legend:
    the map is not pushed to page 2); every page showing a row or a heading of the action,
    town, block or top-parcel tables landscape; the rules and the signature box portrait;
  - no cell broken inside a word: every header word of the wide tables, every block name and
    block id of the parcels layer, and the ids of the 20 parcels with the most reclaimable mu
    (ranked here from the parcels layer) appear unbroken in the layout text; block rows are
    only on pages that repeat the table header (区块名称);
  - the margin of every page: run title, reference date and "第 i 页 / 共 N 页";
  - the last page: the signature / approval box (审核签批, 负责人(签字)).

usage: test_report_print.py LANDSCAN_BINARY CHROMIUM SOURCE_DIR
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from osgeo import ogr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_case  # noqa: E402

A4 = (595, 842)  # points, portrait
PAGE_BUDGET = 8
WIDE_HEADINGS = ("处置分类", "按镇街汇总", "按工业区块汇总", "可盘活面积最大的地块")
# header words of the action, town and block tables (always printed), of the top-parcel table
# (printed when a parcel has reclaimable mu) and the ledger's columns (with a ledger)
HEADER_WORDS = ("处置方式", "项目类别", "镇街", "区块编号", "区块名称", "地块数", "工业用地",
                "疑似闲置", "可腾退", "低效", "高效", "可盘活", "容积率", "亩均税收", "亩均增加值",
                "提容潜力")
TOP_WORDS = ("序号", "地块编号", "区块", "权利人", "状态", "主要原因")
LEDGER_WORDS = ("新增列入", "销号", "净变化")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def tool(name):
    path = shutil.which(name)
    if not path:
        print(f"{name} not found: install poppler-utils (scripts/install-test-deps.sh)")
        sys.exit(1)
    return path


def print_pdf(chromium, html, pdf, profile):
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile,
           "--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + os.path.abspath(html)]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
    except subprocess.TimeoutExpired:
        return "chromium timed out"
    if p.returncode != 0 or not os.path.exists(pdf):
        return f"chromium exit {p.returncode}: {p.stderr[-1500:]}"
    return None


def page_sizes(pdf):
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", pdf], capture_output=True,
                         text=True, check=True).stdout
    sizes = {}
    for m in re.finditer(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts", out):
        sizes[int(m.group(1))] = (float(m.group(2)), float(m.group(3)))
    n = int(re.search(r"Pages:\s+(\d+)", out).group(1))
    return [sizes[i] for i in range(1, n + 1)]


def page_texts(pdf):
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def is_a4(size):
    w, h = sorted(size)
    return abs(w - A4[0]) < 2 and abs(h - A4[1]) < 2


def landscape(size):
    return size[0] > size[1]


def has_field(gpkg, layer, field):
    ds = ogr.Open(gpkg)  # kept while its layer is used (GDAL's Python bindings)
    return ds.GetLayerByName(layer).GetLayerDefn().GetFieldIndex(field) >= 0


def parcels_of(gpkg, district):
    ds = ogr.Open(gpkg)
    lyr = ds.GetLayerByName("parcels")
    rows = []
    for f in lyr:
        if district is None or f.GetField("district") == district:
            rows.append({k: f.GetField(k) for k in ("parcel_id", "block_id", "block_name",
                                                     "reclaimable_mu")})
    return rows


def check_pdf(label, pdf, gpkg, district, title, ref_date, budget):
    sizes = page_sizes(pdf)
    texts = page_texts(pdf)
    n = len(sizes)
    print(f"{label}: {n} pages, " + " ".join("L" if landscape(s) else "P" for s in sizes))
    check(len(texts) == n, f"{label}: pdftotext pages {len(texts)} = pdfinfo pages {n}")
    check(1 <= n <= budget, f"{label}: {n} pages (budget {budget})")
    check(all(is_a4(s) for s in sizes), f"{label}: every page A4 ({sizes})")
    if not texts:
        return
    flat = [re.sub(r"\s+", "", t) for t in texts]  # for words a layout line may space out
    # page 1: portrait, the key figures and the map
    check(not landscape(sizes[0]), f"{label}: page 1 portrait")
    check("主要指标" in flat[0] and "地块分类图" in flat[0],
          f"{label}: page 1 holds the key figures and the map heading")
    rows = parcels_of(gpkg, district)
    if rows:
        check("连片开发地块" in flat[0], f"{label}: the map (its legend) is on page 1")
    # orientation by content
    block_ids = sorted({r["block_id"] for r in rows if r["block_id"]})
    for i, t in enumerate(flat):
        wide = [h for h in WIDE_HEADINGS if h in t] + [b for b in block_ids if b in t]
        if wide:
            check(landscape(sizes[i]), f"{label}: page {i + 1} shows {wide[:2]} and is landscape")
        if "主要评价标准" in t or "审核签批" in t:
            check(not landscape(sizes[i]), f"{label}: page {i + 1} (rules / signature) portrait")
        if any(b in t for b in block_ids):
            check("区块名称" in t, f"{label}: page {i + 1} with block rows repeats the header")
        # the margin: title, date, page number
        check(f"第{i + 1}页/共{n}页" in t, f"{label}: page {i + 1} numbered 第 {i + 1} 页 / 共 {n} 页")
        check(re.sub(r"\s+", "", title) + "工业用地调查评价报告" in t,
              f"{label}: page {i + 1} carries the title in the margin")
        check("评价基准日" + ref_date in t, f"{label}: page {i + 1} carries the reference date")
    check("审核签批" in flat[-1] and "负责人(签字)" in flat[-1],
          f"{label}: the signature / approval box closes the last page")
    # no cell broken inside a word: words must stand on one layout line
    lines = [ln for t in texts for ln in t.splitlines()]
    text = "\n".join(lines)
    top = sorted((r for r in rows if (r["reclaimable_mu"] or 0) > 0),
                 key=lambda r: (-r["reclaimable_mu"], r["parcel_id"]))[:20]
    ledger = has_field(gpkg, "parcels", "change")
    words = HEADER_WORDS + (TOP_WORDS if top else ()) + (LEDGER_WORDS if ledger else ())
    for w in words:
        check(w in text, f"{label}: header word {w} unbroken")
    for name in sorted({r["block_name"] for r in rows if r["block_name"]}):
        check(name in text, f"{label}: block name {name} unbroken")
    for b in block_ids:
        check(b in text, f"{label}: block id {b} unbroken")
    for r in top:
        check(r["parcel_id"] in text, f"{label}: parcel id {r['parcel_id']} unbroken")


def run(binary, run_yaml, out, *extra):
    """landscan run; returns (GeoPackage path, reference date) or (None, None)."""
    res = report_case.landscan(binary, "run", run_yaml, "-o", out, "--quiet", *extra)
    if res.returncode != 0:
        print("run failed:", run_yaml, res.returncode, res.stderr)
        return None, None
    gpkg = os.path.join(out, "landscan.gpkg")
    ds = ogr.Open(gpkg)
    info = {f.GetField("key"): f.GetField("value") for f in ds.GetLayerByName("run_info")}
    return gpkg, info["reference_date"]


def main():
    binary, chromium, source = sys.argv[1], sys.argv[2], sys.argv[3]
    tool("pdfinfo")
    tool("pdftotext")
    tmp = tempfile.mkdtemp(prefix="landscan-print-")
    try:
        # the demo: one district, long block names, ledger figures on the second run
        demo = os.path.join(tmp, "demo")
        p = subprocess.run(["/usr/bin/python3", os.path.join(source, "scripts", "make_demo.py"),
                            demo], capture_output=True, text=True)
        if p.returncode != 0:
            print("make_demo.py failed:", p.stderr)
            return 1
        out = os.path.join(tmp, "demo-out")
        gpkg, ref_date = run(binary, os.path.join(demo, "RUN.yaml"), out)
        if not gpkg:
            return 1
        pages = sorted(f for f in os.listdir(os.path.join(out, "reports")) if f.endswith(".html"))
        check(pages == ["海曙区.html"], f"demo: one page per district ({pages})")
        for page in pages:
            pdf = os.path.join(tmp, page + ".pdf")
            err = print_pdf(chromium, os.path.join(out, "reports", page), pdf,
                            tempfile.mkdtemp(prefix="chromium-", dir=tmp))
            check(err is None, f"demo {page}: {err}")
            if err is None:
                check_pdf(f"demo {page}", pdf, gpkg, page[:-5], page[:-5], ref_date, PAGE_BUDGET)
        # the four districts of report_case: empty and non-industrial districts print too
        out = os.path.join(tmp, "case-out")
        gpkg, ref_date = run(binary, report_case.make(os.path.join(tmp, "case")), out,
                             "--no-ledger")
        if not gpkg:
            return 1
        for district, stem in report_case.DISTRICTS.items():
            pdf = os.path.join(tmp, stem + ".pdf")
            err = print_pdf(chromium, os.path.join(out, "reports", stem + ".html"), pdf,
                            tempfile.mkdtemp(prefix="chromium-", dir=tmp))
            check(err is None, f"case {stem}: {err}")
            if err is None:
                check_pdf(f"case {stem}", pdf, gpkg, district, district, ref_date, 4)
    finally:
        if not failures:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print("outputs kept in", tmp)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
