#!/usr/bin/python3
"""test_report_browser.py — the HTML reports render in headless Chromium (ctest label
`browser`).

Runs the synthetic case of report_case.py, then renders every DIR/reports/*.html with
headless Chromium to an A4-proportioned PNG (1240 × 1754 px) with console logging on, and
fails when Chromium exits non-zero, writes no PNG (or an implausibly small one), or logs a
console error, an uncaught exception or a failed resource load (the page must need nothing
outside itself). Chromium runs as root in CI, hence --no-sandbox; networking, sync and
component updates are off so the test never touches the network.

usage: test_report_browser.py LANDSCAN_BINARY CHROMIUM
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_case  # noqa: E402

BAD = re.compile(r"CONSOLE|Uncaught|Failed to load resource|net::ERR_|Refused to")


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def main():
    binary, chromium = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="landscan-browser-")
    failures = []
    try:
        run = report_case.make(os.path.join(tmp, "case"))
        out = os.path.join(tmp, "out")
        res = report_case.landscan(binary, "run", run, "-o", out, "--quiet")
        if res.returncode != 0:
            print("run failed:", res.returncode, res.stderr)
            return 1
        pages = sorted(f for f in os.listdir(os.path.join(out, "reports")) if f.endswith(".html"))
        if len(pages) != len(report_case.DISTRICTS):
            failures.append(f"expected {len(report_case.DISTRICTS)} pages, got {pages}")
        for page in pages:
            html = os.path.join(out, "reports", page)
            png = os.path.join(tmp, page + ".png")
            profile = tempfile.mkdtemp(prefix="chromium-", dir=tmp)
            cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                   "--no-first-run", "--disable-background-networking",
                   "--disable-component-update", "--disable-sync", "--disable-extensions",
                   "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                   "--screenshot=" + png, "--window-size=1240,1754",
                   "file://" + os.path.abspath(html)]
            try:
                p = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
            except subprocess.TimeoutExpired:
                failures.append(f"{page}: chromium timed out")
                continue
            log = p.stderr
            if p.returncode != 0:
                failures.append(f"{page}: chromium exit {p.returncode}\n{log[-2000:]}")
            bad = [line for line in log.splitlines() if BAD.search(line)]
            if bad:
                failures.append(f"{page}: console errors:\n" + "\n".join(bad[:10]))
            size = png_size(png) if os.path.exists(png) else None
            if size != (1240, 1754):
                failures.append(f"{page}: screenshot missing or wrong size ({size})")
            elif os.path.getsize(png) < 10000:
                failures.append(f"{page}: screenshot implausibly small ({os.path.getsize(png)} bytes)")
            else:
                print(f"{page}: rendered {size[0]}x{size[1]}, {os.path.getsize(png)} bytes")
    finally:
        if not failures:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print("outputs kept in", tmp)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
