#!/usr/bin/python3
"""make_bad_testdata.py — writes the bad-input corpus under testdata/bad/ (issue parts 1-5, 8).

Every case is a folder testdata/bad/<case>/ with a RUN.yaml and tiny inputs: the messy data
planners actually have (GBK shapefiles without .cpg, layers without .prj, Gauss-Krüger with
and without zone prefix, GCJ-02 enterprise points, broken geometry, bad attributes, ...).
testdata/bad/cases.txt lists what landscan must do with each, one check per line:

    case | exit code | kind | text [| expected]

kinds: stderr / nostderr (fragment in / not in stderr), dq / nodq (fragment in / not in a
data_quality row "layer|feature|problem|action"), sql (a one-value query on the output
GeoPackage | the expected value as text). tests/e2e/test_bad_inputs.c runs every case with
the real binary and also checks that a failed run writes nothing and that no input changed.

Expected values are derived here independently of landscan (GCJ-02 forward formula checked
against the published vector, CRS transforms with GDAL's osr), never from landscan's output.

Deterministic: fixed coordinates and attributes, DBF header dates and GeoPackage timestamps
pinned. The generated files are checked in so the tests need no Python.
Run: /usr/bin/python3 scripts/make_bad_testdata.py  (needs python3-gdal)
"""
import math
import os
import shutil

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()
gdal.SetConfigOption("OGR_CURRENT_DATE", "2025-01-01T00:00:00.000Z")

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "bad")
X0, Y0 = 500000.0, 3300000.0           # EPSG:4549, CGCS2000 / 3-degree GK CM 120E
CASES = []                             # (case, exit, kind, text, expected)


def expect(case, code, kind, text, expected=None):
    CASES.append((case, code, kind, text, expected))


def srs(epsg):
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def rect(x1, y1, x2, y2, dx=X0, dy=Y0):
    return "POLYGON((%r %r,%r %r,%r %r,%r %r,%r %r))" % (
        dx + x1, dy + y1, dx + x2, dy + y1, dx + x2, dy + y2, dx + x1, dy + y2, dx + x1, dy + y1)


def fresh(case):
    d = os.path.join(ROOT, case)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def write_text(path, text, encoding="utf-8"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding=encoding, newline="\n") as f:
        f.write(text)


def write_bytes(path, data):
    with open(path, "wb") as f:
        f.write(data)


def run_yaml(d, parcels, extra_inputs="", top="", rules="national-2008"):
    """parcels: the YAML lines under inputs.parcels (without indentation)."""
    body = "".join("    %s\n" % line for line in parcels)
    text = ("name: bad input case\nreference_date: 2025-12-31\n%srules: %s\ninputs:\n"
            "  parcels:\n%s%s" % (top, rules, body, extra_inputs))
    write_text(os.path.join(d, "RUN.yaml"), text)


def write_layer(path, driver, layer, geom_type, fields, rows, epsg=4549, lco=None):
    """rows: list of (wkt or None or ogr.Geometry, {field: value})."""
    drv = ogr.GetDriverByName(driver)
    if os.path.exists(path) and driver != "ESRI Shapefile":
        drv.DeleteDataSource(path)
    ds = drv.CreateDataSource(path)
    lyr = ds.CreateLayer(layer, srs(epsg) if epsg else None, geom_type, options=lco or [])
    for name, ftype in fields:
        lyr.CreateField(ogr.FieldDefn(name, ftype))
    for geom, attrs in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        for k, v in attrs.items():
            f.SetField(k, v)
        if isinstance(geom, str):
            f.SetGeometry(ogr.CreateGeometryFromWkt(geom))
        elif geom is not None:
            f.SetGeometry(geom)
        lyr.CreateFeature(f)
    ds = None


def pin_dbf(dbf, ldid=None):
    """Fixed header date (2025-01-01) and optionally the LDID byte (offset 29)."""
    with open(dbf, "r+b") as f:
        f.seek(1)
        f.write(bytes([125, 1, 1]))
        if ldid is not None:
            f.seek(29)
            f.write(bytes([ldid]))


def gbk_shapefile(d, name, cpg=None, ldid=0, ids=("甬海-001", "甬海-002")):
    """Two parcels, text written as GBK bytes; .cpg and LDID as asked (qgis.md §5)."""
    path = os.path.join(d, name + ".shp")
    write_layer(path, "ESRI Shapefile", name, ogr.wkbPolygon,
                [("ZDDM", ogr.OFTString), ("TDYT", ogr.OFTString), ("权利人", ogr.OFTString)],
                [(rect(0, 0, 200, 200), {"ZDDM": ids[0], "TDYT": "0601", "权利人": "宁波海曙工业公司"}),
                 (rect(200, 0, 400, 200), {"ZDDM": ids[1], "TDYT": "0601", "权利人": "鄞州模具厂"})],
                lco=["ENCODING=CP936"])
    os.remove(os.path.join(d, name + ".cpg"))
    if cpg is not None:
        write_text(os.path.join(d, name + ".cpg"), cpg)
    pin_dbf(os.path.join(d, name + ".dbf"), ldid)
    raw = open(os.path.join(d, name + ".dbf"), "rb").read()
    assert "甬海".encode("gbk") in raw, "the .dbf must hold GBK bytes"


