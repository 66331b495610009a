#!/usr/bin/python3
"""test_sources.py — inputs that are neither plain files nor databases (label e2e): the
classify case run with every input inside a zip (`/vsizip/inputs.zip/…`, relative to the run
file, the GBK shapefile with its .cpg included) and with the parcels in a FileGDB folder
(written by ogr2ogr -f OpenFileGDB, layer zd) must give the same layers as the run on the
files; run_info's hash of such an input is a 64-hex row hash, not the file's.

usage: test_sources.py LANDSCAN_BINARY
"""
import os
import re
import shutil
import subprocess
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgcase import (CLASSIFY, TABLES, check, file_run, finish, landscan,  # noqa: E402
                    layer_names, layer_rows, quote, run_info, tmpdir, write_run)

BIN = sys.argv[1]
tmp = tmpdir("sources")


def run_ok(run_file):
    r = landscan(BIN, "run", run_file, "--force", "--no-ledger")
    check(r.returncode == 0, "%s: exit %d: %s" % (run_file, r.returncode, r.stderr[-2000:]))
    return os.path.join(os.path.dirname(run_file), "out", "landscan.gpkg")


def same_layers(a, b, what):
    check(layer_names(a) == layer_names(b), "%s: layers %s vs %s" % (what, layer_names(a),
                                                                     layer_names(b)))
    for name in layer_names(a):
        if name == "run_info":
            continue
        skip = ("update_time",) if name == "layer_styles" else ()
        check(layer_rows(a, name, skip) == layer_rows(b, name, skip),
              "%s: layer %s differs from the run on the files" % (what, name))


files_gpkg = run_ok(file_run(tmp))

# every input inside one zip, addressed relative to the run file
zdir = os.path.join(tmp, "zip")
os.makedirs(zdir)
with zipfile.ZipFile(os.path.join(zdir, "inputs.zip"), "w") as z:
    for name in os.listdir(CLASSIFY):
        if name not in ("RUN.yaml", "rules.yaml"):
            z.write(os.path.join(CLASSIFY, name), name)
zrun = write_run(zdir, {role: {"path": quote("/vsizip/inputs.zip/" + name)}
                        for role, (name, _) in TABLES.items()})
zgpkg = run_ok(zrun)
same_layers(files_gpkg, zgpkg, "/vsizip/")
info = run_info(zgpkg)
check(info.get("input_parcels_path", "").startswith("/vsizip/" + zdir),
      "run_info path of a zipped input: %r" % info.get("input_parcels_path"))
check(re.fullmatch(r"[0-9a-f]{64}", info.get("input_parcels_sha256") or "") is not None,
      "run_info hash of a zipped input: %r" % info.get("input_parcels_sha256"))

# parcels in a FileGDB folder (layer zd), the rest as files
gdir = os.path.join(tmp, "gdb")
shutil.copytree(CLASSIFY, gdir)
subprocess.run(["ogr2ogr", "-f", "OpenFileGDB", os.path.join(gdir, "cad.gdb"),
                os.path.join(CLASSIFY, "parcels.geojson"), "-nln", "zd"], check=True)
inputs = {role: {"path": name} for role, (name, _) in TABLES.items()}
inputs["parcels"] = {"path": "cad.gdb", "layer": "zd"}
ggpkg = run_ok(write_run(gdir, inputs))
# FileGDB numbers features from 1, GeoJSON from 0: parcels' source FIDs are not compared
for name in layer_names(files_gpkg):
    if name in ("run_info", "layer_styles"):
        continue
    check(len(layer_rows(files_gpkg, name)) == len(layer_rows(ggpkg, name)),
          "FileGDB: row count of %s differs" % name)
key = lambda rows: sorted((v[0], v[-8:]) for _, v, _ in rows)  # noqa: E731
check(key(layer_rows(files_gpkg, "parcels")) == key(layer_rows(ggpkg, "parcels")),
      "FileGDB: parcel ids and results differ")
check(re.fullmatch(r"[0-9a-f]{64}", run_info(ggpkg).get("input_parcels_sha256") or "")
      is not None, "run_info hash of a FileGDB input")
finish("test_sources")
