#!/usr/bin/python3
"""Generate testdata/init/: a tiny folder "as planners deliver it" for `landscan init`.

Usage:
    /usr/bin/python3 scripts/make_init_testdata.py [OUT_DIR]      (default testdata/init)

Needs Debian's python3-gdal (osgeo). Deterministic (fixed dates, no randomness). The files
are checked in so the tests never need python. Coordinates: EPSG:4549 (CGCS2000 / 3-degree
Gauss-Kruger CM 120E), one small industrial area near (500000, 3300000); parcels are
100 m x 100 m squares.

  zd.shp      宗地 parcels: 4 polygons, GBK DBF declared by a .cpg. Fields ZDDM, TDYT,
              QLR (Chinese owner names), TYSHXYDM, CRRQ (出让日期, mixed Chinese date forms),
              SFKG (是/否) and ZDMJ (recorded area: no canonical field, must be listed as
              unmatched).
  jzw.shp     buildings: 3 polygons, DBF in GBK *without* .cpg and with LDID 0, so only the
              bytes tell the encoding. Fields CS, JZMJ, GD and 备注 (a Chinese field name
              that init must decode as GBK).
  区块.shp     工业区块 blocks: 1 polygon, GBK .cpg, Chinese field names 区块编号, 区块名称
              (the role comes from the Chinese file name).
  kzx.geojson industrial control line: 1 polygon covering parcels Z1-Z3, field JB (1).
  xzq.gpkg    one layer `towns`: 1 polygon, XZQMC 测试区, XZMC 测试镇.
  qy.csv      enterprises (UTF-8): TYSHXYDM, 企业名称, ZDDM, 税收, ZJZ, LON, LAT (WGS84
              degrees computed with PROJ from EPSG:4549 points inside the parcels).
  notes.txt   not a data file: must be ignored.
"""
import os
import shutil
import sys

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
FILE_DATE = "2025-01-01"
X0, Y0 = 500000.0, 3300000.0


def square(x, y, size=100.0):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for px, py in ((x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)):
        ring.AddPoint_2D(X0 + px, Y0 + py)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly


def srs4549():
    s = osr.SpatialReference()
    s.ImportFromEPSG(4549)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def write_shp(out, base, fields, rows, encoding="GBK", cpg=True):
    drv = ogr.GetDriverByName("ESRI Shapefile")
    path = os.path.join(out, base + ".shp")
    ds = drv.CreateDataSource(path)
    opts = ["ENCODING=" + encoding, "DBF_DATE_LAST_UPDATE=" + FILE_DATE]
    lyr = ds.CreateLayer(base, srs4549(), ogr.wkbPolygon, opts)
    for name, ftype, width in fields:
        fd = ogr.FieldDefn(name, ftype)
        fd.SetWidth(width)
        if ftype == ogr.OFTReal:
            fd.SetPrecision(2)
        lyr.CreateField(fd)
    for vals, geom in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        for (name, _, _), v in zip(fields, vals):
            if v is not None:
                f.SetField(name, v)
        f.SetGeometry(geom)
        lyr.CreateFeature(f)
    ds = None
    cpg_path = os.path.join(out, base + ".cpg")
    if cpg:
        with open(cpg_path, "w") as fh:
            fh.write("GBK")
    elif os.path.exists(cpg_path):
        os.remove(cpg_path)


def clear_ldid(path):
    """Set the DBF language driver byte (offset 29) to 0: encoding undeclared."""
    with open(path, "r+b") as fh:
        fh.seek(29)
        fh.write(b"\x00")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "testdata", "init")
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    S, R, I = ogr.OFTString, ogr.OFTReal, ogr.OFTInteger

    write_shp(out, "zd",
              [("ZDDM", S, 19), ("TDYT", S, 10), ("QLR", S, 60), ("TYSHXYDM", S, 18),
               ("CRRQ", S, 20), ("SFKG", S, 4), ("ZDMJ", R, 12)],
              [(("330203001001GB00001", "0601", "甲制造有限公司", "91330203MA2A0001X1",
                 "2015年3月5日", "是", 10000.0), square(0, 0)),
               (("330203001001GB00002", "0601", "乙机械有限公司", "91330203MA2A0002X2",
                 "2016/4/1", "是", 10000.0), square(100, 0)),
               (("330203001001GB00003", "0601", "丙科技有限公司", "91330203MA2A0003X3",
                 "20170601", "否", 10000.0), square(200, 0)),
               (("330203001001GB00004", "0702", "丁住宅", None, None, None, 10000.0),
                square(0, 100))])

    write_shp(out, "jzw", [("CS", I, 4), ("JZMJ", R, 12), ("GD", R, 8), ("备注", S, 40)],
              [((3, None, 12.0, "厂房"), square(10, 10, 60)),
               ((2, 4000.0, 8.0, "仓库"), square(110, 10, 50)),
               ((1, None, 9.0, None), square(210, 10, 30))], cpg=False)
    clear_ldid(os.path.join(out, "jzw.dbf"))

    write_shp(out, "区块", [("区块编号", S, 10), ("区块名称", S, 40)],
              [(("QK001", "测试工业区块"), square(-10, -10, 320))])

    ds = ogr.GetDriverByName("GeoJSON").CreateDataSource(os.path.join(out, "kzx.geojson"))
    lyr = ds.CreateLayer("kzx", srs4549(), ogr.wkbPolygon, ["RFC7946=NO"])
    lyr.CreateField(ogr.FieldDefn("JB", S))
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetField("JB", "1")
    g = ogr.CreateGeometryFromWkt("POLYGON ((%f %f, %f %f, %f %f, %f %f, %f %f))" % (
        X0 - 5, Y0 - 5, X0 + 305, Y0 - 5, X0 + 305, Y0 + 95, X0 - 5, Y0 + 95, X0 - 5, Y0 - 5))
    f.SetGeometry(g)
    lyr.CreateFeature(f)
    ds = None

    path = os.path.join(out, "xzq.gpkg")
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    lyr = ds.CreateLayer("towns", srs4549(), ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("XZQMC", S))
    lyr.CreateField(ogr.FieldDefn("XZMC", S))
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetField("XZQMC", "测试区")
    f.SetField("XZMC", "测试镇")
    f.SetGeometry(square(-50, -50, 450))
    lyr.CreateFeature(f)
    ds = None

    to_geo = osr.CoordinateTransformation(srs4549(), _wgs84())
    rows = [("91330203MA2A0001X1", "甲制造有限公司", "330203001001GB00001", "25.5", "120", 50, 50),
            ("91330203MA2A0002X2", "乙机械有限公司", "", "8", "40", 150, 50),
            ("91330203MA2A0003X3", "丙科技有限公司", "", "", "", 250, 50)]
    with open(os.path.join(out, "qy.csv"), "w", encoding="utf-8", newline="") as fh:
        fh.write("TYSHXYDM,企业名称,ZDDM,税收,ZJZ,LON,LAT\n")
        for code, name, zddm, tax, va, x, y in rows:
            lon, lat, _ = to_geo.TransformPoint(X0 + x, Y0 + y)
            fh.write("%s,%s,%s,%s,%s,%.7f,%.7f\n" % (code, name, zddm, tax, va, lon, lat))
    with open(os.path.join(out, "notes.txt"), "w", encoding="utf-8") as fh:
        fh.write("Not a data file: landscan init ignores it.\n")


def _wgs84():
    s = osr.SpatialReference()
    s.ImportFromEPSG(4326)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


if __name__ == "__main__":
    main()
