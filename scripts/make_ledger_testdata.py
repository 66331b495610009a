#!/usr/bin/env python3
"""make_ledger_testdata.py — writes testdata/ledger/: three yearly input folders (2023, 2024,
2025) of one small hand-made area, for the year-on-year ledger tests (tests/e2e/test_ledger.c).

Deterministic, text only (GeoJSON + CSV + YAML), no GDAL needed. Run from anywhere:
    python3 scripts/make_ledger_testdata.py

The base (2023): 20 parcels L01..L20 of 100 m x 100 m (15 mu each) on a 4 x 5 grid with 20 m
gaps, EPSG:4549 around x = 500000, y = 3300000. Parcel Lnn sits at column (nn-1) % 4, row
(nn-1) // 4, i.e. x = 120*col .. +100, y = 120*row .. +100 (offsets in metres). Blocks: BK1 =
rows 0-1 (L01-L08), BK2 = rows 2-4 (L09-L20); one district 甲区. Control lines cover all but
L20. Every enterprise (E<nn> on L<nn>) is producing, class B, 150 万元 tax (10 per mu), no
arrears, not mortgaged; every parcel with an enterprise has one 60 m x 60 m building of 3
floors, 12 m (coverage 0.36, FAR 1.08 >= the floor 1.0 of industry 13). Rules: national-2008
with tax_per_mu_min 5. The exceptions, which make the story:

  parcel  2023                          2024                          2025
  L02     1 floor: FAR 0.36 LE_FAR      built up to 3 floors          (efficient)
  L03     tax 30: LE_TAX                same                          same
  L04     halted since 2020-06-30,      same                          same
          mortgaged: idle
  L05     producing                     halted since 2023-03-31       still halted (2.75 y): idle
                                        (1.75 y: not yet idle)
  L06     land-tax arrears 3 y          arrears paid (0)
  L09     tax 30: LE_TAX                same                          split in two: L09A (west,
                                                                      tax 15: LE_TAX), L09B (east,
                                                                      new firm E22, tax 150)
  L10     vacant (no firm, no building) same                          merged with L11 into L21
  L11     producing                     same                          (L21: E11, tax 150 on 33
                                                                      mu: LE_TAX; two 4-floor
                                                                      buildings, FAR 1.31)
  L12     1 floor: FAR 0.36 LE_FAR      same                          removed
  L13     halted since 2021-06-30: idle re-surveyed as L13R, 3 m east idle
  L14     producing                     tax 30: LE_TAX                same
  L16     landuse 0702 (non-industrial)
  L20     outside the control lines: relocatable in every year
The expected change codes, lists and block totals are derived by hand in the test.
"""
import copy
import json
import os
import shutil

X0, Y0 = 500000, 3300000
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "ledger")
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4549"}}
# The run name carries the year, as planners write it; the ledger links the years because
# it compares names with the years taken out (2025 has no space before the year on purpose).
NAMES = {2023: "甲区 2023 年度工业用地评价", 2024: "甲区 2024 年度工业用地评价",
         2025: "甲区2025年度工业用地评价"}


def rect(x1, y1, x2, y2):
    return {"type": "Polygon", "coordinates": [[[X0 + x1, Y0 + y1], [X0 + x2, Y0 + y1],
                                                [X0 + x2, Y0 + y2], [X0 + x1, Y0 + y2],
                                                [X0 + x1, Y0 + y1]]]}


def cell(n):
    col, row = (n - 1) % 4, (n - 1) // 4
    return 120 * col, 120 * row


def write_geojson(path, features):
    fc = {"type": "FeatureCollection", "crs": CRS,
          "features": [{"type": "Feature", "properties": p, "geometry": g} for p, g in features]}
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(fc, f, ensure_ascii=False, indent=1)
        f.write("\n")


