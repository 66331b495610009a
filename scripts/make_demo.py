#!/usr/bin/python3
"""Generate the landscan demo data set: a synthetic industrial area in 海曙区 (Ningbo).

Usage:
    /usr/bin/python3 scripts/make_demo.py demo/ [--districts PATH] [--seed N]

Deterministic: a fixed seed (random.Random) and fixed file dates, so two runs write
byte-identical files. Needs only Debian's python3 and python3-gdal (osgeo). Runs in a few
seconds.

What it writes into the output folder (data "as planners deliver it"):

  zd.shp    宗地 parcels, ~2,000 polygons, EPSG:4549 (.prj), DBF in GBK (.cpg "GBK" and
            LDID byte 77 = CP936). Fields: ZDDM (19-char parcel code
            330203 + town 3 + sub-zone 3 + GB/JC + 5-digit seq), TDYT (land use: 0601 mostly,
            also 1001 / 100101 / M2 / 工业用地; ~10 % non-industrial 0702 / 0505 / 0604 / 0809),
            QLR (owner), TYSHXYDM (18-char unified social credit code with valid check
            characters), HYDM (GB/T 4754-2017 code, "C3411" or "3411", sometimes empty), CRRQ
            (grant date) and YDKGRQ / YDJGRQ (agreed start / finish dates) in mixed formats
            (2015-03-05, 2015/3/5, 20150305, 2015年3月5日), SFKG (是/否), PWGY (0/1), ZDMJ
            (recorded area m2, rounded, as in the register).
            Layout: 6 industrial clusters (古林, 石碶, 高桥, 集士港, 横街, 鄞江), each a rotated grid
            of blocks (工业区块) separated by 40 m roads; each block has pairs of back-to-back
            parcel rows separated by 20 m internal roads. Parcels are rectangles of 3-150 mu
            (most 10-40), with L-shaped pairs, chamfered block corners, 5 parcels with holes
            (3 holes filled by small 0809 utility parcels) and 4 invalid parcels (2 bow-ties,
            2 with a twisted corner).
  jzw.shp   buildings (~1.5 per parcel), GBK DBF like zd.shp. CS (floors), JZMJ (floor area
            m2, filled for ~1/3, else NULL), GD (height m, ~10 % NULL). Vacant / unstarted /
            unsupplied parcels have none; 8 buildings straddle the boundary of two parcels;
            some storeys are taller than 8 m (e.g. GD 20 with CS 2, single-storey halls 9-14 m).
  kzx.gpkg  industrial control lines (工业控制线), layer kzx: JB (1 or 2), MC (name). Tier-1
            and tier-2 polygons per cluster with irregular edges (some parcels only partly
            inside); in 石碶 a tier-1 and a tier-2 polygon overlap. ~10-15 % of parcels are
            mostly outside.
  qk.shp    工业区块 (~38 blocks): QKBH (block id HSQK001…), QKMC (Chinese block name).
  xzq.shp   towns (镇街) of 海曙区: the real district polygon (MakeValid, then to EPSG:4549)
            split by nearest town seat into 石碶街道, 古林镇, 高桥镇, 集士港镇, 横街镇, 鄞江镇.
            XZQDM, XZQMC (海曙区), XZDM, XZMC (town name).
  qy.csv    enterprises, UTF-8 with BOM, one row per (enterprise, parcel): TYSHXYDM, QYMC,
            ZDDM, LX (owner/tenant), GM (above/below), SS (tax 万元), ZJZ (value added 万元),
            YYSR (revenue 万元), NH (energy tce), RS (employees), YF (R&D 万元), YD (electricity
            万kWh), ZT (producing/halted/partial), TCRQ (halted since), QS (land-tax arrears
            years), DY (mortgaged 是/否), CLRQ (founded), FJ (veto 0/1), LON, LAT (WGS84 point
            inside the parcel). Owners carry the parcel's TYSHXYDM; ~15 owners hold two
            parcels (two rows, figures per parcel); some parcels have 1-3 tenants; some
            parcels have no enterprise (vacant); ~5 % of firms halted 1-4 years.
  pc.shp    approval batches (批次, 批而未供): PCBH (batch id), PZRQ (approval date); five batches
            half on a block's parcels and half on open land beside it, one fully supplied.
            (Also: jzw.shp YT building use 厂房 / 办公 / 宿舍 … with a few unknown and empty
            values; zd.shp CNMJSS / CNRJL 标准地 commitments of tax per mu and FAR on ~1/8 of
            the producing parcels. These come from a second random stream.)
  RUN.yaml  the run file (product.md contract) mapping canonical names to the fields above.
  qy-2024.csv, RUN-2024.yaml
            the year before (reference date 2024-12-31, same parcels, buildings and lines,
            outputs in out-2024/): ~45 owners that pay well in 2025 paid under 5 万元/亩 in
            2024 (LE_TAX then) and ~14 parcels were held by a firm halted since 2020-2022
            that had left by 2025 (IDLE_HALTED then). Run it first: both run files share the
            ledger demo/landscan-ledger.sqlite, so the 2025 run counts what left the lists
            (销号) and the report's 目标完成情况 shows reclaimed and renovated land against
            Haishu's targets. Drawn from a second random stream: the 2025 files are the same
            with or without it.
"""
import argparse
import csv
import datetime as dt
import io
import math
import os
import random
import sys

from osgeo import gdal, ogr, osr

ogr.UseExceptions()
osr.UseExceptions()
gdal.UseExceptions()

SEED = 20251231
REF = dt.date(2025, 12, 31)
MU = 10000.0 / 15.0
FILE_DATE = "2025-12-31"

# (name, 3-digit code, lon, lat, places used for block names)
TOWNS = [
    ("石碶街道", "011", 121.505, 29.800, ["栎社", "星光", "冯家", "北渡", "雅渡"]),
    ("古林镇", "101", 121.430, 29.835, ["布政", "薛家", "蜃蛟", "茂新", "仲一"]),
    ("高桥镇", "102", 121.470, 29.885, ["岐阳", "石塘", "秀丰", "新联", "长乐"]),
    ("集士港镇", "103", 121.420, 29.875, ["万众", "深溪", "卖面桥", "广德湖", "翁家桥"]),
    ("横街镇", "104", 121.360, 29.870, ["凤岙", "大雷", "林村", "惠民"]),
    ("鄞江镇", "105", 121.330, 29.770, ["它山", "悬慈", "东兴", "晴江"]),
]