GBK_FIELDS = ["fields: {parcel_id: ZDDM, landuse: TDYT, owner: 权利人}"]


def parcels_geojson(path, features, epsg=4549):
    """features: list of (props, wkt or None)."""
    import json
    fc = {"type": "FeatureCollection",
          "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::%d" % epsg}},
          "features": []}
    for props, wkt in features:
        g = json.loads(ogr.CreateGeometryFromWkt(wkt).ExportToJson()) if wkt else None
        fc["features"].append({"type": "Feature", "properties": props, "geometry": g})
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(fc, f, ensure_ascii=False, indent=1)
        f.write("\n")


def two_parcels(d, name="parcels.geojson"):
    parcels_geojson(os.path.join(d, name), [
        ({"ZDDM": "P1", "TDYT": "0601"}, rect(0, 0, 200, 200)),
        ({"ZDDM": "P2", "TDYT": "0601"}, rect(200, 0, 400, 200))])


PARCEL_LINES = ["path: parcels.geojson", "fields: {parcel_id: ZDDM, landuse: TDYT}"]


# ---------------------------------------------------------------- GCJ-02 / BD-09 (§7.2)
KA, KEE = 6378245.0, 0.00669342162296594323


def _tlat(x, y):
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _tlon(x, y):
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs2gcj(lon, lat):
    dlat = _tlat(lon - 105.0, lat - 35.0)
    dlon = _tlon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - KEE * math.sin(radlat) ** 2
    sq = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((KA * (1 - KEE)) / (magic * sq) * math.pi)
    dlon = (dlon * 180.0) / (KA / sq * math.cos(radlat) * math.pi)
    return lon + dlon, lat + dlat


def gcj2bd(lon, lat):
    xp = math.pi * 3000.0 / 180.0
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * xp)
    t = math.atan2(lat, lon) + 0.000003 * math.cos(lon * xp)
    return z * math.cos(t) + 0.0065, z * math.sin(t) + 0.006


_v = wgs2gcj(118.0, 32.0)   # research-domain.md §7.2 sample vector
assert abs(_v[0] - 118.00543101383846) < 1e-12 and abs(_v[1] - 31.997964381055795) < 1e-12


def to_lonlat(x, y):
    ct = osr.CoordinateTransformation(srs(4549), srs(4490))
    lon, lat, _ = ct.TransformPoint(x, y)
    return lon, lat


def from_lonlat(lon, lat):
    ct = osr.CoordinateTransformation(srs(4490), srs(4549))
    x, y, _ = ct.TransformPoint(lon, lat)
    return x, y


