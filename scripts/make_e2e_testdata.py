#!/usr/bin/env python3
"""make_e2e_testdata.py — writes the hand-made end-to-end fixtures under testdata/e2e/.

Every case is small and synthetic, in EPSG:4549 (CGCS2000 / 3-degree GK CM 120E) around
x = 500000..501100, y = 3300000..3300700, so every expected number can be computed by hand.
The geometry below is given as offsets (dx, dy) in metres from (X0, Y0); the expected values
and their derivations live in the tests (tests/e2e/test_run_*.c), next to the asserts.

Cases:
  measure/   inputs.gpkg (layers zd, kzx, qk, xzq, jzw) + qy.csv — overlay and measures
  classify/  GeoJSON parcels/control/districts/buildings, a GBK shapefile of blocks,
             qy.csv and rules.yaml (extends national-2008, tax_per_mu_min 5)
  classify_no_control/  the same without control_lines
  cli_bad_key/    RUN.yaml with an unknown key on line 8
  cli_bad_rules/  rules.yaml with an unknown key on line 3
  cli_missing/    RUN.yaml whose parcels file does not exist

Needs ogr2ogr (GDAL) for the GeoPackage and the shapefile; the GeoJSON is written as text.
Run from anywhere: python3 scripts/make_e2e_testdata.py
"""
import json
import os
import shutil
import subprocess
import tempfile

X0, Y0 = 500000, 3300000
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "e2e")
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4549"}}


def rect(x1, y1, x2, y2):
    return {"type": "Polygon", "coordinates": [[[X0 + x1, Y0 + y1], [X0 + x2, Y0 + y1],
                                                [X0 + x2, Y0 + y2], [X0 + x1, Y0 + y2],
                                                [X0 + x1, Y0 + y1]]]}


def ring(points):
    return {"type": "Polygon", "coordinates": [[[X0 + x, Y0 + y] for x, y in points]]}


def write_geojson(path, features):
    fc = {"type": "FeatureCollection", "crs": CRS,
          "features": [{"type": "Feature", "properties": p, "geometry": g} for p, g in features]}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(fc, f, ensure_ascii=False, indent=1)
        f.write("\n")


def write_text(path, text, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="\n") as f:
        f.write(text)


def ogr(*args):
    subprocess.run(["ogr2ogr", *args], check=True)


def fresh(case):
    d = os.path.join(ROOT, case)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    return d