# cluster: name, centre lon/lat, block columns, rows, rotation (deg)
CLUSTERS = [
    ("古林", 121.415, 29.835, 3, 3, 8.0),
    ("石碶", 121.468, 29.815, 3, 2, -12.0),
    ("高桥", 121.475, 29.887, 3, 2, 4.0),
    ("集士港", 121.418, 29.878, 2, 3, -6.0),
    ("横街", 121.362, 29.871, 3, 2, 15.0),
    ("鄞江", 121.335, 29.774, 3, 2, -20.0),
]

HY = [("1819", "服饰"), ("2927", "塑料制品"), ("2929", "塑胶"), ("3311", "钢结构"),
      ("3360", "表面处理"), ("3411", "锅炉"), ("3444", "液压"), ("3484", "机械"),
      ("3670", "汽车部件"), ("3824", "电器"), ("3872", "照明电器"), ("3981", "电子"),
      ("4090", "仪表"), ("3399", "五金"), ("3525", "模具")]
SYL = list("恒泰鑫华利通达宏源丰盛金瑞安永新康博凯捷顺昌荣兴海明嘉信伟德正天宇佳和力立远腾")

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_W = [3, 7, 9, 10, 5, 8, 4, 2]


def uscc(rng, region="330203"):
    """18-char 统一社会信用代码 with valid org-code and final check characters."""
    body = "".join(str(rng.randrange(10)) for _ in range(8))
    c = 11 - sum(int(ch) * w for ch, w in zip(body, ORG_W)) % 11
    org = body + ("X" if c == 10 else "0" if c == 11 else str(c))
    s17 = "91" + region + org
    total = sum(USCC_CHARS.index(ch) * w for ch, w in zip(s17, USCC_W))
    return s17 + USCC_CHARS[(31 - total % 31) % 31]


def fmt_date(rng, d, weights=(50, 20, 20, 10)):
    style = rng.choices(range(4), weights=weights)[0]
    if style == 0:
        return d.isoformat()
    if style == 1:
        return "%d/%d/%d" % (d.year, d.month, d.day)
    if style == 2:
        return d.strftime("%Y%m%d")
    return "%d年%d月%d日" % (d.year, d.month, d.day)


def rand_date(rng, y0, y1):
    a = dt.date(y0, 1, 1).toordinal()
    b = dt.date(y1, 12, 31).toordinal()
    return dt.date.fromordinal(rng.randint(a, b))


def add_months(d, m):
    y, mo = divmod(d.month - 1 + m, 12)
    return dt.date(d.year + y, mo + 1, min(d.day, 28))


def ring_wkt(r):
    pts = list(r) + [r[0]]
    return "(" + ",".join("%.3f %.3f" % p for p in pts) + ")"


def poly_geom(rings):
    return ogr.CreateGeometryFromWkt("POLYGON(" + ",".join(ring_wkt(r) for r in rings) + ")")


class Frame:
    """Local metric frame of a cluster (u east-ish, v north-ish, rotated)."""

    def __init__(self, cx, cy, deg):
        self.cx, self.cy = cx, cy
        a = math.radians(deg)
        self.ca, self.sa = math.cos(a), math.sin(a)

    def w(self, p):
        u, v = p
        return (round(self.cx + u * self.ca - v * self.sa, 3),
                round(self.cy + u * self.sa + v * self.ca, 3))

    def ring(self, r):
        return [self.w(p) for p in r]


def rect(u0, v0, u1, v1):
    return [(u0, v0), (u1, v0), (u1, v1), (u0, v1)]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    # the Ningbo district boundaries ship in testdata/districts/ (a copy of
    # shared/data/ningbo_districts.geojson, MIT, licence beside it)
    ap.add_argument("--districts", default=os.path.join(
        here, "..", "testdata", "districts", "ningbo_districts.geojson"))
    ap.add_argument("--seed", type=int, default=SEED)
    a = ap.parse_args()
    gen(a.outdir, a.districts, a.seed)