# ---------------------------------------------------------------- cases
def encodings():
    d = fresh("gbk_no_cpg")
    gbk_shapefile(d, "宗地")
    run_yaml(d, ["path: 宗地.shp"] + GBK_FIELDS)
    expect("gbk_no_cpg", 0, "stderr", "宗地.shp: no .cpg and no code page in the .dbf")
    expect("gbk_no_cpg", 0, "stderr", "GB18030")
    expect("gbk_no_cpg", 0, "sql", "SELECT owner FROM parcels WHERE parcel_id = '甬海-001'",
           "宁波海曙工业公司")
    expect("gbk_no_cpg", 0, "sql",
           "SELECT value FROM run_info WHERE key = 'input_parcels_encoding'", "GB18030 (detected)")

    d = fresh("gbk_ldid77")
    gbk_shapefile(d, "zd", ldid=77)
    run_yaml(d, ["path: zd.shp"] + GBK_FIELDS)
    expect("gbk_ldid77", 0, "nostderr", "warning")
    expect("gbk_ldid77", 0, "sql", "SELECT owner FROM parcels WHERE parcel_id = '甬海-002'", "鄞州模具厂")
    expect("gbk_ldid77", 0, "sql",
           "SELECT value FROM run_info WHERE key = 'input_parcels_encoding'", "CP936 (LDID 0x4D)")

    d = fresh("gbk_cpg")
    gbk_shapefile(d, "zd", cpg="GBK")
    run_yaml(d, ["path: zd.shp"] + GBK_FIELDS)
    expect("gbk_cpg", 0, "nostderr", "warning")
    expect("gbk_cpg", 0, "sql", "SELECT owner FROM parcels WHERE parcel_id = '甬海-001'", "宁波海曙工业公司")

    d = fresh("gbk_cpg_beats_encoding_key")   # order: .cpg, LDID, then encoding:
    gbk_shapefile(d, "zd", cpg="936")
    run_yaml(d, ["path: zd.shp", "encoding: UTF-8"] + GBK_FIELDS)
    expect("gbk_cpg_beats_encoding_key", 0, "stderr",
           "RUN.yaml:5) not used: its .cpg declares CP936")
    expect("gbk_cpg_beats_encoding_key", 0, "sql",
           "SELECT owner FROM parcels WHERE parcel_id = '甬海-001'", "宁波海曙工业公司")

    d = fresh("gbk_encoding_key")
    gbk_shapefile(d, "zd")
    run_yaml(d, ["path: zd.shp", "encoding: GBK"] + GBK_FIELDS)
    expect("gbk_encoding_key", 0, "nostderr", "warning")
    expect("gbk_encoding_key", 0, "sql", "SELECT owner FROM parcels WHERE parcel_id = '甬海-001'",
           "宁波海曙工业公司")
    expect("gbk_encoding_key", 0, "sql",
           "SELECT value FROM run_info WHERE key = 'input_parcels_encoding'", "GB18030 (encoding:)")

    d = fresh("gbk_ldid87")       # GDAL's default LDID over GBK bytes: the GB2312 pairs overrule it
    gbk_shapefile(d, "zd", ldid=87)
    run_yaml(d, ["path: zd.shp"] + GBK_FIELDS)
    expect("gbk_ldid87", 0, "stderr", "zd.shp: the .dbf's code page byte 0x57 says CP1252, but every non-ASCII byte forms a GB2312 pair")
    expect("gbk_ldid87", 0, "sql", "SELECT owner FROM parcels WHERE parcel_id = '甬海-001'", "宁波海曙工业公司")

    d = fresh("gbk_cpg_says_utf8")
    gbk_shapefile(d, "zd", cpg="UTF-8")
    run_yaml(d, ["path: zd.shp"] + GBK_FIELDS)
    expect("gbk_cpg_says_utf8", 0, "stderr", "zd.shp: text is not valid UTF-8 although its .cpg declares it")
    expect("gbk_cpg_says_utf8", 0, "sql", "SELECT owner FROM parcels WHERE parcel_id = '甬海-001'",
           "宁波海曙工业公司")

    d = fresh("encoding_unknown")
    gbk_shapefile(d, "zd")
    run_yaml(d, ["path: zd.shp", "encoding: KLINGON-8"] + GBK_FIELDS)
    expect("encoding_unknown", 1, "stderr", "RUN.yaml:5: encoding 'KLINGON-8' of inputs.parcels is not known")

    ent_lines = ("  enterprises:\n    path: qy.csv\n"
                 "    fields: {enterprise_id: TYSHXYDM, name: QYMC, parcel_id: ZDDM, tax_10k: SS}\n")
    csv = ("TYSHXYDM,QYMC,ZDDM,SS\n91330203A1,宁波海曙工业公司,P1,120\n"
           "91330203A2,鄞州模具厂,P2,80\n")
    d = fresh("csv_gbk")
    two_parcels(d)
    write_text(os.path.join(d, "qy.csv"), csv, encoding="gbk")
    run_yaml(d, PARCEL_LINES, ent_lines)
    expect("csv_gbk", 0, "stderr", "qy.csv: text is not UTF-8: read as GB18030")
    expect("csv_gbk", 0, "sql", "SELECT name FROM enterprises WHERE enterprise_id = '91330203A2'",
           "鄞州模具厂")
    expect("csv_gbk", 0, "sql",
           "SELECT value FROM run_info WHERE key = 'input_enterprises_encoding'", "GB18030 (detected)")

    d = fresh("csv_gbk_encoding_key")
    two_parcels(d)
    write_text(os.path.join(d, "qy.csv"), csv, encoding="gbk")
    run_yaml(d, PARCEL_LINES, ent_lines.replace("qy.csv\n", "qy.csv\n    encoding: CP936\n"))
    expect("csv_gbk_encoding_key", 0, "nostderr", "warning")
    expect("csv_gbk_encoding_key", 0, "sql",
           "SELECT name FROM enterprises WHERE enterprise_id = '91330203A1'", "宁波海曙工业公司")

    d = fresh("csv_bom")          # the BOM must not stick to the first column name
    two_parcels(d)
    write_bytes(os.path.join(d, "qy.csv"), b"\xef\xbb\xbf" + csv.encode("utf-8"))
    run_yaml(d, PARCEL_LINES, ent_lines)
    expect("csv_bom", 0, "nostderr", "warning")
    expect("csv_bom", 0, "sql", "SELECT parcel_ids FROM enterprises WHERE enterprise_id = '91330203A1'", "P1")
    expect("csv_bom", 0, "sql",
           "SELECT value FROM run_info WHERE key = 'input_enterprises_encoding'", "UTF-8 (BOM)")

    d = fresh("csv_undecodable")  # 0xFF is neither UTF-8 nor GB18030
    two_parcels(d)
    write_bytes(os.path.join(d, "qy.csv"), csv.encode("utf-8") + b"91330203A3,\xff\xfe\xff,P1,1\n")
    run_yaml(d, PARCEL_LINES, ent_lines)
    expect("csv_undecodable", 1, "stderr", "qy.csv: text is neither UTF-8")
    expect("csv_undecodable", 1, "stderr", "line 4")