# --------------------------------------------------------------------------------------
# measure: control union, bow-tie, buildings, tall storeys, blocks, districts/towns, joins
# --------------------------------------------------------------------------------------
def make_measure():
    d = fresh("measure")
    tmp = tempfile.mkdtemp()
    parcels = [
        ({"ZDDM": "A01", "TDYT": "0601", "HYDM": "1311"}, rect(0, 0, 100, 100)),      # no control
        ({"ZDDM": "A02", "TDYT": "0601", "HYDM": "1311"}, rect(200, 0, 300, 100)),    # 2 controls
        ({"ZDDM": "A03", "TDYT": "0601", "HYDM": "1311"},                             # bow-tie
         ring([(400, 0), (500, 100), (500, 0), (400, 100), (400, 0)])),
        ({"ZDDM": "A04", "TDYT": "0601", "HYDM": "1311"}, rect(600, 0, 700, 100)),    # G1 half
        ({"ZDDM": "A05", "TDYT": "0601", "HYDM": "1311"}, rect(700, 0, 800, 100)),    # G1 half, G2
        ({"ZDDM": "A06", "TDYT": "0601", "HYDM": "1311"}, rect(900, 0, 1000, 100)),   # G3, G4
        ({"ZDDM": "A07", "TDYT": "0601", "HYDM": "1311"}, rect(0, 200, 100, 300)),    # no block
        ({"ZDDM": "A08", "TDYT": "0601", "HYDM": "1311"}, rect(200, 200, 300, 300)),  # B2 60/B3 40
        ({"ZDDM": "A09", "TDYT": "0601", "HYDM": "1311"}, rect(500, 200, 600, 300)),  # B5/B4 tie
        ({"ZDDM": "A10", "TDYT": "0601", "HYDM": "1311"}, rect(820, 340, 880, 440)),  # 3 towns
        ({"ZDDM": "A11", "TDYT": "0601", "HYDM": "1311"}, rect(0, 500, 100, 600)),    # 乙区
    ]
    control = [
        ({"JB": "1"}, rect(250, 0, 350, 100)),
        ({"JB": "2"}, rect(220, 50, 280, 150)),
    ]
    blocks = [  # B5 is written before B4 so that fid order and id order differ
        ({"QKBH": "B1", "QKMC": "一号区块"}, rect(-50, -50, 1050, 150)),
        ({"QKBH": "B2", "QKMC": "二号区块"}, rect(150, 150, 260, 350)),
        ({"QKBH": "B3", "QKMC": "三号区块"}, rect(260, 150, 400, 350)),
        ({"QKBH": "B5", "QKMC": "五号区块"}, rect(450, 150, 550, 350)),
        ({"QKBH": "B4", "QKMC": "四号区块"}, rect(550, 150, 650, 350)),
    ]
    towns = [
        ({"XZQMC": "甲区", "XZMC": "一镇"}, rect(-100, -100, 850, 400)),
        ({"XZQMC": "甲区", "XZMC": "二镇"}, rect(850, -100, 1100, 400)),
        ({"XZQMC": "乙区", "XZMC": "三镇"}, rect(-100, 400, 1100, 700)),
    ]
    buildings = [
        ({"JZID": "G1", "CS": 3, "GD": 9.0, "JZMJ": None}, rect(650, 20, 750, 60)),
        ({"JZID": "G2", "CS": 2, "GD": 6.0, "JZMJ": 5000.0}, rect(720, 70, 780, 90)),
        ({"JZID": "G3", "CS": 2, "GD": 20.0, "JZMJ": None}, rect(910, 10, 960, 50)),
        ({"JZID": "G4", "CS": 2, "GD": 16.0, "JZMJ": None}, rect(910, 60, 960, 90)),
        # G5 and G6 overlap each other by [240,260]x[230,250] = 400 m2, both on A08
        ({"JZID": "G5", "CS": 1, "GD": 5.0, "JZMJ": None}, rect(210, 210, 260, 250)),
        ({"JZID": "G6", "CS": 1, "GD": 5.0, "JZMJ": None}, rect(240, 230, 290, 270)),
    ]
    gpkg = os.path.join(d, "inputs.gpkg")
    for name, feats in (("zd", parcels), ("kzx", control), ("qk", blocks), ("xzq", towns),
                        ("jzw", buildings)):
        src = os.path.join(tmp, name + ".geojson")
        write_geojson(src, feats)
        extra = [] if not os.path.exists(gpkg) else ["-update"]
        ogr(*extra, "-f", "GPKG", gpkg, src, "-nln", name)
    shutil.rmtree(tmp)
    # E1: joined by key to A04 although its point lies in A01 (the key wins);
    # E2: no key, point in A05 (joined by location); E3: no key, point on no parcel.
    write_text(os.path.join(d, "qy.csv"),
               "TYSHXYDM,QYMC,ZDDM,SS,ZJZ,PJ,X,Y\n"
               "91330200E1,甲公司,A04,20,100,B,%d,%d\n"
               "91330200E2,乙公司,,30,120,B,%d,%d\n"
               "91330200E3,丙公司,,10,50,B,%d,%d\n"
               % (X0 + 50, Y0 + 50, X0 + 760, Y0 + 30, X0 + 150, Y0 + 150))
    write_text(os.path.join(d, "RUN.yaml"), """\
name: e2e measure
reference_date: 2025-12-31
crs: EPSG:4549
rules: national-2008
output: out
inputs:
  parcels:
    path: inputs.gpkg
    layer: zd
    fields: {parcel_id: ZDDM, landuse: TDYT, industry_code: HYDM}
  control_lines:
    path: inputs.gpkg
    layer: kzx
    fields: {tier: JB}
  blocks:
    path: inputs.gpkg
    layer: qk
    fields: {block_id: QKBH, name: QKMC}
  districts:
    path: inputs.gpkg
    layer: xzq
    fields: {name: XZQMC, town: XZMC}
  buildings:
    path: inputs.gpkg
    layer: jzw
    fields: {floors: CS, floor_area_m2: JZMJ, height_m: GD}
  enterprises:
    path: qy.csv
    x: X
    y: Y
    fields: {enterprise_id: TYSHXYDM, name: QYMC, parcel_id: ZDDM, tax_10k: SS,
             value_added_10k: ZJZ, eval_class: PJ}
""")


