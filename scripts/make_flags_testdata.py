#!/usr/bin/env python3
"""make_flags_testdata.py — writes testdata/e2e/flags/, the fixture of issue 18 §3-§4:
compliance flags (CHK_ADMIN, CHK_CONTRACT_*) and 批而未供 (inputs.approvals → layer unsupplied).

EPSG:4549, offsets in metres from (640000, 3300000); every coordinate an integer (or a
multiple of 0.005) so GEOS areas are exact. Rules: national-2008 (admin_land_share_max 0.07,
admin_floor_share_max null, contract_review_years 3) + tax_per_mu_min 5. Reference date
2025-12-31. Every parcel 0601, 100 x 100 m = 10000 m2 = 15 mu.

  F01 [0,100]x[0,100]    厂房 [10,60]x[10,90] (4000 m2) + 办公 [70,90]x[10,45] = 700 m2:
                         admin share 700 / 10000 = 0.070 = the cap → no CHK_ADMIN (不得超过)
  F02 [100,200]x[0,100]  厂房 4000 + 宿舍 [170,190]x[10,45.5] = 710 m2: 0.071 > 0.070 →
                         CHK_ADMIN(land:0.071>0.070)
  F03 [300,400]x[0,100]  committed_tax_per_mu 10, agreed_finish_date 2022-12-31: the review
                         is due on 2025-12-31 = the reference date; tax 30 / 15 mu = 2.00 →
                         CHK_CONTRACT_TAX_PER_MU(2.00<10.00). Also 配套用房 and 车棚 (unknown
                         uses, 100 m2 each: admin share at most 0.02, so CHK_ADMIN not_fired)
  F04 [400,500]x[0,100]  the same commitment, finish 2023-01-01: due 2026-01-01, the day after
                         the reference date → not checked (not_applicable), no flag;
                         配套用房 100 m2
  F05 [600,700]x[0,100]  committed_far 1.5, finish 2020-02-29: due 2023-02-28 (29 Feb → 28
                         Feb); 厂房 [610,690]x[10,60] x 2 floors = 8000 m2 → FAR 0.80 →
                         CHK_CONTRACT_FAR(0.80<1.50)
  data_quality: unknown building use '配套用房' (2 buildings) and '车棚' (1 building), once each.

Approval batches (approvals.geojson: PCBH, PZRQ):
  A1 [150,360]x[50,150], 2015-03-01: 21000 m2, covered by F02 ([150,200]x[50,100] = 2500)
     and F03 ([300,360]x[50,100] = 3000) → unsupplied 15500 m2 = 23.25 mu, age 10 (完整年);
     in block B1 ([-50,250]) 10000 - 2500 = 7500, in B2 11000 - 3000 = 8000 → block B2
  A2 [10,90]x[60,90] inside F01, 2018-01-01: fully supplied → no feature
  A3 [0,100]x[99,100.005], 2020-02-29: leaves 100 x 0.005 = 0.5 m2 <= overlap_tolerance_m2 1
     → no feature
  A4 [800,900]x[0,100], no date: 10000 m2 = 15 mu, age NULL, data_quality "approval date
     missing"; block B2
  blocks.unsupplied_mu: B1 0, B2 38.25; districts.unsupplied_mu 38.25.
Run files: RUN.yaml, RUN-off.yaml (rules-off.yaml: the flags switched off — statuses,
actions and reasons must not change).
"""
import json
import os
import shutil

X0, Y0 = 640000, 3300000
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "e2e", "flags")
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4549"}}


def rect_ring(x1, y1, x2, y2):
    return [[X0 + x, Y0 + y] for x, y in ((x1, y1), (x2, y1), (x2, y2), (x1, y2), (x1, y1))]


def write_geojson(name, features):
    fc = {"type": "FeatureCollection", "crs": CRS,
          "features": [{"type": "Feature", "properties": p,
                        "geometry": {"type": "Polygon", "coordinates": [rect_ring(*r)]}}
                       for p, r in features]}
    with open(os.path.join(ROOT, name), "w", encoding="utf-8") as f:
        json.dump(fc, f, ensure_ascii=False, indent=1)
        f.write("\n")