def crs_cases():
    rows = [(rect(0, 0, 200, 200), {"ZDDM": "P1", "TDYT": "0601"}),
            (rect(200, 0, 400, 200), {"ZDDM": "P2", "TDYT": "0601"})]
    flds = [("ZDDM", ogr.OFTString), ("TDYT", ogr.OFTString)]
    lines = ["path: zd.shp", "fields: {parcel_id: ZDDM, landuse: TDYT}"]

    def noprj(case, shift_x=0.0, degrees=False):
        d = fresh(case)
        if degrees:
            lon, lat = to_lonlat(X0, Y0)
            r = [(rect(0, 0, 0.002, 0.002, lon, lat), {"ZDDM": "P1", "TDYT": "0601"})]
        else:
            r = [(rect(0, 0, 200, 200, X0 + shift_x), a) for _, a in rows[:1]]
        write_layer(os.path.join(d, "zd.shp"), "ESRI Shapefile", "zd", ogr.wkbPolygon, flds, r,
                    epsg=None, lco=["ENCODING=UTF-8"])
        pin_dbf(os.path.join(d, "zd.dbf"))
        return d

    d = noprj("noprj_zone_prefix", shift_x=40e6)
    run_yaml(d, lines)
    expect("noprj_zone_prefix", 1, "stderr", "zd.shp: layer 'zd' has no CRS")
    expect("noprj_zone_prefix", 1, "stderr", "zone prefix 40")
    expect("noprj_zone_prefix", 1, "stderr", "EPSG:4528")
    expect("noprj_zone_prefix", 1, "stderr", "assume_crs")

    d = noprj("noprj_cm")
    run_yaml(d, lines)
    expect("noprj_cm", 1, "stderr", "without zone prefix")
    expect("noprj_cm", 1, "stderr", "CM is unknown")
    expect("noprj_cm", 1, "stderr", "EPSG:4549")

    d = noprj("noprj_degrees", degrees=True)
    run_yaml(d, lines)
    expect("noprj_degrees", 1, "stderr", "look like degrees")
    expect("noprj_degrees", 1, "stderr", "EPSG:4490")

    d = noprj("noprj_assume_crs")
    run_yaml(d, lines[:1] + ["assume_crs: EPSG:4549"] + lines[1:])
    expect("noprj_assume_crs", 0, "sql", "SELECT value FROM run_info WHERE key = 'crs'", "EPSG:4549")
    expect("noprj_assume_crs", 0, "sql", "SELECT COUNT(*) FROM parcels", "1")

    d = noprj("assume_crs_bad")
    run_yaml(d, lines[:1] + ["assume_crs: EPSG:99999999"] + lines[1:])
    expect("assume_crs_bad", 1, "stderr", "RUN.yaml:5: assume_crs 'EPSG:99999999' is not a CRS")

    d = fresh("working_crs_geographic")
    two_parcels(d)
    run_yaml(d, PARCEL_LINES, top="crs: EPSG:4490\n")
    expect("working_crs_geographic", 1, "stderr", "the working CRS EPSG:4490 is geographic")

    d = fresh("parcels_geographic")   # no crs: → the parcels' CRS, which is degrees
    lon, lat = to_lonlat(X0, Y0)
    parcels_geojson(os.path.join(d, "parcels.geojson"),
                    [({"ZDDM": "P1", "TDYT": "0601"}, rect(0, 0, 0.002, 0.002, lon, lat))], epsg=4490)
    run_yaml(d, PARCEL_LINES)
    expect("parcels_geographic", 1, "stderr", "is geographic (degrees); set crs:")

    # blocks zone-prefixed (EPSG:4528), districts in degrees (EPSG:4490): all transformed
    d = fresh("mixed_crs")
    two_parcels(d)
    write_layer(os.path.join(d, "qk.geojson"), "GeoJSON", "qk", ogr.wkbPolygon,
                [("QKBH", ogr.OFTString)],
                [(rect(-10, -10, 410, 210, X0 + 40e6), {"QKBH": "B1"})], epsg=4528)
    corners = [to_lonlat(X0 - 10, Y0 - 10), to_lonlat(X0 + 190, Y0 - 10),
               to_lonlat(X0 + 190, Y0 + 210), to_lonlat(X0 - 10, Y0 + 210)]
    east = [to_lonlat(X0 + 190, Y0 - 10), to_lonlat(X0 + 410, Y0 - 10),
            to_lonlat(X0 + 410, Y0 + 210), to_lonlat(X0 + 190, Y0 + 210)]

    def poly(cs):
        return "POLYGON((%s))" % ",".join("%r %r" % c for c in cs + cs[:1])
    write_layer(os.path.join(d, "xzq.geojson"), "GeoJSON", "xzq", ogr.wkbPolygon,
                [("XZQMC", ogr.OFTString)],
                [(poly(corners), {"XZQMC": "海曙区"}), (poly(east), {"XZQMC": "鄞州区"})], epsg=4490)
    run_yaml(d, PARCEL_LINES, "  blocks: {path: qk.geojson, fields: {block_id: QKBH}}\n"
                              "  districts: {path: xzq.geojson, fields: {name: XZQMC}}\n",
             top="crs: EPSG:4549\n")
    expect("mixed_crs", 0, "sql", "SELECT block_id FROM parcels WHERE parcel_id = 'P2'", "B1")
    expect("mixed_crs", 0, "sql", "SELECT district FROM parcels WHERE parcel_id = 'P1'", "海曙区")
    expect("mixed_crs", 0, "sql", "SELECT district FROM parcels WHERE parcel_id = 'P2'", "鄞州区")

    # enterprise points geocoded in GCJ-02 / BD-09 land in the right parcel only when
    # converted: five 200 m parcels in a row, the firm at the centre of P2
    for case, conv in (("gcj02_points", "gcj02"), ("bd09_points", "bd09")):
        d = fresh(case)
        parcels_geojson(os.path.join(d, "parcels.geojson"),
                        [({"ZDDM": "P%d" % (i + 1), "TDYT": "0601"},
                          rect(200 * i, 0, 200 * (i + 1), 200)) for i in range(5)])
        lon, lat = to_lonlat(X0 + 300, Y0 + 100)
        glon, glat = wgs2gcj(lon, lat)
        if conv == "bd09":
            glon, glat = gcj2bd(glon, glat)
        rx, ry = from_lonlat(glon, glat)     # where the raw numbers would land
        assert not (X0 + 200 <= rx <= X0 + 400 and Y0 <= ry <= Y0 + 200), "offset too small"
        write_text(os.path.join(d, "qy.csv"),
                   "TYSHXYDM,QYMC,LON,LAT,SS\n91330203G1,定位企业,%.9f,%.9f,100\n" % (glon, glat))
        run_yaml(d, PARCEL_LINES,
                 "  enterprises:\n    path: qy.csv\n    x: LON\n    y: LAT\n    coord_sys: %s\n"
                 "    fields: {enterprise_id: TYSHXYDM, name: QYMC, tax_10k: SS}\n" % conv,
                 top="crs: EPSG:4549\n")
        expect(case, 0, "sql", "SELECT enterprise_ids FROM parcels WHERE parcel_id = 'P2'", "91330203G1")
        expect(case, 0, "sql", "SELECT parcel_ids FROM enterprises WHERE enterprise_id = '91330203G1'", "P2")