# --------------------------------------------------------------------------------------
# classify: idle / efficient / low_efficiency inside the lines, relocatable, non-industrial
# --------------------------------------------------------------------------------------
def make_classify():
    d = fresh("classify")
    write_geojson(os.path.join(d, "parcels.geojson"), [
        ({"ZDDM": "Q01", "TDYT": "0601", "HYDM": "1311"}, rect(0, 0, 100, 100)),
        ({"ZDDM": "Q02", "TDYT": "0601", "HYDM": "1311"}, rect(200, 0, 300, 100)),
        ({"ZDDM": "Q03", "TDYT": "0601", "HYDM": "1311"}, rect(0, 300, 100, 400)),
        ({"ZDDM": "Q04", "TDYT": "0702", "HYDM": None}, rect(200, 300, 300, 400)),
        ({"ZDDM": "Q05", "TDYT": "0601", "HYDM": "1311"}, rect(400, 0, 500, 100)),
    ])
    write_geojson(os.path.join(d, "control.geojson"), [
        ({"JB": "1"}, rect(-10, -10, 560, 110)),
    ])
    write_geojson(os.path.join(d, "districts.geojson"), [
        ({"XZQMC": "丙区"}, rect(-100, -100, 700, 600)),
    ])
    write_geojson(os.path.join(d, "buildings.geojson"), [
        ({"CS": 4, "GD": 16.0}, rect(210, 10, 290, 60)),   # Q02: 4000 m2 x 4 = 16000
        ({"CS": 4, "GD": 16.0}, rect(10, 310, 90, 360)),   # Q03: 4000 m2 x 4 = 16000
        ({"CS": 2, "GD": 8.0}, rect(410, 10, 490, 60)),    # Q05: 4000 m2 x 2 = 8000
    ])
    # blocks as a GBK shapefile (Chinese names must come out as UTF-8)
    tmp = tempfile.mkdtemp()
    src = os.path.join(tmp, "qk.geojson")
    write_geojson(src, [
        ({"QKBH": "BK1", "QKMC": "一号区块"}, rect(-50, -50, 550, 150)),
        ({"QKBH": "BK2", "QKMC": "二号区块"}, rect(-50, 250, 550, 450)),
    ])
    ogr("-f", "ESRI Shapefile", "-lco", "ENCODING=GBK", os.path.join(d, "qk.shp"), src,
        "-nln", "qk")
    shutil.rmtree(tmp)
    write_text(os.path.join(d, "qy.csv"),
               "TYSHXYDM,QYMC,ZDDM,SS,ZJZ,PJ,ZT\n"
               "91330200C2,丙公司,Q02,150,600,A,producing\n"
               "91330200C3,丁公司,Q03,150,600,B,producing\n"
               "91330200C5,戊公司,Q05,30,120,C,producing\n")
    write_text(os.path.join(d, "rules.yaml"), """\
extends: national-2008
tax_per_mu_min: 5
""")
    write_text(os.path.join(d, "RUN.yaml"), """\
name: e2e classify
reference_date: 2025-12-31
crs: EPSG:4549
rules: rules.yaml
output: out
inputs:
  parcels:
    path: parcels.geojson
    fields: {parcel_id: ZDDM, landuse: TDYT, industry_code: HYDM}
  control_lines:
    path: control.geojson
    fields: {tier: JB}
  blocks:
    path: qk.shp
    encoding: GBK
    fields: {block_id: QKBH, name: QKMC}
  districts:
    path: districts.geojson
    fields: {name: XZQMC}
  buildings:
    path: buildings.geojson
    fields: {floors: CS, height_m: GD}
  enterprises:
    path: qy.csv
    fields: {enterprise_id: TYSHXYDM, name: QYMC, parcel_id: ZDDM, tax_10k: SS,
             value_added_10k: ZJZ, eval_class: PJ, status: ZT}
""")


def make_classify_no_control():
    """The classify case without control lines: nothing can be relocatable."""
    src = os.path.join(ROOT, "classify")
    d = fresh("classify_no_control")
    for f in os.listdir(src):
        if f not in ("RUN.yaml", "control.geojson"):
            shutil.copy(os.path.join(src, f), d)
    with open(os.path.join(src, "RUN.yaml"), encoding="utf-8") as f:
        text = f.read()
    text = text.replace("name: e2e classify\n", "name: e2e classify without K lines\n")
    text = text.replace("  control_lines:\n    path: control.geojson\n    fields: {tier: JB}\n", "")
    assert "control_lines" not in text
    write_text(os.path.join(d, "RUN.yaml"), text)


# --------------------------------------------------------------------------------------
# CLI error cases
# --------------------------------------------------------------------------------------
def make_cli():
    one = [({"ZDDM": "X01", "TDYT": "0601"}, rect(0, 0, 100, 100))]

    d = fresh("cli_bad_key")
    write_geojson(os.path.join(d, "parcels.geojson"), one)
    write_text(os.path.join(d, "RUN.yaml"), """\
name: e2e bad key
reference_date: 2025-12-31
crs: EPSG:4549
rules: national-2008
inputs:
  parcels:
    path: parcels.geojson
    colour: red
    fields: {parcel_id: ZDDM, landuse: TDYT}
""")

    d = fresh("cli_bad_rules")
    write_geojson(os.path.join(d, "parcels.geojson"), one)
    write_text(os.path.join(d, "rules.yaml"), """\
extends: national-2008
tax_per_mu_min: 5
tax_per_mu_mni: 6
""")
    write_text(os.path.join(d, "RUN.yaml"), """\
name: e2e bad rules
reference_date: 2025-12-31
crs: EPSG:4549
rules: rules.yaml
inputs:
  parcels:
    path: parcels.geojson
    fields: {parcel_id: ZDDM, landuse: TDYT}
""")

    d = fresh("cli_missing")
    write_text(os.path.join(d, "RUN.yaml"), """\
name: e2e missing parcels
reference_date: 2025-12-31
crs: EPSG:4549
rules: national-2008
inputs:
  parcels:
    path: data/no_such_parcels.geojson
    fields: {parcel_id: ZDDM, landuse: TDYT}
""")


if __name__ == "__main__":
    make_measure()
    make_classify()
    make_classify_no_control()
    make_cli()
