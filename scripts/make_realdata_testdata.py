#!/usr/bin/python3
"""make_realdata_testdata.py — the planted cases of testdata/realdata/ (issue 13).

The real-world files of testdata/realdata/ are copies (see testdata/realdata/SOURCE.md);
this script writes only the planted cases beside them, the ones real data could not
provide in a few kilobytes:

  truncated60/     zd.shp with 60 square parcels (100 m x 100 m, EPSG:4549), the .shp cut off
                   in the middle of record 31 (FID 30); .shx, .dbf, .prj, .cpg complete.
  sandiao_xzq/     a 三调 township layer as it is often delivered: XZQ.shp + XZQ.dbf only (no
                   .shx, .prj, .cpg), zone-prefixed Gauss-Krüger coordinates (3° zone 40,
                   CM 120°E: EPSG:4528), GBK text with LDID 0, fields XZQDM, XZQMC, DLMC.
  zone_mismatch/   zd.shp without .prj whose eastings carry the prefix 40 but lie 450 km east
                   of the zone's central meridian (impossible in a 3° zone): no CRS guess.

Deterministic: fixed coordinates and attributes, DBF header dates pinned.
Run: /usr/bin/python3 scripts/make_realdata_testdata.py  (needs python3-gdal)
"""
import os
import shutil
import struct

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "realdata")


def fresh(name):
    d = os.path.join(ROOT, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def rect(x0, y0, x1, y1):
    return "POLYGON ((%r %r, %r %r, %r %r, %r %r, %r %r))" % (x0, y0, x0, y1, x1, y1, x1, y0, x0, y0)


def write_shp(path, fields, rows, epsg=None, encoding="UTF-8"):
    drv = ogr.GetDriverByName("ESRI Shapefile")
    ds = drv.CreateDataSource(path)
    s = None
    if epsg:
        s = osr.SpatialReference()
        s.ImportFromEPSG(epsg)
    lyr = ds.CreateLayer(os.path.splitext(os.path.basename(path))[0], s, ogr.wkbPolygon,
                         options=["ENCODING=" + encoding])
    for name, ftype, width in fields:
        fd = ogr.FieldDefn(name, ftype)
        if width:
            fd.SetWidth(width)
        lyr.CreateField(fd)
    for wkt, attrs in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        for k, v in attrs.items():
            f.SetField(k, v)
        f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(f)
    ds = None


def pin_dbf(dbf, ldid=None):
    with open(dbf, "r+b") as f:
        f.seek(1)
        f.write(bytes([125, 1, 1]))
        if ldid is not None:
            f.seek(29)
            f.write(bytes([ldid]))


def gbk_dbf(dbf, texts):
    """Replace the UTF-8 bytes of each text by its GBK bytes, padded to the same width."""
    data = open(dbf, "rb").read()
    for t in texts:
        u, g = t.encode("utf-8"), t.encode("gbk")
        data = data.replace(u, g + b" " * (len(u) - len(g)))
    open(dbf, "wb").write(data)


def run_yaml(d, body):
    with open(os.path.join(d, "RUN.yaml"), "w", encoding="utf-8") as f:
        f.write("name: realdata %s\nreference_date: 2025-12-31\nrules: national-2008\n"
                "output: out\n%s" % (os.path.basename(d), body))


# truncated60: 60 parcels, cut in the middle of record 31
d = fresh("truncated60")
rows = []
for i in range(60):
    x, y = 500000.0 + (i % 10) * 100.0, 3300000.0 + (i // 10) * 100.0
    rows.append((rect(x, y, x + 100.0, y + 100.0), {"ZDDM": "P%02d" % (i + 1), "TDYT": "0601"}))
write_shp(os.path.join(d, "zd.shp"), [("ZDDM", ogr.OFTString, 10), ("TDYT", ogr.OFTString, 4)],
          rows, epsg=4549)
pin_dbf(os.path.join(d, "zd.dbf"))
shx = open(os.path.join(d, "zd.shx"), "rb").read()
off, length = struct.unpack(">ii", shx[100 + 30 * 8:100 + 31 * 8])   # record 31 = FID 30
cut = off * 2 + 8 + length          # in the middle of its content (length is in 16-bit words)
shp = open(os.path.join(d, "zd.shp"), "rb").read()
open(os.path.join(d, "zd.shp"), "wb").write(shp[:cut])
run_yaml(d, "inputs:\n  parcels:\n    path: zd.shp\n    fields: {parcel_id: ZDDM, landuse: TDYT}\n")

# sandiao_xzq: .shp + .dbf only, zone-prefixed GK, GBK without LDID
d = fresh("sandiao_xzq")
towns = [("330203001", "月湖街道", "0601"), ("330203002", "西门街道", "0601"),
         ("330203003", "南门街道", "0701")]
rows = []
for i, (code, name, dl) in enumerate(towns):
    x = 40500000.0 + i * 300.0
    rows.append((rect(x, 3300000.0, x + 300.0, 3300300.0), {"XZQDM": code, "XZQMC": name, "DLMC": dl}))
write_shp(os.path.join(d, "XZQ.shp"),
          [("XZQDM", ogr.OFTString, 12), ("XZQMC", ogr.OFTString, 30), ("DLMC", ogr.OFTString, 4)],
          rows)
gbk_dbf(os.path.join(d, "XZQ.dbf"), [t[1] for t in towns])
pin_dbf(os.path.join(d, "XZQ.dbf"), 0)
for ext in ("shx", "prj", "cpg"):
    p = os.path.join(d, "XZQ." + ext)
    if os.path.exists(p):
        os.remove(p)

# zone_mismatch: prefix 40 but 450 km from the central meridian
d = fresh("zone_mismatch")
rows = [(rect(40950000.0, 3300000.0, 40950200.0, 3300200.0), {"ZDDM": "M1"})]
write_shp(os.path.join(d, "zd.shp"), [("ZDDM", ogr.OFTString, 10)], rows)
pin_dbf(os.path.join(d, "zd.dbf"))
for ext in ("prj",):
    p = os.path.join(d, "zd." + ext)
    if os.path.exists(p):
        os.remove(p)