def layer_cases():
    flds = [("ZDDM", ogr.OFTString), ("TDYT", ogr.OFTString)]

    d = fresh("parcels_points")
    write_layer(os.path.join(d, "zd.geojson"), "GeoJSON", "zd", ogr.wkbPoint, flds,
                [("POINT(%r %r)" % (X0, Y0), {"ZDDM": "P1", "TDYT": "0601"})])
    run_yaml(d, ["path: zd.geojson", "fields: {parcel_id: ZDDM, landuse: TDYT}"])
    expect("parcels_points", 1, "stderr", "layer 'zd' holds Point geometries; parcels must be polygons")

    d = fresh("parcels_lines")
    write_layer(os.path.join(d, "zd.shp"), "ESRI Shapefile", "zd", ogr.wkbLineString, flds,
                [("LINESTRING(%r %r,%r %r)" % (X0, Y0, X0 + 100, Y0), {"ZDDM": "P1", "TDYT": "0601"})],
                lco=["ENCODING=UTF-8"])
    pin_dbf(os.path.join(d, "zd.dbf"))
    run_yaml(d, ["path: zd.shp", "fields: {parcel_id: ZDDM, landuse: TDYT}"])
    expect("parcels_lines", 1, "stderr", "holds Line String geometries; parcels must be polygons")

    d = fresh("parcels_csv_no_geometry")
    write_text(os.path.join(d, "zd.csv"), "ZDDM,TDYT\nP1,0601\n")
    run_yaml(d, ["path: zd.csv", "fields: {parcel_id: ZDDM, landuse: TDYT}"])
    expect("parcels_csv_no_geometry", 1, "stderr", "zd.csv: layer 'zd' has no geometry; parcels must be polygons")

    d = fresh("missing_layer")
    write_layer(os.path.join(d, "data.gpkg"), "GPKG", "zd", ogr.wkbPolygon, flds,
                [(rect(0, 0, 100, 100), {"ZDDM": "P1", "TDYT": "0601"})])
    run_yaml(d, ["path: data.gpkg", "layer: zongdi", "fields: {parcel_id: ZDDM, landuse: TDYT}"])
    expect("missing_layer", 1, "stderr", "data.gpkg: no layer 'zongdi' (layers: zd)")

    d = fresh("missing_field")
    two_parcels(d)
    run_yaml(d, ["path: parcels.geojson", "fields: {parcel_id: ZDBH, landuse: TDYT}"])
    expect("missing_field", 1, "stderr",
           "parcels.geojson: layer 'parcels' has no field 'ZDBH' (mapped as parcel_id in")
    expect("missing_field", 1, "stderr", "fields present: ZDDM, TDYT")

    d = fresh("empty_parcels")
    write_layer(os.path.join(d, "zd.shp"), "ESRI Shapefile", "zd", ogr.wkbPolygon, flds, [],
                lco=["ENCODING=UTF-8"])
    pin_dbf(os.path.join(d, "zd.dbf"))
    run_yaml(d, ["path: zd.shp", "fields: {parcel_id: ZDDM, landuse: TDYT}"])
    expect("empty_parcels", 1, "stderr", "zd.shp: no usable parcel polygons")

    d = fresh("empty_geojson")        # no features, so no fields either
    write_text(os.path.join(d, "zd.geojson"), '{"type": "FeatureCollection", "features": []}\n')
    run_yaml(d, ["path: zd.geojson", "fields: {parcel_id: ZDDM, landuse: TDYT}"])
    expect("empty_geojson", 1, "stderr", "zd.geojson: layer 'zd' has no features")

    d = fresh("only_broken_parcels")   # every feature skipped: the run would be meaningless
    parcels_geojson(os.path.join(d, "parcels.geojson"),
                    [({"ZDDM": "P1", "TDYT": "0601"}, None),
                     ({"ZDDM": "P2", "TDYT": "0601"}, "MULTIPOLYGON EMPTY")])
    run_yaml(d, PARCEL_LINES)
    expect("only_broken_parcels", 1, "stderr", "parcels.geojson: no usable parcel polygons")

    d = fresh("input_not_found")
    run_yaml(d, ["path: 宗地/zd.shp", "fields: {parcel_id: ZDDM}"])
    expect("input_not_found", 1, "stderr", "宗地/zd.shp: parcels input not found (")
    expect("input_not_found", 1, "stderr", "RUN.yaml:5)")

    d = fresh("not_vector")
    write_bytes(os.path.join(d, "zd.shp"), b"this is not a shapefile\n" * 8)
    run_yaml(d, ["path: zd.shp", "fields: {parcel_id: ZDDM}"])
    expect("not_vector", 1, "stderr", "zd.shp: not a readable vector file for parcels")

    d = fresh("truncated_shp")   # .shp cut in the middle of the second record
    write_layer(os.path.join(d, "zd.shp"), "ESRI Shapefile", "zd", ogr.wkbPolygon, flds,
                [(rect(0, 0, 200, 200), {"ZDDM": "P1", "TDYT": "0601"}),
                 (rect(200, 0, 400, 200), {"ZDDM": "P2", "TDYT": "0601"})], lco=["ENCODING=UTF-8"])
    pin_dbf(os.path.join(d, "zd.dbf"))
    shp = open(os.path.join(d, "zd.shp"), "rb").read()
    write_bytes(os.path.join(d, "zd.shp"), shp[:len(shp) - 40])
    run_yaml(d, ["path: zd.shp", "fields: {parcel_id: ZDDM, landuse: TDYT}"])
    expect("truncated_shp", 1, "stderr", "zd.shp: layer 'zd': reading feature 1 failed (Error in fread()")
    expect("truncated_shp", 1, "stderr", "truncated or corrupt")

    d = fresh("chinese_paths")   # Chinese characters and spaces in folder and file names
    two_parcels(d, "数据 目录/宗地 图.geojson")
    write_text(os.path.join(d, "数据 目录", "企业 名录.csv"), "TYSHXYDM,QYMC,ZDDM\n91A,甲公司,P1\n")
    run_yaml(d, ['path: "数据 目录/宗地 图.geojson"', "fields: {parcel_id: ZDDM, landuse: TDYT}"],
             '  enterprises:\n    path: "数据 目录/企业 名录.csv"\n'
             "    fields: {enterprise_id: TYSHXYDM, name: QYMC, parcel_id: ZDDM}\n")
    expect("chinese_paths", 0, "sql", "SELECT COUNT(*) FROM parcels", "2")
    expect("chinese_paths", 0, "sql", "SELECT name FROM enterprises WHERE enterprise_id = '91A'", "甲公司")
    expect("chinese_paths", 0, "sql",
           "SELECT COUNT(*) FROM run_info WHERE key = 'input_parcels_path' AND value LIKE '%宗地 图.geojson'",
           "1")


