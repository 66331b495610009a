#!/usr/bin/python3
"""Generate landscan benchmark inputs at a given scale (deterministic).

Usage:
    /usr/bin/python3 scripts/make_bench.py OUTDIR [--parcels N] [--seed S]

Writes into OUTDIR (all GeoPackages in EPSG:4549, one layer each):
  parcels.gpkg     layer parcels: N rectangles on a grid of blocks (each block 4 rows x 5
                   columns of parcels, 20 m roads between blocks), ~1 % invalid bow-ties.
                   Fields parcel_id (P0000001…), landuse (0601, ~3 % 0702), industry_code
                   (GB/T 4754-2017, e.g. C3484), enterprise_id.
  buildings.gpkg   layer buildings: ~1.5 per parcel (0-3 inside a parcel, ~1 % straddling the
                   boundary of two neighbouring parcels). Fields floors, floor_area_m2 (given
                   for ~20 %, else NULL).
  control.gpkg     layer control: 30 star-like / wavy polygons of 200-2,000 vertices on a
                   jittered 6 x 5 grid over the area (neighbours overlap). Field tier (1 / 2).
  blocks.gpkg      layer blocks: one polygon per block (~N/20), fields block_id, name.
  districts.gpkg   layer districts: the extent split into 4 towns, fields name, town.
  enterprises.csv  UTF-8: enterprise_id, name, parcel_id, role, scale, tax_10k,
                   value_added_10k, revenue_10k, energy_tce, employees, status
                   (~90 % of parcels have an owner, ~10 % also a tenant).
  RUN.yaml         the run file (rules: national-2008) mapping the fields above.

Rows are written in a fixed order from random.Random(seed) and GeoPackage dates are
fixed, so the output is reproducible. 100,000 parcels take well under a minute.
"""
import argparse
import math
import os
import random
import struct

from osgeo import gdal, ogr, osr

ogr.UseExceptions()
osr.UseExceptions()
gdal.UseExceptions()

CELL = 700.0     # block pitch (m)
ROAD = 20.0      # road width between blocks (m)
NCOL, NROW = 5, 4
X0, Y0 = 600000.0, 3270000.0
HY = ["C3484", "C3311", "C2929", "C3670", "C3824", "C1819", "C3411", "C3360", "C3981", "C4090",
      "C2438", "C3525"]


def wkb_poly(rings):
    out = [struct.pack("<BII", 1, 3, len(rings))]
    for r in rings:
        pts = list(r) + [r[0]]
        out.append(struct.pack("<I", len(pts)))
        out.append(struct.pack("<%dd" % (2 * len(pts)), *[c for p in pts for c in p]))
    return ogr.CreateGeometryFromWkb(b"".join(out))


