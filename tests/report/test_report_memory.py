#!/usr/bin/python3
"""test_report_memory.py — `landscan run` builds its reports from memory
(report_from_dataset.c), `landscan report` from the finished GeoPackage (report_read.c): both
must give the same files.

For each run below, the reports that `run` wrote are compared with those `landscan report
OUT/landscan.gpkg -o OTHER` writes from that run's GeoPackage (with the run's --district):
the same file names; HTML and CSV byte for byte; each workbook part by part (the same part
names, every unzipped XML part byte for byte — only docProps/core.xml's dcterms:created /
dcterms:modified timestamps are blanked, the time the workbook was written).

Runs: the bundled demo (scripts/make_demo.py: 2024 then 2025 on one ledger, with targets),
the three years of testdata/ledger (a multi-year ledger with resolved and removed parcels),
testdata/e2e/ext RUN-masks.yaml (exclusion masks) and RUN-corrections.yaml,
testdata/e2e/flags (approvals → 批而未供, compliance flags), testdata/e2e/classify_no_control
(no control lines) and the four-district case of report_case.py run whole and with
--district (a district of several towns, one whose name is not a safe file name).

usage: test_report_memory.py LANDSCAN_BINARY SOURCE_DIR
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_case  # noqa: E402

failures = []
compared = {"files": 0, "parts": 0}


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run_ok(binary, *args, cwd=None):
    p = report_case.landscan(binary, *args, cwd=cwd)
    check(p.returncode == 0, "landscan %s: exit %d\n%s" % (" ".join(args), p.returncode, p.stderr))
    return p.returncode == 0


TIMESTAMPS = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def xlsx_parts(path):
    with zipfile.ZipFile(path) as z:
        parts = {}
        for name in z.namelist():
            data = z.read(name)
            if name == "docProps/core.xml":
                data = TIMESTAMPS.sub(rb"\1\3", data)
            parts[name] = data
        return parts


def compare(label, mem_dir, gpkg_dir):
    a = sorted(os.listdir(mem_dir))
    b = sorted(os.listdir(gpkg_dir))
    check(a == b, "%s: report files differ: run %s, report %s" % (label, a, b))
    check(len(a) > 0, "%s: no reports" % label)
    for name in a:
        if name not in b:
            continue
        pa, pb = os.path.join(mem_dir, name), os.path.join(gpkg_dir, name)
        compared["files"] += 1
        if name.endswith(".xlsx"):
            xa, xb = xlsx_parts(pa), xlsx_parts(pb)
            check(sorted(xa) == sorted(xb), "%s/%s: workbook parts differ" % (label, name))
            for part in xa:
                if part in xb:
                    compared["parts"] += 1
                    check(xa[part] == xb[part],
                          "%s/%s: part %s differs between run and report" % (label, name, part))
        else:
            with open(pa, "rb") as fa, open(pb, "rb") as fb:
                check(fa.read() == fb.read(),
                      "%s/%s differs between run and report" % (label, name))


def run_and_compare(binary, label, run_file, out, extra=(), formats=()):
    """`run` into out, `report` of out/landscan.gpkg into out-report; compare."""
    if not run_ok(binary, "run", run_file, "-o", out, "--force", "--quiet", *extra):
        return
    other = out + "-report"
    args = ["report", os.path.join(out, "landscan.gpkg"), "-o", other, "--quiet"]
    for i, e in enumerate(extra):
        if e == "--district":
            args += ["--district", extra[i + 1]]
    if not run_ok(binary, *args):
        return
    compare(label, os.path.join(out, "reports"), os.path.join(other, "reports"))


def copy_case(src, tmp, name):
    dst = os.path.join(tmp, name)
    shutil.copytree(src, dst)
    return dst


def main():
    binary, source = sys.argv[1], sys.argv[2]
    testdata = os.path.join(source, "testdata")
    tmp = tempfile.mkdtemp(prefix="landscan-report-memory-")
    try:
        # the demo: two years on one ledger, with targets
        demo = os.path.join(tmp, "demo")
        p = subprocess.run(["/usr/bin/python3", os.path.join(source, "scripts", "make_demo.py"),
                            demo], capture_output=True, text=True)
        check(p.returncode == 0, "make_demo.py failed: %s" % p.stderr)
        if p.returncode == 0:
            run_and_compare(binary, "demo-2024", os.path.join(demo, "RUN-2024.yaml"),
                            os.path.join(tmp, "demo-out-2024"))
            run_and_compare(binary, "demo-2025", os.path.join(demo, "RUN.yaml"),
                            os.path.join(tmp, "demo-out"))
        # testdata/ledger: three years on one ledger
        ledger = copy_case(os.path.join(testdata, "ledger"), tmp, "ledger")
        for year in ("2023", "2024", "2025"):
            run_and_compare(binary, "ledger-" + year, os.path.join(ledger, year, "RUN.yaml"),
                            os.path.join(tmp, "ledger-out-" + year))
        # exclusion masks, corrections; approvals and flags; no control lines
        ext = copy_case(os.path.join(testdata, "e2e", "ext"), tmp, "ext")
        for rf in ("RUN-masks.yaml", "RUN-corrections.yaml"):
            run_and_compare(binary, "ext-" + rf, os.path.join(ext, rf),
                            os.path.join(tmp, "ext-out-" + rf), ("--no-ledger",))
        flags = copy_case(os.path.join(testdata, "e2e", "flags"), tmp, "flags")
        run_and_compare(binary, "flags", os.path.join(flags, "RUN.yaml"),
                        os.path.join(tmp, "flags-out"))
        nc = copy_case(os.path.join(testdata, "e2e", "classify_no_control"), tmp, "nc")
        run_and_compare(binary, "classify_no_control", os.path.join(nc, "RUN.yaml"),
                        os.path.join(tmp, "nc-out"), ("--no-ledger",))
        # four districts, whole and one district (--district)
        case = os.path.join(tmp, "case")
        os.makedirs(case)
        run_file = report_case.make(case)
        run_and_compare(binary, "case", run_file, os.path.join(tmp, "case-out"), ("--no-ledger",))
        for district in ("甲区", "乙/区"):
            run_and_compare(binary, "case --district " + district, run_file,
                            os.path.join(tmp, "case-out-d%d" % len(district.encode())),
                            ("--no-ledger", "--district", district))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    check(compared["files"] >= 20 and compared["parts"] >= 100,
          "too little compared: %s" % compared)
    print("compared %d report files (%d workbook parts)" % (compared["files"], compared["parts"]))
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