def geometry_cases():
    flds = [("ZDDM", ogr.OFTString), ("TDYT", ogr.OFTString)]
    good = [(rect(0, 0, 200, 200), {"ZDDM": "OK1", "TDYT": "0601"})]
    lines = ["path: zd.geojson", "fields: {parcel_id: ZDDM, landuse: TDYT}"]

    d = fresh("geom_bowtie")
    write_layer(os.path.join(d, "zd.geojson"), "GeoJSON", "zd", ogr.wkbPolygon, flds, good + [
        ("POLYGON((%r %r,%r %r,%r %r,%r %r,%r %r))" % (X0 + 300, Y0, X0 + 500, Y0 + 200, X0 + 500, Y0,
                                                       X0 + 300, Y0 + 200, X0 + 300, Y0),
         {"ZDDM": "BOW", "TDYT": "0601"})])
    run_yaml(d, lines)
    expect("geom_bowtie", 0, "dq", "parcels|BOW|invalid polygon repaired with MakeValid")
    # a bow-tie of two 100 x 100 triangles: 2 * (200 * 100 / 2) = 20000 m² (hand calculation)
    expect("geom_bowtie", 0, "sql", "SELECT CAST(ROUND(area_m2) AS INTEGER) FROM parcels WHERE parcel_id = 'BOW'",
           "20000")
    expect("geom_bowtie", 0, "sql",
           "SELECT value FROM run_info WHERE key = 'input_parcels_repaired'", "1")

    d = fresh("geom_empty_null")
    parcels_geojson(os.path.join(d, "zd.geojson"), [(a, g) for g, a in good] + [
        ({"ZDDM": "EMPTY", "TDYT": "0601"}, "MULTIPOLYGON EMPTY"),
        ({"ZDDM": "NULL", "TDYT": "0601"}, None)])
    run_yaml(d, lines)
    expect("geom_empty_null", 0, "dq", "parcels|EMPTY|empty geometry|feature skipped")
    expect("geom_empty_null", 0, "dq", "parcels|NULL|no geometry|feature skipped")
    expect("geom_empty_null", 0, "sql", "SELECT COUNT(*) FROM parcels", "1")

    d = fresh("geom_null_shapefile")   # null shapes are common in shapefiles
    write_layer(os.path.join(d, "zd.shp"), "ESRI Shapefile", "zd", ogr.wkbPolygon, flds,
                good + [(None, {"ZDDM": "NULLSHP", "TDYT": "0601"})], lco=["ENCODING=UTF-8"])
    pin_dbf(os.path.join(d, "zd.dbf"))
    run_yaml(d, ["path: zd.shp", "fields: {parcel_id: ZDDM, landuse: TDYT}"])
    expect("geom_null_shapefile", 0, "dq", "parcels|NULLSHP|no geometry|feature skipped")

    d = fresh("geom_nan_inf")
    # OGR refuses to write non-finite coordinates, so the two polygons are written finite and
    # their GeoPackage blobs (header without envelope + ISO WKB) replaced with sqlite3
    path = os.path.join(d, "zd.gpkg")
    write_layer(path, "GPKG", "zd", ogr.wkbPolygon, flds, good + [
        (rect(300, 0, 400, 100), {"ZDDM": "NAN", "TDYT": "0601"}),
        (rect(500, 0, 600, 100), {"ZDDM": "INF", "TDYT": "0601"})], lco=["SPATIAL_INDEX=NO"])
    import sqlite3
    import struct
    con = sqlite3.connect(path)
    for zddm, x1, bad, vertex in (("NAN", 300, float("nan"), 1), ("INF", 500, float("inf"), 2)):
        ring = [(X0 + x1, Y0), (X0 + x1 + 100, Y0), (X0 + x1 + 100, Y0 + 100), (X0 + x1, Y0 + 100),
                (X0 + x1, Y0)]
        ring[vertex] = (bad, ring[vertex][1])
        wkb = struct.pack("<BIII", 1, 3, 1, len(ring)) + b"".join(struct.pack("<dd", *p) for p in ring)
        blob = b"GP" + bytes([0, 1]) + struct.pack("<i", 4549) + wkb
        con.execute("UPDATE zd SET geom = ? WHERE ZDDM = ?", (blob, zddm))
    con.commit()
    con.close()
    run_yaml(d, ["path: zd.gpkg"] + lines[1:])
    expect("geom_nan_inf", 0, "dq", "parcels|NAN|NaN or infinite coordinates|feature skipped")
    expect("geom_nan_inf", 0, "dq", "parcels|INF|NaN or infinite coordinates|feature skipped")
    expect("geom_nan_inf", 0, "sql", "SELECT COUNT(*) FROM parcels", "1")

    d = fresh("geom_mixed_types")   # a generic layer with a point and a line among polygons
    write_layer(os.path.join(d, "zd.geojson"), "GeoJSON", "zd", ogr.wkbUnknown, flds, good + [
        ("POINT(%r %r)" % (X0 + 50, Y0 + 50), {"ZDDM": "PT", "TDYT": "0601"}),
        ("LINESTRING(%r %r,%r %r)" % (X0, Y0, X0 + 90, Y0 + 90), {"ZDDM": "LN", "TDYT": "0601"})])
    run_yaml(d, lines)
    expect("geom_mixed_types", 0, "dq", "parcels|PT|not a polygon|feature skipped")
    expect("geom_mixed_types", 0, "dq", "parcels|LN|not a polygon|feature skipped")