def write_text(name, text):
    with open(os.path.join(ROOT, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def parcel(pid, x, finish=None, tax=None, far=None):
    return ({"ZDDM": pid, "TDYT": "0601", "HYDM": "1311", "YDJGRQ": finish, "CNMJSS": tax,
             "CNRJL": far}, (x, 0, x + 100, 100))


def main():
    if os.path.isdir(ROOT):
        shutil.rmtree(ROOT)
    os.makedirs(ROOT)
    write_geojson("parcels.geojson", [
        parcel("F01", 0), parcel("F02", 100),
        parcel("F03", 300, "2022-12-31", tax=10), parcel("F04", 400, "2023-01-01", tax=10),
        parcel("F05", 600, "2020-02-29", far=1.5)])
    write_geojson("buildings.geojson", [
        ({"CS": 2, "YT": "厂房"}, (10, 10, 60, 90)), ({"CS": 1, "YT": "办公"}, (70, 10, 90, 45)),
        ({"CS": 2, "YT": "厂房"}, (110, 10, 160, 90)), ({"CS": 1, "YT": "宿舍"}, (170, 10, 190, 45.5)),
        ({"CS": 2, "YT": "厂房"}, (310, 10, 390, 60)), ({"CS": 1, "YT": "配套用房"}, (310, 80, 320, 90)),
        ({"CS": 1, "YT": "车棚"}, (330, 80, 340, 90)),
        ({"CS": 2, "YT": "厂房"}, (410, 10, 490, 60)), ({"CS": 1, "YT": "配套用房"}, (410, 80, 420, 90)),
        ({"CS": 2, "YT": "厂房"}, (610, 10, 690, 60))])
    write_geojson("approvals.geojson", [
        ({"PCBH": "A1", "PZRQ": "2015-03-01"}, (150, 50, 360, 150)),
        ({"PCBH": "A2", "PZRQ": "2018-01-01"}, (10, 60, 90, 90)),
        ({"PCBH": "A3", "PZRQ": "2020-02-29"}, (0, 99, 100, 100.005)),
        ({"PCBH": "A4", "PZRQ": None}, (800, 0, 900, 100))])
    write_geojson("blocks.geojson", [({"QKBH": "B1", "QKMC": "一号区块"}, (-50, -50, 250, 200)),
                                     ({"QKBH": "B2", "QKMC": "二号区块"}, (250, -50, 1000, 200))])
    write_geojson("districts.geojson", [({"XZQMC": "甲区"}, (-100, -100, 1000, 300))])
    write_text("qy.csv", "TYSHXYDM,QYMC,ZDDM,SS\n"
                         "91330200F1,一公司,F01,300\n91330200F2,二公司,F02,300\n"
                         "91330200F3,三公司,F03,30\n91330200F4,四公司,F04,30\n"
                         "91330200F5,五公司,F05,300\n")
    write_text("rules.yaml", "extends: national-2008\ntax_per_mu_min: 5\n")
    write_text("rules-off.yaml", "extends: national-2008\ntax_per_mu_min: 5\n"
                                 "admin_land_share_max: null\ncontract_review_years: null\n")
    base = ("name: e2e flags\nreference_date: 2025-12-31\ncrs: EPSG:4549\nrules: %s\n"
            "inputs:\n"
            "  parcels:\n    path: parcels.geojson\n"
            "    fields: {parcel_id: ZDDM, landuse: TDYT, industry_code: HYDM,\n"
            "             agreed_finish_date: YDJGRQ, committed_tax_per_mu: CNMJSS,\n"
            "             committed_far: CNRJL}\n"
            "  blocks:\n    path: blocks.geojson\n    fields: {block_id: QKBH, name: QKMC}\n"
            "  districts:\n    path: districts.geojson\n    fields: {name: XZQMC}\n"
            "  buildings:\n    path: buildings.geojson\n    fields: {floors: CS, use: YT}\n"
            "  enterprises:\n    path: qy.csv\n"
            "    fields: {enterprise_id: TYSHXYDM, name: QYMC, parcel_id: ZDDM, tax_10k: SS}\n"
            "  approvals:\n    path: approvals.geojson\n"
            "    fields: {approval_id: PCBH, approval_date: PZRQ}\n")
    write_text("RUN.yaml", base % "rules.yaml")
    write_text("RUN-off.yaml", base % "rules-off.yaml")


if __name__ == "__main__":
    main()
