#!/usr/bin/env python3
"""make_ext_testdata.py — writes testdata/e2e/ext/, the fixture of the contract extensions
(area_basis / area_ellipsoidal_m2, corrections, inputs.masks, whatif, diff).

EPSG:4549 (CGCS2000 / 3-degree GK CM 120E), offsets in metres from (640000, 3300000): 140 km
east of the central meridian, where the Gauss-Kruger scale factor is about 1.00024, so planar
and ellipsoidal areas differ by about 0.05 % (the expected ellipsoidal areas are precomputed
with pyproj in tests/e2e/test_ext_area.c). Rules: national-2008 + tax_per_mu_min 5.

  E01 [0,100]x[0,100]     0601, nothing on it                        → idle (IDLE_VACANT)
  E02 [100,200]x[0,100]   0601, building 80x50 x 4 floors (FAR 1.6), enterprise C2 tax 30
                          → 2.00 万元/亩 → low_efficiency (LE_TAX)
  E03 [300,400]x[0,100] minus the hole [330,370]x[30,70]: 8400 m2, landuse 0702 (not
                          industrial); corrections.csv re-codes it 0601 → idle
  masks: water [50,150]x[50,150] (水域), red line [80,120]x[0,60] (生态保护红线)
  corrections.csv: line 2 enterprise C2 tax_10k 30 → 150; line 3 parcel E03 landuse 0702 → 0601
Run files: RUN.yaml (plain), RUN-masks.yaml (with the masks), RUN-corrections.yaml (with the
corrections), RUN-ellipsoidal.yaml (area_basis: ellipsoidal).
"""
import json
import os
import shutil

X0, Y0 = 640000, 3300000
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "e2e", "ext")
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4549"}}


def pts(points):
    return [[X0 + x, Y0 + y] for x, y in points]


def rect_ring(x1, y1, x2, y2):
    return pts([(x1, y1), (x2, y1), (x2, y2), (x1, y2), (x1, y1)])


def write_geojson(name, features):
    fc = {"type": "FeatureCollection", "crs": CRS,
          "features": [{"type": "Feature", "properties": p,
                        "geometry": {"type": "Polygon", "coordinates": rings}}
                       for p, rings in features]}
    with open(os.path.join(ROOT, name), "w", encoding="utf-8") as f:
        json.dump(fc, f, ensure_ascii=False, indent=1)
        f.write("\n")


def write_text(name, text):
    with open(os.path.join(ROOT, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    if os.path.isdir(ROOT):
        shutil.rmtree(ROOT)
    os.makedirs(ROOT)
    write_geojson("parcels.geojson", [
        ({"ZDDM": "E01", "TDYT": "0601", "HYDM": "1311"}, [rect_ring(0, 0, 100, 100)]),
        ({"ZDDM": "E02", "TDYT": "0601", "HYDM": "1311"}, [rect_ring(100, 0, 200, 100)]),
        ({"ZDDM": "E03", "TDYT": "0702", "HYDM": "1311"},
         [rect_ring(300, 0, 400, 100),
          pts([(330, 30), (330, 70), (370, 70), (370, 30), (330, 30)])]),
    ])
    write_geojson("districts.geojson", [({"XZQMC": "甲区"}, [rect_ring(-50, -50, 450, 200)])])
    write_geojson("buildings.geojson", [({"CS": 4}, [rect_ring(110, 10, 190, 60)])])
    write_geojson("water.geojson", [({"MC": "河"}, [rect_ring(50, 50, 150, 150)])])
    write_geojson("redline.geojson", [({"MC": "红线"}, [rect_ring(80, 0, 120, 60)])])
    write_text("qy.csv", "TYSHXYDM,QYMC,ZDDM,SS,ZJZ,ZT\n91330200C2,乙公司,E02,30,120,producing\n")
    write_text("rules.yaml", "extends: national-2008\ntax_per_mu_min: 5\n")
    write_text("corrections.csv",
               "target,id,field,value,reason,document,date\n"
               "enterprise,91330200C2,tax_10k,150,复核税收,税务证明 2025-001,2026-01-15\n"
               "parcel,E03,landuse,0601,地类更正,不动产登记 2026-007,2026-01-20\n")
    base = ("name: e2e ext\nreference_date: 2025-12-31\ncrs: EPSG:4549\nrules: rules.yaml\n"
            "%sinputs:\n"
            "  parcels:\n    path: parcels.geojson\n"
            "    fields: {parcel_id: ZDDM, landuse: TDYT, industry_code: HYDM}\n"
            "  districts:\n    path: districts.geojson\n    fields: {name: XZQMC}\n"
            "  buildings:\n    path: buildings.geojson\n    fields: {floors: CS}\n"
            "  enterprises:\n    path: qy.csv\n"
            "    fields: {enterprise_id: TYSHXYDM, name: QYMC, parcel_id: ZDDM, tax_10k: SS,\n"
            "             value_added_10k: ZJZ, status: ZT}\n%s")
    masks = ("  masks:\n    - {path: water.geojson, name: 水域}\n"
             "    - {path: redline.geojson, name: 生态保护红线}\n")
    write_text("RUN.yaml", base % ("", ""))
    write_text("RUN-masks.yaml", base % ("", masks))
    write_text("RUN-corrections.yaml", base % ("corrections: corrections.csv\n", ""))
    write_text("RUN-ellipsoidal.yaml", base % ("area_basis: ellipsoidal\n", ""))


if __name__ == "__main__":
    main()