def attribute_cases():
    d = fresh("attr_duplicate_ids")
    parcels_geojson(os.path.join(d, "parcels.geojson"), [
        ({"ZDDM": "D1", "TDYT": "0601"}, rect(0, 0, 200, 200)),
        ({"ZDDM": "D1", "TDYT": "0601"}, rect(200, 0, 400, 200)),
        ({"ZDDM": "", "TDYT": "0601"}, rect(400, 0, 600, 200))])
    run_yaml(d, PARCEL_LINES)
    expect("attr_duplicate_ids", 0, "dq", "parcels|D1|duplicate parcel id D1|kept with id <id>#<fid>")
    expect("attr_duplicate_ids", 0, "dq", "parcel id is empty|id set to FID<n>")
    expect("attr_duplicate_ids", 0, "sql", "SELECT COUNT(*) FROM parcels WHERE parcel_id LIKE 'D1%'", "2")

    d = fresh("attr_dates")       # accepted forms give no row; the impossible ones do
    forms = ["2021-03-05", "2021/3/5", "20210305", "2021年3月5日", "2021.3.5", "2021-13-45", "去年三月"]
    parcels_geojson(os.path.join(d, "parcels.geojson"), [
        ({"ZDDM": "T%d" % i, "TDYT": "0601", "CRRQ": f}, rect(200 * i, 0, 200 * i + 200, 200))
        for i, f in enumerate(forms)])
    run_yaml(d, ["path: parcels.geojson", "fields: {parcel_id: ZDDM, landuse: TDYT, grant_date: CRRQ}"])
    for f in forms[1:5]:
        expect("attr_dates", 0, "nodq", "'%s' is not a date" % f)
    expect("attr_dates", 0, "dq", "parcels|T5|field CRRQ (grant_date): '2021-13-45' is not a date|treated as missing")
    expect("attr_dates", 0, "dq", "parcels|T6|field CRRQ (grant_date): '去年三月' is not a date|treated as missing")

    d = fresh("attr_text_in_numbers")
    two_parcels(d)
    write_text(os.path.join(d, "qy.csv"),
               "TYSHXYDM,QYMC,ZDDM,SS,ZJZ,DY\n91B1,甲,P1,暂无,1,是\n91B2,乙,P2,\"1,234.5\",n/a,也许\n")
    run_yaml(d, PARCEL_LINES,
             "  enterprises:\n    path: qy.csv\n    fields: {enterprise_id: TYSHXYDM, name: QYMC,"
             " parcel_id: ZDDM, tax_10k: SS, value_added_10k: ZJZ, mortgaged: DY}\n")
    expect("attr_text_in_numbers", 0, "dq", "enterprises|91B1|field SS (tax_10k): '暂无' is not a number|treated as missing")
    expect("attr_text_in_numbers", 0, "dq", "enterprises|91B2|field ZJZ (value_added_10k): 'n/a' is not a number")
    expect("attr_text_in_numbers", 0, "dq", "enterprises|91B2|field DY (mortgaged): '也许' is not a yes/no value")
    expect("attr_text_in_numbers", 0, "nodq", "'1,234.5'")
    expect("attr_text_in_numbers", 0, "sql", "SELECT tax_10k FROM enterprises WHERE enterprise_id = '91B2'", "1234.5")

    d = fresh("attr_negative")
    two_parcels(d)
    parcels_geojson(os.path.join(d, "jzw.geojson"), [
        ({"CS": -2, "JZMJ": 500}, rect(10, 10, 60, 60)),
        ({"CS": 3, "JZMJ": -100}, rect(210, 10, 260, 60))])
    run_yaml(d, PARCEL_LINES, "  buildings:\n    path: jzw.geojson\n"
                              "    fields: {floors: CS, floor_area_m2: JZMJ}\n")
    expect("attr_negative", 0, "dq", "buildings|fid 0|negative number of floors|treated as missing")
    expect("attr_negative", 0, "dq", "buildings|fid 1|negative floor area|treated as missing")

    d = fresh("enterprise_xy_text")
    two_parcels(d)
    write_text(os.path.join(d, "qy.csv"), "TYSHXYDM,LON,LAT\n91C1,东经121度,29.8\n")
    run_yaml(d, PARCEL_LINES, "  enterprises:\n    path: qy.csv\n    x: LON\n    y: LAT\n"
                              "    coord_sys: wgs84\n    fields: {enterprise_id: TYSHXYDM}\n",
             top="crs: EPSG:4549\n")
    expect("enterprise_xy_text", 0, "dq", "enterprises|91C1|point coordinates are not numbers|not joined by location")