def rect(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def cuts(rng, total, n, lo=0.6, hi=1.4):
    w = [rng.uniform(lo, hi) for _ in range(n)]
    s = sum(w)
    acc, out = 0.0, [0.0]
    for x in w:
        acc += x / s * total
        out.append(round(acc, 3))
    out[-1] = total
    return out


def open_layer(path, name, gtype, srs, fields):
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    lyr = ds.CreateLayer(name, srs, gtype, ["FID=fid", "GEOMETRY_NAME=geom"])
    for fn, ft in fields:
        lyr.CreateField(ogr.FieldDefn(fn, ft))
    lyr.StartTransaction()
    return ds, lyr


def gen(outdir, n, seed):
    rng = random.Random(seed)
    gdal.SetConfigOption("OGR_CURRENT_DATE", "2025-12-31T00:00:00Z")
    gdal.SetConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF")
    os.makedirs(outdir, exist_ok=True)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4549)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    S, I, R = ogr.OFTString, ogr.OFTInteger, ogr.OFTReal

    per_block = NCOL * NROW
    nblocks = (n + per_block - 1) // per_block
    gside = int(math.ceil(math.sqrt(nblocks)))
    width = gside * CELL
    height = int(math.ceil(nblocks / float(gside))) * CELL

    pds, pl = open_layer(os.path.join(outdir, "parcels.gpkg"), "parcels", ogr.wkbPolygon, srs,
                         [("parcel_id", S), ("landuse", S), ("industry_code", S),
                          ("enterprise_id", S)])
    bds, bl = open_layer(os.path.join(outdir, "buildings.gpkg"), "buildings", ogr.wkbPolygon, srs,
                         [("floors", I), ("floor_area_m2", R)])
    kds, kl = open_layer(os.path.join(outdir, "blocks.gpkg"), "blocks", ogr.wkbPolygon, srs,
                         [("block_id", S), ("name", S)])
    pdef, bdef, kdef = pl.GetLayerDefn(), bl.GetLayerDefn(), kl.GetLayerDefn()
    ents = []
    pid = 0
    nb = 0
    ninvalid = 0

    def building(r, floors=None):
        nonlocal nb
        f = ogr.Feature(bdef)
        fl = floors or rng.choices([1, 2, 3, 4, 5, 6], weights=(30, 25, 20, 12, 8, 5))[0]
        f.SetField(0, fl)
        if rng.random() < 0.2:
            a = (r[1][0] - r[0][0]) * (r[2][1] - r[1][1])
            f.SetField(1, round(a * fl * rng.uniform(0.9, 1.1), 2))
        f.SetGeometryDirectly(wkb_poly([r]))
        bl.CreateFeature(f)
        nb += 1

    for bi in range(nblocks):
        gx, gy = bi % gside, bi // gside
        bx0, by0 = X0 + gx * CELL + ROAD / 2, Y0 + gy * CELL + ROAD / 2
        inner = CELL - ROAD
        kf = ogr.Feature(kdef)
        kf.SetField(0, "B%05d" % (bi + 1))
        kf.SetField(1, "Block %d-%d" % (gx + 1, gy + 1))
        kf.SetGeometryDirectly(wkb_poly([rect(bx0 - 5, by0 - 5, bx0 + inner + 5, by0 + inner + 5)]))
        kl.CreateFeature(kf)
        xs = cuts(rng, inner, NCOL)
        ys = cuts(rng, inner, NROW)
        for r in range(NROW):
            for c in range(NCOL):
                if pid >= n:
                    break
                pid += 1
                x0, x1 = bx0 + xs[c], bx0 + xs[c + 1]
                y0, y1 = by0 + ys[r], by0 + ys[r + 1]
                if rng.random() < 0.01:
                    ring = [(x0, y0), (x1, y0), (x0, y1), (x1, y1)]  # bow-tie
                    ninvalid += 1
                else:
                    ring = rect(x0, y0, x1, y1)
                code = "P%07d" % pid
                eid = "E%07d" % pid
                f = ogr.Feature(pdef)
                f.SetField(0, code)
                f.SetField(1, "0702" if rng.random() < 0.03 else "0601")
                f.SetField(2, rng.choice(HY))
                f.SetField(3, eid)
                f.SetGeometryDirectly(wkb_poly([ring]))
                pl.CreateFeature(f)
                # buildings inside the parcel
                k = rng.choices([0, 1, 2, 3], weights=(12, 35, 40, 13))[0]
                sb = 8.0
                ix0, ix1, iy0, iy1 = x0 + sb, x1 - sb, y0 + sb, y1 - sb
                if k and ix1 - ix0 > 30 and iy1 - iy0 > 20:
                    slot = (ix1 - ix0 - 8.0 * (k - 1)) / k
                    for j in range(k):
                        sx = ix0 + j * (slot + 8.0)
                        w = slot * rng.uniform(0.5, 1.0)
                        h = (iy1 - iy0) * rng.uniform(0.4, 0.95)
                        ox = sx + rng.uniform(0, slot - w)
                        oy = iy0 + rng.uniform(0, iy1 - iy0 - h)
                        building(rect(round(ox, 3), round(oy, 3), round(ox + w, 3), round(oy + h, 3)))
                # ~1 %: a building straddling the boundary with the right-hand neighbour
                if c < NCOL - 1 and rng.random() < 0.01:
                    hh = (y1 - y0) * 0.5
                    oy = y0 + (y1 - y0 - hh) / 2
                    building(rect(x1 - 6.0, round(oy, 3), x1 + 6.0, round(oy + hh, 3)), 1)
                # enterprises
                if rng.random() < 0.9:
                    amu = (x1 - x0) * (y1 - y0) * 15 / 10000.0
                    tpm = min(200.0, max(0.2, rng.lognormvariate(math.log(15.0), 0.9)))
                    tax = tpm * amu
                    va = tax * rng.uniform(3, 6)
                    rev = va * rng.uniform(3, 5)
                    st = rng.choices(["producing", "halted", "partial"], weights=(88, 5, 7))[0]
                    ents.append((eid, "Firm %d" % pid, code, "owner",
                                 "above" if rev >= 2000 else "below", tax, va, rev,
                                 va * rng.uniform(0.05, 0.6), max(3, int(rev / 100)), st))
                    if rng.random() < 0.1:
                        t2 = tax * rng.uniform(0.1, 0.5)
                        ents.append(("T%07d" % pid, "Tenant %d" % pid, code, "tenant", "below",
                                     t2, t2 * 4, t2 * 16, t2 * 0.8, max(3, int(t2 / 5)),
                                     "producing"))
    for lyr in (pl, bl, kl):
        lyr.CommitTransaction()
    del pds, bds, kds  # close (flush) the GeoPackages

    # control lines: star-like / wavy polygons on a jittered 6 x 5 grid
    cds, cl = open_layer(os.path.join(outdir, "control.gpkg"), "control", ogr.wkbPolygon, srs,
                         [("tier", I), ("name", S)])
    cdef = cl.GetLayerDefn()
    gxn, gyn = 6, 5
    for i in range(30):
        gx, gy = i % gxn, i // gxn
        cw, ch = width / gxn, height / gyn
        cx = X0 + (gx + 0.5 + rng.uniform(-0.15, 0.15)) * cw
        cy = Y0 + (gy + 0.5 + rng.uniform(-0.15, 0.15)) * ch
        R = 0.5 * min(cw, ch) * rng.uniform(0.85, 1.25)
        nv = rng.randint(200, 2000)
        a, k1, p1 = rng.uniform(0.05, 0.25), rng.randint(3, 12), rng.uniform(0, 6.28)
        b, k2, p2 = rng.uniform(0.01, 0.06), rng.randint(20, 60), rng.uniform(0, 6.28)
        ring = []
        for j in range(nv):
            t = 2 * math.pi * j / nv
            rr = R * (1 + a * math.sin(k1 * t + p1) + b * math.sin(k2 * t + p2))
            ring.append((round(cx + rr * math.cos(t), 3), round(cy + rr * math.sin(t), 3)))
        f = ogr.Feature(cdef)
        f.SetField(0, 1 if rng.random() < 0.6 else 2)
        f.SetField(1, "Zone %d" % (i + 1))
        f.SetGeometryDirectly(wkb_poly([ring]))
        cl.CreateFeature(f)
    cl.CommitTransaction()
    del cds

    dds, dl = open_layer(os.path.join(outdir, "districts.gpkg"), "districts", ogr.wkbPolygon, srs,
                         [("name", S), ("town", S)])
    mx, my = X0 + width / 2, Y0 + height / 2
    for i, (a0, b0, a1, b1) in enumerate([(X0, Y0, mx, my), (mx, Y0, X0 + width, my),
                                           (X0, my, mx, Y0 + height),
                                           (mx, my, X0 + width, Y0 + height)]):
        f = ogr.Feature(dl.GetLayerDefn())
        f.SetField(0, "Bench District")
        f.SetField(1, "Town %d" % (i + 1))
        f.SetGeometryDirectly(wkb_poly([rect(a0, b0, a1, b1)]))
        dl.CreateFeature(f)
    dl.CommitTransaction()
    del dds

    with open(os.path.join(outdir, "enterprises.csv"), "w", encoding="utf-8", newline="") as fh:
        fh.write("enterprise_id,name,parcel_id,role,scale,tax_10k,value_added_10k,revenue_10k,"
                 "energy_tce,employees,status\n")
        for e in ents:
            fh.write("%s,%s,%s,%s,%s,%.2f,%.2f,%.2f,%.2f,%d,%s\n" % e)

    with open(os.path.join(outdir, "RUN.yaml"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(RUN_YAML % n)
    print("parcels %d (invalid %d), buildings %d, blocks %d, control 30, enterprises %d" % (
        n, ninvalid, nb, nblocks, len(ents)))


RUN_YAML = """\
# landscan benchmark run (%d parcels), generated by scripts/make_bench.py
name: landscan benchmark
reference_date: 2025-12-31
crs: EPSG:4549
rules: national-2008
output: out
inputs:
  parcels:
    path: parcels.gpkg
    fields: {parcel_id: parcel_id, landuse: landuse, industry_code: industry_code,
             enterprise_id: enterprise_id}
  control_lines:
    path: control.gpkg
    fields: {tier: tier}
  blocks:
    path: blocks.gpkg
    fields: {block_id: block_id, name: name}
  districts:
    path: districts.gpkg
    fields: {name: name, town: town}
  buildings:
    path: buildings.gpkg
    fields: {floors: floors, floor_area_m2: floor_area_m2}
  enterprises:
    path: enterprises.csv
    fields: {enterprise_id: enterprise_id, name: name, parcel_id: parcel_id, role: role,
             scale: scale, tax_10k: tax_10k, value_added_10k: value_added_10k,
             revenue_10k: revenue_10k, energy_tce: energy_tce, employees: employees,
             status: status}
"""


def main():
    ap = argparse.ArgumentParser(description="Generate landscan benchmark inputs.")
    ap.add_argument("outdir")
    ap.add_argument("--parcels", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=4549)
    a = ap.parse_args()
    gen(a.outdir, a.parcels, a.seed)


if __name__ == "__main__":
    main()
