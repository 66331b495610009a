"""report_case.py — the synthetic run shared by the report tests (test_reports.py,
test_report_browser.py).

Four districts in EPSG:4549 (metres), written as GeoJSON into a fresh folder:
  甲区    two towns (甲一镇, 甲二镇), two blocks, six industrial parcels of every status
          (idle: vacant; relocatable: outside the control line; low efficiency: low tax;
          efficient) and one non-industrial parcel; one parcel outside every block.
  乙/区   a name with a '/' (the report file is 乙_区.*), two industrial parcels.
  丙区    non-industrial parcels only: its report must render and say so.
  丁区    no parcel at all: its report must render and say so.
Expected figures are not hard-coded here: the tests sum the `parcels` layer with OGR.
"""
import json
import os
import subprocess


def rect(x1, y1, x2, y2):
    return [[[x1, y1], [x2, y1], [x2, y2], [x1, y2], [x1, y1]]]


def _write(path, feats):
    fc = {"type": "FeatureCollection",
          "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4549"}},
          "features": [{"type": "Feature", "properties": p,
                        "geometry": {"type": "Polygon", "coordinates": g}} for p, g in feats]}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(fc, f, ensure_ascii=False)


X0, Y0 = 500000, 3300000


def r(x1, y1, x2, y2):
    return rect(X0 + x1, Y0 + y1, X0 + x2, Y0 + y2)