def config_cases():
    d = fresh("run_not_yaml")
    two_parcels(d)
    write_text(os.path.join(d, "RUN.yaml"), "name: [unclosed\ninputs: {parcels: \n")
    expect("run_not_yaml", 1, "stderr", "RUN.yaml:2: YAML syntax error")

    d = fresh("run_binary")
    write_bytes(os.path.join(d, "RUN.yaml"), bytes(range(256)))
    expect("run_binary", 1, "stderr", "RUN.yaml:1: YAML syntax error")

    d = fresh("run_empty")
    write_text(os.path.join(d, "RUN.yaml"), "")
    expect("run_empty", 1, "stderr", "RUN.yaml:1: the run file is empty")

    d = fresh("rules_wrong_type")
    two_parcels(d)
    run_yaml(d, PARCEL_LINES, rules="rules.yaml")
    write_text(os.path.join(d, "rules.yaml"), "extends: national-2008\ntax_per_mu_min: 很高\n")
    expect("rules_wrong_type", 1, "stderr", "rules.yaml:2: tax_per_mu_min must be a number")

    d = fresh("coord_sys_unknown")
    two_parcels(d)
    write_text(os.path.join(d, "qy.csv"), "TYSHXYDM,LON,LAT\n91C1,121.5,29.8\n")
    run_yaml(d, PARCEL_LINES, "  enterprises:\n    path: qy.csv\n    x: LON\n    y: LAT\n"
                              "    coord_sys: mars\n    fields: {enterprise_id: TYSHXYDM}\n")
    expect("coord_sys_unknown", 1, "stderr", "RUN.yaml:12")


def main():
    os.makedirs(ROOT, exist_ok=True)
    encodings()
    crs_cases()
    layer_cases()
    geometry_cases()
    attribute_cases()
    config_cases()
    with open(os.path.join(ROOT, "cases.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# generated by scripts/make_bad_testdata.py — edit the script, not this file\n"
                "# case | exit code | kind (stderr nostderr dq nodq sql) | text [| expected]\n")
        for case, code, kind, text, expected in CASES:
            assert "|" not in text or kind in ("dq", "nodq"), text
            parts = [case, str(code), kind, text] + ([] if expected is None else [expected])
            f.write(" | ".join(parts) + "\n")
    names = sorted({c[0] for c in CASES})
    on_disk = sorted(n for n in os.listdir(ROOT) if os.path.isdir(os.path.join(ROOT, n)))
    assert names == on_disk, set(names) ^ set(on_disk)
    print("%d cases, %d checks in %s" % (len(names), len(CASES), os.path.normpath(ROOT)))


if __name__ == "__main__":
    main()