def write_text(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def base():
    """The 2023 state: parcels {id: (x1, y1, x2, y2, landuse)}, buildings [(x1, y1, x2, y2,
    floors, height)], enterprises {id: dict}."""
    parcels, buildings, firms = {}, [], {}
    for n in range(1, 21):
        pid = "L%02d" % n
        x, y = cell(n)
        parcels[pid] = [x, y, x + 100, y + 100, "0702" if n == 16 else "0601"]
        if n in (10, 16):
            continue  # L10 vacant, L16 non-industrial
        buildings.append([pid, x + 10, y + 10, x + 70, y + 70, 3, 12.0])
        firms["E%02d" % n] = {"parcel": pid, "tax": 150, "va": 600, "status": "producing",
                              "halted": "", "arrears": 0, "mortgaged": "否"}
    return parcels, buildings, firms


def set_floors(buildings, pid, floors):
    for b in buildings:
        if b[0] == pid:
            b[5] = floors
            b[6] = 4.0 * floors


def year_2023():
    parcels, buildings, firms = base()
    set_floors(buildings, "L02", 1)
    set_floors(buildings, "L12", 1)
    firms["E03"]["tax"] = 30
    firms["E04"].update(status="halted", halted="2020-06-30", mortgaged="是")
    firms["E06"]["arrears"] = 3
    firms["E09"]["tax"] = 30
    firms["E13"].update(status="halted", halted="2021-06-30")
    return parcels, buildings, firms


def year_2024():
    parcels, buildings, firms = year_2023()
    set_floors(buildings, "L02", 3)                              # built up to target FAR
    firms["E05"].update(status="halted", halted="2023-03-31")   # an enterprise halted
    firms["E06"]["arrears"] = 0                                  # arrears paid
    x1, y1, x2, y2, lu = parcels.pop("L13")                      # re-surveyed under a new id
    parcels["L13R"] = [x1 + 3, y1, x2 + 3, y2, lu]
    firms["E13"]["parcel"] = "L13R"
    firms["E14"]["tax"] = 30                                     # newly low-efficiency
    return parcels, buildings, firms


def year_2025():
    parcels, buildings, firms = year_2024()
    # L09 split in two
    x1, y1, x2, y2, lu = parcels.pop("L09")
    parcels["L09A"] = [x1, y1, x1 + 50, y2, lu]
    parcels["L09B"] = [x1 + 50, y1, x2, y2, lu]
    buildings[:] = [b for b in buildings if b[0] != "L09"]
    buildings.append(["L09A", x1 + 10, y1 + 10, x1 + 40, y1 + 70, 3, 12.0])
    buildings.append(["L09B", x1 + 60, y1 + 10, x1 + 90, y1 + 70, 3, 12.0])
    firms["E09"].update(parcel="L09A", tax=15)
    firms["E22"] = {"parcel": "L09B", "tax": 150, "va": 600, "status": "producing",
                    "halted": "", "arrears": 0, "mortgaged": "否"}
    # L10 and L11 merged into L21
    a = parcels.pop("L10")
    b = parcels.pop("L11")
    parcels["L21"] = [a[0], a[1], b[2], b[3], a[4]]
    buildings[:] = [bd for bd in buildings if bd[0] not in ("L10", "L11")]
    buildings.append(["L21", a[0] + 10, a[1] + 10, a[0] + 70, a[1] + 70, 4, 16.0])
    buildings.append(["L21", b[0] + 10, b[1] + 10, b[0] + 70, b[1] + 70, 4, 16.0])
    firms["E11"]["parcel"] = "L21"
    # L12 removed
    parcels.pop("L12")
    buildings[:] = [bd for bd in buildings if bd[0] != "L12"]
    del firms["E12"]
    return parcels, buildings, firms


def write_year(year, state):
    parcels, buildings, firms = state
    d = os.path.join(ROOT, str(year))
    os.makedirs(d)
    write_geojson(os.path.join(d, "parcels.geojson"), [
        ({"ZDDM": pid, "TDYT": lu, "HYDM": "1311"}, rect(x1, y1, x2, y2))
        for pid, (x1, y1, x2, y2, lu) in sorted(parcels.items())])
    write_geojson(os.path.join(d, "buildings.geojson"), [
        ({"CS": floors, "GD": height}, rect(x1, y1, x2, y2))
        for _, x1, y1, x2, y2, floors, height in buildings])
    write_geojson(os.path.join(d, "control.geojson"), [
        ({"JB": "1"}, rect(-10, -10, 470, 470)),
        ({"JB": "1"}, rect(-10, 470, 350, 590)),
    ])
    write_geojson(os.path.join(d, "blocks.geojson"), [
        ({"QKBH": "BK1", "QKMC": "一号区块"}, rect(-10, -10, 470, 230)),
        ({"QKBH": "BK2", "QKMC": "二号区块"}, rect(-10, 230, 470, 590)),
    ])
    write_geojson(os.path.join(d, "districts.geojson"), [
        ({"XZQMC": "甲区"}, rect(-50, -50, 520, 640)),
    ])
    lines = ["TYSHXYDM,QYMC,ZDDM,SS,ZJZ,PJ,ZT,TCRQ,QS,DY"]
    for eid, f in sorted(firms.items()):
        lines.append("%s,企业%s,%s,%d,%d,B,%s,%s,%d,%s" % (
            eid, eid, f["parcel"], f["tax"], f["va"], f["status"], f["halted"], f["arrears"],
            f["mortgaged"]))
    write_text(os.path.join(d, "qy.csv"), "\n".join(lines) + "\n")
    write_text(os.path.join(d, "rules.yaml"), "extends: national-2008\ntax_per_mu_min: 5\n")
    write_text(os.path.join(d, "RUN.yaml"), f"""\
name: {NAMES[year]}
reference_date: {year}-12-31
crs: EPSG:4549
rules: rules.yaml
output: out
ledger: ../landscan-ledger.sqlite
inputs:
  parcels:
    path: parcels.geojson
    fields: {{parcel_id: ZDDM, landuse: TDYT, industry_code: HYDM}}
  control_lines:
    path: control.geojson
    fields: {{tier: JB}}
  blocks:
    path: blocks.geojson
    fields: {{block_id: QKBH, name: QKMC}}
  districts:
    path: districts.geojson
    fields: {{name: XZQMC}}
  buildings:
    path: buildings.geojson
    fields: {{floors: CS, height_m: GD}}
  enterprises:
    path: qy.csv
    fields: {{enterprise_id: TYSHXYDM, name: QYMC, parcel_id: ZDDM, tax_10k: SS,
             value_added_10k: ZJZ, eval_class: PJ, status: ZT, halted_since: TCRQ,
             land_tax_arrears_years: QS, mortgaged: DY}}
""")


def main():
    if os.path.isdir(ROOT):
        shutil.rmtree(ROOT)
    os.makedirs(ROOT)
    write_year(2023, year_2023())
    write_year(2024, year_2024())
    write_year(2025, year_2025())
    write_text(os.path.join(ROOT, "README.md"), """\
# testdata/ledger — three years of one small area for the year-on-year ledger

Generated by `scripts/make_ledger_testdata.py` (the story of each parcel is in its docstring).
`2023/`, `2024/`, `2025/` each hold a RUN.yaml (same `name`, reference dates 2023-12-31,
2024-12-31, 2025-12-31) whose `ledger:` is `../landscan-ledger.sqlite`, so the three runs
record into one ledger beside the year folders. Used by tests/e2e/test_ledger.c, which
copies this folder to a temporary one first.
""")


if __name__ == "__main__":
    main()