def make(folder):
    """Write the case into folder; returns the RUN.yaml path."""
    os.makedirs(folder, exist_ok=True)
    parcels = [
        # 甲区 / 甲一镇 (x 0..1000), block B1
        ({"ZDDM": "J01", "TDYT": "0601", "QLR": "甲一公司"}, r(100, 100, 200, 200)),
        ({"ZDDM": "J02", "TDYT": "0601", "QLR": "甲二公司"}, r(250, 100, 350, 200)),
        ({"ZDDM": "J03", "TDYT": "0601", "QLR": "甲三公司"}, r(400, 100, 500, 200)),   # vacant
        ({"ZDDM": "J04", "TDYT": "0702", "QLR": "居民"}, r(550, 100, 650, 200)),       # housing
        # 甲区 / 甲二镇 (x 1000..2000), block B2, one parcel outside the control line
        ({"ZDDM": "J05", "TDYT": "0601", "QLR": "甲五公司"}, r(1100, 100, 1200, 200)),
        ({"ZDDM": "J06", "TDYT": "M2", "QLR": "甲六公司"}, r(1300, 600, 1420, 700)),   # outside
        ({"ZDDM": "J07", "TDYT": "0601", "QLR": "甲七公司"}, r(1600, 100, 1700, 230)),  # no block
        # 乙/区 (x 2000..3000)
        ({"ZDDM": "Y01", "TDYT": "0601", "QLR": "乙一公司"}, r(2100, 100, 2200, 200)),
        ({"ZDDM": "Y02", "TDYT": "0601", "QLR": "乙二公司"}, r(2250, 100, 2400, 200)),
        # 丙区 (x 3000..4000): no industrial land
        ({"ZDDM": "B01", "TDYT": "0702", "QLR": "丙居民"}, r(3100, 100, 3200, 200)),
        ({"ZDDM": "B02", "TDYT": "0505", "QLR": "丙商业"}, r(3300, 100, 3400, 200)),
    ]
    districts = [
        ({"XZQMC": "甲区", "XZMC": "甲一镇"}, r(0, 0, 1000, 1000)),
        ({"XZQMC": "甲区", "XZMC": "甲二镇"}, r(1000, 0, 2000, 1000)),
        ({"XZQMC": "乙/区", "XZMC": "乙镇"}, r(2000, 0, 3000, 1000)),
        ({"XZQMC": "丙区", "XZMC": "丙镇"}, r(3000, 0, 4000, 1000)),
        ({"XZQMC": "丁区", "XZMC": "丁镇"}, r(4000, 0, 5000, 1000)),
    ]
    control = [({"JB": "1"}, r(0, 0, 3000, 400))]
    blocks = [
        ({"QKBH": "B1", "QKMC": "甲一区块"}, r(50, 50, 700, 300)),
        ({"QKBH": "B2", "QKMC": "甲二区块"}, r(1050, 50, 1500, 800)),
        ({"QKBH": "B3", "QKMC": "乙区块"}, r(2050, 50, 2500, 300)),
    ]
    buildings = [
        ({"CS": 3, "GD": 12.0}, r(110, 110, 190, 190)),    # J01 19200 m2 -> FAR 1.92
        ({"CS": 1, "GD": 6.0}, r(260, 110, 300, 150)),     # J02 1600 m2 -> FAR 0.16
        ({"CS": 2, "GD": 8.0}, r(1110, 110, 1190, 190)),   # J05 12800 m2
        ({"CS": 2, "GD": 8.0}, r(1310, 610, 1410, 690)),   # J06
        ({"CS": 2, "GD": 8.0}, r(1610, 110, 1690, 220)),   # J07
        ({"CS": 4, "GD": 16.0}, r(2110, 110, 2190, 190)),  # Y01
        ({"CS": 1, "GD": 5.0}, r(2260, 110, 2300, 150)),   # Y02
    ]
    _write(os.path.join(folder, "parcels.geojson"), parcels)
    _write(os.path.join(folder, "districts.geojson"), districts)
    _write(os.path.join(folder, "control.geojson"), control)
    _write(os.path.join(folder, "blocks.geojson"), blocks)
    _write(os.path.join(folder, "buildings.geojson"), buildings)
    with open(os.path.join(folder, "qy.csv"), "w", encoding="utf-8") as f:
        f.write("TYSHXYDM,QYMC,ZDDM,SS,ZJZ,PJ,ZT\n"
                "E01,甲一公司,J01,300,900,A,producing\n"
                "E02,甲二公司,J02,20,60,C,producing\n"
                "E05,甲五公司,J05,200,700,B,producing\n"
                "E06,甲六公司,J06,100,300,B,producing\n"
                "E07,甲七公司,J07,150,500,B,producing\n"
                "Y01,乙一公司,Y01,400,1200,A,producing\n"
                "Y02,乙二公司,Y02,5,30,D,producing\n")
    run = os.path.join(folder, "RUN.yaml")
    with open(run, "w", encoding="utf-8") as f:
        f.write("""\
name: 报告测试 2025
reference_date: 2025-12-31
crs: EPSG:4549
rules: national-2008
output: out
inputs:
  parcels:
    path: parcels.geojson
    fields: {parcel_id: ZDDM, landuse: TDYT, owner: QLR}
  control_lines:
    path: control.geojson
    fields: {tier: JB}
  blocks:
    path: blocks.geojson
    fields: {block_id: QKBH, name: QKMC}
  districts:
    path: districts.geojson
    fields: {name: XZQMC, town: XZMC}
  buildings:
    path: buildings.geojson
    fields: {floors: CS, height_m: GD}
  enterprises:
    path: qy.csv
    fields: {enterprise_id: TYSHXYDM, name: QYMC, parcel_id: ZDDM, tax_10k: SS,
             value_added_10k: ZJZ, eval_class: PJ, status: ZT}
""")
    return run


def child_env():
    env = dict(os.environ)
    if not env.get("LS_E2E_DETECT_LEAKS"):
        a = env.get("ASAN_OPTIONS", "")
        env["ASAN_OPTIONS"] = (a + ":" if a else "") + "detect_leaks=0"
    return env


def landscan(binary, *args, cwd=None):
    return subprocess.run([binary] + list(args), cwd=cwd, env=child_env(),
                          capture_output=True, text=True)


DISTRICTS = {"甲区": "甲区", "乙/区": "乙_区", "丙区": "丙区", "丁区": "丁区"}