def gen(outdir, districts_path, seed):
    rng = random.Random(seed)
    gdal.PushErrorHandler("CPLQuietErrorHandler")  # GEOS notes on the invalid test parcels
    gdal.SetConfigOption("OGR_CURRENT_DATE", "2025-12-31T00:00:00Z")
    os.makedirs(outdir, exist_ok=True)

    s_geo = osr.SpatialReference()
    s_geo.ImportFromEPSG(4490)
    s_geo.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    s_prj = osr.SpatialReference()
    s_prj.ImportFromEPSG(4549)
    s_prj.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_prj = osr.CoordinateTransformation(s_geo, s_prj)
    to_geo = osr.CoordinateTransformation(s_prj, s_geo)

    def proj(lon, lat):
        x, y, _ = to_prj.TransformPoint(lon, lat)
        return x, y

    # ---- district and towns -------------------------------------------------------
    src = ogr.Open(districts_path)
    hs = None
    for f in src.GetLayer(0):
        if f.GetField("name") == "海曙区":
            hs = f.GetGeometryRef().Clone()
    if hs is None:
        sys.exit("海曙区 not found in %s" % districts_path)
    if not hs.IsValid():
        hs = hs.MakeValid()
    if hs.GetGeometryType() == ogr.wkbGeometryCollection:  # keep only the polygons
        mp = ogr.Geometry(ogr.wkbMultiPolygon)
        for i in range(hs.GetGeometryCount()):
            g = hs.GetGeometryRef(i)
            if ogr.GT_Flatten(g.GetGeometryType()) == ogr.wkbPolygon:
                mp.AddGeometry(g)
            elif ogr.GT_Flatten(g.GetGeometryType()) == ogr.wkbMultiPolygon:
                for j in range(g.GetGeometryCount()):
                    mp.AddGeometry(g.GetGeometryRef(j))
        hs = mp
    hs.Transform(to_prj)
    hs_inner = hs.Buffer(-150, 4)

    seeds = [proj(t[2], t[3]) for t in TOWNS]
    env = hs.GetEnvelope()
    big = poly_geom([rect(env[0] - 5000, env[2] - 5000, env[1] + 5000, env[3] + 5000)])
    towns = []
    for i, (sx, sy) in enumerate(seeds):
        cell = big.Clone()
        for j, (tx, ty) in enumerate(seeds):
            if i == j:
                continue
            # half-plane of points closer to seed i than to seed j
            mx, my = (sx + tx) / 2, (sy + ty) / 2
            dx, dy = sx - tx, sy - ty
            n = math.hypot(dx, dy)
            dx, dy = dx / n, dy / n
            L = 200000.0
            px, py = -dy, dx
            hp = poly_geom([[(mx + px * L, my + py * L), (mx - px * L, my - py * L),
                             (mx - px * L + dx * L, my - py * L + dy * L),
                             (mx + px * L + dx * L, my + py * L + dy * L)]])
            cell = cell.Intersection(hp)
        towns.append(cell.Intersection(hs))

    def town_of(g):
        if ogr.GT_Flatten(g.GetGeometryType()) == ogr.wkbPoint:
            for i, t in enumerate(towns):
                if t.Contains(g):
                    return i
            return None
        best, ba = None, 0.0
        for i, t in enumerate(towns):
            if t.Intersects(g):
                ar = t.Intersection(g).GetArea()
                if ar > ba:
                    best, ba = i, ar
        return best

    # ---- clusters, blocks, parcels ---------------------------------------------
    blocks = []   # dict(frame, rect(local), geom(world), cluster)
    parcels = []  # dict(frame, rings(local), main(local rect), block, kind flags)
    for ci, (cname, lon, lat, ncol, nrow, deg) in enumerate(CLUSTERS):
        cx, cy = proj(lon, lat)
        fr = Frame(cx, cy, deg)
        widths = [rng.uniform(720, 980) for _ in range(ncol)]
        heights = [rng.uniform(640, 860) for _ in range(nrow)]
        road = 40.0
        tw = sum(widths) + road * (ncol - 1)
        th = sum(heights) + road * (nrow - 1)
        v = -th / 2
        for r in range(nrow):
            u = -tw / 2
            for c in range(ncol):
                br = (u, v, u + widths[c], v + heights[r])
                g = poly_geom([fr.ring(rect(*br))])
                if g.Within(hs_inner):
                    blocks.append(dict(frame=fr, rect=br, geom=g, cluster=ci, row=r, col=c))
                u += widths[c] + road
            v += heights[r] + road

    for bi, b in enumerate(blocks):
        bu0, bv0, bu1, bv1 = b["rect"]
        H = bv1 - bv0
        npairs = max(1, int(round(H / 360.0)))
        ph = (H - 20.0 * (npairs - 1)) / npairs
        strips = []
        for k in range(npairs):
            p0 = bv0 + k * (ph + 20.0)
            m = p0 + ph * rng.uniform(0.42, 0.58)
            strips += [(p0, m), (m, p0 + ph)]
        for si, (v0, v1) in enumerate(strips):
            d = v1 - v0
            u = bu0
            row = []
            while u < bu1 - 1e-6:
                amu = rng.lognormvariate(math.log(15.0), 0.42)
                if rng.random() < 0.03:
                    amu = rng.uniform(60, 150)
                amu = min(150.0, max(3.0, amu))
                w = max(22.0, amu * MU / d)
                if bu1 - (u + w) < 30.0:
                    w = bu1 - u
                    if w * d > 150 * MU:
                        w = w / 2
                row.append((u, u + w))
                u += w
            prow = []
            for (u0, u1) in row:
                p = dict(frame=b["frame"], block=bi, strip=si, u0=u0, u1=u1, v0=v0, v1=v1,
                         rings=[rect(u0, v0, u1, v1)], main=(u0, v0, u1, v1),
                         shape="rect", enclave=False)
                prow.append(p)
            # L-shapes: A takes the back part of its right neighbour B
            i = 0
            while i < len(prow) - 1:
                A, B = prow[i], prow[i + 1]
                if (A["shape"] == "rect" and B["shape"] == "rect" and rng.random() < 0.07
                        and A["u1"] - A["u0"] > 40 and B["u1"] - B["u0"] > 40):
                    vm = v0 + d * rng.uniform(0.4, 0.6)
                    a0, a1, b1 = A["u0"], A["u1"], B["u1"]
                    A["rings"] = [[(a0, v0), (a1, v0), (a1, vm), (b1, vm), (b1, v1), (a0, v1)]]
                    A["shape"] = "L"
                    B["rings"] = [rect(a1, v0, b1, vm)]
                    B["main"] = (a1, v0, b1, vm)
                    B["shape"] = "Lpart"
                    i += 2
                    continue
                i += 1
            # chamfered block corners
            for p in (prow[0], prow[-1]):
                if p["shape"] != "rect" or rng.random() < 0.5:
                    continue
                if si == 0 or si == len(strips) - 1:
                    cu = bu0 if p is prow[0] else bu1
                    cv = bv0 if si == 0 else bv1
                    ring = p["rings"][0]
                    for k, (pu, pv) in enumerate(ring):
                        if abs(pu - cu) < 1e-6 and abs(pv - cv) < 1e-6:
                            prv, nxt = ring[k - 1], ring[(k + 1) % 4]
                            c = 12.0

                            def toward(q):
                                L = math.hypot(q[0] - pu, q[1] - pv)
                                return (pu + (q[0] - pu) * c / L, pv + (q[1] - pv) * c / L)
                            p["rings"] = [ring[:k] + [toward(prv), toward(nxt)] + ring[k + 1:]]
                            p["shape"] = "chamfer"
                            break
            parcels += prow

    # holes (+ enclaves) and invalid parcels
    cand = [p for p in parcels if p["shape"] == "rect"
            and (p["u1"] - p["u0"]) > 130 and (p["v1"] - p["v0"]) > 110]
    rng.shuffle(cand)
    enclaves = []
    for k, p in enumerate(cand[:5]):
        hu1 = p["u1"] - 25.0
        hu0 = hu1 - 45.0
        hv0 = (p["v0"] + p["v1"]) / 2 - 22.5
        hv1 = hv0 + 45.0
        p["rings"] = [p["rings"][0], list(reversed(rect(hu0, hv0, hu1, hv1)))]
        p["main"] = (p["u0"], p["v0"], hu0 - 12.0, p["v1"])
        p["shape"] = "hole"
        if k < 3:
            enclaves.append(dict(frame=p["frame"], block=p["block"], strip=p["strip"],
                                 u0=hu0, u1=hu1, v0=hv0, v1=hv1,
                                 rings=[rect(hu0, hv0, hu1, hv1)], main=None,
                                 shape="enclave", enclave=True))
    parcels += enclaves
    cand = [p for p in parcels if p["shape"] == "rect" and (p["u1"] - p["u0"]) > 50]
    rng.shuffle(cand)
    for k, p in enumerate(cand[:4]):
        u0, v0, u1, v1 = p["u0"], p["v0"], p["u1"], p["v1"]
        if k < 2:  # bow-tie: two vertices swapped
            p["rings"] = [[(u0, v0), (u1, v0), (u0, v1), (u1, v1)]]
        else:      # twisted corner: chamfer vertices in the wrong order
            p["rings"] = [[(u0, v0), (u1, v0), (u1, v1), (u0, v1 - 10.0), (u0 + 10.0, v1)]]
        p["shape"] = "invalid"

    for p in parcels:
        p["geom"] = poly_geom([p["frame"].ring(r) for r in p["rings"]])
        if p["shape"] == "invalid":
            assert not p["geom"].IsValid()
        p["area"] = p["geom"].GetArea() if p["geom"].IsValid() else p["geom"].MakeValid().GetArea()
        p["town"] = town_of(p["geom"].PointOnSurface() if p["geom"].IsValid()
                            else p["geom"].Centroid())
        if p["town"] is None:
            p["town"] = town_of(p["geom"].Buffer(200))

    # ---- parcel codes ------------------------------------------------------------------
    # sub-zone = the block's order inside its town
    sub = {}
    seq = {}
    for p in parcels:
        t = p["town"]
        key = (t, p["block"])
        if key not in sub:
            sub[key] = 1 + sum(1 for k in sub if k[0] == t)
        zone = "330203" + TOWNS[t][1] + "%03d" % sub[key]
        seq[zone] = seq.get(zone, 0) + 1
        kind = "JC" if (TOWNS[t][0] in ("横街镇", "鄞江镇") and rng.random() < 0.08) else "GB"
        p["zddm"] = zone + kind + "%05d" % seq[zone]

    # ---- land use and scenarios ---------------------------------------------------------
    names_used = {}

    def company(hyname, town_idx, kind="ind"):
        for _ in range(1000):
            brand = rng.choice(SYL) + rng.choice(SYL)
            if brand[0] == brand[1] or brand in ("海信", "华为", "海天", "宁兴"):
                continue
            t = TOWNS[town_idx][0].replace("街道", "").replace("镇", "")
            if kind == "res":
                n = "宁波%s%s置业有限公司" % (brand, rng.choice(["房地产", "", "城建"]))
            elif kind == "log":
                n = "宁波%s物流有限公司" % brand
            elif kind == "com":
                n = "宁波%s商贸有限公司" % brand
            else:
                form = rng.choices(range(4), weights=(45, 30, 10, 15))[0]
                n = ["宁波市海曙%s%s有限公司", "宁波%s%s有限公司", "宁波%s%s股份有限公司",
                     "宁波市海曙区" + t + "%s%s厂"][form] % (brand, hyname)
            if n not in names_used:
                names_used[n] = True
                return n
        raise RuntimeError("names exhausted")

    for p in parcels:
        if p["enclave"]:
            p.update(tdyt="0809", scen="nonind")
            continue
        r = rng.random()
        if r < 0.10 and p["shape"] != "invalid":
            p["tdyt"] = rng.choices(["0702", "0505", "0604", "0809"], weights=(40, 25, 25, 10))[0]
            p["scen"] = "nonind"
            continue
        p["tdyt"] = rng.choices(["0601", "1001", "100101", "M2", "工业用地"],
                                weights=(75, 8, 7, 5, 5))[0]
        r = rng.random()
        p["scen"] = ("unsupplied" if r < 0.015 else "unstarted" if r < 0.045 else
                     "vacant" if r < 0.075 else "halted" if r < 0.13 else
                     "lowbuild" if r < 0.21 else "normal")
        if p["shape"] in ("invalid", "hole") and p["scen"] in ("unsupplied", "unstarted", "vacant"):
            p["scen"] = "normal"

    # owners holding two neighbouring parcels
    by_strip = {}
    for p in parcels:
        by_strip.setdefault((p["block"], p["strip"]), []).append(p)
    pairs = []
    for key in sorted(by_strip):
        row = sorted(by_strip[key], key=lambda q: q["u0"])
        for A, B in zip(row, row[1:]):
            if A["scen"] == B["scen"] == "normal" and A["shape"] == B["shape"] == "rect":
                pairs.append((A, B))
    rng.shuffle(pairs)
    taken = set()
    twin = []
    for A, B in pairs:
        if len(twin) >= 15:
            break
        if id(A) in taken or id(B) in taken:
            continue
        taken.update((id(A), id(B)))
        twin.append((A, B))
    for A, B in twin:
        B["owner_of"] = A

    for p in parcels:
        if "owner_of" in p:
            continue
        hy = rng.choice(HY)
        p["hy"] = hy
        if p["scen"] == "nonind":
            kind = {"0702": "res", "0604": "log", "0505": "com"}.get(p["tdyt"])
            if p["tdyt"] == "0809":
                p["qlr"] = "国网浙江省电力有限公司宁波供电公司"
                p["code"] = "913302007204717651"
            else:
                p["qlr"] = company("", p["town"], kind)
                p["code"] = uscc(rng)
            p["hydm"] = ""
        elif p["scen"] == "unsupplied":
            p["qlr"], p["code"], p["hydm"] = "", "", ""
        else:
            p["qlr"] = company(hy[1], p["town"])
            p["code"] = uscc(rng)
            f = rng.random()
            p["hydm"] = ("C" + hy[0] if f < 0.6 else hy[0] if f < 0.9 else
                         "C" + hy[0][:2] if f < 0.95 else "")
    for A, B in twin:
        B.update(qlr=A["qlr"], code=A["code"], hydm=A["hydm"], hy=A["hy"])

    for p in parcels:
        s = p["scen"]
        if s == "unsupplied":
            p.update(crrq="", ydkg="", ydjg="", sfkg="否", pwgy=1)
            continue
        if s == "unstarted":
            g = rand_date(rng, 2019, 2025)
        elif s == "nonind":
            g = rand_date(rng, 1998, 2020)
        else:
            g = rand_date(rng, 1995, 2021)
        start = add_months(g, rng.randint(6, 12))
        fin = add_months(start, rng.randint(18, 30))
        p.update(crrq=fmt_date(rng, g), ydkg=fmt_date(rng, start, (60, 15, 15, 10)),
                 ydjg=fmt_date(rng, fin, (60, 15, 15, 10)),
                 sfkg="否" if s == "unstarted" else "是", pwgy=0)
        if rng.random() < 0.04:  # the register often lacks agreed dates
            p["ydkg"], p["ydjg"] = "", ""

    # ---- buildings ------------------------------------------------------------------------
    buildings = []  # (frame, rect(local), cs, jzmj, gd)

    def add_building(fr, br, cs, tall=False):
        area = (br[2] - br[0]) * (br[3] - br[1])
        if tall:
            gd = 20.0
        elif cs == 1:
            gd = round(rng.uniform(6, 8), 1) if rng.random() < 0.82 else round(rng.uniform(9, 14), 1)
        else:
            gd = round(cs * rng.uniform(3.8, 5.5), 1)
        jz = round(area * cs * rng.uniform(0.97, 1.03), 2) if rng.random() < 0.35 else None
        if rng.random() < 0.10 and not tall:
            gd = None
        buildings.append((fr, br, cs, jz, gd))

    # choose straddling pairs among built neighbours (not the twin-owner pairs)
    cands = []
    for key in sorted(by_strip):
        row = sorted(by_strip[key], key=lambda q: q["u0"])
        for A, B in zip(row, row[1:]):
            if (A["scen"] in ("normal", "halted") and B["scen"] in ("normal", "halted")
                    and A["shape"] == "rect" and B["shape"] == "rect"
                    and id(A) not in taken and id(B) not in taken):
                cands.append((A, B))
    rng.shuffle(cands)
    straddle_pairs = []
    used = set()
    for A, B in cands:
        if len(straddle_pairs) >= 8:
            break
        if id(A) in used or id(B) in used:
            continue
        used.update((id(A), id(B)))
        straddle_pairs.append((A, B))
        A["setback"] = B["setback"] = 9.0

    for p in parcels:
        s = p["scen"]
        if s in ("unsupplied", "unstarted", "vacant") or p["main"] is None:
            continue
        if s == "nonind" and p["tdyt"] == "0809":
            cov, csr = 0.15, (1, 2)
        elif s == "nonind":
            cov, csr = rng.uniform(0.18, 0.4), ((6, 18) if p["tdyt"] == "0702" else (1, 5))
        elif s == "lowbuild":
            cov, csr = rng.uniform(0.06, 0.28), (1, 1)
        else:
            cov, csr = rng.uniform(0.3, 0.62), (1, 5)
        u0, v0, u1, v1 = p["main"]
        sb = p.get("setback", rng.uniform(6, 12))
        iu0, iv0, iu1, iv1 = u0 + sb, v0 + sb, u1 - sb, v1 - sb
        if iu1 - iu0 < 10 or iv1 - iv0 < 10:
            continue
        target = min(cov * p["area"], 0.9 * (iu1 - iu0) * (iv1 - iv0))
        k = rng.choices([1, 2, 3, 4], weights=(45, 35, 15, 5))[0]
        along_u = (iu1 - iu0) >= (iv1 - iv0)
        span = (iu1 - iu0) if along_u else (iv1 - iv0)
        gap = 10.0
        while k > 1 and (span - gap * (k - 1)) / k < 15:
            k -= 1
        slot = (span - gap * (k - 1)) / k
        other = (iv1 - iv0) if along_u else (iu1 - iu0)
        f = min(1.0, math.sqrt(target / (slot * other * k)))
        for j in range(k):
            fj = min(1.0, f * rng.uniform(0.85, 1.1))
            s0 = (iu0 if along_u else iv0) + j * (slot + gap)
            ls, lo = slot * fj, other * min(1.0, f * rng.uniform(0.9, 1.15))
            a0 = s0 + (slot - ls) / 2
            o0 = (iv0 if along_u else iu0) + (other - lo) / 2
            br = (a0, o0, a0 + ls, o0 + lo) if along_u else (o0, a0, o0 + lo, a0 + ls)
            cs = rng.randint(*csr) if csr[0] != csr[1] else csr[0]
            if csr == (1, 5):
                cs = rng.choices([1, 2, 3, 4, 5], weights=(16, 26, 29, 18, 11))[0]
            tall = s != "nonind" and rng.random() < 0.02
            if tall:
                cs = 2
            add_building(p["frame"], br, cs, tall)
    for A, B in straddle_pairs:
        x = A["u1"]
        d = A["v1"] - A["v0"]
        ln = d * rng.uniform(0.4, 0.7)
        bv0 = A["v0"] + (d - ln) / 2
        add_building(A["frame"], (x - 6.0, bv0, x + 6.0, bv0 + ln), 1)

    # ---- enterprises ---------------------------------------------------------------------
    ent_rows = []

    def lonlat(fr, u, v):
        x, y = fr.w((u, v))
        lo, la, _ = to_geo.TransformPoint(x, y)
        return "%.6f" % lo, "%.6f" % la

    def firm_figures(amu, share, status):
        t = min(200.0, max(0.2, rng.lognormvariate(math.log(17.0), 0.9)))
        tax = t * amu * share
        if status == "halted":
            tax *= rng.uniform(0.0, 0.08)
        elif status == "partial":
            tax *= rng.uniform(0.3, 0.6)
        va = tax * rng.uniform(3.0, 6.5)
        rev = va * rng.uniform(3.0, 5.0)
        nh = va * rng.uniform(0.05, 0.6)
        rs = max(3, int(rev / rng.uniform(50, 150)))
        yf = rev * rng.uniform(0.0, 0.05)
        yd = nh * rng.uniform(0.4, 0.8) / 1.229
        return tax, va, rev, nh, rs, yf, yd

    def ent_row(code, name, p, role, share, status=None, found=None):
        if status is None:
            r = rng.random()
            status = "halted" if r < 0.05 else "partial" if r < 0.10 else "producing"
        if p["scen"] == "halted":
            status = "halted"
        tax, va, rev, nh, rs, yf, yd = firm_figures(p["area"] / MU, share, status)
        tcrq = ""
        if status == "halted":
            since = dt.date.fromordinal(REF.toordinal() - rng.randint(365, 4 * 365))
            tcrq = fmt_date(rng, since, (70, 10, 10, 10))
            rs = max(0, int(rs * 0.1))
        qs = 0
        if status == "halted" and rng.random() < 0.4:
            qs = rng.randint(1, 4)
        elif rng.random() < 0.02:
            qs = rng.randint(1, 3)
        if found is None:
            found = rand_date(rng, 1990, 2024)
        m = p["main"] or (p["u0"], p["v0"], p["u1"], p["v1"])
        if role == "owner":
            lo, la = lonlat(p["frame"], m[0] + 0.5 * (m[2] - m[0]), m[1] + 0.3 * (m[3] - m[1]))
        else:
            lo, la = lonlat(p["frame"], rng.uniform(m[0] + 5, m[2] - 5), rng.uniform(m[1] + 5, m[3] - 5))
        nh_s = "%.2f" % nh if rng.random() > 0.06 else ""
        yf_s = "%.2f" % yf if rng.random() > 0.15 else ""
        ent_rows.append([
            code, name, p["zddm"], role, "above" if rev >= 2000 else "below",
            "%.2f" % tax, "%.2f" % va, "%.2f" % rev, nh_s, str(rs), yf_s, "%.2f" % yd,
            status, tcrq, str(qs), "是" if rng.random() < 0.15 else "否",
            fmt_date(rng, found, (70, 10, 10, 10)), "1" if rng.random() < 0.01 else "0", lo, la])

    twin_of = {id(B): A for A, B in twin}
    ent_firm = {}
    for p in parcels:
        s = p["scen"]
        if s in ("unsupplied", "vacant", "nonind"):
            if s == "nonind" and p["tdyt"] == "0604" and rng.random() < 0.5:
                ent_row(p["code"], p["qlr"], p, "owner", 1.0)
            continue
        if s == "unstarted":
            if rng.random() < 0.5:
                ent_row(p["code"], p["qlr"], p, "owner", 0.02, "producing",
                        rand_date(rng, 2018, 2025))
            continue
        A = twin_of.get(id(p))
        if A is not None:  # second parcel of an owner: same firm, figures for this parcel
            st, fd = ent_firm[id(A)]
            ent_row(p["code"], p["qlr"], p, "owner", 1.0, st, fd)
            continue
        ntn = rng.choices([0, 1, 2, 3], weights=(75, 13, 8, 4))[0]
        own_share = 1.0 if ntn == 0 else rng.uniform(0.4, 0.8)
        st = "halted" if s == "halted" else None
        if st is None:
            r = rng.random()
            st = "partial" if r < 0.05 else "producing"
        fd = rand_date(rng, 1990, 2022)
        ent_firm[id(p)] = (st, fd)
        ent_row(p["code"], p["qlr"], p, "owner", own_share, st, fd)
        for _ in range(ntn):
            hy = rng.choice(HY)
            ent_row(uscc(rng), company(hy[1], p["town"]), p, "tenant",
                    (1 - own_share) / ntn)

    # ---- control lines -----------------------------------------------------------------------
    def blocks_of(ci):
        return [b for b in blocks if b["cluster"] == ci]

    def zone(blist, half=None, tier=1, name="", wob=None):
        g = None
        for b in blist:
            u0, v0, u1, v1 = b["rect"]
            if half is not None and b is half[0]:
                if half[1] == "left":
                    u1 = (u0 + u1) / 2 + 17
                elif half[1] == "top":
                    v0 = (v0 + v1) / 2 - 23
                elif half[1] == "bottom":
                    v1 = (v0 + v1) / 2 + 11
            r = poly_geom([b["frame"].ring(rect(u0 - 25, v0 - 25, u1 + 25, v1 + 25))])
            g = r if g is None else g.Union(r)
        # irregular edges: bites and bumps of 50-110 m radius on the boundary
        ring = g.GetGeometryRef(0)
        pts = [ring.GetPoint_2D(i) for i in range(ring.GetPointCount())]
        ring = None
        for k in range(6):
            x, y = pts[rng.randrange(len(pts))]
            x += rng.uniform(-60, 60)
            y += rng.uniform(-60, 60)
            c = ogr.CreateGeometryFromWkt("POINT(%.3f %.3f)" % (x, y)).Buffer(rng.uniform(50, 110), 8)
            g = g.Difference(c) if k % 2 == 0 else g.Union(c)
        if g.GetGeometryType() == ogr.wkbMultiPolygon:  # keep the main piece
            g = max((g.GetGeometryRef(i).Clone() for i in range(g.GetGeometryCount())),
                    key=lambda q: q.GetArea())
        return (g, tier, name)

    ctl = []
    cl = {c[0]: i for i, c in enumerate(CLUSTERS)}

    def pick(ci, cond):
        return [b for b in blocks_of(ci) if cond(b)]

    gl = cl["古林"]
    ctl.append(zone(pick(gl, lambda b: not (b["row"] == 2 and b["col"] == 2)), tier=1,
                    name="古林工业集聚区"))
    sq = cl["石碶"]
    r0 = pick(sq, lambda b: b["row"] == 0)
    ctl.append(zone(r0, tier=1, name="石碶栎社工业区"))
    ctl.append(zone(pick(sq, lambda b: b["row"] == 1) + r0[:1], half=(r0[0], "top"), tier=2,
                    name="石碶星光工业园"))  # overlaps the tier-1 polygon in half a block
    gq = cl["高桥"]
    gb = blocks_of(gq)
    ctl.append(zone(gb, half=(gb[-1], "left"), tier=1, name="高桥岐阳工业区"))
    jsg = cl["集士港"]
    ctl.append(zone(pick(jsg, lambda b: not (b["row"] == 0 and b["col"] == 1)), tier=2,
                    name="集士港万众工业区"))
    hj = cl["横街"]
    hb = blocks_of(hj)
    ctl.append(zone(hb[:-1], tier=2, name="横街工业功能区"))
    yj = cl["鄞江"]
    yb = blocks_of(yj)
    ctl.append(zone(yb[1:], half=(yb[1], "bottom"), tier=2, name="鄞江工业功能区"))

    # ---- blocks names -------------------------------------------------------------------------
    place_use = {}
    for b in blocks:
        t = town_of(b["geom"])
        b["town"] = t
        tname, _, _, _, places = TOWNS[t]
        k = place_use.get(t, 0)
        place_use[t] = k + 1
        stem = tname.replace("街道", "").replace("镇", "")
        nm = stem + places[k % len(places)] + "工业区块"
        if k >= len(places):
            nm += "（二期）"
        b["name"] = nm

    # ---- compliance and 批而未供 (issue 18): a second random stream, so that every figure
    # above stays as it was ------------------------------------------------------------------
    rng2 = random.Random(seed + 18)
    uses = rng2.choices(["厂房", "仓库", "办公", "综合楼", "宿舍", "食堂", "门卫", "配套用房", ""],
                        weights=(80, 9, 2, 1, 2, 1, 2, 1, 2), k=len(buildings))
    for p in parcels:
        p["cnmjss"] = p["cnrjl"] = None
        if (p["scen"] in ("normal", "lowbuild", "halted") and p["ydjg"]
                and rng2.random() < 0.12):   # 标准地: commitments in the supply contract
            p["cnmjss"] = round(rng2.uniform(8, 25), 1)
            p["cnrjl"] = round(rng2.uniform(0.6, 1.2), 1)
    approvals = []  # (geom, PCBH, PZRQ)
    edge = [b for b in blocks if b["col"] == CLUSTERS[b["cluster"]][3] - 1]
    rng2.shuffle(edge)
    for k, b in enumerate(edge[:5]):  # half on the block's parcels, half on open land
        bu0, bv0, bu1, bv1 = b["rect"]
        v0 = bv0 + rng2.uniform(40, 200)
        r = rect(bu1 - rng2.uniform(120, 260), v0, bu1 + rng2.uniform(60, 120), v0 + 220)
        d = rand_date(rng2, 2009, 2023)
        approvals.append((poly_geom([b["frame"].ring(r)]), "2%03d-HS-%02d" % (d.year % 1000, k + 1),
                          fmt_date(rng2, d, (70, 10, 10, 10))))
    full = [p for p in parcels if p["shape"] == "rect" and p["scen"] == "normal"]
    q = full[rng2.randrange(len(full))]  # a batch fully supplied: no unsupplied land left
    approvals.append((poly_geom([q["frame"].ring(rect(q["u0"] + 5, q["v0"] + 5, q["u1"] - 5,
                                                       q["v1"] - 5))]),
                      "2015-HS-09", "2015-06-30"))

    # ---- write ------------------------------------------------------------------------------
    def remove(base):
        for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".gpkg", ".gpkg-journal"):
            fp = os.path.join(outdir, base + ext)
            if os.path.exists(fp):
                os.remove(fp)

    shp = ogr.GetDriverByName("ESRI Shapefile")

    def write_shp(base, gtype, fields, rows):
        remove(base)
        ds = shp.CreateDataSource(os.path.join(outdir, base + ".shp"))
        lyr = ds.CreateLayer(base, s_prj, gtype,
                             ["ENCODING=GBK", "DBF_DATE_LAST_UPDATE=" + FILE_DATE])
        for (fn, ft, w, pr) in fields:
            fd = ogr.FieldDefn(fn, ft)
            if w:
                fd.SetWidth(w)
            if pr:
                fd.SetPrecision(pr)
            lyr.CreateField(fd)
        defn = lyr.GetLayerDefn()
        for geom, vals in rows:
            f = ogr.Feature(defn)
            for (fn, ft, _, _), v in zip(fields, vals):
                if v is None or v == "" and ft != ogr.OFTString:
                    f.SetFieldNull(fn)
                else:
                    f.SetField(fn, v)
            f.SetGeometry(geom)
            lyr.CreateFeature(f)
        ds = None
        # LDID 77 (CP936) in the DBF header, as Chinese desktop GIS writes it
        with open(os.path.join(outdir, base + ".dbf"), "r+b") as fh:
            fh.seek(29)
            fh.write(bytes([77]))

    S, I, R = ogr.OFTString, ogr.OFTInteger, ogr.OFTReal
    zd_fields = [("ZDDM", S, 19, 0), ("TDYT", S, 10, 0), ("QLR", S, 100, 0),
                 ("TYSHXYDM", S, 18, 0), ("HYDM", S, 8, 0), ("CRRQ", S, 20, 0),
                 ("YDKGRQ", S, 20, 0), ("YDJGRQ", S, 20, 0), ("SFKG", S, 4, 0),
                 ("PWGY", I, 1, 0), ("ZDMJ", R, 12, 2), ("CNMJSS", R, 8, 1),
                 ("CNRJL", R, 6, 2)]
    zd_rows = []
    for p in parcels:
        zd_rows.append((p["geom"], [p["zddm"], p["tdyt"], p["qlr"], p["code"], p["hydm"],
                                    p["crrq"], p["ydkg"], p["ydjg"], p["sfkg"], p["pwgy"],
                                    round(p["area"] * rng.uniform(0.995, 1.005), 2),
                                    p["cnmjss"], p["cnrjl"]]))
    write_shp("zd", ogr.wkbPolygon, zd_fields, zd_rows)

    jz_rows = [(poly_geom([fr.ring(rect(*br))]), [cs, jz, gd, yt])
               for (fr, br, cs, jz, gd), yt in zip(buildings, uses)]
    write_shp("jzw", ogr.wkbPolygon, [("CS", I, 3, 0), ("JZMJ", R, 12, 2), ("GD", R, 6, 1),
                                      ("YT", S, 20, 0)], jz_rows)
    write_shp("pc", ogr.wkbPolygon, [("PCBH", S, 20, 0), ("PZRQ", S, 20, 0)],
              [(g, [bh, rq]) for g, bh, rq in approvals])

    write_shp("qk", ogr.wkbPolygon, [("QKBH", S, 10, 0), ("QKMC", S, 60, 0)],
              [(poly_geom([b["frame"].ring(rect(b["rect"][0] - 10, b["rect"][1] - 10,
                                                  b["rect"][2] + 10, b["rect"][3] + 10))]),
                ["HSQK%03d" % (i + 1), b["name"]]) for i, b in enumerate(blocks)])

    xz_rows = []
    for i, t in enumerate(towns):
        g = t
        if g.GetGeometryType() == ogr.wkbPolygon:
            g = ogr.ForceToMultiPolygon(g)
        xz_rows.append((g, ["330203", "海曙区", "330203" + TOWNS[i][1], TOWNS[i][0]]))
    write_shp("xzq", ogr.wkbMultiPolygon,
              [("XZQDM", S, 6, 0), ("XZQMC", S, 20, 0), ("XZDM", S, 9, 0), ("XZMC", S, 20, 0)],
              xz_rows)

    remove("kzx")
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(os.path.join(outdir, "kzx.gpkg"))
    lyr = ds.CreateLayer("kzx", s_prj, ogr.wkbPolygon, ["FID=fid", "GEOMETRY_NAME=geom"])
    lyr.CreateField(ogr.FieldDefn("JB", ogr.OFTInteger))
    lyr.CreateField(ogr.FieldDefn("MC", ogr.OFTString))
    lyr.StartTransaction()
    for g, tier, name in ctl:
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("JB", tier)
        f.SetField("MC", name)
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    lyr.CommitTransaction()
    ds = None

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["TYSHXYDM", "QYMC", "ZDDM", "LX", "GM", "SS", "ZJZ", "YYSR", "NH", "RS", "YF",
                "YD", "ZT", "TCRQ", "QS", "DY", "CLRQ", "FJ", "LON", "LAT"])
    w.writerows(ent_rows)
    with open(os.path.join(outdir, "qy.csv"), "w", encoding="utf-8-sig", newline="") as fh:
        fh.write(buf.getvalue())

    with open(os.path.join(outdir, "RUN.yaml"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(RUN_YAML)

    # ---- the year before (2024): a second random stream, the 2025 files stay as they are ---
    rows24 = year_before(ent_rows, parcels, seed)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["TYSHXYDM", "QYMC", "ZDDM", "LX", "GM", "SS", "ZJZ", "YYSR", "NH", "RS", "YF",
                "YD", "ZT", "TCRQ", "QS", "DY", "CLRQ", "FJ", "LON", "LAT"])
    w.writerows(rows24)
    with open(os.path.join(outdir, "qy-2024.csv"), "w", encoding="utf-8-sig", newline="") as fh:
        fh.write(buf.getvalue())
    run24 = (RUN_YAML.replace("海曙区 2025 年度", "海曙区 2024 年度")
             .replace("reference_date: 2025-12-31", "reference_date: 2024-12-31")
             .replace("output: out", "output: out-2024")
             .replace("path: qy.csv", "path: qy-2024.csv")
             .replace("(generated by scripts/make_demo.py)",
                      "(generated by scripts/make_demo.py), the year before RUN.yaml"))
    with open(os.path.join(outdir, "RUN-2024.yaml"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(run24)

    # ---- summary --------------------------------------------------------------------------
    union = None
    for g, _, _ in ctl:
        union = g if union is None else union.Union(g)
    outside = 0
    for p in parcels:
        g = p["geom"] if p["geom"].IsValid() else p["geom"].MakeValid()
        if g.Intersection(union).GetArea() < 0.5 * g.GetArea():
            outside += 1
    scen = {}
    for p in parcels:
        scen[p["scen"]] = scen.get(p["scen"], 0) + 1
    print("parcels %d (outside control lines %d = %.1f %%), buildings %d, blocks %d, towns %d, "
          "control polygons %d, enterprise rows %d" % (
              len(parcels), outside, 100.0 * outside / len(parcels), len(buildings), len(blocks),
              len(towns), len(ctl), len(ent_rows)))
    print("scenarios: " + ", ".join("%s %d" % (k, scen[k]) for k in sorted(scen)))


HALTED_NAMES = ["甬兴机械", "海丰五金", "恒达塑业", "明州纺织", "四明电器", "鄞西铸造", "宏远包装",
                "江北模具", "奉化针织", "东钱湖化工", "姚江线缆", "慈城轴承", "望春印染", "栎社冲压"]


def year_before(ent_rows, parcels, seed):
    """The enterprise rows of 2024 (see the module text): a copy of 2025's with ~45 owners'
    tax and value added cut to 1-4 万元/亩 and ~14 parcels held by a firm halted for years."""
    rng = random.Random(seed + 2024)
    by_parcel = {}
    for i, row in enumerate(ent_rows):
        by_parcel.setdefault(row[2], []).append(i)
    good = []
    for p in parcels:
        if p["scen"] != "normal" or p["tdyt"] not in ("0601", "1001", "100101", "M2", "工业用地"):
            continue
        rows = by_parcel.get(p["zddm"], [])
        own = [i for i in rows if ent_rows[i][3] == "owner"]
        if len(own) != 1 or len(rows) != 1 or ent_rows[own[0]][12] != "producing":
            continue
        if float(ent_rows[own[0]][5]) / (p["area"] / MU) >= 10.0:
            good.append((p, own[0]))
    rng.shuffle(good)
    low, halted = good[:45], good[45:59]
    out = [list(r) for r in ent_rows]
    for p, i in low:
        r = out[i]
        f = (p["area"] / MU) * rng.uniform(1.0, 4.0) / float(r[5])
        r[5] = "%.2f" % (float(r[5]) * f)
        r[6] = "%.2f" % (float(r[6]) * f)
    for k, (p, i) in enumerate(halted):
        r = out[i]
        since = dt.date(2024, 12, 31) - dt.timedelta(days=rng.randint(900, 1800))
        out[i] = [uscc(rng), "宁波" + HALTED_NAMES[k % len(HALTED_NAMES)] + "有限公司", r[2],
                  "owner", "below", "%.2f" % rng.uniform(0.0, 0.5), "%.2f" % rng.uniform(0, 2),
                  "%.2f" % rng.uniform(0, 20), "", "2", "", "%.2f" % rng.uniform(0, 1),
                  "halted", since.isoformat(), str(rng.randint(0, 3)), "否",
                  r[16], "0", r[18], r[19]]
    return out


RUN_YAML = """\
# landscan demo run: synthetic industrial land in 海曙区 (generated by scripts/make_demo.py)
name: 海曙区 2025 年度工业用地评价
reference_date: 2025-12-31
crs: EPSG:4549
rules: zhejiang-ningbo
output: out
inputs:
  parcels:                        # 宗地, GBK shapefile (.cpg GBK, LDID 77)
    path: zd.shp
    fields: {parcel_id: ZDDM, landuse: TDYT, owner: QLR, enterprise_id: TYSHXYDM,
             industry_code: HYDM, grant_date: CRRQ, agreed_start_date: YDKGRQ,
             agreed_finish_date: YDJGRQ, started: SFKG, approved_unsupplied: PWGY,
             committed_tax_per_mu: CNMJSS, committed_far: CNRJL}   # 标准地 commitments
  control_lines:                  # 工业控制线, tiers 1 / 2
    path: kzx.gpkg
    fields: {tier: JB}
  blocks:
    path: qk.shp
    fields: {block_id: QKBH, name: QKMC}
  districts:                      # 镇街 of 海曙区
    path: xzq.shp
    fields: {name: XZQMC, town: XZMC}
  buildings:
    path: jzw.shp
    fields: {floors: CS, floor_area_m2: JZMJ, height_m: GD, use: YT}   # 厂房 / 办公 / 宿舍 …
  approvals:                      # 批次 (approval batches) for 批而未供
    path: pc.shp
    fields: {approval_id: PCBH, approval_date: PZRQ}
  enterprises:                    # one row per (enterprise, parcel), UTF-8 with BOM
    path: qy.csv
    x: LON
    y: LAT
    coord_sys: wgs84
    fields: {enterprise_id: TYSHXYDM, name: QYMC, parcel_id: ZDDM, role: LX,
             scale: GM, tax_10k: SS, value_added_10k: ZJZ, revenue_10k: YYSR,
             energy_tce: NH, employees: RS, rd_10k: YF, electricity_10k_kwh: YD,
             status: ZT, halted_since: TCRQ, land_tax_arrears_years: QS,
             mortgaged: DY, founded: CLRQ, veto: FJ}
"""

if __name__ == "__main__":
    main()
